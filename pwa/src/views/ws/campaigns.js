// Campaigns (科技之春宣传月, 全国科普日 ...): the list with a form to create one beside it (from 1,024 px),
// and a campaign's page: its details (editable by the admins of its region), its figures from verified data
// only, and its events. Forms are saved on the phone as they are typed.
import { errorBox, field, h, mount, toast } from "../../lib/h.js";
import { KINDS, hoursText, lang, t } from "../../lib/i18n.js";
import { call, get, post } from "../../lib/api.js";
import { dropDraft, getDraft, saveDraft } from "../../lib/store.js";
import { fmtDate, fmtTime } from "../../lib/util.js";
import { adminScopes, dataTable, latestOnly, pager, workspace } from "../../lib/ws.js";
import { regionNames } from "./region-names.js";

const LABELS = () => ({ name: t("cp_name"), theme: t("cp_theme"), starts_on: t("cp_starts"), ends_on: t("cp_ends"),
  region_code: t("cp_region") });
const covers = (scope, code) => !!code && code.startsWith(scope.replace(/0000$/, "").replace(/00$/, ""));
const number = (n) => new Intl.NumberFormat(lang === "en" ? "en" : "zh-CN").format(n);
const dates = (c) => `${fmtDate(c.starts_on + "T12:00:00+08:00", lang)} – ${fmtDate(c.ends_on + "T12:00:00+08:00", lang)}`;

export async function render(outer, params, ctx) {
  const root = await workspace(outer, "campaigns");
  if (!root) return;
  const scopes = await adminScopes();
  return params[0] ? campaignPage(root, Number(params[0]), scopes) : campaignList(root, scopes, ctx);
}

// The fields of a campaign; `draft` is changed (and saved under `draftName`) as they are typed.
function campaignFields(draft, draftName, regionOptions) {
  const input = (key, attrs = {}) => h(attrs.rows ? "textarea" : "input", {
    name: key, value: draft[key] ?? "", ...attrs, oninput: (e) => { draft[key] = e.target.value; saveDraft(draftName, draft); },
  });
  return [
    field(t("cp_name"), input("name", { required: true, maxlength: "128" })),
    field(t("cp_theme"), input("theme", { rows: "2", maxlength: "2000" })),
    h("div", { class: "grid2" },
      field(t("cp_starts"), input("starts_on", { type: "date", required: true })),
      field(t("cp_ends"), input("ends_on", { type: "date", required: true }))),
    regionOptions ? field(t("cp_region"), h("select", { name: "region_code", onchange: (e) => { draft.region_code = e.target.value; saveDraft(draftName, draft); } },
      regionOptions.map(([code, name]) => h("option", { value: code, selected: draft.region_code === code }, name)))) : null,
  ];
}

const body = (draft, keys) => Object.fromEntries(keys.map((k) => [k, (draft[k] || "").trim()]));

async function campaignList(root, scopes, { go }) {
  const names = await regionNames(scopes.map((s) => s.region_code));
  const scope = scopes[0].region_code;
  const list = h("section", { "aria-labelledby": "cp-list" }, h("h3", { id: "cp-list" }, t("cp_list")));
  const out = h("div", { role: "status" });
  const draft = (await getDraft("campaign-new")) || {};
  draft.region_code ||= scope;
  async function submit(e) {
    e.preventDefault();
    try {
      const { data } = await post("/api/v1/campaigns", body(draft, ["name", "theme", "starts_on", "ends_on", "region_code"]));
      await dropDraft("campaign-new");
      go(`/admin/campaigns/${data.id}`);
    } catch (error) {
      mount(out, errorBox(error, LABELS()));
    }
  }
  const form = h("form", { class: "card", id: "campaign-form", onsubmit: submit }, h("h3", {}, t("cp_new")),
    campaignFields(draft, "campaign-new", Object.entries(names)), h("button", { type: "submit", class: "primary" }, t("cp_create")), out);
  mount(root, h("h2", {}, t("ws_campaigns")), h("div", { class: "ws-split" }, list, form));
  const table = h("div");
  list.append(table);
  const ask = latestOnly();
  function load(page = 1) {
    return ask(async () => {
      const answer = await get(`/api/v1/campaigns?region_code=${scope}&include_above=true&page=${page}&page_size=20`);
      return { answer, regions: await regionNames(answer.data.map((c) => c.region_code)) };
    }, ({ answer, regions }) => mount(table, dataTable({
      columns: [
        { key: "name", label: t("cp_name"), value: (c) => h("a", { href: `/admin/campaigns/${c.id}` }, c.name), sort: (c) => c.name },
        { key: "dates", label: t("cp_dates"), value: dates, sort: (c) => c.starts_on },
        { key: "region", label: t("cp_region"), value: (c) => regions[c.region_code] },
        { key: "theme", label: t("cp_theme"), value: (c) => c.theme || "—" },
      ],
      rows: answer.data, caption: null, empty: t("cp_none"),
    }), pager(answer.page, load)), (error) => mount(table, errorBox(error)));
  }
  await load();
}

async function campaignPage(root, id, scopes) {
  let campaign;
  try {
    campaign = (await get(`/api/v1/campaigns/${id}`)).data;
  } catch (error) {
    return mount(root, h("h2", {}, t("ws_campaigns")), errorBox(error), h("p", {}, h("a", { href: "/admin/campaigns" }, t("cp_list"))));
  }
  // The part of the campaign this admin counts: all of it when their region covers the campaign's,
  // otherwise their own county or city inside it.
  const whole = scopes.some((s) => covers(s.region_code, campaign.region_code));
  const part = whole ? campaign.region_code : scopes.map((s) => s.region_code).find((code) => covers(campaign.region_code, code));
  const names = await regionNames([campaign.region_code, part]);
  const head = h("div");
  const drawHead = () => mount(head, h("h2", {}, campaign.name),
    h("p", {}, dates(campaign), " · ", t("cp_region"), "：", names[campaign.region_code]),
    campaign.theme ? h("p", { class: "hint" }, campaign.theme) : null);
  drawHead();
  const figures = h("section", { "aria-labelledby": "cp-figures" });
  const events = h("section", { "aria-labelledby": "cp-events" });
  const back = h("p", {}, h("a", { href: "/admin/campaigns" }, "← ", t("cp_list")));
  if (whole) mount(root, back, head, h("div", { class: "ws-split" }, h("div", {}, figures, events), await editForm(campaign, drawHead)));
  else mount(root, back, head, h("p", { class: "notice" }, t("cp_not_yours")), figures, events);
  await Promise.all([drawFigures(figures, campaign, part, whole ? null : names[part]), drawEvents(events, campaign, part)]);
}

async function editForm(campaign, onSaved) {
  const name = `campaign-${campaign.id}`;
  const draft = (await getDraft(name)) || { name: campaign.name, theme: campaign.theme, starts_on: campaign.starts_on, ends_on: campaign.ends_on };
  const out = h("div", { role: "status" });
  async function submit(e) {
    e.preventDefault();
    try {
      const { data } = await call("PATCH", `/api/v1/campaigns/${campaign.id}`, body(draft, ["name", "theme", "starts_on", "ends_on"]));
      Object.assign(campaign, data);
      await dropDraft(name);
      mount(out);
      onSaved();
      toast(t("cp_saved"));
    } catch (error) {
      mount(out, errorBox(error, LABELS()));
    }
  }
  return h("form", { class: "card", id: "campaign-edit", onsubmit: submit }, h("h3", {}, t("cp_edit")),
    campaignFields(draft, name, null), h("button", { type: "submit", class: "primary" }, t("save")), out);
}

async function drawFigures(section, campaign, part, partName) {
  mount(section, h("h3", { id: "cp-figures" }, t("cp_figures"), partName ? ` · ${partName}` : ""));
  if (!part) return section.append(h("p", { class: "hint" }, t("cp_no_part")));
  try {
    const query = part === campaign.region_code ? "" : `?region_code=${part}`;
    const { data } = await get(`/api/v1/campaigns/${campaign.id}/figures${query}`);
    const total = data.total;
    const stat = (key, value) => h("div", { class: "stat" }, h("dt", {}, t(key)), h("dd", { class: "num" }, value));
    section.append(...[
      h("dl", { class: "stats" }, stat("cp_f_events", number(total.events)), stat("cp_f_residents", number(total.residents_reached)),
        stat("cp_f_hours", hoursText(number(total.volunteer_hours))), stat("cp_f_seats", number(total.seats_reserved))),
      h("p", { class: "hint" }, t("cp_figures_note")),
      figureTable("cp-kinds", t("cp_by_kind"), [t("kind"), t("cp_f_events")],
        KINDS.map((k) => [t("k_" + k), total.events_by_kind[k] || 0])),
      data.counties.length ? figureTable("cp-counties", t("cp_by_county"),
        [t("cp_county"), t("cp_f_events"), t("cp_f_residents"), t("cp_f_hours_col"), t("cp_f_seats")],
        data.counties.map((c) => [c.region_name, c.events, c.residents_reached, c.volunteer_hours, c.seats_reserved])) : null,
    ].filter(Boolean));
  } catch (error) {
    section.append(errorBox(error));
  }
}

// A small table of figures: the first column names the row, the others are numbers (right-aligned).
function figureTable(id, caption, heads, rows) {
  return h("div", { class: "table-wrap" }, h("table", { class: "matrix figures", id },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, heads.map((text, i) => h("th", { scope: "col", class: i ? "num" : null }, text)))),
    h("tbody", {}, rows.map(([title, ...values]) => h("tr", {}, h("th", { scope: "row" }, title),
      values.map((v, i) => h("td", { class: "num", "data-label": heads[i + 1] }, number(v))))))));
}

// The campaign's events in the admin's part of it. The public list answers published events only: the
// lifecycle's other states are listed on the events screen.
async function drawEvents(section, campaign, part) {
  const table = h("div");
  mount(section, h("h3", { id: "cp-events" }, t("cp_events")), table);
  const ask = latestOnly();
  function load(page = 1) {
    const region = part ? `&region_code=${part}` : "";
    return ask(async () => {
      // Every status the admin may see (drafts too), within their own area.
      const answer = await get(`/api/v1/admin/events?campaign_id=${campaign.id}${region}&page=${page}&page_size=20`);
      return { answer, regions: await regionNames(answer.data.map((e) => e.region_code)) };
    }, ({ answer, regions }) => mount(table, dataTable({
      columns: [
        { key: "title", label: t("title"), value: (e) => h("a", { href: `/admin/events/${e.id}` }, e.title), sort: (e) => e.title },
        { key: "kind", label: t("kind"), value: (e) => t("k_" + e.kind) },
        { key: "when", label: t("when"), value: (e) => fmtTime(e.starts_at, lang), sort: (e) => e.starts_at },
        { key: "county", label: t("cp_county"), value: (e) => regions[e.region_code] },
        { key: "status", label: t("cp_status"), value: (e) => h("span", { class: `st-${e.status}` }, t("ev_" + e.status)) },
      ],
      rows: answer.data, empty: t("cp_no_events"),
    }), pager(answer.page, load)), (error) => mount(table, errorBox(error)));
  }
  await load();
}
