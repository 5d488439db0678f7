// A need's page, for whoever may see it: its timeline, deadlines, services and answer; the buttons the
// API's `can` list allows the viewer now (follow, the provider's note / visit event / field log /
// resolve, the asker's answer). The admin's triage and matching live in the workspace (/admin/needs/{id}).
import { errorBox, field, h, mount, toast } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { call, currentUser, get, grantsOf, post } from "../../lib/api.js";
import { fmtTime, isoToLocalInput, localInputToIso } from "../../lib/util.js";
import { EVENT_KINDS, deadlines, fieldName, fieldNames, loginFirst, placeNames, placeOf, statusTag, timeline, word } from "./common.js";

const ADMIN_ACTIONS = ["accept", "refuse", "duplicate", "refer", "assign"];

export async function render(root, [id]) {
  const user = await currentUser();
  let need;
  try {
    need = (await get(`/api/v1/needs/${id}`, { cacheKey: `need:${id}` })).data;
  } catch (error) {
    if (!user && error.status === 401) return mount(root, loginFirst(t("nd_need")));
    return mount(root, h("h2", {}, t("nd_need")), errorBox(error));
  }
  const names = await fieldNames();
  await placeNames([need]);
  const can = new Set(need.can || []);
  const out = h("div", { role: "status", tabindex: "-1" });
  // An action's success redraws the page and says so; its error shows next to its form.
  const act = (fn, done, box = out) => async (e) => {
    e?.preventDefault?.();
    const form = e?.target?.closest?.("form");
    if (form && !form.reportValidity()) return;
    try {
      await fn();
      await render(root, [id]);
      toast(done);
      root.querySelector("h2")?.focus();
    } catch (error) {
      mount(box, errorBox(error));
      box.focus?.();
    }
  };

  mount(root,
    h("p", {}, h("a", { href: user ? "/me/needs" : "/needs" }, "← ", user ? t("nd_mine") : t("nd_board"))),
    h("h2", { tabindex: "-1" }, need.title),
    h("p", { class: "meta" }, statusTag(need), " ", word("ndk_", need.kind), " · ", fieldName(names, need.field),
      need.industry ? ` · ${need.industry}` : "", need.urgency === "urgent" ? h("span", { class: "tag urgent" }, t("ndu_urgent")) : null),
    h("p", { class: "hint" }, [placeOf(need), word("ndt_", need.asker_type), need.org_name, fmtTime(need.created_at, lang)].filter(Boolean).join(" · ")),
    asker(need),
    need.description ? h("p", { class: "need-text" }, need.description) : null,
    need.photos?.length ? h("p", { class: "thumbs" }, need.photos.map((p, i) =>
      h("img", { src: p.url, alt: `${t("photo")} ${i + 1}`, width: "120", height: "120", loading: "lazy" }))) : null,
    deadlines(need.deadlines),
    need.duplicate_of_id ? h("p", {}, t("nd_duplicate_of"), " ", h("a", { href: `/needs/${need.duplicate_of_id}` }, `#${need.duplicate_of_id}`)) : null,
    need.follow_up_of_id ? h("p", {}, t("nd_follow_up_of"), " ", h("a", { href: `/needs/${need.follow_up_of_id}` }, `#${need.follow_up_of_id}`)) : null,
    out,
    h("p", { class: "row" },
      can.has("follow") ? h("button", { type: "button", class: "secondary", onclick: act(() => post(`/api/v1/needs/${id}/follow`, {}), t("nd_followed")) }, t("nd_follow")) : null,
      can.has("unfollow") ? h("button", { type: "button", class: "secondary", onclick: act(() => call("DELETE", `/api/v1/needs/${id}/follow`), t("nd_unfollowed")) }, t("nd_unfollow")) : null,
      ADMIN_ACTIONS.some((a) => can.has(a)) ? h("a", { class: "button primary", href: `/admin/needs/${id}` }, t("nd_handle")) : null),
    await assignments(need, user, act),
    providerTools(need, can, act, user),
    answerBox(need, can, act),
    h("section", {}, h("h3", {}, t("nd_timeline")), timeline(need.steps)),
    services(need),
  );
}

// The asker's name and phone: the API sends them only to whom may see them.
function asker(need) {
  const name = need.asker?.display_name;
  const phone = need.asker?.phone;
  if (!name && !phone) return null;
  return h("p", { class: "asker" }, t("nd_asker_is"), [name, phone].filter(Boolean).join(" · "));
}

// The provider's answer to an offered assignment, on the need's own page.
async function assignments(need, user, act) {
  const list = need.assignments || [];
  if (!list.length) return null;
  return h("section", {}, h("h3", {}, t("nd_providers")), h("ul", { class: "cards" }, list.map((a) => {
    const reason = h("input", { name: "reason", "aria-label": t("nd_decline_reason"), placeholder: t("nd_decline_reason"), required: true });
    const box = h("div", { role: "status" });
    const mine = (a.can || []).length > 0;
    return h("li", { class: `card assignment as-${a.status}` },
      h("p", {}, h("b", {}, a.provider_name || a.name || word("ndp_", a.provider_type)), " · ", word("ndp_", a.provider_type), " · ", word("ndas_", a.status)),
      a.reason ? h("p", { class: "hint" }, t("reason"), "：", a.reason) : null,
      a.status === "offered" && a.answer_due_at ? h("p", { class: "hint" }, t("nd_answer_due"), " ", fmtTime(a.answer_due_at, lang)) : null,
      mine && a.can.includes("accept") ? h("form", { class: "row", onsubmit: act(() => post(`/api/v1/assignments/${a.id}/accept`, {}), t("nd_as_accepted"), box) },
        h("button", { type: "submit", class: "primary" }, t("nd_as_accept"))) : null,
      mine && a.can.includes("decline") ? h("form", { class: "row", onsubmit: act(() => post(`/api/v1/assignments/${a.id}/decline`, { reason: reason.value.trim() }), t("nd_as_declined"), box) },
        reason, h("button", { type: "submit", class: "secondary" }, t("nd_as_decline"))) : null,
      box);
  })));
}

// What an accepted provider does: a status note, a visit event made from the need, a field log linked, resolved.
function providerTools(need, can, act, user) {
  const parts = [];
  const id = need.id;
  if (can.has("note")) {
    const text = h("textarea", { name: "note_text", rows: "2", required: true, maxlength: "2000" });
    const box = h("div", { role: "status" });
    parts.push(h("form", { class: "card", id: "need-note", onsubmit: act(() => post(`/api/v1/needs/${id}/notes`, { text: text.value.trim() }), t("nd_note_added"), box) },
      h("h3", {}, t("nd_note")), field(t("nd_note_text"), text, t("nd_note_hint")), h("button", { type: "submit", class: "secondary" }, t("nd_note_add")), box));
  }
  if (can.has("create_event")) parts.push(eventForm(need, act));
  if (can.has("link_service")) parts.push(fieldLogForm(need, act, user));
  if (can.has("resolve")) {
    const note = h("textarea", { name: "resolve_note", rows: "2", required: true, maxlength: "2000" });
    const box = h("div", { role: "status" });
    parts.push(h("form", { class: "card", id: "need-resolve", onsubmit: act(() => post(`/api/v1/needs/${id}/resolve`, { note: note.value.trim() }), t("nd_resolved"), box) },
      h("h3", {}, t("nd_resolve")), field(t("nd_resolve_note"), note), h("button", { type: "submit", class: "primary" }, t("nd_resolve")), box));
  }
  return parts.length ? h("section", { class: "provider-tools" }, parts) : null;
}

// A visit event made from the need: the server fills the title, description, place and county from it.
function eventForm(need, act) {
  const tomorrow = new Date(Date.now() + 86400e3);
  const day = isoToLocalInput(tomorrow).slice(0, 10);
  const kind = h("select", { name: "event_kind" }, EVENT_KINDS.map((k) => h("option", { value: k }, t("k_" + k))));
  const starts = h("input", { name: "event_starts", type: "datetime-local", required: true, value: `${day}T09:00` });
  const ends = h("input", { name: "event_ends", type: "datetime-local", required: true, value: `${day}T12:00` });
  const venue = h("input", { name: "event_venue", maxlength: "200", value: placeOf(need) });
  const box = h("div", { role: "status" });
  let made = null;
  return h("form", { class: "card", id: "need-event", onsubmit: act(async () => {
    made = (await post(`/api/v1/needs/${need.id}/event`, { kind: kind.value, starts_at: localInputToIso(starts.value),
      ends_at: localInputToIso(ends.value), venue_name: venue.value.trim() || undefined })).data;
  }, t("nd_event_made"), box) },
  h("h3", {}, t("nd_event")), h("p", { class: "hint" }, t("nd_event_hint")),
  field(t("kind"), kind), field(t("starts"), starts), field(t("ends"), ends), field(t("venue"), venue),
  h("button", { type: "submit", class: "primary" }, t("nd_event_make")), box, made ? h("a", { href: `/events/${made.id}` }, made.title) : null);
}

// Link one of the station's field logs (a station head), chosen from its latest logs.
function fieldLogForm(need, act, user) {
  const stations = grantsOf(user, "station_head").map((g) => g.station_id).filter(Boolean);
  const pick = h("select", { name: "fieldlog_uuid", required: true }, h("option", { value: "" }, t("nd_pick")));
  const box = h("div", { role: "status" });
  (async () => {
    for (const sid of stations) {
      try {
        const { data } = await get(`/api/v1/stations/${sid}/fieldlogs?page_size=30`);
        pick.append(...data.map((log) => h("option", { value: log.uuid }, `${fmtTime(log.occurred_at, lang)} · ${t("k_" + log.kind)} · ${log.topic}`)));
      } catch { /* not this station's head any more */ }
    }
  })();
  if (!stations.length) return null;
  return h("form", { class: "card", id: "need-fieldlog", onsubmit: act(() => post(`/api/v1/needs/${need.id}/services`, { fieldlog_uuid: pick.value }), t("nd_log_linked"), box) },
    h("h3", {}, t("nd_link_log")), field(t("nd_log"), pick), h("button", { type: "submit", class: "secondary" }, t("nd_link")), box);
}

// The asker's answer after the need was resolved; or the answer given.
function answerBox(need, can, act) {
  const given = need.answer;
  if (given) {
    return h("section", { class: "card answer" }, h("h3", {}, t("nd_answer")),
      h("p", {}, h("b", {}, word("ndo_", given.outcome)), " · ", "★".repeat(given.rating), "☆".repeat(5 - given.rating)),
      given.comment ? h("p", {}, given.comment) : null,
      given.still_needed ? h("p", { class: "hint" }, t("nd_still_needed"), " ", given.still_needed) : null,
      given.follow_up_need_id ? h("p", {}, h("a", { href: `/needs/${given.follow_up_need_id}` }, t("nd_follow_up_open"))) : null);
  }
  if (!can.has("answer")) return null;
  const box = h("div", { role: "status" });
  const comment = h("textarea", { name: "comment", rows: "3", maxlength: "2000" });
  const still = h("textarea", { name: "still_needed", rows: "2", maxlength: "2000" });
  const outcome = h("fieldset", { class: "radios" }, h("legend", {}, t("nd_outcome")),
    ["solved", "partly", "not_solved"].map((o) => h("label", {}, h("input", { type: "radio", name: "outcome", value: o, required: true,
      onchange: () => { comment.required = o === "not_solved"; } }), " ", word("ndo_", o))));
  const stars = h("fieldset", { class: "radios stars" }, h("legend", {}, t("nd_rating")),
    [1, 2, 3, 4, 5].map((n) => h("label", {}, h("input", { type: "radio", name: "rating", value: String(n), required: true }), " ",
      h("span", { "aria-hidden": "true" }, "★".repeat(n)), h("span", { class: "sr-only" }, t("nd_stars").replace("{n}", n)))));
  const form = h("form", { class: "card", id: "need-answer", onsubmit: act(() => {
    const data = new FormData(form);
    const body = { outcome: data.get("outcome"), rating: Number(data.get("rating")), comment: comment.value.trim() };
    if (still.value.trim()) body.still_needed = still.value.trim();
    return post(`/api/v1/needs/${need.id}/answer`, body);
  }, t("nd_answered"), box) },
  h("h3", {}, t("nd_answer_ask")), outcome, stars,
  field(t("nd_comment"), comment, t("nd_comment_hint")),
  field(t("nd_still_needed"), still, t("nd_still_hint")),
  h("button", { type: "submit", class: "primary" }, t("nd_answer_send")), box);
  return form;
}

function services(need) {
  const list = need.services || [];
  if (!list.length) return null;
  return h("section", {}, h("h3", {}, t("nd_services")), h("ul", { class: "cards" }, list.map((s) => h("li", { class: "card" },
    s.event_id ? h("a", { href: `/events/${s.event_id}` }, s.event_title || t("nd_event")) : h("span", {}, t("nd_log")),
    h("p", { class: "hint" }, fmtTime(s.created_at, lang))))));
}
