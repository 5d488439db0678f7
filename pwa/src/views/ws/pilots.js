// 试点县区 (the province only): the counties, by city, name and pilot status; mark or unmark a pilot county.
import { h, mount, toast } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { call, get } from "../../lib/api.js";
import { adminScopes, dataTable, filterBar, isProvince, latestOnly, pager, workspace } from "../../lib/ws.js";
import { outOfScope, wsError } from "./person-search.js";

export async function render(outer) {
  const root = await workspace(outer, "pilots");
  if (!root) return;
  if (!isProvince(await adminScopes())) return mount(root, h("h2", { tabindex: "-1" }, t("ws_pilots")), outOfScope());
  const list = h("div", { id: "pilot-list" });
  const out = h("div", { role: "status" });
  const cities = (await get("/api/v1/regions?level=prefecture&page_size=100", { cacheKey: "ws-cities" })).data;

  const ask = latestOnly(); // an older, slower answer drawn last would undo a change
  function load(params, page = 1) {
    const query = new URLSearchParams({ level: "county", page, page_size: 50 });
    if (params.get("city")) query.set("parent_code", params.get("city"));
    if (params.get("pilot")) query.set("is_pilot", params.get("pilot"));
    if (params.get("q")) query.set("q", params.get("q"));
    return ask(() => get(`/api/v1/regions?${query}`), (answer) => mount(list, dataTable({
      caption: t("ws_pilots"),
      columns: [
        { key: "name", label: t("county"), value: (r) => (lang === "en" ? r.name_en : r.name) },
        { key: "city", label: t("wpl_city"), value: (r) => r.parent_names?.[0] || "—" },
        { key: "pilot", label: t("wpl_pilot"), value: (r) => (r.is_pilot ? h("b", { class: "ok" }, t("wpl_yes")) : t("wpl_no")), sort: (r) => (r.is_pilot ? 0 : 1) },
        { key: "act", label: t("wt_actions"), sortable: false, value: (r) => h("button", {
          type: "button", class: r.is_pilot ? "secondary" : "primary", "data-code": r.code,
          "aria-label": `${r.is_pilot ? t("wpl_unmark") : t("wpl_mark")} ${r.name}`,
          onclick: () => mark(r, !r.is_pilot, params, page),
        }, r.is_pilot ? t("wpl_unmark") : t("wpl_mark")) },
      ],
      rows: answer.data, empty: t("ws_empty"),
    }), pager(answer.page, (p) => load(params, p))), (error) => mount(list, wsError(error)));
  }

  async function mark(region, pilot, params, page) {
    mount(out);
    try {
      await call("PATCH", `/api/v1/regions/${region.code}`, { is_pilot: pilot });
      toast(t(pilot ? "wpl_marked" : "wpl_unmarked").replace("{name}", region.name));
      await load(params, page);
      list.querySelector(`[data-code="${region.code}"]`)?.focus();
    } catch (error) {
      mount(out, wsError(error));
    }
  }

  const filters = filterBar([
    { name: "city", label: t("wpl_city"), options: cities.map((c) => [c.code, lang === "en" ? c.name_en : c.name]) },
    { name: "pilot", label: t("wpl_pilot"), options: [["true", t("wpl_yes")], ["false", t("wpl_no")]] },
    { name: "q", label: t("county") },
  ], (params) => load(params));
  mount(root, h("h2", { tabindex: "-1" }, t("ws_pilots")), h("p", { class: "hint" }, t("ws_pilots_about")), filters, out, list);
  await load(new URLSearchParams(location.search));
}
