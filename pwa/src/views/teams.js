// 服务队: my teams (leave), my requests to join (withdraw), finding teams near me or by field (ask to
// join), and for a leader, /teams/{id}: members, requests (accept or decline), signing members up.
import { errorBox, field, h, mount } from "../lib/h.js";
import { lang, t } from "../lib/i18n.js";
import { call, currentUser, get, post } from "../lib/api.js";
import { fmtTime, isoToLocalInput } from "../lib/util.js";
import { regionPicker } from "./region-picker.js";

const fieldNames = async () => {
  const { data } = await get("/api/v1/volunteer-fields", { cacheKey: "volunteer-fields" });
  return Object.fromEntries(data.map((f) => [f.code, lang === "en" ? f.label_en : f.label_zh]));
};

export async function render(root, [id]) {
  const user = await currentUser();
  if (!user) return mount(root, h("h2", {}, t("teams")), h("p", {}, t("login_needed"), " ", h("a", { href: `/login?next=${location.pathname}` }, t("login"))));
  mount(root, h("p", { class: "hint" }, t("loading")));
  try {
    const names = await fieldNames();
    return id ? await teamPage(root, Number(id), user, names) : await listPage(root, user, names);
  } catch (error) {
    mount(root, h("h2", {}, t("teams")), errorBox(error));
  }
}

// A button that does `run()` and then shows `text` in place of its card (announced: aria-live).
function action(label, cls, run, text, card) {
  return h("button", { type: "button", class: cls, onclick: async (e) => {
    const button = e.currentTarget;
    button.disabled = true;
    try {
      await run();
      mount(card, h("p", { class: "ok" }, text));
    } catch (error) {
      button.disabled = false;
      card.append(errorBox(error, {}));
    }
  } }, label);
}

function teamHead(team, names) {
  return [h("h3", {}, team.name),
    h("p", { class: "meta" }, h("span", { class: "tag" }, t("tk_" + team.kind)), `${team.member_count} ${t("team_members_n")}`),
    team.fields?.length ? h("p", { class: "hint" }, team.fields.map((f) => names[f] || f).join(" · ")) : null];
}

async function listPage(root, user, names) {
  const [mine, asked] = await Promise.all([get("/api/v1/volunteers/me/teams?page_size=100"), get("/api/v1/volunteers/me/join-requests?page_size=100")]);
  const memberOf = new Set(mine.data.map((team) => team.id));
  const pending = new Map(asked.data.map((r) => [r.team_id, r]));
  const results = h("ul", { class: "cards", id: "team-results" });
  mount(root, h("p", {}, h("a", { href: "/me" }, "← ", t("back"))), h("h2", {}, t("teams")),
    h("section", { id: "my-teams" }, h("h3", {}, t("my_teams")),
      mine.data.length ? h("ul", { class: "cards" }, mine.data.map((team) => myTeamCard(team, user, names))) : h("p", { class: "hint" }, t("no_teams"))),
    h("section", { id: "my-requests" }, h("h3", {}, t("my_requests")),
      asked.data.length ? h("ul", { class: "cards" }, asked.data.map((r) => requestCard(r))) : h("p", { class: "hint" }, "—")),
    h("section", { id: "find-teams" }, h("h3", {}, t("find_teams")), await finder(results, names, memberOf, pending), results));
}

function myTeamCard(team, user, names) {
  const card = h("li", { class: "card team", "data-team": team.id });
  const buttons = h("div", { class: "row" });
  const leads = team.leader_user_id === user.id;
  const choices = () => mount(buttons, leads
    ? h("a", { class: "button primary", href: `/teams/${team.id}` }, t("team_manage"))
    : h("button", { type: "button", class: "secondary", onclick: ask }, t("team_leave")));
  function ask() {
    mount(buttons, h("p", { class: "confirm" }, t("team_leave_ask").replace("{name}", team.name)),
      action(t("team_leave_yes"), "danger", () => call("DELETE", `/api/v1/teams/${team.id}/members/me`), t("team_left").replace("{name}", team.name), card),
      h("button", { type: "button", class: "secondary", onclick: choices }, t("withdraw_no")));
  }
  choices();
  mount(card, teamHead(team, names), leads ? h("p", { class: "ok" }, t("team_you_lead")) : null, buttons);
  card.setAttribute("aria-live", "polite");
  return card;
}

function requestCard(request) {
  const card = h("li", { class: "card request", "data-request": request.id, "aria-live": "polite" });
  mount(card, h("b", {}, request.team_name), h("p", { class: "hint" }, t("request_waiting"), " · ", fmtTime(request.created_at, lang)),
    action(t("request_withdraw"), "secondary", () => call("DELETE", `/api/v1/join-requests/${request.id}`), t("request_withdrawn"), card));
  return card;
}

// Near me = my home county (from my volunteer profile), or any county or city typed; and a field.
async function finder(results, names, memberOf, pending) {
  let region = null;
  try {
    const { data } = await get("/api/v1/volunteers/me");
    region = { code: data.home_region_code, name: data.home_region_name };
  } catch { /* no profile yet: every county */ }
  const picker = regionPicker(t("team_where"), (r) => { region = r; }, { levels: ["prefecture", "county"] });
  const place = picker.querySelector("input");
  place.name = "team_region";
  place.value = region?.name || "";
  const fieldSelect = h("select", { name: "field" }, h("option", { value: "" }, t("all")),
    Object.entries(names).map(([code, label]) => h("option", { value: code }, label)));
  const search = async (e) => {
    e?.preventDefault();
    if (!place.value.trim()) region = null;
    const query = new URLSearchParams({ page_size: "50" });
    if (region) query.set("region_code", region.code);
    if (fieldSelect.value) query.set("field", fieldSelect.value);
    try {
      const { data } = await get(`/api/v1/teams?${query}`);
      mount(results, data.length ? data.map((team) => foundCard(team, names, memberOf, pending)) : h("li", { class: "hint" }, t("no_teams_found")));
    } catch (error) {
      mount(results, errorBox(error, {}));
    }
  };
  const form = h("form", { class: "card", onsubmit: search }, picker, field(t("team_field"), fieldSelect),
    h("button", { class: "primary", type: "submit" }, t("find")));
  search();
  return form;
}

function foundCard(team, names, memberOf, pending) {
  const card = h("li", { class: "card team", "data-team": team.id, "aria-live": "polite" });
  const state = h("div", {});
  const asked = (request) => mount(state, h("p", { class: "ok" }, t("request_sent")),
    action(t("request_withdraw"), "secondary", () => call("DELETE", `/api/v1/join-requests/${request.id}`), t("request_withdrawn"), state));
  const ask = h("button", { type: "button", class: "primary", onclick: async () => {
    ask.disabled = true;
    try {
      asked((await post(`/api/v1/teams/${team.id}/join-requests`, {})).data);
    } catch (error) {
      ask.disabled = false;
      state.append(errorBox(error, {}));
    }
  } }, t("team_join"));
  if (memberOf.has(team.id)) mount(state, h("p", { class: "hint" }, t("team_member_already")));
  else if (pending.has(team.id)) asked(pending.get(team.id));
  else mount(state, ask);
  mount(card, teamHead(team, names), team.description ? h("p", {}, team.description) : null, state);
  return card;
}

// The leader's page of one team.
async function teamPage(root, id, user, names) {
  const team = (await get(`/api/v1/teams/${id}`)).data;
  const head = [h("p", {}, h("a", { href: "/teams" }, "← ", t("teams"))), h("h2", {}, team.name), teamHead(team, names).slice(1),
    team.description ? h("p", {}, team.description) : null];
  if (team.leader_user_id !== user.id) return mount(root, head);
  const members = h("ul", { class: "cards", id: "team-members" });
  const signup = h("section", { id: "team-signup" });
  const drawMembers = async () => {
    const { data } = await get(`/api/v1/teams/${id}/members?page_size=100`);
    mount(members, data.map((m) => h("li", { class: "card row", "data-user": m.user_id }, h("b", {}, m.display_name || "—"), " ", m.phone_masked)));
    mount(signup, await signupForm(team, data));
  };
  const { data: requests } = await get(`/api/v1/teams/${id}/join-requests?page_size=100`);
  mount(root, head,
    h("section", { id: "team-requests" }, h("h3", {}, t("team_requests")),
      requests.length ? h("ul", { class: "cards" }, requests.map((r) => decideCard(r, drawMembers))) : h("p", { class: "hint" }, "—")),
    h("section", {}, h("h3", {}, t("team_members")), members), signup);
  await drawMembers();
}

function decideCard(request, changed) {
  const card = h("li", { class: "card request", "data-request": request.id, "aria-live": "polite" });
  const decide = (path) => async () => { await post(`/api/v1/join-requests/${request.id}/${path}`, {}); if (path === "accept") await changed(); };
  mount(card, h("b", {}, request.display_name || "—"), request.message ? h("p", {}, request.message) : null,
    h("p", { class: "hint" }, fmtTime(request.created_at, lang)),
    h("div", { class: "row" },
      action(t("team_accept"), "primary", decide("accept"), t("request_accepted").replace("{name}", request.display_name), card),
      action(t("decline"), "secondary", decide("decline"), t("request_declined").replace("{name}", request.display_name), card)));
  return card;
}

// Sign named members up for one role of an upcoming event in the team's county: all get a place or none.
async function signupForm(team, members) {
  const out = h("div", { role: "status", "aria-live": "polite" });
  const today = isoToLocalInput().slice(0, 10);
  const { data: events } = await get(`/api/v1/events?region_code=${team.region_code}&date_from=${today}&page_size=50`);
  const eventSelect = h("select", { name: "event_id", required: true }, h("option", { value: "" }, "—"),
    events.map((e) => h("option", { value: String(e.id) }, `${e.title} · ${fmtTime(e.starts_at, lang)}`)));
  const roleSelect = h("select", { name: "role_id", required: true });
  const fillRoles = () => {
    const event = events.find((e) => String(e.id) === eventSelect.value);
    mount(roleSelect, (event?.roles || []).map((r) => h("option", { value: String(r.id) }, `${r.name} · ${r.places_left} ${t("places_left")}`)));
  };
  eventSelect.addEventListener("change", fillRoles);
  const boxes = members.map((m) => h("input", { type: "checkbox", name: "user_ids", value: String(m.user_id) }));
  const form = h("form", { class: "card", onsubmit: async (e) => {
    e.preventDefault();
    mount(out);
    const userIds = boxes.filter((b) => b.checked).map((b) => Number(b.value));
    if (!userIds.length) return mount(out, h("div", { class: "error", role: "alert" }, h("p", {}, t("team_pick_members"))));
    try {
      const body = { event_id: Number(eventSelect.value), role_id: Number(roleSelect.value), user_ids: userIds };
      const { data } = await post(`/api/v1/teams/${team.id}/signups`, body);
      const title = events.find((ev) => ev.id === data.event_id)?.title || "";
      mount(out, h("p", { class: "ok" }, t("team_signed_up").replace("{n}", data.signups.length).replace("{title}", title)));
      boxes.forEach((b) => { b.checked = false; });
    } catch (error) {
      mount(out, errorBox(error, {}));
    }
  } },
  field(t("team_event"), eventSelect), field(t("team_role"), roleSelect),
  h("fieldset", { class: "checks" }, h("legend", {}, t("team_who")),
    members.map((m, i) => h("label", { class: "check" }, boxes[i], " ", m.display_name || m.phone_masked))),
  h("button", { class: "primary", type: "submit" }, t("team_sign_up")), out);
  return h("div", {}, h("h3", {}, t("team_signup_title")), events.length ? form : h("p", { class: "hint" }, t("team_no_events")));
}
