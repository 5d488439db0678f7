// What the teams, stations and people sections share: finding a person by name or by the last four
// digits of the phone (GET /api/v1/users), whether a record lies in the admin's area, the words shown
// when it does not, and the names of regions, stations and teams (read once per visit).
import { errorBox, h, mount } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { get } from "../../lib/api.js";
import { adminScopes } from "../../lib/ws.js";

// The significant prefix of a region code, as backend/regions/codes.py reads it: 610000 → 61, 610100 → 6101.
export const prefix = (code) => (/^\d{2}0000$/.test(code) ? code.slice(0, 2) : /^\d{4}00$/.test(code) ? code.slice(0, 4) : code);

// Does one of the admin's scopes contain the region `code`?
export const covers = (scopes, code) => !!code && scopes.some((s) => code.startsWith(prefix(s.region_code)));

// The admin's widest region: what a list asks for when no county is chosen.
export const widest = (scopes) => scopes[0]?.region_code;

// The words shown instead of a record of another area: never its data, never a raw error.
export function outOfScope() {
  return h("div", { class: "error out-of-scope", role: "alert" }, h("p", {}, t("ws_out_of_scope")),
    h("p", { class: "hint" }, t("ws_out_of_scope_help")));
}

// An API error in a workspace screen: a refusal of another area's record is said in words.
export function wsError(error) {
  if (error?.status === 403 && error.code === "forbidden") return outOfScope();
  return errorBox(error);
}

// Every county of the province (two pages of 100), with its city: { code → { name, city } }.
let counties;
export async function countyNames() {
  if (!counties) {
    counties = (async () => {
      const all = {};
      for (let page = 1; page <= 3; page++) {
        const { data, page: p } = await get(`/api/v1/regions?level=county&page_size=100&page=${page}`, { cacheKey: `ws-counties-${page}` });
        data.forEach((r) => { all[r.code] = { name: lang === "en" ? r.name_en : r.name, city: r.parent_names?.[0] || "" }; });
        if (!p?.next_page) break;
      }
      return all;
    })().catch((error) => { counties = null; throw error; });
  }
  return counties;
}

// The name of any region, station or team by its code or id, read once (all public answers).
const names = new Map();
export function nameOf(kind, id) {
  const key = `${kind}:${id}`;
  if (!names.has(key)) {
    const url = kind === "region" ? `/api/v1/regions/${id}` : `/api/v1/${kind}s/${id}`;
    names.set(key, get(url).then(({ data }) => (kind === "region" && lang === "en" ? data.name_en : data.name)).catch(() => "—"));
  }
  return names.get(key);
}

// The counties the admin may choose for a new team or station: [[code, "西安市 周至县"]], by code.
export async function countyOptions(scopes) {
  const all = await countyNames();
  return Object.entries(all).filter(([code]) => covers(scopes, code)).sort(([a], [b]) => a.localeCompare(b))
    .map(([code, c]) => [code, c.city ? `${c.city} ${c.name}` : c.name]);
}

// A select of the admin's counties, the only one chosen when there is only one.
export function countySelect(options, { name = "region_code", value = "", required = true, id } = {}) {
  return h("select", { name, required, id },
    options.length > 1 ? h("option", { value: "" }, t("wp_choose")) : null,
    options.map(([code, text]) => h("option", { value: code, selected: code === value }, text)));
}

// What a role is over, in words: "周至县 · 科协管理员", "站长 · 周至猕猴桃站", "队长 · 周至科技服务队".
export async function roleText(grant) {
  const over = grant.role === "association_admin" ? await nameOf("region", grant.region_code)
    : grant.role === "station_head" ? await nameOf("station", grant.station_id) : await nameOf("team", grant.team_id);
  return `${t("role_" + grant.role)} · ${over}`;
}

// The people finder: a search box (name, or the phone's last four digits) and the people found, each with
// a button `pick(user)`. `label` names the box; `action` the button. Returns the section's element.
export function personSearch({ id, label = t("wp_find_label"), action, pick, hint = t("wp_find_hint") }) {
  const out = h("div", { role: "status" });
  const results = h("ul", { class: "cards person-results" });
  const q = h("input", { type: "search", name: "q", id: `${id}-q`, maxlength: "64", required: true, autocomplete: "off" });
  const find = async (e) => {
    e.preventDefault();
    mount(out);
    try {
      const { data } = await get(`/api/v1/users?in_my_area=true&q=${encodeURIComponent(q.value.trim())}&page_size=20`);
      mount(results, data.length ? data.map((u) => h("li", { class: "card row", "data-user": u.id },
        h("span", {}, h("b", {}, u.display_name || "—"), " ", u.phone),
        h("button", { type: "button", class: "secondary", onclick: () => pick(u, out) }, action)))
        : h("li", { class: "hint" }, t("no_match")));
    } catch (error) {
      mount(out, wsError(error));
    }
  };
  return h("div", { class: "person-search", id },
    h("form", { class: "row", role: "search", onsubmit: find },
      h("div", { class: "field" }, h("label", { for: `${id}-q` }, label), q, hint ? h("small", { class: "hint" }, hint) : null),
      h("button", { class: "secondary", type: "submit" }, t("find"))),
    results, out);
}

// The admin's scopes (widest first) and whether a record's region lies in them.
export async function scopesAnd(code) {
  const scopes = await adminScopes();
  return { scopes, mine: covers(scopes, code) };
}
