// The association's workspace: pieces every admin screen shares (loaded only when an admin opens one).
//   workspace(root, section, ...content)   the layout: the sections beside the screen from 1,024 px, above it on a phone
//   dataTable({ columns, rows, ... })      a table with sortable columns on a desk, labelled cards on a phone
//   pager(page, onPage)                    previous / next for a list answered with X-Pagination
//   confirmAction({ title, text, ... })    a modal <dialog> that says what will happen and who will be told
//   filterBar(fields, onChange)            filters kept in the address (?status=draft&kind=...) so a list can be reopened
//   latestOnly()                           (from util.js, shared with the resident's list) only the latest answer drawn
import { h, mount } from "./h.js";
import { t } from "./i18n.js";
import { currentUser, grantsOf } from "./api.js";

export { latestOnly } from "./util.js";

// The sections of the workspace, in the order they are shown. `who` says which admins see a section:
// "any" every association admin, "province" only the province's.
export const SECTIONS = [
  { key: "events", href: "/admin/events", label: "ws_events", who: "any" },
  { key: "needs", href: "/admin/needs", label: "ws_needs", who: "any" },
  { key: "campaigns", href: "/admin/campaigns", label: "ws_campaigns", who: "any" },
  { key: "teams", href: "/admin/teams", label: "ws_teams", who: "any" },
  { key: "stations", href: "/admin/stations", label: "ws_stations", who: "any" },
  { key: "people", href: "/admin/people", label: "ws_people", who: "any" },
  { key: "reports", href: "/admin/reports", label: "ws_reports", who: "any" },
  { key: "review", href: "/admin/review", label: "review", who: "any" },
  { key: "assessment", href: "/admin/assessment", label: "ws_assessment", who: "any" },
  { key: "pilots", href: "/admin/pilots", label: "ws_pilots", who: "province" },
  { key: "audit", href: "/admin/audit", label: "ws_audit", who: "province" },
];

// The admin's scopes (association_admin grants), widest first; the province's code is "610000".
export async function adminScopes() {
  const scopes = grantsOf(await currentUser(), "association_admin");
  return scopes.sort((a, b) => a.region_code.replace(/0+$/, "").length - b.region_code.replace(/0+$/, "").length);
}

export const isProvince = (scopes) => scopes.some((s) => s.region_code === "610000");

// Draws the workspace around a screen and returns its main column (the screen's own place); null (having
// said so) when the person is not an admin.
export async function workspace(root, section, ...content) {
  const scopes = await adminScopes();
  document.getElementById("app")?.classList.add("wide");
  if (!scopes.length) {
    mount(root, h("h2", {}, t("admin")), h("p", {}, t("login_needed")), h("p", {}, h("a", { class: "button primary", href: "/login" }, t("login"))));
    return null;
  }
  const province = isProvince(scopes);
  const links = SECTIONS.filter((s) => s.who === "any" || province).map((s) =>
    h("li", {}, h("a", { href: s.href, class: s.key === section ? "on" : null, "aria-current": s.key === section ? "page" : null }, t(s.label))));
  const main = h("div", { class: "ws-main" }, content);
  mount(root, h("div", { class: "ws" }, h("nav", { class: "ws-nav", "aria-label": t("ws_sections") }, h("ul", {}, links)), main));
  return main;
}

// Is the screen wide enough for tables and side-by-side editors?
export const isDesk = () => window.matchMedia("(min-width: 1024px)").matches;

// columns: [{ key, label, value(row) → text or node, sort(row) → comparable (default value), sortable }]
// rows: the records. onOpen(row) makes each row a link-like target (keyboard: its first cell's link).
// Sorting is on the page's rows (a page of the server's list); the server's order is the default.
// sorted: { key, ascending } to draw the table already sorted (a list that redraws keeps its order);
// onSort({ key, ascending, server }) is told of every change. A column with `server` (the API's sort key)
// orders the whole list: the table only marks it and the list asks the server again, sorted.
export function dataTable({ columns, rows, caption, empty = t("ws_empty"), rowClass, sorted = null, onSort = null }) {
  if (!rows.length) return h("p", { class: "hint" }, empty);
  let sortKey = null;
  let ascending = true;
  const body = h("tbody");
  const heads = columns.map((col) => {
    const button = col.sortable === false ? null : h("button", { type: "button", class: "sort", onclick: () => sortBy(col) }, col.label);
    return h("th", { scope: "col", "aria-sort": "none", "data-key": col.key }, button || col.label);
  });
  const cell = (col, row) => {
    const value = col.value ? col.value(row) : row[col.key];
    return h("td", { "data-label": col.label }, value ?? "—");
  };
  const draw = (list) => body.replaceChildren(...list.map((row) => h("tr", { class: rowClass ? rowClass(row) : null }, columns.map((c) => cell(c, row)))));
  function sortBy(col, direction = null) {
    ascending = direction ?? (sortKey === col.key ? !ascending : true);
    sortKey = col.key;
    heads.forEach((th) => th.setAttribute("aria-sort", th.dataset.key === sortKey ? (ascending ? "ascending" : "descending") : "none"));
    if (onSort && direction == null) onSort({ key: sortKey, ascending, server: col.server || null });
    if (col.server && onSort) return direction == null ? null : draw(rows); // the server's rows come in its order
    const key = col.sort || ((row) => { const v = col.value ? col.value(row) : row[col.key]; return v instanceof Node ? v.textContent : v; });
    const sorted = [...rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const order = x == null ? 1 : y == null ? -1 : typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return ascending ? order : -order;
    });
    draw(sorted);
  }
  const first = sorted && columns.find((c) => c.key === sorted.key && c.sortable !== false);
  if (first) sortBy(first, sorted.ascending !== false);
  else draw(rows);
  return h("div", { class: "table-wrap" }, h("table", { class: "data" }, caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, heads)), body));
}

// Previous / next for a paged list; `page` is the X-Pagination header the API sent.
export function pager(page, onPage) {
  if (!page || (!page.previous_page && !page.next_page)) return null;
  return h("p", { class: "row pager" },
    page.previous_page ? h("button", { type: "button", class: "secondary", onclick: () => onPage(page.previous_page) }, t("ws_prev")) : null,
    h("span", {}, t("ws_page").replace("{p}", page.page).replace("{n}", page.last_page || "…"), page.total != null ? ` · ${t("ws_total").replace("{n}", page.total)}` : ""),
    page.next_page ? h("button", { type: "button", class: "secondary", onclick: () => onPage(page.next_page) }, t("ws_next")) : null);
}

// A modal confirmation. Resolves with the values of its inputs (e.g. { reason }) or null when cancelled.
// `inputs`: [{ name, label, required, rows }]; `danger` draws the confirm button red.
export function confirmAction({ title, text, told, confirm, inputs = [], danger = false }) {
  return new Promise((resolve) => {
    const fields = inputs.map((i) => {
      const input = h(i.rows ? "textarea" : "input", { name: i.name, required: i.required, rows: i.rows, maxlength: i.maxlength || "500" });
      const id = "cf-" + i.name;
      input.id = id;
      return [i.name, input, h("div", { class: "field" }, h("label", { for: id }, i.label), input)];
    });
    const dialog = h("dialog", { class: "confirm-dialog", "aria-labelledby": "cf-title" });
    const close = (value) => { dialog.close(); dialog.remove(); resolve(value); };
    const form = h("form", { method: "dialog", onsubmit: (e) => {
      e.preventDefault();
      if (!form.reportValidity()) return;
      close(Object.fromEntries(fields.map(([name, input]) => [name, input.value.trim()])));
    } },
      h("h2", { id: "cf-title" }, title),
      text ? h("p", {}, text) : null,
      told ? h("p", { class: "notice" }, told) : null,
      fields.map((f) => f[2]),
      h("p", { class: "row" },
        h("button", { type: "submit", class: danger ? "danger" : "primary" }, confirm || t("ws_confirm")),
        h("button", { type: "button", class: "secondary", onclick: () => close(null) }, t("cancel"))));
    dialog.addEventListener("cancel", (e) => { e.preventDefault(); close(null); });
    dialog.append(form);
    document.body.append(dialog);
    dialog.showModal();
  });
}

// Filters kept in the address: fields are [{ name, label, options: [[value, text]] } | { name, label, type }].
// onChange(params) is called with the URLSearchParams after the address is updated (history.replaceState).
export function filterBar(fields, onChange, { keep = [] } = {}) {
  const params = new URLSearchParams(location.search);
  const controls = fields.map((f) => {
    const id = "flt-" + f.name;
    const control = f.options
      ? h("select", { id, name: f.name }, h("option", { value: "" }, t("all")), f.options.map(([v, text]) => h("option", { value: v, selected: params.get(f.name) === v }, text)))
      : h("input", { id, name: f.name, type: f.type || "search", value: params.get(f.name) || "" });
    return h("div", { class: "field" }, h("label", { for: id }, f.label), control);
  });
  const form = h("form", { class: "filter-bar", role: "search", onsubmit: (e) => { e.preventDefault(); apply(); } },
    controls, h("div", { class: "field" }, h("button", { type: "submit", class: "secondary" }, t("ws_apply"))));
  form.addEventListener("change", () => apply());
  function apply() {
    const next = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value) next.set(el.name, el.value.trim());
    const now = new URLSearchParams(location.search); // what the address holds beside the filters (the order)
    for (const name of keep) if (now.get(name)) next.set(name, now.get(name));
    history.replaceState(null, "", `${location.pathname}${next.toString() ? "?" + next : ""}`);
    onChange(next);
  }
  return form;
}
