// What is waiting to be sent, what was sent, and what the server refused (with its reasons).
import { errorBox, errorText, h, mount } from "../lib/h.js";
import { lang, t } from "../lib/i18n.js";
import { list, onChange, remove, replay, retry } from "../lib/outbox.js";
import { fmtTime } from "../lib/util.js";

export async function render(root, _params, { go }) {
  const body = h("div", { id: "outbox-items" });
  async function draw() {
    const items = await list();
    mount(body, items.length === 0 ? h("p", { class: "hint" }, t("ob_empty")) :
      h("ul", { class: "cards" }, items.map((item) => row(item, go))));
  }
  mount(root,
    h("h2", {}, t("ob_title")),
    h("p", { class: "row" }, h("button", { type: "button", class: "primary", onclick: () => replay() }, t("ob_sync"))),
    body);
  await draw();
  return onChange(draw);
}

// A refused log (or need) goes back to its form to be corrected, then is saved (and queued) again.
async function correct(item, go) {
  const need = item.type === "request" && item.url === "/api/v1/needs";
  const { correct: load } = await (need ? import("./needs/new.js") : import("./station.js"));
  await load(item);
  go(need ? "/needs/new" : "/station");
}

function row(item, go) {
  const error = item.error ? errorBox(item.error) : null;
  return h("li", { class: `card outbox-item st-${item.status}`, "data-id": item.id, "data-status": item.status },
    h("p", {}, h("b", { class: "state" }, t("st_" + item.status)), " · ", t(item.type), " · ", item.label || ""),
    h("p", { class: "hint" }, fmtTime(item.created_at, lang), item.synced_at ? ` → ${fmtTime(item.synced_at, lang)}` : ""),
    item.status === "waiting" && item.error
      ? h("p", { class: "hint" }, item.error.code === "network" ? t("error_net") : errorText(item.error)) : null,
    item.status === "failed" ? [error, h("p", { class: "row" },
      item.type === "fieldlog" || item.url === "/api/v1/needs"
        ? h("button", { type: "button", class: "primary", onclick: () => correct(item, go) }, t("ob_edit")) : null,
      h("button", { type: "button", class: "secondary", onclick: () => retry(item.id).then(() => replay()) }, t("ob_retry")),
      h("button", { type: "button", class: "secondary", onclick: () => remove(item.id) }, t("ob_remove")))] : null);
}
