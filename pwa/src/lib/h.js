import { t } from "./i18n.js";

// A tiny element builder: h("a", { href: "/x", onclick }, "text", child, [more]).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "value" || key === "checked" || key === "selected") el[key] = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

export function mount(root, ...children) {
  root.replaceChildren();
  append(root, children);
}

// A labelled field; `input` is an element built by the caller.
export function field(label, input, hint) {
  const id = input.id || (input.id = "f-" + Math.random().toString(36).slice(2, 9));
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hint && h("small", { class: "hint" }, hint));
}

// Shows a server error: its (already localised) message, and each field's messages. With `labels`
// (field name → the form's label), a field is named by its label, or not at all: never by its API name.
export function errorBox(error, labels) {
  if (!error) return null;
  const fields = error.fields || {};
  const name = (key) => (labels ? labels[key] : key);
  const items = Object.entries(fields).flatMap(([key, msgs]) =>
    (Array.isArray(msgs) ? msgs : [JSON.stringify(msgs)]).filter((m) => !labels || m !== error.message)
      .map((m) => h("li", {}, name(key) && [h("b", {}, name(key)), "："], typeof m === "string" ? m : JSON.stringify(m))));
  return h("div", { class: "error", role: "alert" }, h("p", {}, error.message || String(error)), items.length ? h("ul", {}, items) : null,
    remedy(error));
}

// Where an error has a screen that fixes it, a link there that brings the person back afterwards.
function remedy(error) {
  if (error.code !== "volunteer_profile_missing") return null;
  const back = encodeURIComponent(location.pathname + location.search);
  return h("p", {}, h("a", { class: "button primary", href: `/me/profile?next=${back}` }, t("profile_fill")));
}
