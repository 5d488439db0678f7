// Reports: an area's (county, city, province) or a station's field-log figures by month, as a table, as
// bars by month (the chart module is loaded only when a report opens) and as the .xlsx download.
// A city or the province sees its counties side by side. The choices are kept in the address.
import { errorBox, field, h, mount } from "../../lib/h.js";
import { LOG_KINDS, lang, t } from "../../lib/i18n.js";
import { get } from "../../lib/api.js";
import { adminScopes, dataTable, workspace } from "../../lib/ws.js";
import { regionNames } from "./region-names.js";

const MEASURES = [["logs", "rp_logs"], ["people_served", "people"], ["women", "women"], ["low_income", "low_income"],
  ["over_60", "over_60"]];
// The month table's columns after the month: [label key, value of a row].
const COLUMNS = [
  ["rp_logs", (r) => r.logs],
  ...LOG_KINDS.map((k) => ["k_" + k, (r) => r.logs_by_kind[k] ?? 0]),
  ["people", (r) => r.people_served], ["women", (r) => r.women], ["low_income", (r) => r.low_income],
  ["over_60", (r) => r.over_60], ["rp_flagged", (r) => r.flagged], ["rp_pending", (r) => r.pending],
  ["rp_rejected", (r) => r.rejected],
];

const isMonth = (v) => /^\d{4}-(0[1-9]|1[0-2])$/.test(v || "");
const isCounty = (code) => !code.endsWith("00");
const covers = (scope, code) => !!code && code.startsWith(scope.replace(/0000$/, "").replace(/00$/, ""));
const number = (n) => new Intl.NumberFormat(lang === "en" ? "en" : "zh-CN").format(n);

// This month (Asia/Shanghai) minus `back` months, as YYYY-MM.
function monthsAgo(back) {
  const [y, m] = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" })
    .format(new Date()).split("-").map(Number);
  const index = y * 12 + m - 1 - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export function monthText(month) {
  const [y, m] = month.split("-").map(Number);
  return lang === "en" ? new Date(Date.UTC(y, m - 1, 15)).toLocaleDateString("en-GB", { month: "short", year: "numeric" }) : `${y}年${m}月`;
}

// A month under a bar: "3月" (with the year under the first bar and under January).
function barLabel(month, i) {
  const [y, m] = month.split("-").map(Number);
  const text = lang === "en" ? new Date(Date.UTC(y, m - 1, 15)).toLocaleDateString("en-GB", { month: "short" }) : `${m}月`;
  return i === 0 || m === 1 ? [text, String(y)] : text;
}

function readState(scopes) {
  const p = new URLSearchParams(location.search);
  const region = scopes.some((s) => covers(s.region_code, p.get("region"))) ? p.get("region") : scopes[0].region_code;
  const from = isMonth(p.get("from")) ? p.get("from") : monthsAgo(11);
  const to = isMonth(p.get("to")) ? p.get("to") : monthsAgo(0);
  const measure = MEASURES.some(([m]) => m === p.get("measure")) ? p.get("measure") : "people_served";
  return { type: p.get("type") === "station" ? "station" : "region", region, station: p.get("station") || "", from, to, measure };
}

function keepState(state) {
  const p = new URLSearchParams({ type: state.type, region: state.region, from: state.from, to: state.to, measure: state.measure });
  if (state.type === "station" && state.station) p.set("station", state.station);
  history.replaceState(null, "", `${location.pathname}?${p}`);
}

export async function render(outer) {
  const root = await workspace(outer, "reports");
  if (!root) return;
  const scopes = await adminScopes();
  const state = readState(scopes);
  const names = await regionNames([...scopes.map((s) => s.region_code), state.region]);
  const out = h("div", { class: "report", "aria-live": "polite" });
  const select = (name, options, value) => h("select", { name }, options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
  const type = select("type", [["region", t("rp_area_report")], ["station", t("rp_station_report")]], state.type);
  const regionOptions = Object.keys(names).map((code) => [code, names[code] || code]);
  const region = select("region", regionOptions, state.region);
  const station = h("select", { name: "station" });
  const stationField = field(t("rp_station_pick"), station);
  const from = h("input", { type: "month", name: "from", value: state.from, required: true });
  const to = h("input", { type: "month", name: "to", value: state.to, required: true });
  const measure = select("measure", MEASURES.map(([m, key]) => [m, t(key)]), state.measure);

  async function fillStations() {
    const shown = type.value === "station";
    stationField.style.display = shown ? "" : "none"; // .field's display would overrule `hidden`
    if (!shown) return;
    try {
      const { data } = await get(`/api/v1/stations?region_code=${region.value}&page_size=100`);
      station.replaceChildren(...data.map((s) => h("option", { value: String(s.id), selected: String(s.id) === state.station }, s.name)));
    } catch (error) {
      mount(out, errorBox(error));
    }
  }

  async function show(e) {
    e?.preventDefault();
    Object.assign(state, { type: type.value, region: region.value, station: station.value, from: from.value, to: to.value, measure: measure.value });
    keepState(state);
    if (state.type === "station" && !state.station) return mount(out, h("p", { class: "hint" }, t("rp_no_stations")));
    mount(out, h("p", { class: "hint" }, t("rp_loading")));
    try {
      await draw(out, state);
    } catch (error) {
      mount(out, errorBox(error, { from: t("rp_from"), to: t("rp_to"), by: t("rp_area") }));
    }
  }

  const form = h("form", { class: "filter-bar report-form", onsubmit: show },
    field(t("rp_kind"), type), field(t("rp_area"), region), stationField,
    field(t("rp_from"), from), field(t("rp_to"), to), field(t("rp_measure"), measure),
    h("div", { class: "field" }, h("button", { type: "submit", class: "primary" }, t("rp_show"))));
  type.addEventListener("change", async () => { await fillStations(); show(); });
  region.addEventListener("change", async () => { await fillStations(); show(); });
  for (const control of [station, measure]) control.addEventListener("change", () => show());
  mount(root, h("h2", {}, t("ws_reports")), form, out);
  await fillStations();
  await show();
}

function reportUrl(state, xlsx = false) {
  const range = `from=${state.from}&to=${state.to}`;
  const suffix = xlsx ? ".xlsx" : "";
  if (state.type === "station") return `/api/v1/stations/${state.station}/report${suffix}?${range}`;
  return `/api/v1/regions/${state.region}/fieldlog-report${suffix}?${range}${isCounty(state.region) ? "" : "&by=county"}`;
}

async function draw(out, state) {
  const [{ data }, { barChart }] = await Promise.all([get(reportUrl(state)), import("./chart.js")]);
  const name = state.type === "station" ? data.station_name : data.region_name;
  const label = MEASURES.find(([m]) => m === state.measure)[1];
  const period = `${monthText(state.from)} – ${monthText(state.to)}`;
  const months = data.months.map((r) => r.month);
  const side = data.counties?.length > 1;
  const title = t(side ? "rp_side" : "rp_chart").replace("{measure}", t(label));
  const series = side ? data.counties.map((c) => ({ name: c.region_name, values: c.months.map((r) => r[state.measure]) }))
    : [{ name: t(label), values: data.months.map((r) => r[state.measure]) }];
  const chart = barChart({ label: t("rp_chart_alt").replace("{title}", title), labels: months.map(barLabel), series,
    describedBy: side ? "rp-side" : "rp-months" });
  const figure = h("figure", { class: "chart" }, chart, h("figcaption", { class: "hint" }, title));
  mount(out,
    h("h3", {}, name, " · ", period),
    h("p", { class: "row" }, h("a", { class: "button secondary", href: reportUrl(state, true), download: "" }, t("rp_download"))),
    h("p", { class: "hint" }, t("rp_counted_note")),
    figure,
    side ? sideTable(data, state, label) : null,
    monthTable(data),
    data.stations?.length ? stationTotals(data.stations) : null);
  figure.scrollLeft = figure.scrollWidth; // on a phone the bars scroll sideways: the latest months first in view
}

// Months down, counties across, the chosen figure in each cell: a city's counties side by side.
function sideTable(data, state, label) {
  const link = (c) => {
    const p = new URLSearchParams({ ...state, type: "region", region: c.region_code });
    p.delete("station");
    return h("a", { href: `/admin/reports?${p}` }, c.region_name);
  };
  const cell = (value, label) => h("td", { class: "num", "data-label": label }, number(value));
  const row = (title, cells, total, cls) => h("tr", { class: cls }, h("th", { scope: "row" }, title),
    cells.map((v, i) => cell(v, data.counties[i].region_name)), cell(total, t("rp_total")));
  return h("div", { class: "table-wrap" }, h("table", { class: "matrix side", id: "rp-side" },
    h("caption", {}, t("rp_side").replace("{measure}", t(label))),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("rp_month")),
      data.counties.map((c) => h("th", { scope: "col", class: "num" }, link(c))), h("th", { scope: "col", class: "num" }, t("rp_total")))),
    h("tbody", {}, data.months.map((m, i) => row(monthText(m.month), data.counties.map((c) => c.months[i][state.measure]), m[state.measure])),
      row(t("rp_total"), data.counties.map((c) => c.total[state.measure]), data.total[state.measure], "total-row"))));
}

// Months down, every figure across, the total last.
function monthTable(data) {
  const heads = COLUMNS.map(([key]) => h("th", { scope: "col", class: "num" }, t(key)));
  const row = (title, r, cls) => h("tr", { class: cls }, h("th", { scope: "row", "data-label": t("rp_month") }, title),
    COLUMNS.map(([key, value]) => h("td", { class: "num", "data-label": t(key) }, number(value(r)))));
  return h("div", { class: "table-wrap" }, h("table", { class: "matrix months", id: "rp-months" },
    h("caption", {}, t("rp_by_month")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("rp_month")), heads)),
    h("tbody", {}, data.months.map((r) => row(monthText(r.month), r)), row(t("rp_total"), data.total, "total-row"))));
}

// Each station's totals over the months, sortable.
function stationTotals(stations) {
  const columns = [
    { key: "name", label: t("rp_station_pick"), value: (s) => s.station_name },
    { key: "logs", label: t("rp_logs"), value: (s) => number(s.total.logs), sort: (s) => s.total.logs },
    { key: "people", label: t("people"), value: (s) => number(s.total.people_served), sort: (s) => s.total.people_served },
    { key: "flagged", label: t("rp_flagged"), value: (s) => number(s.total.flagged), sort: (s) => s.total.flagged },
  ];
  // every column but the name holds a number: right-aligned by the wrapper's class (kept when sorting redraws)
  return h("section", { class: "rp-stations", "aria-labelledby": "rp-stations" }, h("h4", { id: "rp-stations" }, t("rp_stations")),
    dataTable({ columns, rows: stations }));
}
