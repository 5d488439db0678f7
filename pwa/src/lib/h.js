import { lang, t } from "./i18n.js";
import { NetworkError } from "./net.js";

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

// What an API field is called on the screens (field name → i18n key), for errors shown without a form's labels.
const FIELD_LABELS = {
  phone: "phone", password: "password", display_name: "display_name", current_password: "pw_current",
  new_password: "pw_new", title: "title", description: "description", starts_at: "starts", ends_at: "ends",
  venue_name: "venue", region_code: "county", lat: "lat", lng: "lng", signup_deadline: "deadline",
  resident_seats: "resident_seats", minutes: "minutes", reason: "reason", kind: "kind", topic: "topic",
  people_served: "people", women: "women", low_income: "low_income", over_60: "over_60", note: "note",
  occurred_at: "fl_when", event_id: "f_event", token: "f_checkin_code", short_code: "f_checkin_code",
  role_id: "roles", file: "photo",
};

// The message for an API error: the server's own words when they are in the page's language (they may
// name details), otherwise the PWA's message for its code (an outbox item refused before a language
// change, an answer from a proxy without the API's error body). Never a bare code.
export function errorText(error) {
  if (!error) return "";
  if (error instanceof NetworkError) return t("error_net");
  const own = error.code && t("e_" + error.code);
  const known = own && own !== "e_" + error.code ? own : null;
  if (error.message && (!known || (error.lang || lang) === lang)) return error.message;
  return known || t("st_failed");
}

// The messages of one field, however marshmallow nested them (by list index, by nested field).
const leaves = (msgs) => (typeof msgs === "string" ? [msgs] : Object.values(msgs || {}).flatMap(leaves));

// Shows a server error: its message in the page's language, and each field's messages. With `labels`
// (field name → the form's label), a field is named by its label; without, by the app's usual label for
// that field, or not at all: never by its API name.
export function errorBox(error, labels) {
  if (!error) return null;
  const message = errorText(error);
  const fields = error.fields || {};
  const name = (key) => (labels ? labels[key] : FIELD_LABELS[key] && t(FIELD_LABELS[key]));
  const items = Object.entries(fields).flatMap(([key, msgs]) =>
    leaves(msgs).filter((m) => m !== error.message && m !== message)
      .map((m) => h("li", {}, name(key) && [h("b", {}, name(key)), "："], m)));
  const box = h("div", { class: "error", role: "alert" }, h("p", {}, message), items.length ? h("ul", {}, items) : null,
    remedy(error));
  // Once the screen has placed it, the error is brought into sight: it may sit below the fold on a phone.
  requestAnimationFrame(() => { if (box.isConnected) box.scrollIntoView({ block: "nearest" }); });
  return box;
}

// Where an error has a screen that fixes it, a link there that brings the person back afterwards.
function remedy(error) {
  if (error.code !== "volunteer_profile_missing") return null;
  const back = encodeURIComponent(location.pathname + location.search);
  return h("p", {}, h("a", { class: "button primary", href: `/me/profile?next=${back}` }, t("profile_fill")));
}

// A short confirmation shown at the foot of the screen and read out by screen readers (#toast is an
// aria-live region that stays in the page), for an action whose own place was just redrawn.
let toastTimer;
export function toast(text) {
  const box = document.getElementById("toast");
  if (!box) return;
  box.textContent = text;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.textContent = ""; }, 6000);
}
