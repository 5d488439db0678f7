// The association's needs: the area's needs with filters and an xlsx export, the county's figures;
// one need's triage (accept, refuse, duplicate, refer up), its ranked suggestions and assignments;
// the survey import (template, upload, a result per row).
import { errorBox, field, h, mount, toast } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { get, post } from "../../lib/api.js";
import { send } from "../../lib/net.js";
import { fmtDate, fmtTime } from "../../lib/util.js";
import { adminScopes, confirmAction, dataTable, filterBar, latestOnly, pager, workspace } from "../../lib/ws.js";
import { regionPicker } from "../region-picker.js";
import { NEED_KINDS, NEED_STATUSES, age, deadlines, fieldName, fieldNames, fields, placeNames, placeOf, statusTag, timeline, word } from "../needs/common.js";

export async function render(outer, [id]) {
  const root = await workspace(outer, "needs");
  if (!root) return;
  if (location.pathname === "/admin/needs/import") return survey(root);
  return id ? needPage(outer, root, id) : listPage(root);
}

const areaOf = async () => (await adminScopes()).at(-1)?.region_code; // the narrowest scope: a county admin's county

async function listPage(root) {
  const region = await areaOf();
  const names = await fieldNames();
  let fieldList = [];
  try { fieldList = await fields(); } catch { /* offline */ }
  const table = h("div", { id: "needs-table" });
  const exportLink = h("a", { class: "button secondary", href: "#", download: "needs.xlsx" }, t("nd_export"));
  const bar = filterBar([
    { name: "status", label: t("status"), options: NEED_STATUSES.map((s) => [s, word("nds_", s)]) },
    { name: "kind", label: t("nd_kind"), options: NEED_KINDS.map((k) => [k, word("ndk_", k)]) },
    { name: "field", label: t("nd_field"), options: fieldList.map((f) => [f.code, f.label]) },
    { name: "overdue", label: t("nd_overdue"), options: [["true", t("nd_overdue_only")]] },
    { name: "q", label: t("find") },
  ], () => load(1));

  const ask = latestOnly();
  function load(page) {
    const query = new URLSearchParams(location.search);
    query.set("region_code", region);
    exportLink.href = `/api/v1/needs.xlsx?${query}`;
    query.set("page", page);
    query.set("page_size", "25");
    return ask(async () => {
      const answer = await get(`/api/v1/needs?${query}`);
      await placeNames(answer.data);
      return answer;
    }, ({ data, page: p }) => mount(table, dataTable({
      caption: t("nd_area_needs"),
      rows: data,
      rowClass: (n) => (n.overdue || n.deadlines?.overdue ? "overdue" : null),
      columns: [
        { key: "title", label: t("title"), value: (n) => h("a", { href: `/admin/needs/${n.id}` }, n.title), sort: (n) => n.title },
        { key: "status", label: t("status"), value: (n) => statusTag(n), sort: (n) => NEED_STATUSES.indexOf(n.status) },
        { key: "kind", label: t("nd_kind"), value: (n) => word("ndk_", n.kind) },
        { key: "field", label: t("nd_field"), value: (n) => fieldName(names, n.field) },
        { key: "place", label: t("nd_township"), value: (n) => placeOf(n) },
        { key: "age", label: t("nd_age"), value: (n) => [age(n.created_at), n.urgency === "urgent" ? ` · ${t("ndu_urgent")}` : "",
          n.overdue || n.deadlines?.overdue ? ` · ${t("nd_overdue")}` : ""].join(""), sort: (n) => n.created_at },
      ],
    }), pager(p, load)), (error) => mount(table, errorBox(error)));
  }

  mount(root, h("h2", {}, t("ws_needs")),
    h("p", { class: "row" }, exportLink, h("a", { class: "button secondary", href: "/admin/needs/import" }, t("nd_survey")),
      h("a", { class: "button secondary", href: "/needs" }, t("nd_board"))),
    bar, table, await figures(region));
  await load(1);
}

// The county's (or area's) figures of this year: received, accepted, … with on-time shares and satisfaction.
const COUNTS = ["received", "accepted", "refused", "duplicates", "matched", "resolved", "closed_by_answer", "confirmed_solved",
  "not_confirmed", "reopened"];
const RATIOS = ["on_time_triage", "on_time_assign", "on_time_answer"];

async function figures(region) {
  const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
  const section = h("section", { id: "needs-figures" }, h("h3", {}, t("nd_figures").replace("{y}", year)));
  try {
    const { data } = await get(`/api/v1/regions/${region}/needs-figures?year=${year}`);
    const rows = Array.isArray(data) ? data : [data];
    await placeNames(rows);
    const ratio = (v) => (Array.isArray(v) ? `${v[0]}/${v[1]}` : v && typeof v === "object" ? `${v.num ?? v.numerator}/${v.den ?? v.denominator}` : v ?? "—");
    const mean = (v) => {
      const [sum, count] = Array.isArray(v) ? v : [v?.sum, v?.count];
      return count ? (sum / count).toFixed(1) : "—";
    };
    section.append(dataTable({
      rows,
      columns: [
        { key: "period", label: t("nd_period"), value: (r) => [placeOf(r), r.month ? `${r.year}-${String(r.month).padStart(2, "0")}` : r.year].filter(Boolean).join(" ") },
        ...COUNTS.map((k) => ({ key: k, label: t("ndf_" + k), value: (r) => String(r[k] ?? 0), sort: (r) => r[k] ?? 0 })),
        ...RATIOS.map((k) => ({ key: k, label: t("ndf_" + k), value: (r) => ratio(r[k]) })),
        { key: "satisfaction", label: t("ndf_satisfaction"), value: (r) => mean(r.satisfaction) },
      ],
    }));
  } catch (error) {
    section.append(errorBox(error));
  }
  return section;
}

async function needPage(outer, root, id) {
  let need;
  try {
    need = (await get(`/api/v1/needs/${id}`)).data;
  } catch (error) {
    return mount(root, errorBox(error));
  }
  const names = await fieldNames();
  await placeNames([need]);
  const can = new Set(need.can || []);
  const out = h("div", { role: "status", tabindex: "-1" });
  const act = (fn, done) => async () => {
    try {
      if ((await fn()) === null) return; // cancelled
      await render(outer, [id]);
      toast(done);
      outer.querySelector("h2")?.focus();
    } catch (error) {
      mount(out, errorBox(error));
      out.focus();
    }
  };
  const ask = (options, url, body) => async () => {
    const values = await confirmAction(options);
    if (!values) return null;
    return post(url, body(values));
  };
  const triage = [
    can.has("accept") && h("button", { type: "button", class: "primary", onclick: act(ask({ title: t("nd_accept"), text: need.title, told: t("nd_told_asker"),
      confirm: t("nd_accept"), inputs: [{ name: "note", label: t("nd_note_text") }] }, `/api/v1/needs/${id}/accept`, (v) => (v.note ? { note: v.note } : {})), t("nd_accepted")) }, t("nd_accept")),
    can.has("refuse") && h("button", { type: "button", class: "danger", onclick: act(ask({ title: t("nd_refuse"), text: need.title, told: t("nd_told_asker"),
      confirm: t("nd_refuse"), danger: true, inputs: [{ name: "reason", label: t("reason"), required: true, rows: "3" }] }, `/api/v1/needs/${id}/refuse`, (v) => v), t("nd_refused")) }, t("nd_refuse")),
    can.has("duplicate") && h("button", { type: "button", class: "secondary", onclick: act(() => pickOriginal(need), t("nd_marked_duplicate")) }, t("nd_duplicate")),
    can.has("refer") && ["city", "province"].map((to) => h("button", { type: "button", class: "secondary", onclick: act(() => refer(need, to), t("nd_referred")) }, t("nd_refer_" + to))),
  ].flat().filter(Boolean);
  mount(root,
    h("p", {}, h("a", { href: "/admin/needs" }, "← ", t("ws_needs"))),
    h("h2", { tabindex: "-1" }, need.title),
    h("p", { class: "meta" }, statusTag(need), " ", word("ndk_", need.kind), " · ", fieldName(names, need.field), need.industry ? ` · ${need.industry}` : "",
      need.urgency === "urgent" ? h("span", { class: "tag urgent" }, t("ndu_urgent")) : null),
    h("p", { class: "hint" }, [placeOf(need), word("ndt_", need.asker_type), need.org_name, need.credit_code, fmtTime(need.created_at, lang)].filter(Boolean).join(" · ")),
    need.asker ? h("p", { class: "asker" }, t("nd_asker_is"), need.asker.display_name, " · ", need.asker.phone) : null,
    need.description ? h("p", { class: "need-text" }, need.description) : null,
    need.from_event_id ? h("p", { class: "hint" }, t("nd_from_feedback"), " ",
      h("a", { href: `/admin/events/${need.from_event_id}` }, t("nd_from_event"))) : null,
    need.photos?.length ? h("p", { class: "thumbs" }, need.photos.map((p, i) => h("img", { src: p.url, alt: `${t("photo")} ${i + 1}`, width: "120", height: "120", loading: "lazy" }))) : null,
    deadlines(need.deadlines),
    need.referred_to ? h("p", { class: "notice" }, word("ndr_", need.referred_to)) : null,
    triage.length ? h("p", { class: "row triage" }, triage) : null,
    out,
    h("div", { class: "ws-split" },
      h("div", {}, can.has("assign") ? await suggestions(need, act) : null, assignmentsOf(need),
        h("p", {}, h("a", { href: `/needs/${id}` }, t("nd_public_page")))),
      h("section", {}, h("h3", {}, t("nd_timeline")), timeline(need.steps))));
}

// Marks the need a duplicate: the original is chosen among the township's open needs or typed by its number.
async function pickOriginal(need) {
  let options = [];
  try {
    const { data } = await get(`/api/v1/needs?region_code=${need.county_code || need.handling_region_code}&field=${need.field}&page_size=50`);
    options = data.filter((n) => n.id !== need.id);
  } catch { /* typed by number */ }
  const values = await confirmAction({ title: t("nd_duplicate"), text: `${t("nd_duplicate_pick")} ${options.map((n) => `#${n.id} ${n.title}`).join("；")}`,
    told: t("nd_told_duplicate"), confirm: t("nd_duplicate"), inputs: [{ name: "of_id", label: t("nd_original"), required: true }] });
  if (!values) return null;
  return post(`/api/v1/needs/${need.id}/duplicate`, { of_id: Number(values.of_id.replace(/[^\d]/g, "")) });
}

async function refer(need, to) {
  const values = await confirmAction({ title: t("nd_refer_" + to), text: t("nd_refer_hint"), told: t("nd_told_asker"), confirm: t("nd_refer_" + to),
    inputs: [{ name: "reason", label: t("reason"), required: true, rows: "3" }] });
  if (!values) return null;
  return post(`/api/v1/needs/${need.id}/refer`, { to, reason: values.reason });
}

// Ranked suggestions with their reasons; each has an assign button.
async function suggestions(need, act) {
  const section = h("section", { id: "suggestions" }, h("h3", {}, t("nd_suggestions")));
  try {
    const { data } = await get(`/api/v1/needs/${need.id}/suggestions`);
    if (!data.length) section.append(h("p", { class: "hint" }, t("nd_no_suggestions")));
    section.append(h("ol", { class: "cards suggestions" }, data.map((s) => h("li", { class: "card suggestion", "data-provider": `${s.provider_type}:${s.provider_id}` },
      h("p", {}, h("b", {}, s.name), " · ", word("ndp_", s.provider_type)),
      h("ul", { class: "reasons" }, (s.reasons || []).map((r) => h("li", {}, r))),
      h("button", { type: "button", class: "primary", onclick: act(async () => {
        const values = await confirmAction({ title: t("nd_assign"), text: `${s.name} · ${need.title}`, told: t("nd_told_provider"), confirm: t("nd_assign"),
          inputs: [{ name: "note", label: t("nd_note_text") }] });
        if (!values) return null;
        const body = { provider_type: s.provider_type, provider_id: s.provider_id };
        if (values.note) body.note = values.note;
        return post(`/api/v1/needs/${need.id}/assignments`, body);
      }, t("nd_assigned")) }, t("nd_assign"), h("span", { class: "sr-only" }, ` ${s.name}`))))));
  } catch (error) {
    section.append(errorBox(error));
  }
  return section;
}

function assignmentsOf(need) {
  const list = need.assignments || [];
  if (!list.length) return null;
  return h("section", {}, h("h3", {}, t("nd_providers")), h("ul", { class: "cards" }, list.map((a) => h("li", { class: `card as-${a.status}` },
    h("b", {}, a.provider_name || word("ndp_", a.provider_type)), " · ", word("ndas_", a.status),
    a.reason ? h("p", { class: "hint" }, t("reason"), "：", a.reason) : null,
    a.answer_due_at && a.status === "offered" ? h("p", { class: "hint" }, t("nd_answer_due"), " ", fmtDate(a.answer_due_at, lang)) : null))));
}

// 需求摸底调研: the template, the upload and a result for every row.
async function survey(root) {
  let region = await areaOf();
  const isCounty = (code) => code && !code.endsWith("00");
  // A city's or the province's admin says which county the survey is of.
  const county = isCounty(region) ? null : regionPicker(t("county"), (r) => { region = r.code.slice(0, 6); }, { levels: ["county"] });
  const file = h("input", { type: "file", name: "file", required: true, accept: ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  const out = h("div", { role: "status", tabindex: "-1", id: "survey-results" });
  async function upload(e) {
    e.preventDefault();
    if (!file.files[0]) return;
    if (!isCounty(region)) return mount(out, errorBox({ message: t("nd_pick_county"), fields: {} }));
    const form = new FormData();
    form.append("file", file.files[0]);
    form.append("region_code", region);
    mount(out, h("p", { class: "hint" }, t("loading")));
    try {
      const { data } = await send("POST", "/api/v1/needs/survey", { form, lang });
      const rows = data.rows || [];
      mount(out, h("p", { class: "ok" }, t("nd_survey_done").replace("{c}", data.created).replace("{a}", data.already_imported).replace("{i}", data.invalid)),
        dataTable({ caption: t("nd_survey_rows"), rows, columns: [
          { key: "row", label: t("nd_row"), value: (r) => String(r.row), sort: (r) => r.row },
          { key: "result", label: t("nd_result"), value: (r) => word("ndi_", r.result) },
          { key: "need", label: t("nd_need"), value: (r) => (r.need_id ? h("a", { href: `/admin/needs/${r.need_id}` }, `#${r.need_id}`) : "—") },
          { key: "reason", label: t("reason"), value: (r) => r.reason || "" },
        ] }));
    } catch (error) {
      mount(out, errorBox(error));
    }
    out.focus();
  }
  mount(root, h("p", {}, h("a", { href: "/admin/needs" }, "← ", t("ws_needs"))), h("h2", {}, t("nd_survey")),
    h("p", { class: "hint" }, t("nd_survey_hint")),
    h("p", {}, h("a", { class: "button secondary", href: "/api/v1/needs/survey-template.xlsx", download: "survey-template.xlsx" }, t("nd_template"))),
    h("form", { class: "card", id: "survey-form", onsubmit: upload }, county, field(t("nd_survey_file"), file),
      h("button", { type: "submit", class: "primary" }, t("nd_upload"))),
    out);
}
