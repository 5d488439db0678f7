// The assessment (考核) in the workspace: the province's league table, trends and zones; a city's counties and
// the reports waiting for it; a county against its targets and quotas; the monthly report and its approval.
// Targets, quotas, pilot applications and the year end are in assessment-manage.js.
import "./assessment-strings.js";
import { errorBox, field, h, mount, toast } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { call, get, post } from "../../lib/api.js";
import { send } from "../../lib/net.js";
import { dropDraft, getDraft, saveDraft } from "../../lib/store.js";
import { fmtDate, uuid } from "../../lib/util.js";
import { adminScopes, confirmAction, dataTable, isProvince, workspace } from "../../lib/ws.js";
import { chart } from "./assess-chart.js";

export const BASE = "/admin/assessment";
const A = "/api/v1/assessment";

// --- shared pieces (also used by assessment-manage.js) -------------------------------------------------

let indicatorList;
export async function indicators() {
  if (!indicatorList) indicatorList = (await get(`${A}/indicators`)).data;
  return indicatorList;
}
export const nameOf = (ind) => (lang === "en" ? ind.name_en : ind.name_zh);
export const thisYear = () => new Date().getFullYear();
export const level = (code) => (code === "610000" ? "province" : code.endsWith("00") ? "city" : "county");

// A figure in words: "3 场", "50 %", "4.2 分" (units only in Chinese; English says the number).
// Shown to the indicator's unit: whole events, people, needs…; hours, rates and scores to one decimal.
const DECIMALS = { "%": 1, "小时": 1, "分": 1 };
const rounded = (value, ind) => {
  const scale = 10 ** (ind?.unit in DECIMALS ? DECIMALS[ind.unit] : 0);
  return Math.round(value * scale) / scale;
};

export function amount(cell, ind) {
  if (!cell || cell.value == null) return "—";
  const v = rounded(cell.value, ind);
  if (ind?.unit === "%") return `${v} %`;
  return lang === "en" || !ind?.unit ? String(v) : `${v} ${ind.unit}`;
}

// on_track / at_risk / behind: a word, a sign and a colour together (never colour alone).
const SIGN = { on_track: "●", at_risk: "▲", behind: "▼" };
export function statusBadge(state) {
  if (!state) return h("span", { class: "as-status as-none" }, t("as_no_target"));
  return h("span", { class: `as-status as-${state}` }, h("span", { "aria-hidden": "true" }, SIGN[state], " "), t("as_" + state));
}
export function reportBadge(status) {
  return h("span", { class: `as-rstatus as-r-${status || "none"}` }, t("as_r_" + (status || "none")));
}

export function subnav(scope, on) {
  const items = [["", "as_overview"]];
  if (level(scope) === "county") items.push([`/counties/${scope}`, "as_my_county"]);
  if (level(scope) === "province") items.push(["/targets", "as_targets"], ["/quotas", "as_quotas"], ["/locks", "as_locks"]);
  items.push(["/pilots", "as_pilots"]);
  if (level(scope) !== "county") items.push(["/year-end", "as_year_end"]);
  return h("nav", { class: "as-subnav", "aria-label": t("ws_assessment") }, h("ul", {}, items.map(([path, key]) =>
    h("li", {}, h("a", { href: BASE + path, "aria-current": on === key ? "page" : null, class: on === key ? "on" : null }, t(key))))));
}

export async function widest() {
  const scopes = await adminScopes();
  return scopes.length ? scopes[0].region_code : null;
}

export async function frame(root, on, ...content) {
  const scope = await widest();
  return workspace(root, "assessment", h("div", { class: "as-page" }, h("h2", {}, t("ws_assessment")), scope ? subnav(scope, on) : null, ...content));
}

// --- the router ----------------------------------------------------------------------------------------

export async function render(root, params) {
  const path = location.pathname.slice(BASE.length);
  let m;
  if ((m = path.match(/^\/counties\/(\d{6})$/))) return county(root, m[1]);
  if ((m = path.match(/^\/reports\/(\d{6})\/(\d{4}-\d{2})$/))) return report(root, m[1], m[2]);
  if (path === "/records") return records(root);
  if (/^\/(targets|quotas|pilots|year-end|locks)/.test(path)) return (await import("./assessment-manage.js")).render(root, params);
  return overview(root);
}

// --- the overview: by the admin's widest scope ----------------------------------------------------------

async function overview(root) {
  const scope = await widest();
  if (!scope) return workspace(root, "assessment");
  if (level(scope) === "county") { history.replaceState(null, "", `${BASE}/counties/${scope}`); return county(root, scope); }
  const body = h("div", {}, h("p", { class: "hint" }, t("loading")));
  if (!(await frame(root, "as_overview", body))) return;
  const year = Number(new URLSearchParams(location.search).get("year")) || thisYear();
  const inds = await indicators();
  try {
    const parts = [];
    if (level(scope) === "province") {
      const [league, trends, zones, waiting] = await Promise.all([
        get(`${A}/league?year=${year}&region_code=${scope}`), get(`${A}/trends?region_code=${scope}&from=${year}-01&to=${year}-12`),
        get(`${A}/zones?region_code=${scope}&year=${year}&pilots_only=true`), get(`${A}/reports?region_code=${scope}&status=approved&page_size=50`)]);
      parts.push(waitingReports(waiting.data, "as_waiting_province"),
        h("section", {}, h("h3", {}, t("as_league"), ` · ${year}`), refreshed(league.data.refreshed_at), leagueTable(league.data, inds)),
        trendsSection(trends.data, inds), zonesSection(zones.data, inds), exportsSection(scope, year));
    } else {
      const [board, waiting] = await Promise.all([get(`${A}/dashboard?region_code=${scope}&year=${year}`),
        get(`${A}/reports?region_code=${scope}&status=submitted&page_size=50`)]);
      parts.push(waitingReports(waiting.data, "as_waiting_city"),
        h("section", {}, h("h3", {}, t("as_side_by_side"), ` · ${year}`), refreshed(board.data.refreshed_at), sideBySide(board.data, inds)), exportsSection(scope, year));
    }
    mount(body, parts);
  } catch (error) {
    mount(body, errorBox(error));
  }
}

function waitingReports(rows, title) {
  const month = (r) => `${r.year}-${String(r.month).padStart(2, "0")}`;
  return h("section", {}, h("h3", {}, t(title)), dataTable({
    caption: t(title), empty: t("as_none_waiting"), rows,
    columns: [
      { key: "region", label: t("county"), value: (r) => h("a", { href: `${BASE}/reports/${r.region_code}/${month(r)}` }, regionLabel(r.region_code)), sort: (r) => r.region_code },
      { key: "month", label: t("as_month"), value: month },
      { key: "status", label: t("as_status"), value: (r) => reportBadge(r.status), sort: (r) => r.status },
    ] }));
}

// Region names come with the dashboards; reports only carry codes, so names seen on this page are kept.
const NAMES = {};
const regionName = (code) => NAMES[code] || code;
// A region's name, filled in from the regions API when this page has not seen it yet.
export function regionLabel(code) {
  const el = h("span", {}, NAMES[code] || "…");
  if (!NAMES[code]) {
    get(`/api/v1/regions/${code}`).then(({ data }) => {
      NAMES[code] = (lang === "en" && data.name_en) || data.name;
      el.textContent = NAMES[code];
    }).catch(() => { el.textContent = code; });
  }
  return el;
}
const remember = (rows) => rows.forEach((c) => { NAMES[c.region_code] = c.name || c.region_name || NAMES[c.region_code]; });

// The indicators worth a column: those with a target somewhere, else the main counts.
function shownIndicators(counties, inds) {
  const targeted = inds.filter((i) => counties.some((c) => c.year[i.code]?.status));
  return targeted.length ? targeted : inds.filter((i) => ["events_total", "residents_reached", "volunteer_hours"].includes(i.code));
}

function figureCell(cell, ind, county, year) {
  const link = drillLink(ind.code, county.region_code, `${year}-01`, `${year}-12`, amount(cell, ind));
  return h("span", { class: "as-cell", "data-value": cell?.value ?? "" }, link,
    cell?.target != null ? h("small", { class: "hint" }, " / ", t("as_target_short"), " ", cell.target) : null,
    cell?.status ? [" ", statusBadge(cell.status)] : null);
}

function drillLink(code, region, from, to, text) {
  return h("a", { href: `${BASE}/records?indicator=${code}&region_code=${region}&from=${from}&to=${to}`, title: t("as_drill") }, text);
}

function leagueTable(data, inds) {
  remember(data.counties);
  const shown = shownIndicators(data.counties, inds);
  return dataTable({
    caption: t("as_league"), rows: data.counties, empty: t("as_no_pilots"),
    columns: [
      { key: "rank", label: t("as_rank"), value: (r) => r.rank, sort: (r) => r.rank },
      { key: "name", label: t("county"), value: (r) => h("a", { href: `${BASE}/counties/${r.region_code}` }, r.name), sort: (r) => r.name },
      { key: "zone", label: t("as_zone"), value: (r) => zoneName(r.zone) },
      { key: "score", label: t("as_score"), value: (r) => (r.score == null ? "—" : String(r.score)), sort: (r) => r.score ?? -1 },
      ...shown.map((ind) => ({ key: ind.code, label: nameOf(ind), value: (r) => figureCell(r.year[ind.code], ind, r, data.year), sort: (r) => r.year[ind.code]?.value ?? -1 })),
      { key: "award", label: t("as_award"), value: (r) => (r.proposed_award ? t("as_award_yes") : t("as_award_no")) },
    ] });
}

function sideBySide(data, inds) {
  remember(data.counties);
  const shown = shownIndicators(data.counties, inds);
  return dataTable({
    caption: t("as_side_by_side"), rows: data.counties,
    columns: [
      { key: "name", label: t("county"), value: (r) => h("a", { href: `${BASE}/counties/${r.region_code}` }, r.name), sort: (r) => r.name },
      { key: "pilot", label: t("as_pilot"), value: (r) => (r.is_pilot ? t("as_pilot_yes") : t("as_pilot_no")) },
      ...shown.map((ind) => ({ key: ind.code, label: nameOf(ind), value: (r) => figureCell(r.year[ind.code], ind, r, data.year), sort: (r) => r.year[ind.code]?.value ?? -1 })),
    ] });
}

// When the monthly figures were last computed (a job does it every few hours; the report shows live figures).
function refreshed(at) {
  const when = at ? new Date(at).toLocaleString(lang === "en" ? "en-GB" : "zh-CN", { dateStyle: "medium", timeStyle: "short" }) : null;
  return h("p", { class: "hint as-refreshed" }, when ? t("as_refreshed").replace("{t}", when) : t("as_not_refreshed"));
}

export const zoneName = (zone) => (zone ? t("as_zone_" + zone) : "—");

function monthValue(ind, num, den) {
  if (ind.kind === "count") return num;
  if (!den) return null;
  return Math.round((ind.kind === "rate" ? (100 * num) / den : num / den) * 10) / 10;
}

function trendsSection(data, inds) {
  const select = h("select", { id: "as-trend-ind" }, inds.filter((i) => i.available).map((i) => h("option", { value: i.code }, nameOf(i))));
  const place = h("div");
  const draw = () => {
    const ind = inds.find((i) => i.code === select.value);
    const values = data.series[ind.code].map((c) => (Array.isArray(c) ? monthValue(ind, c[0], c[1]) : c.value));
    mount(place, chart({ title: `${t("as_trends")} · ${nameOf(ind)}`, months: data.months, series: [{ name: nameOf(ind), values }], unit: ind.unit }));
  };
  select.value = "events_total";
  select.addEventListener("change", draw);
  draw();
  return h("section", {}, h("h3", {}, t("as_trends")), field(t("as_indicator"), select), place);
}

function zonesSection(data, inds) {
  const shown = inds.filter((i) => ["events_total", "residents_reached", "volunteer_hours", "satisfaction", "quota_completion"].includes(i.code));
  return h("section", {}, h("h3", {}, t("as_zones")), dataTable({
    caption: t("as_zones"), rows: data.zones,
    columns: [
      { key: "zone", label: t("as_zone"), value: (r) => zoneName(r.zone) },
      { key: "counties", label: t("as_counties"), value: (r) => String(r.counties) },
      ...shown.map((ind) => ({ key: ind.code, label: nameOf(ind), value: (r) => amount(r.figures[ind.code], ind), sort: (r) => r.figures[ind.code]?.value ?? -1 })),
    ] }));
}

function exportsSection(scope, year) {
  return h("section", {}, h("h3", {}, t("as_exports")), h("p", { class: "row" },
    h("a", { class: "button secondary", href: `${A}/export.xlsx?region_code=${scope}&year=${year}`, download: "" }, t("as_export_xlsx")),
    h("a", { class: "button secondary", href: `${A}/export.csv?region_code=${scope}&year=${year}`, download: "" }, t("as_export_sdmx"))));
}

// --- one county -------------------------------------------------------------------------------------------

async function county(root, code) {
  const body = h("div", {}, h("p", { class: "hint" }, t("loading")));
  if (!(await frame(root, "as_my_county", body))) return;
  const year = thisYear();
  try {
    const [{ data }, inds] = await Promise.all([get(`${A}/counties/${code}?year=${year}`), indicators()]);
    const c = data.county;
    if (c) remember([c]);
    const used = inds.filter((i) => i.available);
    // First what has a target or a figure; the indicators still empty and without a target below, folded.
    const main = used.filter((i) => c.year[i.code]?.target != null || c.year[i.code]?.value);
    const rest = used.filter((i) => !main.includes(i));
    const table = (rows) => dataTable({
      caption: t("as_against_targets"), rows,
      columns: [
        { key: "ind", label: t("as_indicator"), value: (i) => nameOf(i) },
        { key: "value", label: t("as_year_so_far"), value: (i) => drillLink(i.code, code, `${year}-01`, `${year}-12`, amount(c.year[i.code], i)), sort: (i) => c.year[i.code]?.value ?? -1 },
        { key: "target", label: t("as_target"), value: (i) => (c.year[i.code]?.target != null ? String(c.year[i.code].target) : "—") },
        { key: "expected", label: t("as_expected"), value: (i) => amount({ value: c.year[i.code]?.expected }, i) },
        { key: "status", label: t("as_status"), value: (i) => statusBadge(c.year[i.code]?.status), sort: (i) => c.year[i.code]?.status || "z" },
      ] });
    const figures = [table(main), rest.length ? h("details", {}, h("summary", {}, t("as_other_indicators").replace("{n}", rest.length)), table(rest)) : null];
    const ev = inds.find((i) => i.code === "events_total");
    const trend = chart({ title: `${c.name} · ${nameOf(ev)}`, months: data.months, series: [{ name: nameOf(ev), values: c.months.events_total.num }], unit: ev.unit });
    const quotas = data.quotas.length ? data.quotas.map((q) => h("div", { class: "card as-quota" },
      h("h4", {}, q.name, " ", h("small", { class: "hint" }, `${q.starts_on} – ${q.ends_on}`)),
      h("p", {}, t("as_quota_done").replace("{n}", q.num).replace("{d}", q.den), q.completion != null ? ` (${q.completion} %)` : ""),
      h("ul", {}, q.lines.map((l) => h("li", {}, `${l.kind ? t("k_" + l.kind) : t("as_any_kind")}: `,
        t("as_quota_line").replace("{done}", l.done).replace("{min}", l.minimum), " ",
        h("span", { class: `as-status ${l.met ? "as-on_track" : "as-behind"}` }, l.met ? t("as_met") : t("as_not_met"))))))) : h("p", { class: "hint" }, t("as_no_quotas"));
    const month = (r) => r.month;
    const now = new Date();
    const over = (r) => r.month < `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
    const reports = dataTable({
      caption: t("as_reports"), rows: data.reports.filter(over).reverse(),
      columns: [
        { key: "month", label: t("as_month"), value: (r) => h("a", { href: `${BASE}/reports/${code}/${r.month}` }, month(r)) },
        { key: "status", label: t("as_status"), value: (r) => reportBadge(r.status), sort: (r) => r.status || "" },
      ] });
    mount(body, h("h3", { class: "as-county-name" }, c.name, " ", h("small", { class: "hint" }, zoneName(c.zone), " · ", c.is_pilot ? t("as_pilot_yes") : t("as_pilot_no"))),
      h("section", {}, h("h3", {}, t("as_against_targets"), ` · ${year}`), h("p", { class: "hint" }, t("as_status_rule")), refreshed(data.refreshed_at), figures),
      h("section", {}, h("h3", {}, t("as_quotas")), quotas),
      h("section", {}, h("h3", {}, t("as_reports")), reports),
      h("section", {}, trend));
  } catch (error) {
    mount(body, errorBox(error));
  }
}

// --- the monthly report --------------------------------------------------------------------------------------

async function report(root, code, month) {
  const body = h("div", {}, h("p", { class: "hint" }, t("loading")));
  if (!(await frame(root, "as_my_county", body))) return;
  const url = `${A}/reports/${code}/${month}`;
  const scopes = (await adminScopes()).map((s) => s.region_code);
  const myLevel = scopes.includes(code) ? "county" : isProvince(await adminScopes()) ? "province" : "city";
  let view;
  try {
    [view] = await Promise.all([get(url).then((a) => a.data), indicators()]);
  } catch (error) {
    return mount(body, errorBox(error));
  }
  const inds = await indicators();
  const indOf = (code_) => inds.find((i) => i.code === code_);
  const out = h("div", { role: "status" });
  const draw = () => {
    const frozen = view.status === "accepted";
    const all = view.figures.filter((f) => indOf(f.indicator)?.available !== false);
    const some = (f) => f.live?.num || f.frozen?.num || f.late_correction;
    const table = (rows) => dataTable({
      caption: t("as_figures_of_month"), rows,
      rowClass: (f) => (f.late_correction ? "as-late" : null),
      columns: [
        { key: "ind", label: t("as_indicator"), value: (f) => nameOf(indOf(f.indicator) || { name_zh: f.name, name_en: f.name }) },
        frozen ? { key: "frozen", label: t("as_frozen"), value: (f) => amount(f.frozen, indOf(f.indicator)) } : null,
        { key: "live", label: frozen ? t("as_now") : t("as_this_month"), value: (f) => drillLink(f.indicator, code, month, month, amount(f.live, indOf(f.indicator))) },
        frozen ? { key: "late", label: t("as_late_correction"), value: (f) => (f.late_correction ? h("span", { class: "as-status as-at_risk" }, "▲ ", t("as_late_yes")) : t("as_late_no")) } : null,
      ].filter(Boolean) });
    const zero = all.filter((f) => !some(f));
    const figures = [table(all.filter(some)), zero.length
      ? h("details", {}, h("summary", {}, t("as_zero_indicators").replace("{n}", zero.length)), table(zero)) : null];
    const editable = myLevel === "county" && ["draft", "returned"].includes(view.status);
    mount(body,
      h("p", {}, h("a", { href: `${BASE}/counties/${code}` }, "← ", regionLabel(code))),
      h("h3", {}, t("as_report_of").replace("{m}", month), " · ", regionLabel(code), " ", reportBadge(view.status)),
      view.status === "returned" && view.comment ? h("div", { class: "notice as-returned", role: "note" }, h("b", {}, t("as_returned_comment")), "：", view.comment) : null,
      view.has_late_corrections ? h("p", { class: "notice" }, t("as_has_late")) : null,
      h("section", {}, h("h4", {}, t("as_figures_of_month")), figures),
      editable ? narrativeForm(code, month, url, view, (v) => { view = v; draw(); }) : narrativeView(view),
      actions(myLevel, view, url, (v) => { view = v; draw(); }),
      out);
  };
  draw();
}

function narrativeView(view) {
  return h("section", { class: "as-narrative" },
    h("h4", {}, t("as_progress")), h("p", {}, view.progress || "—"),
    h("h4", {}, t("as_problems")), h("p", {}, view.problems || "—"),
    h("h4", {}, t("as_cases")), view.cases?.length ? h("ul", {}, view.cases.map((c) => h("li", {}, h("b", {}, c.title), "：", c.text,
      h("span", { class: "as-photos" }, (c.photos || []).map((src) => h("img", { src, alt: c.title, loading: "lazy", width: 120 })))))) : h("p", {}, "—"));
}

// The narrative, kept on the phone as it is typed, saved to the server, and submitted.
function narrativeForm(code, month, url, view, redraw) {
  const key = `assess-report:${code}:${month}`;
  const progress = h("textarea", { name: "progress", rows: 5, maxlength: 10000 });
  const problems = h("textarea", { name: "problems", rows: 4, maxlength: 10000 });
  const cases = h("div", { class: "as-cases" });
  const caseRow = (c = {}) => {
    const title = h("input", { name: "case_title", maxlength: 200, value: c.title || "" });
    const text = h("textarea", { name: "case_text", rows: 3, maxlength: 5000 });
    text.value = c.text || "";
    const photos = [...(c.photo_uuids || [])];
    const pics = h("span", { class: "as-photos" });
    const showPics = () => mount(pics, photos.map((u) => h("img", { src: `${A}/report-photos/${u}`, alt: title.value || t("photo"), width: 96 })));
    showPics();
    const file = h("input", { type: "file", accept: "image/jpeg,image/png,image/webp", onchange: async () => {
      const chosen = file.files[0];
      if (!chosen) return;
      const form = new FormData();
      const id = uuid();
      form.append("photo_uuid", id);
      form.append("file", chosen);
      try {
        await send("POST", `${url}/photos`, { form, lang });
        photos.push(id);
        showPics();
        keep();
      } catch (error) { row.append(errorBox(error)); }
    } });
    const row = h("fieldset", { class: "as-case" }, h("legend", {}, t("as_case")),
      field(t("as_case_title"), title), field(t("as_case_text"), text), field(t("as_case_photo"), file), pics,
      h("button", { type: "button", class: "secondary", onclick: () => { row.remove(); keep(); } }, t("as_case_remove")));
    row.read = () => ({ title: title.value.trim(), text: text.value.trim(), photo_uuids: photos });
    cases.append(row);
  };
  const read = () => ({ progress: progress.value, problems: problems.value,
    cases: [...cases.children].map((r) => r.read()).filter((c) => c.title && c.text) });
  const keep = () => saveDraft(key, read());
  const out = h("div", { role: "status" });
  const fill = (d) => {
    progress.value = d.progress || "";
    problems.value = d.problems || "";
    cases.replaceChildren();
    (d.cases || []).forEach(caseRow);
  };
  fill(view);
  getDraft(key).then((d) => { if (d) { fill(d); out.replaceChildren(h("p", { class: "hint" }, t("as_draft_restored"))); } });
  const save = async () => {
    const answer = await call("PUT", url, read());
    await dropDraft(key);
    return answer.data;
  };
  const form = h("form", { class: "as-report-form", oninput: keep, onsubmit: async (e) => {
    e.preventDefault();
    try {
      const saved = await save();
      toast(t("as_saved"));
      redraw(saved);
    } catch (error) { mount(out, errorBox(error)); }
  } },
    h("h4", {}, t("as_narrative")),
    field(t("as_progress"), progress), field(t("as_problems"), problems),
    h("h4", {}, t("as_cases")), cases,
    h("p", {}, h("button", { type: "button", class: "secondary", onclick: () => caseRow() }, t("as_case_add"))),
    h("p", { class: "row" }, h("button", { type: "submit", class: "secondary" }, t("as_save")),
      h("button", { type: "button", class: "primary", onclick: async () => {
        try {
          await save();
          const done = (await post(`${url}/actions`, { action: "submit" })).data;
          toast(t("as_submitted"));
          redraw(done);
        } catch (error) { mount(out, errorBox(error)); }
      } }, t("as_submit"))),
    out);
  return form;
}

// What the city or the province may do with the report now.
function actions(myLevel, view, url, redraw) {
  const out = h("div", { role: "status" });
  const act = async (action, comment) => {
    try {
      const done = (await post(`${url}/actions`, { action, comment: comment || "" })).data;
      toast(t("as_done_" + action));
      redraw(done);
    } catch (error) { mount(out, errorBox(error)); }
  };
  const giveBack = async () => {
    const said = await confirmAction({ title: t("as_return_title"), text: t("as_return_text"), told: t("as_return_told"),
      confirm: t("as_return"), danger: true, inputs: [{ name: "comment", label: t("as_return_comment"), required: true, rows: 3, maxlength: 2000 }] });
    if (said) act("return", said.comment);
  };
  const buttons = [];
  if (myLevel === "city" && view.status === "submitted") {
    buttons.push(h("button", { type: "button", class: "primary", onclick: () => act("approve") }, t("as_approve")),
      h("button", { type: "button", class: "secondary", onclick: giveBack }, t("as_return")));
  }
  if (myLevel === "province" && view.status === "approved") {
    buttons.push(h("button", { type: "button", class: "primary", onclick: async () => {
      const ok = await confirmAction({ title: t("as_accept_title"), text: t("as_accept_text"), confirm: t("as_accept") });
      if (ok) act("accept");
    } }, t("as_accept")), h("button", { type: "button", class: "secondary", onclick: giveBack }, t("as_return")));
  }
  return buttons.length ? h("section", {}, h("p", { class: "row" }, buttons), out) : out;
}

// --- the records behind a figure --------------------------------------------------------------------------------

// The needs behind a needs figure: each links to its page in the needs workspace (township-level, no asker).
async function needColumns(rows) {
  const { word } = await import("../needs/common.js");
  const day = (iso) => fmtDate(iso, lang) || "—"; // the day in Asia/Shanghai
  return [
    { key: "title", label: t("as_record"), value: (r) => h("a", { href: `/admin/needs/${r.need_id}` }, r.title) },
    { key: "township", label: t("as_township"), value: (r) => r.township || "—" },
    { key: "status", label: t("status"), value: (r) => word("nds_", r.status) + (r.closed_as ? ` · ${word("ndc_", r.closed_as)}` : "") },
    { key: "created_at", label: t("as_raised"), value: (r) => day(r.created_at) },
    { key: "at", label: t("as_counted_at"), value: (r) => day(r.at) },
    rows.some((r) => r.on_time != null) ? { key: "on_time", label: t("as_on_time"), value: (r) => t(r.on_time ? "as_yes_on_time" : "as_late") } : null,
  ].filter(Boolean);
}

async function records(root) {
  const q = new URLSearchParams(location.search);
  const body = h("div", {}, h("p", { class: "hint" }, t("loading")));
  if (!(await frame(root, "as_overview", body))) return;
  const inds = await indicators();
  const ind = inds.find((i) => i.code === q.get("indicator"));
  const load = async (page = 1) => {
    try {
      const answer = await get(`${A}/records?${q}&page=${page}&page_size=50`);
      const rows = answer.data;
      const columns = rows.some((r) => r.need_id != null) ? await needColumns(rows) : [
        { key: "what", label: t("as_record"), value: (r) => r.title || r.topic || r.name || (r.event && r.event.title) || (r.still_needed ?? "") || "—" },
        { key: "when", label: t("as_when"), value: (r) => (r.starts_at || r.occurred_at || r.served_at || r.at || "").slice(0, 10) || "—" },
        { key: "kind", label: t("kind"), value: (r) => (r.kind ? t("k_" + r.kind) : "—") },
        { key: "amount", label: t("as_amount"), value: (r) => String(r.people_served ?? (r.minutes != null ? Math.round(r.minutes / 6) / 10 : null) ?? r.rating ?? "—") },
      ];
      const { pager } = await import("../../lib/ws.js");
      mount(body, h("h3", {}, t("as_records_of"), " ", ind ? nameOf(ind) : "", ` · ${q.get("from")} – ${q.get("to")}`),
        dataTable({ caption: t("as_records_of"), rows, columns }), pager(answer.page, load));
    } catch (error) { mount(body, errorBox(error)); }
  };
  load();
}
