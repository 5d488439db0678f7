// "派给我的需求": what my team, station or I were asked to serve: accept, or decline with a reason;
// an accepted one opens on its page for notes, a visit event, a field log and "resolved".
import { errorBox, h, mount } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { currentUser, get, post } from "../../lib/api.js";
import { fmtTime } from "../../lib/util.js";
import { fieldName, fieldNames, loginFirst, placeNames, placeOf, statusTag, word } from "./common.js";

export async function render(root) {
  const user = await currentUser();
  if (!user) return mount(root, loginFirst(t("nd_assignments")));
  const head = [h("p", {}, h("a", { href: "/me/needs" }, "← ", t("nd_mine"))), h("h2", {}, t("nd_assignments"))];
  let rows;
  try {
    rows = (await get("/api/v1/me/assignments?page_size=100", { cacheKey: "me:assignments" })).data;
  } catch (error) {
    return mount(root, head, errorBox(error));
  }
  const names = await fieldNames();
  await placeNames(rows.map((a) => a.need));
  mount(root, head, rows.length ? h("ul", { class: "cards", id: "assignments" }, rows.map((a) => card(a, names, root)))
    : h("p", { class: "hint" }, t("nd_no_assignments")));
}

function card(a, names, root) {
  const need = a.need || {};
  const box = h("div", { role: "status" });
  const reason = h("input", { name: "reason", required: true, maxlength: "500", "aria-label": t("nd_decline_reason"), placeholder: t("nd_decline_reason") });
  const act = (fn) => async (e) => {
    e.preventDefault();
    if (!e.target.reportValidity()) return;
    try {
      await fn();
      await render(root);
    } catch (error) { mount(box, errorBox(error)); }
  };
  return h("li", { class: `card assignment as-${a.status}`, "data-assignment": a.id },
    h("a", { href: `/needs/${a.need_id}` }, h("b", {}, need.title || `#${a.need_id}`)),
    h("p", { class: "meta" }, h("span", { class: "tag nd-st" }, word("ndas_", a.status)), " ", need.status ? statusTag(need) : null, " ",
      word("ndk_", need.kind), need.field ? ` · ${fieldName(names, need.field)}` : ""),
    h("p", { class: "hint" }, [placeOf(need), a.provider_name, a.status === "offered" && a.answer_due_at ? `${t("nd_answer_due")} ${fmtTime(a.answer_due_at, lang)}` : ""]
      .filter(Boolean).join(" · ")),
    a.note ? h("p", {}, a.note) : null,
    a.status === "offered" ? [
      h("form", { class: "row", onsubmit: act(() => post(`/api/v1/assignments/${a.id}/accept`, {})) },
        h("button", { type: "submit", class: "primary" }, t("nd_as_accept"))),
      h("form", { class: "row", onsubmit: act(() => post(`/api/v1/assignments/${a.id}/decline`, { reason: reason.value.trim() })) },
        reason, h("button", { type: "submit", class: "secondary" }, t("nd_as_decline")))] : null,
    a.status === "accepted" && ["matched", "in_service"].includes(need.status)
      ? h("p", {}, h("a", { class: "button primary", href: `/needs/${a.need_id}` }, t("nd_serve"))) : null,
    box);
}
