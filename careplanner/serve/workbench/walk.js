// The seed case as a guided walk for trainers: answers -> flags -> why -> plan -> closure.
// Each step points at a part of the page (outlined and scrolled to); the keyboard focus stays
// on the walk's buttons, and the step's text is announced.

import { h, t, pick } from "./dom.js";

const STEPS = [
  { id: "answers", target: "case-form", open: "#case-form > details:nth-of-type(2)" },
  { id: "flags", target: "needs" },
  { id: "why", target: "needs", open: "#needs-list .need details" },
  { id: "plan", target: "plan" },
  { id: "closure", target: "needs" },
];

export class Walk {
  /** `page` gives open() (the seed case), setAt(index), closure() and state. */
  constructor(panel, page) {
    this.panel = panel;
    this.page = page;
    this.step = null;
    this.verdict = null;
  }

  async start() {
    this.step = 0;
    this.verdict = null;
    await this.page.open();
    this.show();
    this.panel.querySelector("button.next")?.focus();
  }

  async go(step) {
    this.step = step;
    this.verdict = null;
    const state = this.page.state;
    const last = state.current.assessments.length - 1;
    const at = STEPS[step].id === "closure" ? last : 0;
    if (state.at !== at) await this.page.setAt(at);
    if (STEPS[step].id === "closure") this.verdict = await this.page.closure();
    this.show();
  }

  end() {
    this.step = null;
    document.querySelectorAll(".spotlight").forEach((node) => node.classList.remove("spotlight"));
    this.render();
    document.getElementById("walk-start").focus();
  }

  show() {
    this.render();
    const step = STEPS[this.step];
    document.querySelectorAll(".spotlight").forEach((node) => node.classList.remove("spotlight"));
    const target = document.getElementById(step.target);
    target.classList.add("spotlight");
    if (step.open) document.querySelector(step.open)?.setAttribute("open", "");
    target.scrollIntoView({ block: "nearest" });
  }

  /** Draw the panel for the current step (or hide it); called again on a language switch. */
  render() {
    if (this.step === null) { this.panel.hidden = true; return; }
    const step = STEPS[this.step];
    const buttons = [
      h("button", { type: "button", class: "previous", disabled: this.step === 0,
        onclick: () => this.go(this.step - 1) }, t("page.walk.previous")),
      this.step < STEPS.length - 1
        ? h("button", { type: "button", class: "next", onclick: () => this.go(this.step + 1) }, t("page.walk.next"))
        : "",
      h("button", { type: "button", class: "end", onclick: () => this.end() }, t("page.walk.end")),
    ];
    this.panel.hidden = false;
    const keep = this.panel.contains(document.activeElement) ? document.activeElement.className : null;
    this.panel.replaceChildren(
      h("h3", {}, t("page.walk.heading")),
      h("div", { "aria-live": "polite" },
        h("p", { class: "step" }, t("page.walk.counter", { n: this.step + 1, total: STEPS.length }),
          " ", h("strong", {}, t(`page.walk.${step.id}.title`))),
        h("p", {}, t(`page.walk.${step.id}.text`)),
        this.verdict ? verdict(this.verdict) : ""),
      h("div", { class: "buttons" }, buttons));
    if (keep) (this.panel.querySelector(`button.${keep.split(" ")[0]}`) ?? this.panel.querySelector("button.end")).focus();
  }
}

function verdict(reassessment) {
  const closure = reassessment.closure;
  return h("div", { class: "verdict" },
    h("p", {}, h("strong", {}, closure.ready ? t("page.walk.ready") : t("page.walk.not_ready"))),
    h("ul", {}, closure.checks.map((check) => h("li", {}, pick(check.text)))));
}
