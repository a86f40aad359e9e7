// Small helpers every module of the workbench uses: building elements, words in two languages.

/** Build an element: h("p", {class: "x"}, "text", child). Attributes set as given; text escaped. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** The words of the page in the language chosen; `words` comes from /v1/workbench/content. */
export const words = { all: {}, lang: "en" };

/** A word by key, with {placeholders} filled; the English one when Chinese is missing. */
export function t(key, fill = {}) {
  const entry = words.all[key];
  if (!entry) throw new Error(`no text for ${key}`);
  const text = entry[words.lang] ?? entry.en;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(fill[name] ?? ""));
}

/** Pick the language from a bilingual text ({en, zh-CN}); English when the other is missing. */
export function pick(text) {
  if (text === null || text === undefined) return "";
  if (typeof text === "string") return text;
  return text[words.lang] ?? text.en ?? "";
}

/**
 * A span of a published wording: in the page's language when the source gives it, else in
 * English marked lang="en" so that a screen reader reads it as English.
 */
export function wording(text) {
  const own = text?.[words.lang];
  if (own) return h("span", {}, own);
  return h("span", { lang: "en" }, text?.en ?? "");
}

/** Put the words of the page's static parts (data-t attributes) in the chosen language. */
export function fillStatic(root = document) {
  for (const element of root.querySelectorAll("[data-t]")) {
    element.textContent = t(`page.${element.dataset.t}`);
  }
}

/** A deep copy of JSON data. */
export function clone(data) {
  return JSON.parse(JSON.stringify(data));
}
