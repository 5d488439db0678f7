// 服务站点 in the workspace: my area's stations (paged, sortable), a new station beside the list, and one
// station: its details, its heads (appointed as a station_head role, found by name or the phone's last
// four digits; removed by revoking that role) and a link to its monthly report.
import { errorBox, field, h, mount, toast } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { call, get, post } from "../../lib/api.js";
import { dropDraft, getDraft, saveDraft } from "../../lib/store.js";
import { fmtDate } from "../../lib/util.js";
import { adminScopes, confirmAction, dataTable, filterBar, latestOnly, pager, workspace } from "../../lib/ws.js";
import { countyNames, countyOptions, countySelect, covers, outOfScope, personSearch, widest, wsError } from "./person-search.js";

export const STATION_KINDS = ["academician_workstation", "society_station", "agri_expert_station", "farmer_tech_association"];
const DRAFT = "ws-station-new";
const LABELS = () => ({
  name: t("ws_station_name"), kind: t("kind"), region_code: t("county"), host_organisation: t("ws_host"), address: t("ws_address"),
  lat: t("lat"), lng: t("lng"), fields_of_expertise: t("ws_expertise"), established_on: t("ws_established"), status: t("status"),
});

let go = (path) => { location.href = path; };

export async function render(outer, [id], ctx) {
  if (ctx?.go) go = ctx.go;
  const root = await workspace(outer, "stations");
  if (!root) return;
  mount(root, h("p", { class: "hint" }, t("loading")));
  try {
    return id ? await stationPage(root, Number(id)) : await listPage(root);
  } catch (error) {
    mount(root, h("h2", {}, t("ws_stations")), wsError(error));
  }
}

async function listPage(root) {
  const scopes = await adminScopes();
  const [counties, options] = await Promise.all([countyNames(), countyOptions(scopes)]);
  const list = h("div", { id: "station-list" });
  const ask = latestOnly();
  function load(params, page = 1) {
    const query = new URLSearchParams({ region_code: params.get("county") || widest(scopes), page, page_size: 20 });
    for (const name of ["kind", "status", "q"]) if (params.get(name)) query.set(name, params.get(name));
    return ask(() => get(`/api/v1/stations?${query}`), (answer) => mount(list, dataTable({
      caption: t("ws_stations"),
      columns: [
        { key: "name", label: t("ws_station_name"), value: (r) => h("a", { href: `/admin/stations/${r.id}` }, r.name), sort: (r) => r.name },
        { key: "kind", label: t("kind"), value: (r) => t("sk_" + r.kind) },
        { key: "county", label: t("county"), value: (r) => counties[r.region_code]?.name || "—" },
        { key: "host", label: t("ws_host"), value: (r) => r.host_organisation || "—" },
        { key: "status", label: t("status"), value: (r) => t("ss_" + r.status) },
      ],
      rows: answer.data, empty: t("ws_no_stations"),
    }), pager(answer.page, (p) => load(params, p))), (error) => mount(list, wsError(error)));
  }
  const filters = filterBar([
    { name: "county", label: t("county"), options },
    { name: "kind", label: t("kind"), options: STATION_KINDS.map((k) => [k, t("sk_" + k)]) },
    { name: "status", label: t("status"), options: [["active", t("ss_active")], ["suspended", t("ss_suspended")]] },
    { name: "q", label: t("ws_station_name") },
  ], (params) => load(params));
  mount(root, h("h2", { tabindex: "-1" }, t("ws_stations")),
    h("div", { class: "ws-split" }, h("section", {}, filters, list), await stationForm(null, options)));
  await load(new URLSearchParams(location.search));
}

const formValues = (form) => {
  const el = form.elements;
  const body = {
    name: el.name.value.trim(), kind: el.kind.value, region_code: el.region_code.value,
    host_organisation: el.host_organisation.value.trim(), address: el.address.value.trim(),
    lat: el.lat.value === "" ? null : Number(el.lat.value), lng: el.lng.value === "" ? null : Number(el.lng.value),
    fields_of_expertise: el.fields_of_expertise.value.split(/[,，、;；\n]/).map((s) => s.trim()).filter(Boolean),
    established_on: el.established_on.value || null,
  };
  if (el.status) body.status = el.status.value;
  return body;
};

// The new station (station null) or the station's edit form; a new one is kept as a draft while typed.
async function stationForm(station, options, redraw) {
  const draft = station || (await getDraft(DRAFT)) || {};
  const out = h("div", { role: "status" });
  const lat = h("input", { name: "lat", type: "number", step: "any", min: "-90", max: "90", required: true, value: draft.lat ?? "" });
  const lng = h("input", { name: "lng", type: "number", step: "any", min: "-180", max: "180", required: true, value: draft.lng ?? "" });
  const county = countySelect(options, { value: draft.region_code });
  // The county's point stands in until the station's own is known.
  const fromCounty = h("button", { type: "button", class: "secondary", onclick: async () => {
    if (!county.value) return mount(out, h("div", { class: "error", role: "alert" }, h("p", {}, t("wp_choose_county"))));
    const { data } = await get(`/api/v1/regions/${county.value}`);
    lat.value = data.lat;
    lng.value = data.lng;
    form.dispatchEvent(new Event("input"));
  } }, t("ws_point_of_county"));
  const form = h("form", { class: "card", id: station ? "station-edit" : "station-new", onsubmit: async (e) => {
    e.preventDefault();
    mount(out);
    const body = formValues(form);
    try {
      if (station) {
        await call("PATCH", `/api/v1/stations/${station.id}`, body);
        await redraw(t("wt_saved"));
      } else {
        const { data } = await post("/api/v1/stations", body);
        await dropDraft(DRAFT);
        toast(t("ws_station_created").replace("{name}", data.name));
        go(`/admin/stations/${data.id}`);
      }
    } catch (error) {
      mount(out, error.status === 403 ? outOfScope() : errorBox(error, LABELS()));
    }
  } },
  h("h3", {}, station ? t("wt_edit") : t("ws_station_new")),
  field(t("ws_station_name"), h("input", { name: "name", required: true, maxlength: "128", value: draft.name || "" })),
  field(t("kind"), h("select", { name: "kind" }, STATION_KINDS.map((k) => h("option", { value: k, selected: draft.kind === k }, t("sk_" + k))))),
  field(t("county"), county),
  field(t("ws_host"), h("input", { name: "host_organisation", maxlength: "128", value: draft.host_organisation || "" })),
  field(t("ws_address"), h("input", { name: "address", maxlength: "256", value: draft.address || "" })),
  h("div", { class: "row" }, field(t("lat"), lat), field(t("lng"), lng), fromCounty),
  field(t("ws_expertise"), h("input", { name: "fields_of_expertise", value: (draft.fields_of_expertise || []).join("，") }), t("ws_expertise_hint")),
  field(t("ws_established"), h("input", { name: "established_on", type: "date", value: draft.established_on || "" })),
  station ? field(t("status"), h("select", { name: "status" },
    ["active", "suspended"].map((s) => h("option", { value: s, selected: station.status === s }, t("ss_" + s))))) : null,
  h("button", { type: "submit", class: "primary" }, station ? t("save") : t("ws_station_create")), out);
  if (!station) {
    form.addEventListener("input", () => saveDraft(DRAFT, formValues(form)));
    form.addEventListener("change", () => saveDraft(DRAFT, formValues(form)));
  }
  return form;
}

async function stationPage(root, id) {
  const scopes = await adminScopes();
  const station = (await get(`/api/v1/stations/${id}`)).data;
  const back = h("p", {}, h("a", { href: "/admin/stations" }, "← ", t("ws_stations")));
  // The directory is public, but its heads and its figures are not: another area's station is not shown here.
  if (!covers(scopes, station.region_code)) return mount(root, back, h("h2", { tabindex: "-1" }, t("ws_stations")), outOfScope());
  const [counties, options, heads] = await Promise.all([countyNames(), countyOptions(scopes), get(`/api/v1/stations/${id}/heads?page_size=100`)]);
  const redraw = async (text) => {
    await stationPage(root, id);
    if (text) toast(text);
    root.querySelector("h2")?.focus();
  };
  mount(root, back,
    h("h2", { tabindex: "-1" }, station.name),
    h("p", { class: "meta" }, h("span", { class: "tag" }, t("sk_" + station.kind)), " ", counties[station.region_code]?.name || "",
      " · ", t("ss_" + station.status)),
    h("p", { class: "row" }, h("a", { class: "button secondary", href: `/admin/reports?station=${id}` }, t("ws_station_report"))),
    h("div", { class: "ws-split" },
      headsSection(station, heads.data, redraw),
      await stationForm(station, options, redraw)));
}

function headsSection(station, heads, redraw) {
  const out = h("div", { role: "status" });
  const revoke = (head) => async () => {
    const ok = await confirmAction({
      title: t("ws_head_remove_title"), danger: true, confirm: t("ws_head_remove"),
      text: t("ws_head_remove_text").replace("{name}", head.display_name || head.phone).replace("{station}", station.name),
      told: t("ws_head_remove_told"),
    });
    if (!ok) return;
    try {
      await call("DELETE", `/api/v1/grants/${head.grant_id}`);
      await redraw(t("ws_head_removed").replace("{name}", head.display_name || head.phone));
    } catch (error) {
      mount(out, wsError(error));
    }
  };
  const finder = personSearch({
    id: "head-search", label: t("ws_find_head"), action: t("wt_appoint"),
    pick: async (user, box) => {
      const ok = await confirmAction({
        title: t("ws_head_title"), confirm: t("wt_appoint"),
        text: t("ws_head_text").replace("{name}", user.display_name || user.phone).replace("{station}", station.name),
        told: t("ws_head_told"),
      });
      if (!ok) return;
      try {
        await post(`/api/v1/users/${user.id}/grants`, { role: "station_head", station_id: station.id });
        await redraw(t("ws_head_appointed").replace("{name}", user.display_name || user.phone));
      } catch (error) {
        mount(box, wsError(error));
      }
    },
  });
  return h("section", { id: "station-heads" }, h("h3", {}, t("ws_heads")),
    dataTable({
      columns: [
        { key: "name", label: t("name"), value: (r) => r.display_name || "—" },
        { key: "phone", label: t("phone"), value: (r) => r.phone },
        { key: "since", label: t("ws_since"), value: (r) => fmtDate(r.since, lang), sort: (r) => r.since },
        { key: "act", label: t("wt_actions"), sortable: false, value: (r) => h("button", { type: "button", class: "secondary", onclick: revoke(r), "aria-label": `${t("ws_head_remove")} ${r.display_name || ""}` }, t("ws_head_remove")) },
      ],
      rows: heads, empty: t("ws_no_heads"),
    }), out,
    h("details", { open: !heads.length }, h("summary", {}, t("ws_head_appoint")), finder));
}
