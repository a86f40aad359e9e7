// What the page shows of an assessment: needs (safety first) with why and what would clear
// them, the staged plan, the ecomap, what a what-if change added or removed, thresholds.

import { h, t, pick } from "./dom.js";

const SEVERITY_ORDER = { high: 0, moderate: 1, low: 2 };

/** Needs: safety first, then by severity; each with why it fired and what would clear it. */
export function renderNeeds(target, view) {
  const reasons = Object.fromEntries(view.explanation.needs.map((need) => [need.need, need]));
  const changes = changeOf(view);
  const needs = [...view.result.findings.needs].sort((a, b) =>
    Number(b.safety) - Number(a.safety) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const cleared = [...changes.values()].filter((change) => change.after === null);
  const items = needs.map((need) => needCard(need, reasons[need.id], changes.get(need.id)));
  const gone = cleared.map((change) => h("li", { class: "need cleared", "data-need": change.id },
    h("span", { class: "badge removed" }, t("page.whatif.removed")), " ",
    needName(view, change.id), " ", t("page.needs.was", { severity: t(`severity.${change.before}`) })));
  target.replaceChildren(
    needs.length ? h("ol", { class: "needs" }, items) : h("p", {}, t("page.needs.none")),
    gone.length ? h("ul", { class: "needs" }, gone) : "",
  );
}

function needName(view, id) {
  const before = view.whatif?.before.findings.needs.find((need) => need.id === id);
  return before ? pick(before.statement) : id;
}

function changeOf(view) {
  return new Map((view.whatif?.needs ?? []).map((change) => [change.id, change]));
}

function needCard(need, reason, change) {
  const badge = change === undefined ? ""
    : change.before === null ? h("span", { class: "badge added" }, t("page.whatif.added"))
      : h("span", { class: "badge changed" },
        t("page.whatif.severity", { before: t(`severity.${change.before}`), after: t(`severity.${need.severity}`) }));
  return h("li", { class: `need ${need.safety ? "safety" : ""}`, "data-need": need.id },
    h("h4", {}, need.safety ? h("span", { class: "badge safety" }, t("page.needs.safety")) : "",
      " ", pick(need.statement), " ",
      h("span", { class: `badge ${need.severity}` }, t(`severity.${need.severity}`)), " ", badge),
    h("details", {}, h("summary", {}, t("page.needs.why")), why(need, reason)),
    h("details", {}, h("summary", {}, t("page.needs.clear")), clearing(reason)),
  );
}

function why(need, reason) {
  const evidence = need.evidence.map((item) => h("li", {}, pick(item.text),
    item.basis ? h("span", { class: `basis ${item.basis}` }, ` · ${t(`basis.${item.basis}`)}`) : ""));
  const fired = (reason?.rules ?? []).filter((rule) => rule.fired).map((rule) => rule.rule);
  return h("div", { class: "why" },
    h("ul", {}, evidence),
    h("p", { class: "rules" }, t("page.needs.rules"), h("code", {}, fired.join(", "))),
    need.convention ? h("p", { class: "note" }, t("page.needs.convention")) : "");
}

function clearing(reason) {
  if (!reason) return h("p", {}, t("page.needs.no_counterfactual"));
  const counter = reason.counterfactual;
  if (counter.safety_locked) return h("p", {}, pick(counter.note));
  return h("div", {}, h("p", {}, pick(counter.note)),
    h("ul", {}, counter.changes.map((change) => h("li", {}, pick(change.text)))));
}

/** The staged plan: crisis steps first when there are any, then stages in order. */
export function renderPlan(target, view) {
  const plan = view.result.plan;
  const added = new Set(view.whatif?.stages_added ?? []);
  const removed = view.whatif?.stages_removed ?? [];
  const stages = plan.stages.map((stage) => h("li", { "data-stage": stage.id },
    h("h4", {}, pick(stage.name), " ", added.has(stage.id)
      ? h("span", { class: "badge added" }, t("page.whatif.added")) : ""),
    h("p", {}, pick(stage.purpose)),
    h("p", { class: "sessions" }, t("page.plan.sessions", { n: stage.sessions }))));
  const gone = removed.map((id) => h("li", { class: "cleared", "data-stage": id },
    h("span", { class: "badge removed" }, t("page.whatif.removed")), " ", stageName(view, id)));
  target.replaceChildren(
    crisis(plan.crisis_plan),
    stages.length ? h("ol", { class: "stages" }, stages) : h("p", {}, t("page.plan.none")),
    gone.length ? h("ul", { class: "stages" }, gone) : "");
}

function crisis(plan) {
  if (!plan) return "";
  return h("div", { class: "crisis" },
    h("h4", {}, t("page.plan.crisis")),
    h("p", {}, pick(plan.referral)),
    h("ol", {}, plan.steps.map((step) => h("li", {}, pick(step.title)))));
}

function stageName(view, id) {
  const stage = view.whatif?.before.plan.stages.find((each) => each.id === id);
  return stage ? pick(stage.name) : id;
}

/** The ecomap picture, with the ties as a list for those who cannot see it. */
export function renderEcomap(target, svgBlob, current, at) {
  const old = target.querySelector("img");
  if (old) URL.revokeObjectURL(old.src);
  const ties = current.assessments[at].ties ?? [];
  const names = Object.fromEntries(current.contacts.map((c) => [c.id, pick(c.label) || c.id]));
  const active = ties.filter((tie) => (tie.status ?? "active") === "active");
  const alt = t("page.ecomap.alt", { active: active.length, total: ties.length });
  const picture = h("img", { src: URL.createObjectURL(svgBlob), alt, "data-active": active.length });
  picture.svg = svgBlob; // the drawing itself, for a download or a test to read back
  target.replaceChildren(
    picture,
    h("ul", { class: "ties" }, ties.map((tie) => h("li", {},
      `${names[tie.contact] ?? tie.contact}: ${t(`tie_status.${tie.status ?? "active"}`)}`))));
}

/** The line under the heading: what the what-if changes added or removed. */
export function renderChange(target, view) {
  const whatif = view.whatif;
  if (!whatif) { target.hidden = true; return; }
  target.hidden = false;
  const needs = whatif.needs;
  const summary = t("page.whatif.summary", {
    added: needs.filter((n) => n.before === null).length,
    removed: needs.filter((n) => n.after === null).length,
    changed: needs.filter((n) => n.before !== null && n.after !== null).length,
    stages_added: whatif.stages_added.length,
    stages_removed: whatif.stages_removed.length,
  });
  target.replaceChildren(
    h("h3", {}, t("page.whatif.heading")),
    h("p", {}, summary),
    whatif.changes.length
      ? h("ul", { class: "edits" }, whatif.changes.map((edit) => h("li", {}, h("code", {}, edit))))
      : h("p", {}, t("page.whatif.no_edits")));
}

/** The thresholds table; a locked one (read by a safety need) has no input. */
export function renderThresholds(target, infos, edited, onEdit) {
  const summary = h("summary", {}, caption(edited));
  const rows = infos.map((info) => {
    const id = `threshold-${info.id}`;
    const cell = info.locked
      ? h("span", {}, `${info.value} `, h("span", { class: "badge safety" }, t("page.trainer.locked")))
      : h("input", { id, type: "number", step: "any", min: 0, max: 1000,
        value: edited[info.id] ?? info.value, "aria-describedby": `${id}-cite`,
        onchange: (event) => {
          const value = event.target.value === "" ? null : Number(event.target.value);
          event.target.closest("tr").classList.toggle("edited", value !== null);
          onEdit(info.id, value);
          summary.textContent = caption(edited);
        } });
    const label = info.locked ? h("code", {}, info.id) : h("label", { for: id }, h("code", {}, info.id));
    return h("tr", { class: info.id in edited ? "edited" : "" },
      h("th", { scope: "row" }, label),
      h("td", {}, cell),
      h("td", {}, t(`basis.${info.basis}`)),
      h("td", { id: `${id}-cite` }, info.cite),
      h("td", {}, info.needs.join(", ")));
  });
  const wasOpen = target.querySelector("details")?.open ?? false;
  target.replaceChildren(h("details", { open: wasOpen }, summary,
    h("table", {},
    h("caption", {}, t("page.trainer.caption")),
    h("thead", {}, h("tr", {}, ["threshold", "value", "basis", "cite", "needs"].map(
      (key) => h("th", { scope: "col" }, t(`page.trainer.${key}`))))),
    h("tbody", {}, rows))));
}

function caption(edited) {
  const count = Object.keys(edited).length;
  const title = t("page.trainer.caption");
  return count ? `${title} (${t("page.trainer.edited", { n: count })})` : title;
}

/** What the assessment warns of (an unanswered safety item first), and the scale totals. */
export function renderNotices(target, view, scales) {
  const first = (notice) => (notice.code === "safety_item_unanswered" ? 0 : 1);
  const notices = [...view.result.notices].sort((a, b) => first(a) - first(b));
  const names = Object.fromEntries(scales.map((scale) => [scale.id, scale.name]));
  const totals = Object.entries(view.result.scales).map(([id, score]) => h("li", {},
    pick(names[id]) || id, ": ",
    score.total === null ? t("page.scores.not_scored") : String(score.total)));
  target.replaceChildren(
    notices.length ? h("div", { class: "notice-list" }, h("h3", {}, t("page.notices.heading")),
      h("ul", {}, notices.map((notice) => h("li", { class: notice.code }, pick(notice.text))))) : "",
    totals.length ? h("div", { class: "scores" }, h("h3", {}, t("page.scores.heading")),
      h("ul", {}, totals)) : "");
}
