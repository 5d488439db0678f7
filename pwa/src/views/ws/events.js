// The workspace's events: the list of my area's events of every status (/admin/events), filtered in the
// address, and the editor (/admin/events/new, /admin/events/{id}/edit) beside it on a desk, alone on a phone.
import { errorBox, h, mount } from "../../lib/h.js";
import { KINDS, lang, t } from "../../lib/i18n.js";
import { get } from "../../lib/api.js";
import { fmtTime } from "../../lib/util.js";
import { adminScopes, dataTable, filterBar, isDesk, latestOnly, pager, workspace } from "../../lib/ws.js";
import { eventEditor, listSearch } from "./event-form.js";

const STATUSES = ["draft", "published", "completed", "cancelled"];

export async function render(outer, params, { go }) {
  const main = await workspace(outer, "events");
  if (!main) return;
  mount(main, h("p", { class: "hint", role: "status" }, t("loading")));
  const scopes = await adminScopes();
  const path = location.pathname;
  const editing = path.endsWith("/new") ? "new" : path.endsWith("/edit") ? params[0] : null;
  const series = new URLSearchParams(location.search).get("series") === "1";
  const list = editing && !isDesk() ? null : await eventList(scopes, editing);
  const editor = editing ? await eventEditor({ id: editing === "new" ? null : editing, series, go, scopes }) : null;
  if (!editor) return mount(main, list.node);
  if (!list) return mount(main, h("p", {}, h("a", { href: `/admin/events${listSearch()}` }, "← ", t("we_back_list"))), editor);
  mount(main, h("div", { class: "ws-split" }, list.node, editor));
}

// The counties an admin may filter by, with their names (for the filter and the table's county column).
async function countiesOf(scopes) {
  const counties = new Map();
  for (const scope of scopes) {
    const code = scope.region_code;
    const ask = code.endsWith("0000") ? "level=county" : code.endsWith("00") ? `level=county&parent_code=${code}` : null;
    try {
      if (!ask) {
        const { data } = await get(`/api/v1/regions/${code}`, { cacheKey: `region:${code}` });
        counties.set(data.code, data.name);
        continue;
      }
      for (let page = 1; page; ) {
        const answer = await get(`/api/v1/regions?${ask}&page_size=100&page=${page}`, { cacheKey: `counties:${code}:${page}` });
        answer.data.forEach((r) => counties.set(r.code, r.name));
        page = answer.page?.next_page || 0;
      }
    } catch { /* offline: codes are shown instead of names */ }
  }
  return counties;
}

async function campaignsOf(scopes) {
  const found = [];
  for (const scope of scopes) {
    try {
      const { data } = await get(`/api/v1/campaigns?region_code=${scope.region_code}&page_size=100`, { cacheKey: `campaigns:${scope.region_code}` });
      found.push(...data.filter((c) => !found.some((f) => f.id === c.id)));
    } catch { /* offline: no campaign filter */ }
  }
  return found;
}

// The list: { node }. `editing` marks the open event's row.
async function eventList(scopes, editing) {
  const [counties, campaigns] = await Promise.all([countiesOf(scopes), campaignsOf(scopes)]);
  const results = h("div", { class: "ws-results", "aria-live": "polite" });
  const filters = filterBar([
    { name: "status", label: t("status"), options: STATUSES.map((s) => [s, t("ev_" + s)]) },
    campaigns.length ? { name: "campaign_id", label: t("we_campaign"), options: campaigns.map((c) => [String(c.id), c.name]) } : null,
    counties.size > 1 ? { name: "region_code", label: t("county"), options: [...counties].map(([code, name]) => [code, name]) } : null,
    { name: "kind", label: t("kind"), options: KINDS.map((k) => [k, t("k_" + k)]) },
    { name: "date_from", label: t("we_from"), type: "date" },
    { name: "date_to", label: t("we_to"), type: "date" },
    { name: "q", label: t("we_q") },
  ].filter(Boolean), (params) => load(params, 1), { keep: ["sort"] });
  const countyName = (code) => counties.get(code) || code;
  const columns = [
    // the title opens the event's page; its editor (with the filters kept) is a second link in the same cell
    { key: "title", label: t("title"), server: "title", value: (e) => h("span", { class: "ev-title" },
      h("a", { href: `/admin/events/${e.id}` }, e.title),
      e.status === "draft" || e.status === "published"
        ? h("a", { class: "ev-edit", href: `/admin/events/${e.id}/edit${listSearch()}`, "aria-label": `${t("we_edit")}：${e.title}` }, t("we_edit")) : null) },
    { key: "starts_at", label: t("we_col_date"), value: (e) => fmtTime(e.starts_at, lang), server: "starts_at" },
    { key: "region_code", label: t("county"), value: (e) => countyName(e.region_code) },
    { key: "kind", label: t("kind"), value: (e) => t("k_" + e.kind) },
    { key: "status", label: t("status"), value: (e) => h("span", { class: `st-${e.status}` }, t("ev_" + e.status)), sort: (e) => STATUSES.indexOf(e.status) },
    { key: "filled", label: t("we_col_filled"), value: (e) => `${e.places_filled} / ${e.places}`, sort: (e) => (e.places ? e.places_filled / e.places : -1) },
    { key: "seats", label: t("we_col_seats"), value: (e) => (e.resident_seats == null ? "—" : `${e.seats_taken} / ${e.resident_seats}`), sort: (e) => e.seats_taken },
  ];
  let current = new URLSearchParams(location.search);
  let page = 1;
  // the column order the admin chose, kept when the list is drawn again; title and date order the whole
  // list on the server (kept in the address as `sort`), the other columns the page shown
  const bySort = /^(-?)(title|starts_at)$/.exec(current.get("sort") || "");
  let sorted = bySort ? { key: bySort[2], ascending: !bySort[1], server: bySort[2] } : null;
  const sortChosen = (state) => {
    sorted = state;
    if (!state.server) return;
    current.set("sort", (state.ascending ? "" : "-") + state.server);
    history.replaceState(null, "", `${location.pathname}?${current}`);
    load(current, 1);
  };
  const ask = latestOnly();
  function load(params, n = page) {
    current = params;
    page = n;
    const query = new URLSearchParams(params);
    query.delete("series");
    query.set("page", String(n));
    query.set("page_size", "20");
    return ask(() => get(`/api/v1/admin/events?${query}`, { cacheKey: `admin-events:${query}` }), (answer) => mount(results,
      answer.offline_copy ? h("p", { class: "notice" }, t("we_offline_copy")) : null,
      dataTable({ columns, rows: answer.data, caption: isDesk() ? t("ws_events") : null, empty: t("we_empty"),
        rowClass: (e) => (String(e.id) === String(editing) ? "on" : null), sorted, onSort: sortChosen }),
      pager(answer.page, (next) => load(current, next))), (error) => mount(results, errorBox(error)));
  }
  await load(current, 1);
  const node = h("section", { class: "events-list", "aria-labelledby": "ev-list-title" },
    h("h2", { id: "ev-list-title", tabindex: "-1" }, t("ws_events")),
    h("p", { class: "row" },
      h("a", { class: "button primary", href: "/admin/events/new" }, t("ev_new")),
      h("a", { class: "button secondary", href: "/admin/events/new?series=1" }, t("we_new_series"))),
    filters, results);
  return { node };
}
