// The case form: profile, scale answers item by item, observations, contacts and ties.
// Every edit changes the case held in the page (state.current) and calls `changed()`.

import { h, t, pick, wording } from "./dom.js";

const NOT_ASKED = "";
const DISTANCES = ["household", "nearby", "same_city", "far"];
const SUPPORT = ["emotional", "practical", "informational", "companionship", "financial"];

/** Keys of a section of the words ("relation" -> ["spouse", ...]), in the file's order. */
function codes(content, section) {
  const prefix = `${section}.`;
  return Object.keys(content.words)
    .filter((key) => key.startsWith(prefix) && key !== `${prefix}title`)
    .map((key) => key.slice(prefix.length));
}

/** A labelled select; `value` null shows "not asked" when `optional`. */
function select(id, label, options, value, onPick, optional = false) {
  const choices = optional ? [[NOT_ASKED, t("page.form.not_asked")], ...options] : options;
  const shown = value === null || value === undefined ? NOT_ASKED : String(value);
  const field = h(
    "select",
    { id, onchange: (event) => onPick(event.target.value) },
    choices.map(([code, text]) => h("option", { value: code, selected: code === shown }, text)),
  );
  return h("div", { class: "field" }, h("label", { for: id }, label), field);
}

function number(id, label, value, range, onSet) {
  const input = h("input", {
    id, type: "number", inputmode: "decimal", min: range.min, max: range.max,
    step: range.step ?? 1, value: value ?? "",
    onchange: (event) => onSet(event.target.value === "" ? null : Number(event.target.value)),
  });
  return h("div", { class: "field" }, h("label", { for: id }, label), input);
}

function section(title, open, ...body) {
  return h("details", { open }, h("summary", {}, h("h3", {}, title)), ...body);
}

/** Build the whole form for the assessment `state.at` of `state.current`. */
export function renderForm(form, state, changed) {
  const assessment = state.current.assessments[state.at];
  form.replaceChildren(
    section(t("page.form.profile"), true, profile(state, changed)),
    section(t("page.form.scales"), false, ...state.content.scales.map(
      (scale) => scaleForm(scale, assessment, changed))),
    section(t("page.form.observations"), false, observations(state.content, assessment, changed)),
    section(t("page.form.network"), true, network(state, assessment, changed)),
  );
}

function profile(state, changed) {
  const client = state.current.client;
  const set = (name, value) => { client[name] = value; changed(); };
  const words = (section) => codes(state.content, section).map(
    (code) => [code, t(`${section}.${code}`)]);
  return h("div", { class: "grid" },
    number("client-age", t("page.form.age"), client.age, { min: 0, max: 120 },
      (value) => set("age", value ?? 0)),
    select("client-sex", t("page.form.sex"), words("sex"), client.sex, (v) => set("sex", v)),
    select("client-living", t("page.form.living"), words("living"), client.living_arrangement,
      (v) => set("living_arrangement", v)),
    select("client-language", t("page.form.client_language"),
      [["zh-CN", "简体中文"], ["en", "English"]], client.language, (v) => set("language", v)),
  );
}

/** One scale: every item with its published wording and answer anchors. */
function scaleForm(scale, assessment, changed) {
  const answers = assessment.scales[scale.id] ?? {};
  const sets = Object.fromEntries(scale.answer_sets.map((set) => [set.id, set]));
  const groupOf = Object.fromEntries(
    (scale.groups ?? []).flatMap((group) => group.items.map((item) => [item, group])));
  const count = h("span", { class: "count" });
  const recount = () => {
    const given = Object.keys(assessment.scales[scale.id] ?? {}).length;
    count.textContent = t("page.form.answered", { given, total: scale.items.length });
  };
  const rows = scale.items.map((item) => {
    const group = groupOf[item.id];
    const lead = group && group.items[0] === item.id
      ? h("p", { class: "group" }, `${group.id}. `, wording(group.text)) : null;
    const id = `scale-${scale.id}-${item.id}`;
    const options = sets[item.answers].options.map((option) => [
      option.code, `${option.code} · ${pick(option.label)}`]);
    const label = h("span", {}, `${item.id}. `,
      item.text ? wording(item.text) : t("page.form.no_wording"));
    const onPick = (code) => {
      setAnswer(assessment, scale.id, item.id, code);
      recount();
      changed();
    };
    return [lead, select(id, label, options, answers[item.id], onPick, true)];
  });
  recount();
  return h("details", { class: "scale" },
    h("summary", {}, wording(scale.name), " ", count),
    h("p", { class: "source" }, t("page.form.source"), scale.source),
    ...rows.flat());
}

function setAnswer(assessment, scaleId, itemId, code) {
  const answers = (assessment.scales[scaleId] ??= {});
  if (code === NOT_ASKED) delete answers[itemId];
  else answers[itemId] = /^\d+$/.test(code) ? Number(code) : code;
  if (Object.keys(answers).length === 0) delete assessment.scales[scaleId];
}

function observations(content, assessment, changed) {
  const seen = (assessment.observations ??= {});
  const set = (name, value) => { seen[name] = value; changed(); };
  const yesNo = [["true", t("page.form.yes")], ["false", t("page.form.no")]];
  return h("div", { class: "grid" }, content.observations.map((spec) => {
    const name = spec.name.slice("obs.".length);
    const id = `obs-${name}`;
    const label = pick(spec.label);
    if (spec.type === "bool") {
      return select(id, label, yesNo, seen[name], (v) => set(name, v === "" ? null : v === "true"), true);
    }
    return number(id, label, seen[name], spec, (value) => set(name, value));
  }));
}

/** Contacts and this assessment's ties; a dormant or possible tie can be revived. */
function network(state, assessment, changed) {
  const ties = (assessment.ties = [...(assessment.ties ?? [])]);
  const contacts = state.current.contacts;
  const list = h("div", { class: "contacts" }, contacts.map(
    (contact, index) => contactForm(state, contact, index, ties, changed)));
  const add = h("button", { type: "button", onclick: () => {
    const id = `contact-${contacts.length + 1}`;
    contacts.push({ id, relation: "friend", distance: "nearby",
      label: { [state.lang]: t("page.form.new_contact", { n: contacts.length + 1 }) } });
    ties.push({ contact: id, status: "possible", contacts_per_month: 0, closeness: 3 });
    changed({ rebuild: true });
  } }, t("page.form.add_contact"));
  return h("div", {}, list, add);
}

function contactForm(state, contact, index, ties, changed) {
  const tie = ties.find((each) => each.contact === contact.id);
  const base = `contact-${index}`;
  const name = pick(contact.label) || contact.id;
  const words = (section, list) => list.map((code) => [code, t(`${section}.${code}`)]);
  const setContact = (key, value) => { contact[key] = value; changed(); };
  const fields = [
    select(`${base}-relation`, t("page.form.relation"), words("relation", codes(state.content, "relation")),
      contact.relation, (v) => setContact("relation", v)),
    select(`${base}-distance`, t("page.form.distance"),
      DISTANCES.map((code) => [code, t(`page.distance.${code}`)]), contact.distance,
      (v) => setContact("distance", v)),
  ];
  if (tie) fields.push(...tieFields(state, base, tie, changed));
  else fields.push(h("button", { type: "button", onclick: () => {
    ties.push({ contact: contact.id, status: "possible", contacts_per_month: 0, closeness: 3 });
    changed({ rebuild: true });
  } }, t("page.form.add_tie")));
  return h("fieldset", { class: "contact" }, h("legend", {}, name), h("div", { class: "grid" }, fields));
}

function tieFields(state, base, tie, changed) {
  const set = (key, value) => { tie[key] = value; changed(); };
  const statuses = ["active", "dormant", "possible"].map((code) => [code, t(`tie_status.${code}`)]);
  const given = new Set(tie.support_given ?? []);
  const boxes = SUPPORT.map((kind) => {
    const id = `${base}-gives-${kind}`;
    return h("span", { class: "check" },
      h("input", { type: "checkbox", id, checked: given.has(kind), onchange: (event) => {
        if (event.target.checked) given.add(kind); else given.delete(kind);
        set("support_given", SUPPORT.filter((each) => given.has(each)));
      } }),
      h("label", { for: id }, t(`support.${kind}`)));
  });
  const fields = [
    select(`${base}-status`, t("page.form.status"), statuses, tie.status ?? "active",
      (v) => set("status", v)),
    number(`${base}-per-month`, t("page.form.per_month"), tie.contacts_per_month,
      { min: 0, max: 100, step: 0.5 }, (v) => set("contacts_per_month", v ?? 0)),
    number(`${base}-closeness`, t("page.form.closeness"), tie.closeness, { min: 1, max: 5 },
      (v) => set("closeness", v ?? 3)),
    h("fieldset", { class: "supports" }, h("legend", {}, t("page.form.gives")), boxes),
  ];
  if ((tie.status ?? "active") !== "active") {
    fields.push(h("button", { type: "button", class: "revive", onclick: () => revive(tie, base, changed) },
      t("page.form.revive")));
  }
  return fields;
}

/** Revive a tie: active, in touch weekly, giving the support it could give (or companionship). */
function revive(tie, base, changed) {
  tie.status = "active";
  tie.contacts_per_month = Math.max(tie.contacts_per_month ?? 0, 4);
  const could = tie.could_give?.length ? tie.could_give : ["emotional", "companionship"];
  tie.support_given = [...new Set([...(tie.support_given ?? []), ...could])];
  changed({ rebuild: true, focus: `${base}-status` });
}
