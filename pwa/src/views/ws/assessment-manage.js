// The assessment's settings and the year end: targets with milestones and the score's weights (province),
// locked months opened again for a county (province),
// campaign quotas (province: template and per-county lines), pilot applications (county applies, city
// endorses or returns, province approves or refuses), and the year end (score, ranking, 以奖代补, 表彰, cases).
import { errorBox, field, h, mount, toast } from "../../lib/h.js";
import { KINDS, lang, t } from "../../lib/i18n.js";
import { call, get, post } from "../../lib/api.js";
import { dropDraft, getDraft, saveDraft } from "../../lib/store.js";
import { fmtTime } from "../../lib/util.js";
import { regionPicker } from "../region-picker.js";
import { adminScopes, confirmAction, dataTable, pager } from "../../lib/ws.js";
import { BASE, frame, indicators, level, nameOf, regionLabel, statusBadge, thisYear, widest, zoneName } from "./assessment.js";

const A = "/api/v1/assessment";
const ZONES = ["guanzhong", "shanbei", "shannan"];

export async function render(root) {
  const path = location.pathname.slice(BASE.length);
  let m;
  if (path === "/targets") return targetsScreen(root);
  if (path === "/quotas") return campaignsScreen(root);
  if ((m = path.match(/^\/quotas\/(\d+)$/))) return quotaScreen(root, Number(m[1]));
  if (path === "/pilots") return pilotsScreen(root);
  if (path === "/year-end") return yearEndScreen(root);
  if (path === "/locks") return locksScreen(root);
  return frame(root, null, h("p", {}, t("ws_not_found")));
}

const select = (name, options, value) => h("select", { name }, options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
const number = (name, attrs = {}) => h("input", { name, type: "number", inputmode: "decimal", min: 0, step: "any", ...attrs });

// --- targets and weights -------------------------------------------------------------------------------------------

async function targetsScreen(root) {
  const body = h("div", {}, h("p", { class: "hint" }, t("loading")));
  if (!(await frame(root, "as_targets", body))) return;
  const year = thisYear();
  const inds = (await indicators()).filter((i) => i.available);
  const out = h("div", { role: "status" });
  const list = h("div");
  const drawList = async () => {
    try {
      const { data } = await get(`${A}/targets?year=${year}&page_size=200`);
      const ind = (code) => inds.find((i) => i.code === code);
      mount(list, dataTable({ caption: t("as_targets_set"), rows: data, columns: [
        { key: "ind", label: t("as_indicator"), value: (r) => (ind(r.indicator) ? nameOf(ind(r.indicator)) : "—") },
        { key: "for", label: t("as_applies_to"), value: (r) => (r.region_code ? regionLabel(r.region_code) : zoneName(r.zone)) },
        { key: "value", label: t("as_target"), value: (r) => String(r.value) },
        { key: "ms", label: t("as_milestones"), value: (r) => (r.milestones.length ? `${t("as_by_" + r.milestone_period)}: ${r.milestones.join(" / ")}` : t("as_even_spread")) },
      ] }));
    } catch (error) { mount(list, errorBox(error)); }
  };
  const indicator = select("indicator", inds.map((i) => [i.code, nameOf(i)]));
  const forWhom = select("for", [...ZONES.map((z) => [z, zoneName(z)]), ["county", t("as_one_county")]]);
  // A county's own target: one of the pilot counties, by name.
  const pilots = (await get("/api/v1/regions?level=county&is_pilot=true&page_size=100").catch(() => ({ data: [] }))).data;
  const county = select("region_code", [["", "—"], ...pilots.map((r) => [r.code, r.name])]);
  const value = number("value", { required: true });
  const period = select("milestone_period", [["quarter", t("as_by_quarter")], ["month", t("as_by_month")]]);
  const milestones = h("input", { name: "milestones", placeholder: "3, 6, 9, 12" });
  const form = h("form", { class: "as-form", onsubmit: async (e) => {
    e.preventDefault();
    const marks = milestones.value.split(/[,，\s]+/).filter(Boolean).map(Number);
    const data = { year, indicator: indicator.value, value: Number(value.value), milestone_period: period.value, milestones: marks };
    try {
      if (forWhom.value === "county") await call("PUT", `${A}/county-targets`, { ...data, region_code: county.value });
      else await call("PUT", `${A}/zone-targets`, { ...data, zone: forWhom.value });
      toast(t("as_saved"));
      out.replaceChildren();
      drawList();
    } catch (error) { mount(out, errorBox(error, { value: t("as_target"), milestones: t("as_milestones"), region_code: t("county") })); }
  } },
    h("h3", {}, t("as_set_target"), ` · ${year}`),
    field(t("as_indicator"), indicator), field(t("as_applies_to"), forWhom), field(t("as_county_code"), county, t("as_county_code_hint")),
    field(t("as_target"), value), field(t("as_milestone_period"), period), field(t("as_milestones"), milestones, t("as_milestones_hint")),
    h("p", {}, h("button", { type: "submit", class: "primary" }, t("as_save"))), out);
  mount(body, form, h("section", {}, h("h3", {}, t("as_targets_set")), list), await weightsForm(year, inds));
  drawList();
}

async function weightsForm(year, inds) {
  const { data } = await get(`${A}/weights?year=${year}`);
  const out = h("div", { role: "status" });
  const inputs = inds.map((i) => [i.code, number(i.code, { max: 100, value: data.weights[i.code] ?? "" })]);
  return h("form", { class: "as-form", onsubmit: async (e) => {
    e.preventDefault();
    const weights = Object.fromEntries(inputs.filter(([, el]) => el.value !== "").map(([code, el]) => [code, Number(el.value)]));
    try {
      await call("PUT", `${A}/weights`, { year, weights });
      toast(t("as_saved"));
    } catch (error) { mount(out, errorBox(error)); }
  } }, h("h3", {}, t("as_weights"), ` · ${year}`), h("p", { class: "hint" }, t("as_weights_hint")),
    h("div", { class: "as-grid" }, inputs.map(([code, el]) => field(nameOf(inds.find((i) => i.code === code)), el))),
    h("p", {}, h("button", { type: "submit", class: "primary" }, t("as_save"))), out);
}

// --- campaign quotas --------------------------------------------------------------------------------------------------

async function campaignsScreen(root) {
  const body = h("div", {}, h("p", { class: "hint" }, t("loading")));
  if (!(await frame(root, "as_quotas", body))) return;
  try {
    const { data } = await get("/api/v1/campaigns?page_size=100");
    mount(body, h("h3", {}, t("as_pick_campaign")), dataTable({ caption: t("as_pick_campaign"), rows: data, columns: [
      { key: "name", label: t("as_campaign"), value: (c) => h("a", { href: `${BASE}/quotas/${c.id}` }, c.name) },
      { key: "when", label: t("as_when"), value: (c) => `${c.starts_on} – ${c.ends_on}` },
    ] }));
  } catch (error) { mount(body, errorBox(error)); }
}

// Lines of a quota: [{kind (null: any), minimum}] edited as rows of (kind, minimum).
function linesEditor(lines, name) {
  const box = h("div", { class: "as-lines" });
  const add = (line = { kind: null, minimum: 1 }) => {
    const kind = select("kind", [["", t("as_any_kind")], ...KINDS.map((k) => [k, t("k_" + k)])], line.kind || "");
    const minimum = number("minimum", { min: 1, max: 1000, step: 1, value: line.minimum, required: true });
    const row = h("div", { class: "row as-line" }, field(`${name} · ${t("kind")}`, kind), field(t("as_minimum"), minimum),
      h("button", { type: "button", class: "secondary", onclick: () => row.remove() }, t("as_line_remove")));
    row.read = () => ({ kind: kind.value || null, minimum: Number(minimum.value) });
    box.append(row);
  };
  lines.forEach(add);
  return { node: h("div", {}, box, h("p", {}, h("button", { type: "button", class: "secondary", onclick: () => add() }, t("as_line_add")))),
    read: () => [...box.children].map((r) => r.read()) };
}

async function quotaScreen(root, id) {
  const body = h("div", {}, h("p", { class: "hint" }, t("loading")));
  if (!(await frame(root, "as_quotas", body))) return;
  const url = `${A}/campaigns/${id}/quotas`;
  const scope = await widest();
  const draw = async () => {
    try {
      const [{ data }, campaign] = await Promise.all([get(`${url}?region_code=${scope}`), get(`/api/v1/campaigns/${id}`).then((a) => a.data)]);
      const province = level(scope) === "province";
      const out = h("div", { role: "status" });
      const pilot = linesEditor(data.template.pilot || [], t("as_for_pilots"));
      const other = linesEditor(data.template.other || [], t("as_for_others"));
      const template = province ? h("form", { class: "as-form", onsubmit: async (e) => {
        e.preventDefault();
        try {
          await call("PUT", url, { pilot: pilot.read(), other: other.read() });
          toast(t("as_saved"));
          draw();
        } catch (error) { mount(out, errorBox(error, { pilot: t("as_for_pilots"), other: t("as_for_others") })); }
      } }, h("h3", {}, t("as_template")), h("p", { class: "hint" }, t("as_template_hint")),
        h("h4", {}, t("as_for_pilots")), pilot.node, h("h4", {}, t("as_for_others")), other.node,
        h("p", {}, h("button", { type: "submit", class: "primary" }, t("as_save_template"))), out) : null;
      const lineText = (l) => `${l.kind ? t("k_" + l.kind) : t("as_any_kind")} ${t("as_quota_line").replace("{done}", l.done).replace("{min}", l.minimum)}`;
      const table = dataTable({ caption: t("as_quota_progress"), rows: data.counties, columns: [
        { key: "name", label: t("county"), value: (r) => r.region_name },
        { key: "pilot", label: t("as_pilot"), value: (r) => (r.is_pilot ? t("as_pilot_yes") : t("as_pilot_no")) },
        { key: "own", label: t("as_quota_source"), value: (r) => (r.own ? t("as_own_quota") : t("as_template_quota")) },
        { key: "lines", label: t("as_quota_lines"), value: (r) => h("ul", { class: "as-inline" }, r.lines.map((l) => h("li", {}, lineText(l), " ",
          h("span", { class: `as-status ${l.met ? "as-on_track" : "as-behind"}` }, l.met ? t("as_met") : t("as_not_met"))))) },
        { key: "done", label: t("as_completion"), value: (r) => (r.completion == null ? "—" : `${r.completion} %`), sort: (r) => r.completion ?? -1 },
        province ? { key: "edit", label: t("as_own_quota"), sortable: false, value: (r) => h("button", { type: "button", class: "secondary", onclick: () => countyQuota(r) }, t("as_set_own")) } : null,
      ].filter(Boolean) });
      const countyQuota = (r) => {
        const lines = linesEditor(r.lines.map((l) => ({ kind: l.kind, minimum: l.minimum })), r.region_name);
        const msg = h("div", { role: "status" });
        const form = h("form", { class: "as-form", onsubmit: async (e) => {
          e.preventDefault();
          try {
            await call("PUT", `${url}/${r.region_code}`, { lines: lines.read() });
            toast(t("as_saved"));
            draw();
          } catch (error) { mount(msg, errorBox(error)); }
        } }, h("h3", {}, t("as_own_quota_of").replace("{c}", r.region_name)), lines.node,
          h("p", { class: "row" }, h("button", { type: "submit", class: "primary" }, t("as_save")),
            r.own ? h("button", { type: "button", class: "secondary", onclick: async () => { await call("DELETE", `${url}/${r.region_code}`); draw(); } }, t("as_follow_template")) : null), msg);
        editor.replaceChildren(form);
        form.querySelector("select")?.focus();
      };
      const editor = h("div");
      mount(body, h("h3", {}, campaign.name, " ", h("small", { class: "hint" }, `${campaign.starts_on} – ${campaign.ends_on}`)), template, editor,
        h("section", {}, h("h3", {}, t("as_quota_progress")), table));
    } catch (error) { mount(body, errorBox(error)); }
  };
  draw();
}

// --- pilot applications -------------------------------------------------------------------------------------------------

async function pilotsScreen(root) {
  const body = h("div", {}, h("p", { class: "hint" }, t("loading")));
  if (!(await frame(root, "as_pilots", body))) return;
  const scope = await widest();
  const myLevel = level(scope);
  const list = h("div");
  const load = async (page = 1) => {
    try {
      const answer = await get(`${A}/pilot-applications?region_code=${scope}&page=${page}&page_size=20`);
      mount(list, dataTable({ caption: t("as_applications"), rows: answer.data, columns: [
        { key: "region", label: t("county"), value: (a) => regionLabel(a.region_code), sort: (a) => a.region_code },
        { key: "year", label: t("as_year"), value: (a) => String(a.year) },
        { key: "zone", label: t("as_zone"), value: (a) => zoneName(a.zone) },
        { key: "plan", label: t("as_plan"), value: (a) => h("span", {}, (a.focus_industries || []).join("、"), a.focus_industries?.length ? " · " : "", a.plan) },
        { key: "status", label: t("as_status"), value: (a) => h("span", { class: `as-rstatus as-a-${a.status}` }, t("as_a_" + a.status), a.comment ? ` · ${a.comment}` : "") },
        { key: "act", label: t("as_action"), sortable: false, value: (a) => appActions(a, myLevel, () => load(page)) },
      ] }), pager(answer.page, load));
    } catch (error) { mount(list, errorBox(error)); }
  };
  mount(body, myLevel === "county" ? await applyForm(scope, () => load()) : null, h("section", {}, h("h3", {}, t("as_applications")), list));
  load();
}

function appActions(a, myLevel, reload) {
  const act = async (action, needs) => {
    let comment = "";
    if (needs) {
      const said = await confirmAction({ title: t("as_app_" + action), text: t("as_app_" + action + "_text"), confirm: t("as_app_" + action), danger: true,
        inputs: [{ name: "comment", label: t("as_return_comment"), required: true, rows: 3, maxlength: 2000 }] });
      if (!said) return;
      comment = said.comment;
    }
    try {
      await post(`${A}/pilot-applications/${a.id}/actions`, { action, comment });
      toast(t("as_saved"));
      reload();
    } catch (error) { toast(error.message || t("st_failed")); }
  };
  const b = (action, needs) => h("button", { type: "button", class: needs ? "secondary" : "primary", onclick: () => act(action, needs) }, t("as_app_" + action));
  if (myLevel === "city" && a.status === "submitted") return h("span", { class: "row" }, b("endorse"), b("return", true));
  if (myLevel === "province" && a.status === "endorsed") return h("span", { class: "row" }, b("approve"), b("refuse", true));
  if (myLevel === "county" && a.status === "returned") return b("resubmit");
  return "—";
}

async function applyForm(code, reload) {
  const key = `assess-apply:${code}`;
  const draft = (await getDraft(key)) || {};
  const inds = (await indicators()).filter((i) => i.available && ["events_total", "residents_reached", "volunteer_hours", "events_lecture"].includes(i.code));
  const year = h("input", { name: "year", type: "number", min: 2020, max: 2100, value: draft.year || thisYear() + 1, required: true });
  const zone = select("zone", ZONES.map((z) => [z, zoneName(z)]), draft.zone);
  const industries = h("input", { name: "focus_industries", value: draft.focus_industries || "", placeholder: t("as_industries_hint") });
  const plan = h("textarea", { name: "plan", rows: 5, required: true, maxlength: 5000 });
  plan.value = draft.plan || "";
  const proposed = inds.map((i) => [i.code, number(i.code, { value: draft[i.code] || "" })]);
  const out = h("div", { role: "status" });
  const read = () => ({ year: year.value, zone: zone.value, focus_industries: industries.value, plan: plan.value,
    ...Object.fromEntries(proposed.map(([c, el]) => [c, el.value])) });
  const form = h("form", { class: "as-form", oninput: () => saveDraft(key, read()), onsubmit: async (e) => {
    e.preventDefault();
    try {
      await post(`${A}/pilot-applications`, { region_code: code, year: Number(year.value), zone: zone.value, plan: plan.value.trim(),
        focus_industries: industries.value.split(/[,，、\s]+/).filter(Boolean),
        proposed_targets: Object.fromEntries(proposed.filter(([, el]) => el.value !== "").map(([c, el]) => [c, Number(el.value)])) });
      await dropDraft(key);
      toast(t("as_applied"));
      form.reset();
      year.value = thisYear() + 1;
      reload();
    } catch (error) { mount(out, errorBox(error, { plan: t("as_plan"), year: t("as_year"), zone: t("as_zone") })); }
  } }, h("h3", {}, t("as_apply")), field(t("as_year"), year), field(t("as_zone"), zone), field(t("as_industries"), industries),
    field(t("as_plan"), plan), h("h4", {}, t("as_proposed_targets")), h("div", { class: "as-grid" }, proposed.map(([c, el]) => field(nameOf(inds.find((i) => i.code === c)), el))),
    h("p", {}, h("button", { type: "submit", class: "primary" }, t("as_apply_send"))), out);
  return form;
}

// --- year end ------------------------------------------------------------------------------------------------------------

async function yearEndScreen(root) {
  const body = h("div", {}, h("p", { class: "hint" }, t("loading")));
  if (!(await frame(root, "as_year_end", body))) return;
  const scope = (await adminScopes())[0].region_code;
  const year = Number(new URLSearchParams(location.search).get("year")) || thisYear();
  try {
    const [{ data }, inds] = await Promise.all([get(`${A}/year-end?region_code=${scope}&year=${year}`), indicators()]);
    const league = data.league;
    const weighted = inds.filter((i) => league.weights?.[i.code]);
    mount(body, h("h3", {}, t("as_year_end"), ` · ${year}`),
      h("section", {}, h("h4", {}, t("as_weights")), weighted.length
        ? h("ul", {}, weighted.map((i) => h("li", {}, `${nameOf(i)}: ${league.weights[i.code]}`))) : h("p", { class: "hint" }, t("as_equal_weights"))),
      h("section", {}, h("h4", {}, t("as_ranking")), dataTable({ caption: t("as_ranking"), rows: league.counties, empty: t("as_no_pilots"), columns: [
        { key: "rank", label: t("as_rank"), value: (r) => r.rank, sort: (r) => r.rank },
        { key: "name", label: t("county"), value: (r) => h("a", { href: `${BASE}/counties/${r.region_code}` }, r.name) },
        { key: "score", label: t("as_score"), value: (r) => (r.score == null ? "—" : String(r.score)), sort: (r) => r.score ?? -1 },
        { key: "statuses", label: t("as_status"), value: (r) => h("span", {}, ["on_track", "at_risk", "behind"].map((s) => [statusBadge(s), ` ${r.statuses[s]} `])) },
        { key: "award", label: t("as_award"), value: (r) => (r.proposed_award ? t("as_award_yes") : t("as_award_no")) },
      ] })),
      h("section", {}, h("h4", {}, t("as_award_list")), league.counties.some((r) => r.proposed_award)
        ? h("ol", {}, league.counties.filter((r) => r.proposed_award).map((r) => h("li", {}, `${r.name} · ${t("as_score")} ${r.score}`))) : h("p", { class: "hint" }, t("as_no_awards"))),
      h("section", {}, h("h4", {}, t("as_best_volunteers")), dataTable({ caption: t("as_best_volunteers"), rows: data.volunteers, columns: [
        { key: "name", label: t("display_name"), value: (v) => v.name },
        { key: "hours", label: t("as_hours"), value: (v) => String(v.hours), sort: (v) => v.hours },
        { key: "events", label: t("as_events"), value: (v) => String(v.events), sort: (v) => v.events },
      ] })),
      h("section", {}, h("h4", {}, t("as_best_teams")), dataTable({ caption: t("as_best_teams"), rows: data.teams, columns: [
        { key: "name", label: t("as_team"), value: (v) => v.name },
        { key: "hours", label: t("as_hours"), value: (v) => String(v.hours), sort: (v) => v.hours },
        { key: "vols", label: t("as_volunteers"), value: (v) => String(v.volunteers), sort: (v) => v.volunteers },
      ] })),
      h("section", {}, h("h4", {}, t("as_cases")), data.cases.length ? h("ul", { class: "as-narrative" }, data.cases.map((c) => h("li", {},
        h("b", {}, c.title), ` · ${c.month} · `, c.text, h("span", { class: "as-photos" }, (c.photos || []).map((src) => h("img", { src, alt: c.title, width: 120, loading: "lazy" })))))) : h("p", { class: "hint" }, t("as_no_cases"))));
  } catch (error) { mount(body, errorBox(error)); }
}

// --- locked months opened again for one county (province) ----------------------------------------------------------

async function locksScreen(root) {
  const body = h("div", {}, h("p", { class: "hint" }, t("loading")));
  if (!(await frame(root, "as_locks", body))) return;
  const out = h("div", { role: "status" });
  const list = h("div");
  let county = null;
  const picker = regionPicker(t("county"), (r) => { county = r; }, { levels: ["county"], onEdit: () => { county = null; } });
  const month = h("input", { name: "month", type: "month", required: true });
  const days = number("days", { min: 1, max: 31, step: 1, value: 7, required: true });
  const reason = h("textarea", { name: "reason", rows: 2, maxlength: 500, required: true });
  const state = (x) => h("span", { class: `as-rstatus as-lock-${x.state}` }, t("as_lock_state_" + x.state));
  const drawList = async () => {
    try {
      const { data } = await get(`${A}/lock-exceptions?page_size=100`);
      mount(list, dataTable({ caption: t("as_lock_list"), rows: data, columns: [
        { key: "county", label: t("county"), value: (x) => x.region_name, sort: (x) => x.region_code },
        { key: "month", label: t("as_lock_month"), value: (x) => x.month },
        { key: "until", label: t("as_lock_until"), value: (x) => fmtTime(x.open_until, lang), sort: (x) => x.open_until },
        { key: "reason", label: t("as_lock_reason"), value: (x) => x.reason },
        { key: "by", label: t("as_lock_by"), value: (x) => x.created_by_name || "—" },
        { key: "state", label: t("as_status"), value: (x) => h("span", {}, state(x), " ", x.state === "open" ? h("button", { type: "button", class: "secondary", onclick: () => revoke(x) }, t("as_lock_revoke")) : null), sort: (x) => x.state },
      ] }));
    } catch (error) { mount(list, errorBox(error)); }
  };
  const revoke = async (x) => {
    const text = t("as_lock_revoke_text").replace("{county}", x.region_name).replace("{month}", x.month);
    if (!(await confirmAction({ title: t("as_lock_revoke_title"), text, told: t("as_lock_revoke_told"), confirm: t("as_lock_revoke"), danger: true }))) return;
    try {
      await post(`${A}/lock-exceptions/${x.id}/revoke`, {});
      toast(t("as_lock_revoked"));
      drawList();
    } catch (error) { mount(out, errorBox(error)); }
  };
  const form = h("form", { class: "as-form", onsubmit: async (e) => {
    e.preventDefault();
    if (!county) return mount(out, errorBox({ message: t("as_lock_pick_county"), fields: {} }));
    const until = new Date(Date.now() + Number(days.value) * 86400e3).toISOString();
    try {
      await post(`${A}/lock-exceptions`, { region_code: county.code, month: month.value, open_until: until, reason: reason.value.trim() });
      mount(out, h("p", { class: "ok" }, t("as_lock_opened").replace("{county}", county.name).replace("{month}", month.value)));
      reason.value = "";
      drawList();
    } catch (error) { mount(out, errorBox(error, { region_code: t("county"), month: t("as_lock_month"), open_until: t("as_lock_days"), reason: t("as_lock_reason") })); }
  } },
    h("h3", {}, t("as_lock_open")), picker, field(t("as_lock_month"), month), field(t("as_lock_days"), days, t("as_lock_days_hint")),
    field(t("as_lock_reason"), reason), h("p", {}, h("button", { type: "submit", class: "primary" }, t("as_lock_submit"))), out);
  mount(body, h("p", { class: "hint" }, t("as_locks_about")), form, h("section", {}, h("h3", {}, t("as_lock_list")), list));
  drawList();
}
