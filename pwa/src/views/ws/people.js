// 人员与角色 in the workspace: find people by name or the phone's last four digits, see their roles in words,
// grant a role in my area and revoke one (after a confirmation); and issue a password reset code.
import { errorBox, field, h, mount, toast } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { call, get, post } from "../../lib/api.js";
import { fmtDate, fmtTime } from "../../lib/util.js";
import { adminScopes, confirmAction, dataTable, filterBar, isProvince, latestOnly, pager, workspace } from "../../lib/ws.js";
import { countyNames, covers, personSearch, roleText, widest, wsError } from "./person-search.js";

export async function render(outer) {
  const root = await workspace(outer, "people");
  if (!root) return;
  const scopes = await adminScopes();
  const list = h("div", { id: "people-list" });
  const panel = h("section", { id: "person-panel", "aria-live": "polite" });
  let rows = [];

  const ask = latestOnly();
  function load(params, page = 1) {
    const q = params.get("q");
    if (!q) {
      mount(panel);
      // An empty search is a question too: a search still on its way must not be drawn after it.
      return ask(async () => null, () => mount(list, h("p", { class: "hint" }, t("wp_type_to_find"))));
    }
    return ask(async () => {
      const answer = await get(`/api/v1/users?in_my_area=true&q=${encodeURIComponent(q)}&page=${page}&page_size=20`);
      const found = await Promise.all(answer.data.map(async (u) => ({ ...u, roles: await Promise.all(u.grants.map(roleText)) })));
      return { answer, found };
    }, async ({ answer, found }) => {
      rows = found;
      mount(list, dataTable({
        caption: t("wp_found"),
        columns: [
          { key: "name", label: t("name"), value: (u) => u.display_name || "—", sort: (u) => u.display_name },
          { key: "phone", label: t("phone"), value: (u) => u.phone },
          { key: "roles", label: t("wp_roles"), value: (u) => (u.roles.length ? u.roles.join("；") : t("wp_no_roles")) },
          { key: "act", label: t("wt_actions"), sortable: false, value: (u) => h("button", {
            type: "button", class: "secondary", "data-user": u.id, "aria-label": `${t("wp_manage")} ${u.display_name || u.phone}`,
            onclick: () => open(u),
          }, t("wp_manage")) },
        ],
        rows, empty: t("no_match"),
      }), pager(answer.page, (p) => load(params, p)));
      const chosen = rows.find((u) => String(u.id) === params.get("user"));
      if (chosen) await open(chosen, false);
    }, (error) => mount(list, wsError(error)));
  }

  async function open(user, focus = true) {
    const params = new URLSearchParams(location.search);
    params.set("user", user.id);
    history.replaceState(null, "", `${location.pathname}?${params}`);
    await personPanel(panel, user, scopes, () => load(new URLSearchParams(location.search)));
    if (focus) panel.querySelector("h3")?.focus();
  }

  const filters = filterBar([{ name: "q", label: t("pw_find_hint") }], (params) => load(params));
  mount(root, h("h2", { tabindex: "-1" }, t("ws_people")),
    h("p", { class: "hint" }, t("wp_about")),
    h("div", { class: "ws-split" }, h("section", {}, filters, list), panel),
    resetSection());
  await load(new URLSearchParams(location.search));
}

// One person: their roles (revoke) and a new role in my area (grant).
async function personPanel(panel, user, scopes, reload) {
  const out = h("div", { role: "status" });
  let grants;
  try {
    grants = (await get(`/api/v1/users/${user.id}/grants?page_size=100`)).data;
  } catch (error) {
    return mount(panel, wsError(error));
  }
  const described = await Promise.all(grants.map(async (g) => ({ ...g, text: await roleText(g) })));
  const revoke = (g) => async () => {
    const ok = await confirmAction({
      title: t("wp_revoke_title"), danger: true, confirm: t("wp_revoke"),
      text: t("wp_revoke_text").replace("{name}", user.display_name || user.phone).replace("{role}", g.text),
      told: t("wp_revoke_told"),
    });
    if (!ok) return;
    try {
      await call("DELETE", `/api/v1/grants/${g.id}`);
      toast(t("wp_revoked").replace("{role}", g.text));
      await reload();
    } catch (error) {
      mount(out, wsError(error));
      out.querySelector("[role=alert]")?.setAttribute("tabindex", "-1");
      out.querySelector("[role=alert]")?.focus();
    }
  };
  mount(panel,
    h("h3", { tabindex: "-1" }, user.display_name || "—", " ", h("small", {}, user.phone)),
    dataTable({
      caption: t("wp_roles"),
      columns: [
        { key: "role", label: t("wp_role"), value: (g) => g.text },
        { key: "since", label: t("ws_since"), value: (g) => fmtDate(g.created_at, lang), sort: (g) => g.created_at },
        { key: "act", label: t("wt_actions"), sortable: false, value: (g) => h("button", {
          type: "button", class: "secondary", onclick: revoke(g), "aria-label": `${t("wp_revoke")} ${g.text}`,
        }, t("wp_revoke")) },
      ],
      rows: described, empty: t("wp_no_roles"),
    }),
    out,
    await grantForm(user, scopes, reload));
}

async function grantForm(user, scopes, reload) {
  const out = h("div", { role: "status" });
  const province = isProvince(scopes);
  const roles = [...(province ? ["association_admin"] : []), "station_head", "team_leader"];
  const role = h("select", { name: "role", id: "grant-role" }, roles.map((r) => h("option", { value: r }, t("role_" + r))));
  const scopeBox = h("div");
  const counties = await countyNames();
  const regionChoices = () => {
    // The province, its cities and their counties that the admin covers (only the province grants admins).
    const cities = new Map();
    Object.entries(counties).forEach(([code, c]) => cities.set(code.slice(0, 4) + "00", c.city));
    return [["610000", t("wp_province")], ...[...cities].filter(([, name]) => name).map(([code, name]) => [code, name]),
      ...Object.entries(counties).map(([code, c]) => [code, `${c.city} ${c.name}`])].filter(([code]) => covers(scopes, code));
  };
  async function records(kind) {
    const { data } = await get(`/api/v1/${kind}?region_code=${widest(scopes)}&page_size=100`);
    return data.filter((r) => covers(scopes, r.region_code)).map((r) => [String(r.id), `${r.name}（${counties[r.region_code]?.name || ""}）`]);
  }
  // The scope list is drawn again only when the role really changes (choosing the role already shown
  // keeps what was picked), and only the answer for the role chosen last is drawn.
  let drawn = null;
  async function drawScope() {
    const which = role.value;
    if (which === drawn) return;
    drawn = which;
    mount(out);
    const [name, label, choices] = which === "association_admin" ? ["region_code", t("wp_region"), regionChoices()]
      : which === "station_head" ? ["station_id", t("ws_stations"), await records("stations")]
        : ["team_id", t("ws_teams"), await records("teams")];
    if (which !== role.value) return;
    mount(scopeBox, field(label, h("select", { name, id: "grant-scope", required: true },
      h("option", { value: "" }, t("wp_choose")), choices.map(([v, text]) => h("option", { value: v }, text)))),
    which === "team_leader" ? h("p", { class: "hint" }, t("wp_team_leader_hint")) : null);
  }
  role.addEventListener("change", drawScope);
  await drawScope();
  const form = h("form", { class: "card", id: "grant-form", onsubmit: async (e) => {
    e.preventDefault();
    mount(out);
    const scope = form.querySelector("#grant-scope");
    const body = { role: role.value, [scope.name]: scope.name === "region_code" ? scope.value : Number(scope.value) };
    try {
      await post(`/api/v1/users/${user.id}/grants`, body);
      toast(t("wp_granted").replace("{name}", user.display_name || user.phone));
      await reload();
    } catch (error) {
      mount(out, error.status === 403 ? wsError(error) : errorBox(error, { role: t("wp_role"), region_code: t("wp_region"), station_id: t("ws_stations"), team_id: t("ws_teams") }));
      if (error.code === "use_team_leader_endpoint" && scope.value) {
        out.append(h("p", {}, h("a", { href: `/admin/teams/${scope.value}` }, t("wp_go_team"))));
      }
    }
  } },
  h("h4", {}, t("wp_grant_title")),
  field(t("wp_role"), role), scopeBox,
  h("button", { type: "submit", class: "primary" }, t("wp_grant")), out);
  return form;
}

// A password reset code for someone found by name or the phone's last four digits: shown once, to be read
// to the person over the phone.
function resetSection() {
  const issue = async (user, out) => {
    mount(out);
    try {
      const { data } = await post(`/api/v1/users/${user.id}/password-reset`, {});
      mount(out, h("div", { class: "card issued" },
        h("p", {}, user.display_name || user.phone, " · ", user.phone),
        h("p", { class: "reset-code", "aria-label": t("pw_code") }, `${data.code.slice(0, 4)} ${data.code.slice(4)}`),
        h("p", { class: "hint" }, t("pw_code_once"), " ", fmtTime(data.expires_at, lang))));
    } catch (error) {
      mount(out, wsError(error));
    }
  };
  return h("section", { id: "password-reset-admin" }, h("h3", {}, t("pw_admin")),
    personSearch({ id: "pw-find", label: t("pw_find_hint"), action: t("pw_issue"), pick: issue, hint: null }));
}
