// The workbench page: open or fill a case, and watch needs, reasons, plan and ecomap move.
// The case lives in this page only; each change is sent to the service that served the page,
// which answers and keeps nothing.

import { auth, get, post, query, save } from "./api.js";
import { h, t, pick, words, fillStatic, clone } from "./dom.js";
import { renderForm } from "./form.js";
import {
  renderChange, renderEcomap, renderNeeds, renderNotices, renderPlan, renderThresholds,
} from "./results.js";
import { Walk } from "./walk.js";

const SEED = "shidu-mother";
const WAIT_MS = 250;
const $ = (id) => document.getElementById(id);

const state = {
  content: null, lang: "en", current: null, baseline: null, at: 0,
  thresholds: {}, view: null, runs: 0, pending: null, timer: null,
};

async function start() {
  let content, examples;
  try {
    [content, examples] = await Promise.all([get("/v1/workbench/content"), get("/v1/examples")]);
  } catch (error) {
    if (error.status === 401) { askToken(); return; }
    throw error;
  }
  state.content = content;
  words.all = content.words;
  state.lang = navigator.language?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
  $("language").value = state.lang;
  state.examples = examples;
  bind();
  applyLanguage();
  await openExample(SEED);
}

function bind() {
  $("language").addEventListener("change", (event) => { state.lang = event.target.value; applyLanguage(); changed({ rebuild: true }); });
  $("open-example").addEventListener("click", () => openExample($("example").value));
  $("upload").addEventListener("change", (event) => upload(event.target.files[0]));
  $("new-client").addEventListener("click", () => open(newClient(), 0));
  $("at").addEventListener("change", (event) => { state.at = Number(event.target.value); changed({ rebuild: true }); });
  $("whatif").addEventListener("change", (event) => whatIf(event.target.checked));
  $("whatif-discard").addEventListener("click", () => { state.current = clone(state.baseline); changed({ rebuild: true }); });
  $("download-report").addEventListener("click", () => download("report"));
  $("download-brief").addEventListener("click", () => download("brief"));
  $("download-ecomap").addEventListener("click", () => download("ecomap"));
  $("download-fhir").addEventListener("click", () => download("fhir"));
  $("download-logic").addEventListener("click", () => download("logic"));
  $("thresholds-reset").addEventListener("click", () => { state.thresholds = {}; thresholds(); changed(); });
  state.walk = new Walk($("walk"), { open: () => openExample(SEED), setAt, closure, state });
  $("walk-start").addEventListener("click", () => state.walk.start());
}

function applyLanguage() {
  words.lang = state.lang;
  document.documentElement.lang = state.lang;
  document.title = t("page.title");
  fillStatic();
  $("logic-link").href = `/v1/logic${query({ format: "html", lang: state.lang })}`;
  $("example").replaceChildren(...state.examples.map((example) =>
    h("option", { value: example.id }, pick(example.title))));
  state.walk.render();
  thresholds();
}

function thresholds() {
  renderThresholds($("thresholds"), state.content.thresholds, state.thresholds, (id, value) => {
    if (value === null) delete state.thresholds[id]; else state.thresholds[id] = value;
    changed();
  });
}

async function openExample(id) {
  $("example").value = id;
  await open(await get(`/v1/examples/${encodeURIComponent(id)}`), 0);
}

async function upload(file) {
  if (!file) return;
  try {
    await open(await post(`/v1/migrate${query({ to: 2 })}`, file), 0);
  } catch (error) {
    showProblem(error);
  }
}

function newClient() {
  const today = new Date().toISOString().slice(0, 10);
  return {
    schema_version: 2,
    client: { id: "new-client", age: 75, sex: "female", living_arrangement: "alone", language: state.lang },
    contacts: [],
    assessments: [{ date: today, kind: "intake", worker: "worker-01", scales: {}, observations: {}, ties: [] }],
  };
}

async function open(caseData, at) {
  state.current = caseData;
  state.baseline = null;
  $("whatif").checked = false;
  $("whatif-discard").hidden = true;
  await setAt(at);
}

async function setAt(at) {
  state.at = at;
  $("at").replaceChildren(...state.current.assessments.map((assessment, index) =>
    h("option", { value: index, selected: index === at },
      `${index + 1}. ${t(`kind.${assessment.kind}`)} ${assessment.date}`)));
  changed({ rebuild: true });
  await state.pending;
}

function whatIf(on) {
  state.baseline = on ? clone(state.current) : null;
  $("whatif-discard").hidden = !on;
  changed();
}

/** Something changed: rebuild the form if asked, and re-assess a moment later. */
function changed(options = {}) {
  if (options.rebuild) {
    const focused = document.activeElement?.id;
    renderForm($("case-form"), state, changed);
    const back = document.getElementById(options.focus ?? focused);
    if (back && !document.activeElement?.id) back.focus(); // keyboard users keep their place
  }
  clearTimeout(state.timer);
  document.body.dataset.state = "busy";
  state.pending = new Promise((resolve) => {
    state.timer = setTimeout(() => assessNow().finally(resolve), WAIT_MS);
  });
}

function body() {
  return { case: state.current, baseline: state.baseline, thresholds: state.thresholds };
}

async function assessNow() {
  state.controller?.abort();
  const controller = (state.controller = new AbortController());
  $("status").textContent = t("page.status.busy");
  try {
    const at = query({ at: state.at });
    const [view, map] = await Promise.all([
      post(`/v1/workbench${at}`, body(), "json", controller.signal),
      post(`/v1/ecomap${query({ format: "svg", at: state.at, lang: state.lang })}`, state.current,
        "blob", controller.signal),
    ]);
    state.view = view;
    show(view, map);
    state.runs += 1;
    document.body.dataset.runs = String(state.runs);
    document.body.dataset.state = "ready";
  } catch (error) {
    if (error.name === "AbortError") return;
    showProblem(error);
  }
}

function show(view, map) {
  $("problem").hidden = true;
  renderNeeds($("needs-list"), view);
  renderPlan($("plan-list"), view);
  renderEcomap($("ecomap-picture"), map, state.current, state.at);
  renderChange($("change"), view);
  renderNotices($("notices"), view, state.content.scales);
  state.walk.render();
  $("status").textContent = t("page.status.ready", {
    needs: view.result.findings.needs.length, stages: view.result.plan.stages.length });
}

function showProblem(error) {
  document.body.dataset.state = "error";
  $("status").textContent = "";
  const box = $("problem");
  box.replaceChildren(h("h2", {}, t("page.problem")), h("pre", {}, error.message));
  box.hidden = false;
}

async function download(kind) {
  const at = state.at;
  const id = state.current.client.id;
  try {
    if (kind === "report") {
      save(await post(`/v1/workbench/report${query({ at, lang: state.lang })}`, body(), "blob"), `${id}-report.html`);
    } else if (kind === "brief") {
      save(await post(`/v1/workbench/report${query({ at, lang: state.lang, format: "pdf", brief: true })}`, body(), "blob"), `${id}-brief.pdf`);
    } else if (kind === "ecomap") {
      save(await post(`/v1/ecomap${query({ format: "svg", at, lang: state.lang })}`, state.current, "blob"), `${id}-ecomap.svg`);
    } else if (kind === "fhir") {
      save(await post(`/v1/workbench/fhir${query({ at })}`, body(), "blob"), `${id}-fhir.json`);
    } else {
      const edits = { thresholds: state.thresholds };
      save(await post(`/v1/workbench/logic${query({ lang: state.lang })}`, edits, "blob"), "logic-sheet.html");
    }
    $("status").textContent = t("page.status.downloaded");
  } catch (error) {
    showProblem(error);
  }
}

/** Closure of the case on screen: the first assessment against the one shown. */
async function closure() {
  return post(`/v1/compare${query({ before: 0, after: state.at })}`, state.current);
}

/** A service started with --token: ask for it (words in both languages, as none are loaded). */
function askToken() {
  const box = $("problem");
  const input = h("input", { id: "token", type: "password", autocomplete: "off" });
  const use = () => { auth.token = input.value; box.hidden = true; start().catch(showProblem); };
  box.replaceChildren(h("form", { onsubmit: (event) => { event.preventDefault(); use(); } },
    h("label", { for: "token" }, "Service token · 服务令牌"), " ", input, " ",
    h("button", { type: "submit" }, "OK · 确定")));
  box.hidden = false;
  input.focus();
}

start().catch(showProblem);
