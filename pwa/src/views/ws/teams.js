// 志愿服务队 in the workspace: my area's teams (paged, sortable), a new team beside the list, and one team:
// its details, its leader (found by name or the phone's last four digits), members and requests to join.
import { errorBox, field, h, mount, toast } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { call, get, post } from "../../lib/api.js";
import { dropDraft, getDraft, saveDraft } from "../../lib/store.js";
import { fmtDate } from "../../lib/util.js";
import { adminScopes, confirmAction, dataTable, filterBar, latestOnly, pager, workspace } from "../../lib/ws.js";
import { countyNames, countyOptions, countySelect, covers, outOfScope, personSearch, widest, wsError } from "./person-search.js";

const KINDS = ["service_team", "tech_manager_team"];
const DRAFT = "ws-team-new";

async function fieldNames() {
  const { data } = await get("/api/v1/volunteer-fields", { cacheKey: "volunteer-fields" });
  return data.map((f) => [f.code, lang === "en" ? f.label_en : f.label_zh]);
}

let go = (path) => { location.href = path; };

export async function render(outer, [id], ctx) {
  if (ctx?.go) go = ctx.go;
  const root = await workspace(outer, "teams");
  if (!root) return;
  mount(root, h("p", { class: "hint" }, t("loading")));
  try {
    return id ? await teamPage(root, Number(id)) : await listPage(root);
  } catch (error) {
    mount(root, h("h2", {}, t("ws_teams")), wsError(error));
  }
}

// --- The list, and a new team beside it --------------------------------------------------------

async function listPage(root) {
  const scopes = await adminScopes();
  const [counties, options, fields] = await Promise.all([countyNames(), countyOptions(scopes), fieldNames()]);
  const list = h("div", { id: "team-list" });
  const ask = latestOnly();
  function load(params, page = 1) {
    const query = new URLSearchParams({ region_code: params.get("county") || widest(scopes), page, page_size: 20 });
    if (params.get("kind")) query.set("kind", params.get("kind"));
    return ask(() => get(`/api/v1/teams?${query}`), (answer) => mount(list, dataTable({
      caption: t("ws_teams"),
      columns: [
        { key: "name", label: t("wt_name"), value: (r) => h("a", { href: `/admin/teams/${r.id}` }, r.name), sort: (r) => r.name },
        { key: "kind", label: t("kind"), value: (r) => t("tk_" + r.kind) },
        { key: "county", label: t("county"), value: (r) => counties[r.region_code]?.name || "—" },
        { key: "members", label: t("team_members"), value: (r) => r.member_count, sort: (r) => r.member_count },
        { key: "leader", label: t("wt_leader"), value: (r) => (r.leader_user_id ? t("wt_has_leader") : h("span", { class: "warn" }, t("wt_no_leader"))) },
      ],
      rows: answer.data,
      empty: t("wt_none"),
    }), pager(answer.page, (p) => load(params, p))), (error) => mount(list, wsError(error)));
  }
  const filters = filterBar([
    { name: "county", label: t("county"), options },
    { name: "kind", label: t("kind"), options: KINDS.map((k) => [k, t("tk_" + k)]) },
  ], (params) => load(params));
  mount(root, h("h2", { tabindex: "-1" }, t("ws_teams")),
    h("div", { class: "ws-split" },
      h("section", {}, filters, list),
      await newTeamForm(options, fields)));
  await load(new URLSearchParams(location.search));
}

function checks(name, choices, chosen = []) {
  return h("fieldset", { class: "checks" }, h("legend", {}, t("team_field")),
    choices.map(([value, label]) => h("label", { class: "check" },
      h("input", { type: "checkbox", name, value, checked: chosen.includes(value) }), " ", label)));
}

const formValues = (form) => ({
  name: form.elements.name.value.trim(),
  kind: form.elements.kind?.value,
  region_code: form.elements.region_code?.value,
  fields: [...form.querySelectorAll("input[name=fields]:checked")].map((c) => c.value),
  description: form.elements.description.value.trim(),
});

async function newTeamForm(options, fields) {
  const draft = (await getDraft(DRAFT)) || {};
  const out = h("div", { role: "status" });
  const form = h("form", { class: "card", id: "team-new", onsubmit: async (e) => {
    e.preventDefault();
    mount(out);
    const body = formValues(form);
    if (!body.region_code) return mount(out, h("div", { class: "error", role: "alert" }, h("p", {}, t("wp_choose_county"))));
    try {
      const { data } = await post("/api/v1/teams", body);
      await dropDraft(DRAFT);
      toast(t("wt_created").replace("{name}", data.name));
      go(`/admin/teams/${data.id}`);
    } catch (error) {
      mount(out, error.status === 403 ? outOfScope() : errorBox(error, { name: t("wt_name"), region_code: t("county"), kind: t("kind"), description: t("description") }));
    }
  } },
  h("h3", {}, t("wt_new")),
  field(t("wt_name"), h("input", { name: "name", required: true, maxlength: "128", value: draft.name || "" })),
  field(t("kind"), h("select", { name: "kind" }, KINDS.map((k) => h("option", { value: k, selected: draft.kind === k }, t("tk_" + k))))),
  field(t("county"), countySelect(options, { value: draft.region_code })),
  checks("fields", fields, draft.fields),
  field(t("description"), h("textarea", { name: "description", rows: "3", maxlength: "4000" }, draft.description || "")),
  h("button", { type: "submit", class: "primary" }, t("wt_create")), out);
  form.addEventListener("input", () => saveDraft(DRAFT, formValues(form)));
  form.addEventListener("change", () => saveDraft(DRAFT, formValues(form)));
  return form;
}

// --- One team ----------------------------------------------------------------------------------

async function teamPage(root, id) {
  const scopes = await adminScopes();
  const team = (await get(`/api/v1/teams/${id}`)).data;
  const back = h("p", {}, h("a", { href: "/admin/teams" }, "← ", t("ws_teams")));
  // Teams are public, but their people are not: another area's team is not shown here at all.
  if (!covers(scopes, team.region_code)) return mount(root, back, h("h2", { tabindex: "-1" }, t("ws_teams")), outOfScope());
  const [counties, fields, members, requests] = await Promise.all([
    countyNames(), fieldNames(),
    get(`/api/v1/teams/${id}/members?page_size=100`), get(`/api/v1/teams/${id}/join-requests?page_size=100`),
  ]);
  const redraw = async (text) => {
    await teamPage(root, id);
    if (text) toast(text);
    root.querySelector("h2")?.focus();
  };
  const leader = members.data.find((m) => m.user_id === team.leader_user_id);
  mount(root, back,
    h("h2", { tabindex: "-1" }, team.name),
    h("p", { class: "meta" }, h("span", { class: "tag" }, t("tk_" + team.kind)), " ", counties[team.region_code]?.name || "",
      ` · ${team.member_count} ${t("team_members_n")}`),
    h("div", { class: "ws-split" },
      h("div", {},
        leaderSection(team, leader, redraw),
        requestsSection(requests.data, redraw),
        membersSection(team, members, redraw)),
      editForm(team, fields, redraw)));
}

function leaderSection(team, leader, redraw) {
  const finder = personSearch({
    id: "leader-search", label: t("wt_find_leader"), action: t("wt_appoint"),
    pick: async (user, out) => {
      const ok = await confirmAction({
        title: t("wt_appoint_title"), confirm: t("wt_appoint"),
        text: t("wt_appoint_text").replace("{name}", user.display_name || user.phone).replace("{team}", team.name),
        told: t("wt_appoint_told"),
      });
      if (!ok) return;
      try {
        await call("PUT", `/api/v1/teams/${team.id}/leader`, { user_id: user.id });
        await redraw(t("wt_appointed").replace("{name}", user.display_name || user.phone));
      } catch (error) {
        mount(out, error.code === "volunteer_profile_missing"
          ? h("div", { class: "error", role: "alert" }, h("p", {}, t("wt_not_volunteer")))
          : wsError(error));
      }
    },
  });
  return h("section", { id: "team-leader" }, h("h3", {}, t("wt_leader")),
    h("p", {}, leader ? [h("b", {}, leader.display_name || "—"), " ", leader.phone_masked] : h("span", { class: "warn" }, t("wt_no_leader"))),
    h("details", { open: !leader }, h("summary", {}, leader ? t("wt_change_leader") : t("wt_appoint_leader")), finder));
}

function requestsSection(requests, redraw) {
  const out = h("div", { role: "status" });
  const decide = (r, accept) => async () => {
    try {
      await post(`/api/v1/join-requests/${r.id}/${accept ? "accept" : "decline"}`, {});
      await redraw(t(accept ? "request_accepted" : "request_declined").replace("{name}", r.display_name || "—"));
    } catch (error) {
      mount(out, wsError(error));
    }
  };
  return h("section", { id: "team-requests" }, h("h3", {}, t("team_requests"), ` (${requests.length})`),
    requests.length ? h("ul", { class: "cards" }, requests.map((r) => h("li", { class: "card", "data-request": r.id },
      h("p", {}, h("b", {}, r.display_name || "—"), " · ", fmtDate(r.created_at, lang)),
      r.message ? h("p", { class: "hint" }, r.message) : null,
      h("p", { class: "row" },
        h("button", { type: "button", class: "primary", onclick: decide(r, true) }, t("team_accept")),
        h("button", { type: "button", class: "secondary", onclick: decide(r, false) }, t("decline"))))))
      : h("p", { class: "hint" }, t("wt_no_requests")), out);
}

function membersSection(team, members, redraw) {
  const out = h("div", { role: "status" });
  const remove = (m) => async () => {
    const ok = await confirmAction({
      title: t("wt_remove_title"), danger: true, confirm: t("wt_remove"),
      text: t("wt_remove_text").replace("{name}", m.display_name || m.phone_masked).replace("{team}", team.name),
      told: t("wt_remove_told"),
    });
    if (!ok) return;
    try {
      await call("DELETE", `/api/v1/teams/${team.id}/members/${m.user_id}`);
      await redraw(t("wt_removed").replace("{name}", m.display_name || m.phone_masked));
    } catch (error) {
      mount(out, wsError(error));
    }
  };
  return h("section", { id: "team-members" }, h("h3", {}, t("team_members"), members.page ? ` (${members.page.total})` : ""),
    dataTable({
      columns: [
        { key: "name", label: t("name"), value: (m) => [m.display_name || "—", m.user_id === team.leader_user_id ? h("span", { class: "tag" }, t("wt_leader")) : null], sort: (m) => m.display_name },
        { key: "phone", label: t("phone"), value: (m) => m.phone_masked },
        { key: "joined", label: t("wt_joined"), value: (m) => fmtDate(m.joined_at, lang), sort: (m) => m.joined_at },
        { key: "act", label: t("wt_actions"), sortable: false, value: (m) => (m.user_id === team.leader_user_id ? null
          : h("button", { type: "button", class: "secondary", onclick: remove(m), "aria-label": `${t("wt_remove")} ${m.display_name || ""}` }, t("wt_remove"))) },
      ],
      rows: members.data, empty: t("wt_no_members"),
    }), out);
}

function editForm(team, fields, redraw) {
  const out = h("div", { role: "status" });
  const form = h("form", { class: "card", id: "team-edit", onsubmit: async (e) => {
    e.preventDefault();
    mount(out);
    const { name, fields: chosen, description } = formValues(form);
    try {
      await call("PATCH", `/api/v1/teams/${team.id}`, { name, fields: chosen, description });
      await redraw(t("wt_saved"));
    } catch (error) {
      mount(out, error.status === 403 ? outOfScope() : errorBox(error, { name: t("wt_name"), description: t("description") }));
    }
  } },
  h("h3", {}, t("wt_edit")),
  field(t("wt_name"), h("input", { name: "name", required: true, maxlength: "128", value: team.name })),
  checks("fields", fields, team.fields),
  field(t("description"), h("textarea", { name: "description", rows: "4", maxlength: "4000" }, team.description || "")),
  h("button", { type: "submit", class: "primary" }, t("save")), out);
  return form;
}
