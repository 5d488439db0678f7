// One event for its organiser, on the day and after: the roster by role (confirmed, offered with its expiry, the
// waitlist in order), the residents' seats, check-in by hand, attendance with the check-ins to look at, and the
// service hours (compute, verify one or all, adjust with a reason, each record's history). The check-in QR has
// its own full-screen page (ws/qr.js).
import { errorBox, h, mount, toast } from "../../lib/h.js";
import { durationText, lang, t } from "../../lib/i18n.js";
import { get, post } from "../../lib/api.js";
import { fmtSpan, fmtTime } from "../../lib/util.js";
import { confirmAction, dataTable, pager, workspace } from "../../lib/ws.js";
import { lifecycleButtons } from "./lifecycle.js";
import { word } from "../needs/common.js";

const fill = (key, values) => Object.entries(values).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, v), t(key));
const when = (iso) => (iso ? fmtTime(iso, lang) : "—");
// Minutes as hours and minutes, with the minutes beside them: "2 小时 30 分（150 分钟）".
const minutesText = (n) => fill("wd_dur_minutes", { d: durationText(n), m: fill("wd_minutes_n", { n }) });

export async function render(outer, [id]) {
  const root = await workspace(outer, "events");
  if (!root) return;
  const out = h("div", { role: "status" });
  let event;
  try {
    event = (await get(`/api/v1/events/${id}`)).data;
  } catch (error) {
    return mount(root, errorBox(error));
  }
  // An action's error shows in `box`, next to its button; its success redraws the screen and is confirmed in
  // the toast (`done`: a text, or a function of the action's answer), with the focus back on the heading.
  const act = (fn, box = out, done = null) => async () => {
    try {
      const answer = await fn();
      await render(outer, [id]);
      if (done) toast(typeof done === "function" ? done(answer) : done);
      outer.querySelector("h2")?.focus();
    } catch (error) {
      mount(box, errorBox(error));
      box.scrollIntoView({ block: "nearest" }); // in sight, beside the button pressed
    }
  };
  const live = event.status === "published" || event.status === "completed";
  const editable = event.status === "draft" || event.status === "published";
  const [attendanceBox, rosterBox, seatsBox, hoursBox, feedbackBox] = await Promise.all([
    live ? attendance(event) : null, roster(event, act), seats(event), live ? hours(event, act, outer) : null,
    event.status === "completed" ? feedback(event) : null]);
  mount(root,
    h("p", {}, h("a", { href: "/admin/events" }, "← ", t("back"))),
    h("h2", { tabindex: "-1" }, event.title),
    h("p", {}, `${fmtSpan(event.starts_at, event.ends_at, lang)} · ${event.venue_name} · `,
      h("b", { class: `event-status st-${event.status}` }, t("ev_" + event.status))),
    h("p", { class: "row" },
      live ? h("a", { class: "button primary", href: `/admin/events/${id}/qr` }, t("qr")) : null,
      live ? h("a", { class: "button secondary", href: `/admin/events/${id}/qr?direction=out` }, t("qr_out")) : null,
      editable ? h("a", { class: "button secondary", href: `/admin/events/${id}/edit` }, t("wd_edit")) : null,
      event.status !== "draft" ? h("a", { class: "button secondary", href: `/events/${id}` }, t("wd_public")) : null),
    lifecycleButtons(event, act),
    out,
    // Once the event is over, its hours are what is left to do: they come first.
    over(event) ? [hoursBox, attendanceBox, feedbackBox] : [attendanceBox],
    rosterBox,
    seatsBox,
    over(event) ? null : hoursBox);
}

const over = (event) => event.status === "completed" || (event.status === "published" && new Date(event.ends_at) <= Date.now());

// A list the API pages: drawn by `draw(rows, page)`, with previous / next under it.
async function paged(url, draw, pageSize = 20) {
  const box = h("div", { class: "wd-list" });
  const sep = url.includes("?") ? "&" : "?";
  async function load(n) {
    try {
      const { data, page } = await get(`${url}${sep}page=${n}&page_size=${pageSize}`);
      mount(box, draw(data, page), pager(page, load));
    } catch (error) {
      mount(box, errorBox(error));
    }
  }
  await load(1);
  return box;
}

const titled = (label, page, rows) => h("p", {}, h("b", {}, label), ` · ${fill("ws_total", { n: page?.total ?? rows.length })}`);
// A titled table; an empty one is its title alone ("递补待确认 · 共 0 条").
const titledTable = (label, page, rows, columns) => [titled(label, page, rows), rows.length ? dataTable({ rows, columns }) : null];

// --- the roster ------------------------------------------------------------------------------------------

async function roster(event, act) {
  const url = (role, status) => `/api/v1/events/${event.id}/signups?role_id=${role.id}&status=${status}`;
  const name = { key: "name", label: t("wd_name"), value: (s) => s.display_name };
  const phone = { key: "phone", label: t("wd_phone"), value: (s) => s.phone, sortable: false };
  const roles = await Promise.all(event.roles.map(async (role) => {
    const [confirmed, offered, waiting] = await Promise.all([
      paged(url(role, "confirmed"), (rows, page) => titledTable(t("wd_confirmed"), page, rows, [name, phone,
          { key: "created_at", label: t("wd_signed_at"), value: (s) => when(s.created_at), sort: (s) => s.created_at },
          { key: "by_hand", label: t("wd_manual"), sortable: false, value: (s) => byHandButtons(event, s, act) }])),
      paged(url(role, "offered"), (rows, page) => titledTable(t("wd_offered"), page, rows, [name, phone,
          { key: "offer", label: t("wd_offered"), value: (s) => fill("wd_offer_until", { t: when(s.offer_expires_at) }),
            sort: (s) => s.offer_expires_at }])),
      paged(url(role, "waitlisted"), (rows, page) => titledTable(t("wd_waitlist"), page, rows, [
          { key: "position", label: t("wd_pos"), value: (s) => s.waitlist_position }, name, phone,
          { key: "created_at", label: t("wd_signed_at"), value: (s) => when(s.created_at), sort: (s) => s.created_at }])),
    ]);
    return h("section", { class: "wd-role" },
      h("h4", {}, fill("wd_role_head", { name: role.name, n: role.confirmed_count, cap: role.capacity })),
      confirmed, offered, waiting);
  }));
  return h("section", { "aria-labelledby": "wd-roster" }, h("h3", { id: "wd-roster" }, t("wd_roster")), roles);
}

// Check a volunteer in (or out) by hand, with the reason the API requires; an error shows beside the buttons.
function byHandButtons(event, signup, act) {
  const note = h("div", { class: "record-note" });
  const ask = (direction) => async () => {
    const out = direction === "out";
    const answer = await confirmAction({
      title: fill(out ? "wd_manual_out_title" : "wd_manual_title", { name: signup.display_name }),
      text: t("wd_manual_text"), confirm: t(out ? "wd_manual_out" : "wd_manual"),
      inputs: [{ name: "reason", label: t("reason"), required: true, rows: 2 }],
    });
    if (!answer) return;
    await act(() => post(`/api/v1/events/${event.id}/checkins`, { user_id: signup.user_id, direction, reason: answer.reason }),
      note, fill(out ? "wd_manual_out_done" : "wd_manual_done", { name: signup.display_name }))();
  };
  if (event.status !== "published" && event.status !== "completed") return "—";
  return h("div", {},
    h("span", { class: "row" },
      h("button", { type: "button", class: "secondary", onclick: ask("in") }, t("wd_manual")),
      h("button", { type: "button", class: "secondary", onclick: ask("out") }, t("wd_manual_out"))),
    note);
}

async function seats(event) {
  const list = await paged(`/api/v1/events/${event.id}/reservations`, (rows, page) => [
    event.resident_seats != null ? h("p", {}, h("b", {}, fill("wd_seats_taken", { n: page?.total ?? rows.length, cap: event.resident_seats }))) : null,
    dataTable({
      rows, empty: t("wd_empty_list"), columns: [
        { key: "name", label: t("wd_name") },
        { key: "phone", label: t("wd_phone"), value: (r) => r.phone, sortable: false },
        { key: "account", label: t("wd_account"), value: (r) => t(r.has_account ? "wd_has_account" : "wd_no_account") },
        { key: "status", label: t("status"), value: (r) => t("rs_" + r.status) },
        { key: "created_at", label: t("wd_booked_at"), value: (r) => when(r.created_at), sort: (r) => r.created_at }],
    })]);
  return h("section", { "aria-labelledby": "wd-seats" }, h("h3", { id: "wd-seats" }, t("wd_seats")), list);
}

// --- feedback ------------------------------------------------------------------------------------------------

// The residents' and volunteers' answers, never who wrote them; a comment that became a need links to it.
async function feedback(event) {
  let data;
  try {
    data = (await get(`/api/v1/events/${event.id}/feedback`)).data;
  } catch {
    return null; // not this admin's to read
  }
  const avg = data.average == null ? "—" : data.average.toFixed(1);
  const comments = data.comment_needs.map((c) => h("li", {}, c.text, c.need_id ? [" · ",
    h("a", { href: `/admin/needs/${c.need_id}` }, fill("wd_fb_need", { id: c.need_id, status: word("nds_", c.need_status) }))] : null));
  return h("section", { "aria-labelledby": "wd-feedback" }, h("h3", { id: "wd-feedback" }, t("wd_feedback")),
    h("p", {}, fill("wd_fb_summary", { n: data.count, avg })),
    comments.length ? h("ul", { class: "wd-comments" }, comments) : h("p", {}, t("wd_fb_no_comments")));
}

// --- attendance -------------------------------------------------------------------------------------------

function flagText(c) {
  if (c.flag === "far") return fill("wd_flag_far", { km: c.distance_m != null ? (c.distance_m / 1000).toFixed(1) : "?" });
  if (c.flag === "no_position") return t("wd_flag_no_position");
  return "—";
}

async function attendance(event) {
  let counts;
  try {
    const { data } = await get(`/api/v1/events/${event.id}/attendance`);
    const item = (label, n) => h("div", {}, h("dt", {}, label), h("dd", {}, String(n)));
    counts = h("dl", { class: "wd-counts" }, item(t("wd_att_vol"), data.volunteers), item(t("wd_att_res"), data.residents),
      item(t("wd_att_total"), data.total), item(t("wd_att_flagged"), data.flagged));
  } catch (error) {
    counts = errorBox(error);
  }
  const flagged = await paged(`/api/v1/events/${event.id}/checkins?flagged=true`, (rows, page) =>
    titledTable(t("wd_flagged"), page, rows, [
        { key: "name", label: t("wd_name"), value: (c) => c.display_name },
        { key: "direction", label: t("wd_direction"), value: (c) => t(c.direction === "out" ? "qr_mode_out" : "qr_mode_in") },
        { key: "at", label: t("wd_when"), value: (c) => when(c.at), sort: (c) => c.at },
        { key: "why", label: t("wd_why"), value: (c) => h("span", { class: "wd-flag" }, flagText(c)) },
        { key: "method", label: t("wd_method"), value: (c) => t(c.method === "manual" ? "wd_method_manual" : "wd_method_qr") }]));
  return h("section", { "aria-labelledby": "wd-attendance" }, h("h3", { id: "wd-attendance" }, t("wd_attendance")),
    counts, flagged);
}

// --- service hours ----------------------------------------------------------------------------------------

function historyLine(c) {
  const by = c.actor_name ? fill("wd_by", { name: c.actor_name }) : t("wd_by_system");
  const change = c.from_minutes != null && c.from_minutes !== c.to_minutes
    ? `${minutesText(c.from_minutes)} → ${minutesText(c.to_minutes)}` : minutesText(c.to_minutes);
  return h("li", {}, `${when(c.at)} · `, h("b", {}, t("wd_hist_" + c.action)), ` · ${by} · ${change}`,
    c.reason ? ` · ${fill("wd_reason_is", { r: c.reason })}` : "");
}

function recordCard(r, act) {
  const note = h("div", { class: "record-note" });
  const minutes = h("input", { type: "number", min: "0", step: "1", inputmode: "numeric", value: String(r.minutes), "aria-label": t("minutes") });
  const reason = h("input", { class: "wd-reason", required: true, minlength: "2", maxlength: "500", "aria-label": t("reason"), placeholder: t("reason") });
  const adjust = () => {
    if (!reason.reportValidity() || !minutes.reportValidity()) return;
    act(() => post(`/api/v1/service-records/${r.id}/adjust`, { minutes: Number(minutes.value), reason: reason.value.trim() }), note, t("adjusted"))();
  };
  const flags = [r.no_checkout && t("wd_no_checkout"), r.is_far && t("wd_far"), r.no_position && t("wd_no_position")].filter(Boolean);
  return h("li", { class: "card wd-record", "data-record": r.id },
    h("p", {}, h("b", {}, r.display_name), " · ", h("span", { class: r.status === "verified" ? "ok" : "deadline" }, t("hs_" + r.status))),
    h("p", { class: "big" }, minutesText(r.minutes)),
    h("p", { class: "hint" }, fill("wd_in_out", { a: when(r.checked_in_at), b: when(r.checked_out_at) })),
    flags.length ? h("ul", { class: "wd-history" }, flags.map((f) => h("li", { class: "wd-flag" }, f))) : null,
    h("p", { class: "row" },
      r.status === "pending" ? h("button", { type: "button", class: "primary", onclick: act(() => post(`/api/v1/service-records/${r.id}/verify`, {}), note, t("hs_verified")) }, t("verify")) : null,
      minutes, reason,
      h("button", { type: "button", class: "secondary", onclick: adjust }, t("adjust"))),
    note,
    h("details", {}, h("summary", {}, fill("wd_history_n", { n: r.history.length })),
      h("ol", { class: "wd-history" }, r.history.map(historyLine))));
}

async function hours(event, act, outer) {
  const note = h("div", { id: "wd-hours-note", class: "record-note" });
  let pending = 0;
  let more = false;
  const list = await paged(`/api/v1/events/${event.id}/service-records`, (rows, page) => {
    pending = rows.filter((r) => r.status === "pending").length;
    more = Boolean(page?.next_page || page?.previous_page);
    return [titled(t("wd_hours"), page, rows), rows.length ? h("ul", { class: "cards" }, rows.map((r) => recordCard(r, act))) : h("p", { class: "hint" }, t("wd_empty_list"))];
  }, 50);
  async function verifyAll() {
    const yes = await confirmAction({ title: t("wd_verify_all_title"), told: t("wd_verify_all_told"),
      text: fill("wd_verify_all_text", { n: more ? `${pending}+` : pending }), confirm: t("wd_verify_all") });
    if (!yes) return;
    let answer;
    try {
      answer = (await post(`/api/v1/events/${event.id}/service-records/verify-all`, {})).data;
    } catch (error) {
      return mount(note, errorBox(error));
    }
    await render(outer, [event.id]);
    toast(fill("wd_verified_n", { n: answer.verified }));
    // What was refused stays in sight, each with its reason: nothing is left pending without a word.
    const box = outer.querySelector("#wd-hours-note");
    if (answer.refused.length && box) {
      mount(box, h("div", { class: "error", role: "alert" }, h("p", {}, t("wd_refused_head")),
        h("ul", {}, answer.refused.map((x) => h("li", {}, h("b", {}, x.display_name), " · ", x.message)))));
    }
    outer.querySelector("h2")?.focus();
  }
  return h("section", { "aria-labelledby": "wd-hours" }, h("h3", { id: "wd-hours" }, t("wd_hours")),
    h("p", { class: "hint" }, t("wd_hours_hint")),
    h("p", { class: "row" },
      h("button", { type: "button", class: "secondary", onclick: act(() => post(`/api/v1/events/${event.id}/service-records/compute`, {}), note,
        (answer) => fill("wd_computed_n", { n: answer.data.changed })) }, t("compute")),
      pending ? h("button", { type: "button", class: "primary", onclick: verifyAll }, t("wd_verify_all")) : null),
    note, list);
}
