// 操作记录 (the province only): who did what, to which record, when; filtered by action, kind of record,
// region, days and the person who acted (chosen by clicking their name). Actions are said in words.
import { h, mount } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { get } from "../../lib/api.js";
import { fmtTime } from "../../lib/util.js";
import { adminScopes, dataTable, filterBar, isProvince, latestOnly, pager, workspace } from "../../lib/ws.js";
import { countyNames, nameOf, outOfScope, wsError } from "./person-search.js";

// Every action the services write (backend: audit.record(...)); one not listed here is "another action".
export const ACTIONS = [
  "role.grant", "role.revoke", "region.mark_pilot", "user.issue_password_reset", "user.reset_password",
  "team.create", "team.update", "team.set_leader", "team.remove_member", "team.sign_up",
  "team.join_request.accepted", "team.join_request.declined", "station.create", "station.update",
  "fieldlog.accept", "fieldlog.reject", "campaign.create", "campaign.update",
  "event.create", "event.update", "event.publish", "event.cancel", "event.complete",
  "checkin.manual_in", "checkin.manual_out", "service_hours.verify", "service_hours.adjust",
  "need.accept", "need.refuse", "need.duplicate", "need.refer", "need.assign", "need.provider_accept", "need.provider_decline",
];
export const TARGET_TYPES = ["campaign", "checkin", "event", "field_log", "need", "need_assignment", "region", "role_grant",
  "service_record", "station", "team", "team_join_request", "user"];

const actionText = (action) => (ACTIONS.includes(action) ? t("au_" + action.replaceAll(".", "_")) : t("au_other"));
const LINKS = { team: "/admin/teams/", station: "/admin/stations/", event: "/admin/events/" };

async function targetText(entry) {
  const kind = TARGET_TYPES.includes(entry.target_type) ? t("tt_" + entry.target_type) : t("au_other_record");
  if (entry.target_type === "region") return `${kind} ${await nameOf("region", entry.target_id)}`;
  const link = LINKS[entry.target_type];
  return link ? [kind, " ", h("a", { href: link + entry.target_id }, `#${entry.target_id}`)] : `${kind} #${entry.target_id}`;
}

export async function render(outer) {
  const root = await workspace(outer, "audit");
  if (!root) return;
  if (!isProvince(await adminScopes())) return mount(root, h("h2", { tabindex: "-1" }, t("ws_audit")), outOfScope());
  const counties = await countyNames();
  const list = h("div", { id: "audit-list" });
  const actorBox = h("div", { id: "audit-actor" });

  const regions = [["610000", t("wp_province")]];
  const cities = new Map();
  Object.entries(counties).forEach(([code, c]) => { if (c.city) cities.set(code.slice(0, 4) + "00", c.city); });
  cities.forEach((name, code) => regions.push([code, name]));
  Object.entries(counties).sort(([a], [b]) => a.localeCompare(b)).forEach(([code, c]) => regions.push([code, `${c.city} ${c.name}`]));

  const ask = latestOnly();
  function load(params, page = 1) {
    const query = new URLSearchParams({ page, page_size: 25 });
    for (const name of ["action", "target_type", "region_code", "date_from", "date_to", "actor_id"]) if (params.get(name)) query.set(name, params.get(name));
    showActor(params);
    return ask(async () => {
      const answer = await get(`/api/v1/audit?${query}`);
      const rows = await Promise.all(answer.data.map(async (e) => ({
        ...e, target: await targetText(e), region: e.region_code ? await nameOf("region", e.region_code) : "—",
      })));
      return { answer, rows };
    }, ({ answer, rows }) => mount(list, dataTable({
      caption: t("ws_audit"),
      columns: [
        { key: "at", label: t("when"), value: (e) => fmtTime(e.at, lang), sort: (e) => e.at },
        { key: "actor", label: t("au_actor"), value: (e) => (e.actor ? h("button", {
          type: "button", class: "link", onclick: () => byActor(e.actor), "aria-label": `${t("au_only_actor")} ${e.actor.display_name}`,
        }, e.actor.display_name || "—") : t("au_system")), sort: (e) => e.actor?.display_name },
        { key: "action", label: t("au_action"), value: (e) => actionText(e.action) },
        { key: "target", label: t("au_target"), value: (e) => e.target, sort: (e) => `${e.target_type}${e.target_id}` },
        { key: "region", label: t("au_region"), value: (e) => e.region },
      ],
      rows, empty: t("au_none"),
    }), pager(answer.page, (p) => load(params, p))), (error) => mount(list, wsError(error)));
  }

  const filters = filterBar([
    { name: "action", label: t("au_action"), options: ACTIONS.map((a) => [a, actionText(a)]) },
    { name: "target_type", label: t("au_target_type"), options: TARGET_TYPES.map((k) => [k, t("tt_" + k)]) },
    { name: "region_code", label: t("au_region"), options: regions },
    { name: "date_from", label: t("date_from"), type: "date" },
    { name: "date_to", label: t("date_to"), type: "date" },
  ], (params) => load(params));
  // The person who acted is chosen from the list (their name); kept in the address with the other filters.
  const actorInput = h("input", { type: "hidden", name: "actor_id", value: new URLSearchParams(location.search).get("actor_id") || "" });
  filters.prepend(actorInput);

  function byActor(actor) {
    actorInput.value = actor.id;
    actorInput.dataset.name = actor.display_name || "";
    filters.requestSubmit();
  }
  function showActor(params) {
    if (!params.get("actor_id")) return mount(actorBox);
    mount(actorBox, h("p", { class: "row" }, t("au_actor"), "：", h("b", {}, actorInput.dataset.name || `#${params.get("actor_id")}`),
      h("button", { type: "button", class: "secondary", onclick: () => { actorInput.value = ""; filters.requestSubmit(); } }, t("au_all_actors"))));
  }

  mount(root, h("h2", { tabindex: "-1" }, t("ws_audit")), h("p", { class: "hint" }, t("ws_audit_about")), filters, actorBox, list);
  await load(new URLSearchParams(location.search));
}
