// The public board: accepted needs that may be shown, with the township only, never who asked.
import { errorBox, h, mount } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { currentUser, get } from "../../lib/api.js";
import { NEED_KINDS, age, fieldName, fieldNames, fields, placeNames, placeOf, statusTag, word } from "./common.js";

const SHOWN = ["accepted", "matched", "in_service", "resolved", "closed"]; // what the board may show

export async function render(root) {
  const user = await currentUser(); // a need's page is for people logged in; the board is for everyone
  const list = h("div", { id: "board" });
  let fieldList = [];
  try { fieldList = await fields(); } catch { /* offline */ }
  const names = await fieldNames();
  const params = new URLSearchParams(location.search);
  const select = (name, options) => h("select", { id: "bd-" + name, name },
    h("option", { value: "" }, t("all")), options.map(([v, text]) => h("option", { value: v, selected: params.get(name) === v }, text)));
  const form = h("form", { class: "filter-bar", role: "search", onchange: () => load(1), onsubmit: (e) => { e.preventDefault(); load(1); } },
    [["kind", t("nd_kind"), NEED_KINDS.map((k) => [k, word("ndk_", k)])], ["field", t("nd_field"), fieldList.map((f) => [f.code, f.label])],
      ["status", t("status"), SHOWN.map((s) => [s, word("nds_", s)])]]
      .map(([name, label, options]) => h("div", { class: "field" }, h("label", { for: "bd-" + name }, label), select(name, options))));

  async function load(page) {
    const query = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value) query.set(el.name, el.value);
    history.replaceState(null, "", `/needs${query.toString() ? "?" + query : ""}`);
    query.set("page", page);
    query.set("page_size", "30");
    try {
      const { data, page: p } = await get(`/api/v1/needs/board?${query}`, { cacheKey: `board:${query}` });
      if (lang === "en") await placeNames(data); // the board names places in Chinese; the gazetteer has English
      mount(list, data.length ? h("ul", { class: "cards" }, data.map((n) => h("li", { class: `card need${n.overdue ? " overdue" : ""}`, "data-need": n.id },
        user ? h("a", { href: `/needs/${n.id}` }, h("b", {}, n.title)) : h("b", {}, n.title),
        h("p", { class: "meta" }, statusTag(n), " ", word("ndk_", n.kind), " · ", fieldName(names, n.field), n.industry ? ` · ${n.industry}` : ""),
        h("p", { class: "hint" }, [placeOf(n), age(n.created_at, n.age_days)].filter(Boolean).join(" · "),
          n.overdue ? h("span", { class: "tag late" }, t("nd_overdue")) : null))))
        : h("p", { class: "hint" }, t("nd_none")),
      p && (p.previous_page || p.next_page) ? h("p", { class: "row pager" },
        p.previous_page ? h("button", { type: "button", class: "secondary", onclick: () => load(p.previous_page) }, t("ws_prev")) : null,
        p.next_page ? h("button", { type: "button", class: "secondary", onclick: () => load(p.next_page) }, t("ws_next")) : null) : null);
    } catch (error) {
      mount(list, errorBox(error));
    }
  }

  mount(root, h("h2", {}, t("nd_board")), h("p", { class: "hint" }, t("nd_board_hint")),
    h("p", { class: "row" }, h("a", { class: "button primary", href: "/needs/new" }, t("nd_new")), h("a", { class: "button secondary", href: "/offers" }, t("of_title"))),
    form, list);
  await load(1);
}
