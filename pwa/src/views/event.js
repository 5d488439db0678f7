// One event: when and where, how to get there, a seat for residents, roles for volunteers.
import { errorBox, field, h, mount } from "../lib/h.js";
import { lang, t } from "../lib/i18n.js";
import { currentUser, durable, get, post } from "../lib/api.js";
import { list as outbox } from "../lib/outbox.js";
import { dropDraft, getDraft, saveDraft } from "../lib/store.js";
import { compass, fmtSpan, fmtTime, km } from "../lib/util.js";

const POINTS_ZH = ["北", "东北", "东", "东南", "南", "西南", "西", "西北"];
const POINTS_EN = ["north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"];

export async function render(root, [id]) {
  mount(root, h("p", { class: "hint" }, t("loading")));
  let event;
  try {
    event = (await get(`/api/v1/events/${id}`, { cacheKey: `event:${id}` })).data;
  } catch (error) {
    return mount(root, errorBox(error));
  }
  const user = await currentUser();
  mount(root,
    h("p", {}, h("a", { href: "/" }, "← ", t("back"))),
    h("h2", {}, event.title),
    h("p", { class: "meta" }, h("span", { class: `tag k-${event.kind}` }, t("k_" + event.kind)),
      event.status !== "published" ? h("b", {}, " ", t("ev_" + event.status)) : null),
    h("dl", { class: "facts" },
      h("dt", {}, t("when")), h("dd", {}, fmtSpan(event.starts_at, event.ends_at, lang)),
      h("dt", {}, t("where")), h("dd", {}, event.venue_name)),
    event.description && h("p", { class: "desc" }, event.description),
    h("section", {}, h("h3", {}, t("directions")), h("p", {}, directions(event)),
      h("p", { class: "row" },
        h("a", { class: "button secondary", href: `geo:${event.lat},${event.lng}?q=${event.lat},${event.lng}`, "data-external": "" }, t("open_map_app")),
        h("a", { class: "button secondary", href: `/api/v1/events/${event.id}.ics`, download: `event-${event.id}.ics` }, t("add_calendar")))),
    event.resident_seats ? await seatSection(event, user) : null,
    event.roles?.length ? await rolesSection(event, user) : null,
    feedbackPlace(event, user),
  );
}

// A held event: the person who held a seat on this phone, or a logged-in volunteer, may say how useful it was
// (the form's code is loaded only then).
function feedbackPlace(event, user) {
  const seat = seats()[event.id];
  if (event.status !== "completed" || (!seat && !user)) return null; // held, and marked so by its organiser
  const place = h("div", { class: "fb-place" });
  import("./feedback.js").then((m) => m.render(place, event, seat)).catch(() => place.remove());
  return place;
}

// In words: the venue, and from the place the resident chose, how far and which way (never raw coordinates).
function directions(event) {
  const origin = JSON.parse(localStorage.getItem("origin") || "null");
  if (!origin?.lat || !origin.name) return event.venue_name;
  const dist = km(origin.lat, origin.lng, event.lat, event.lng);
  const points = lang === "en" ? POINTS_EN : POINTS_ZH;
  const where = dist < 0.1 // closer than that, a direction means nothing
    ? t("dir_here").replace("{o}", origin.name)
    : t("dir_away").replace("{o}", origin.name).replace("{d}", dist.toFixed(1))
      .replace("{p}", points[compass(origin.lat, origin.lng, event.lat, event.lng)]);
  return lang === "en" ? `${event.venue_name}: ${where}.` : `${event.venue_name}：${where}。`;
}

// Seats this phone booked: {eventId: {id, code}}, and the ids of seats it gave back. The code gives
// the seat back without an account; the phone number is not kept here.
const SEATS = "seats";
const GIVEN_BACK = "seats_given_back";
const seats = () => JSON.parse(localStorage.getItem(SEATS) || "{}");
const givenBack = () => JSON.parse(localStorage.getItem(GIVEN_BACK) || "[]");

function keepSeat(eventId, reservation) {
  const seat = { id: reservation.id, code: reservation.cancel_code, short: reservation.short_cancel_code };
  localStorage.setItem(SEATS, JSON.stringify({ ...seats(), [eventId]: seat }));
}

function forgetSeat(eventId) {
  const all = seats();
  if (all[eventId]) localStorage.setItem(GIVEN_BACK, JSON.stringify([...givenBack(), all[eventId].id].slice(-200)));
  delete all[eventId];
  localStorage.setItem(SEATS, JSON.stringify(all));
}

async function heldSeat(eventId, user) {
  if (seats()[eventId]) return seats()[eventId];
  // Booked while logged in, maybe on another phone: the account's seat, given back without a code.
  if (user) {
    try {
      const { data } = await get("/api/v1/me/reservations?page_size=100");
      const mine = data.find((r) => r.event_id === eventId && r.status === "confirmed");
      if (mine) return { id: mine.id };
    } catch { /* offline: what this phone kept is all there is */ }
  }
  // A booking sent later from the outbox: its answer (and code) is kept there, until it is given back.
  const url = `/api/v1/events/${eventId}/reservations`;
  const gone = givenBack();
  const sent = (await outbox()).find((i) => i.url === url && i.status === "synced" && i.response?.cancel_code
    && !gone.includes(i.response.id));
  if (!sent) return null;
  keepSeat(eventId, sent.response);
  return seats()[eventId];
}

async function seatSection(event, user) {
  const seat = await heldSeat(event.id, user);
  if (seat) return seatHeld(event, seat);
  const section = h("div", {}, await reserveForm(event));
  section.append(cancelByCode(event, section));
  return section;
}

// "8 characters" in two groups of four, easier to write down and read back.
const spaced = (code) => `${code.slice(0, 4)} ${code.slice(4)}`;

// A seat booked on another phone (or in WeChat's own browser): given back with the code written down.
function cancelByCode(event, section) {
  const out = h("div", { role: "status" });
  const code = h("input", { name: "cancel_code", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", required: true });
  return h("details", { class: "card by-code" },
    h("summary", {}, t("cancel_by_code")),
    h("form", {
      onsubmit: async (e) => {
        e.preventDefault();
        mount(out);
        try {
          await post(`/api/v1/events/${event.id}/reservations/cancel`, { code: code.value.trim() });
          const fresh = (await get(`/api/v1/events/${event.id}`, { cacheKey: `event:${event.id}` })).data;
          mount(section, await reserveForm(fresh), cancelByCode(fresh, section));
          section.prepend(h("p", { class: "ok", role: "status" }, t("seat_given_back")));
        } catch (error) {
          mount(out, errorBox(error, { code: t("cancel_code") }));
        }
      },
    }, field(t("cancel_code"), code, t("cancel_code_hint")),
    h("button", { type: "submit", class: "secondary" }, t("cancel_seat")), out));
}

function seatHeld(event, seat) {
  const out = h("div", { role: "status" });
  const card = h("div", { class: "card" },
    h("h3", {}, t("reserve")), h("p", { class: "ok" }, t("seat_held")),
    seat.short ? h("div", { class: "cancel-code" }, h("p", {}, t("cancel_code"), "："),
      h("p", { class: "code" }, spaced(seat.short)), h("p", { class: "hint" }, t("cancel_code_keep"))) : null,
    h("button", {
      type: "button", class: "secondary",
      onclick: async (e) => {
        const button = e.currentTarget;
        button.disabled = true;
        mount(out);
        try {
          // Through the outbox: offline, the seat is given back as soon as the phone is online again.
          const answer = await durable("POST", `/api/v1/reservations/${seat.id}/cancel`, { code: seat.code },
            `${t("cancel_seat")} · ${event.title}`);
          forgetSeat(event.id);
          if (answer.queued) return card.replaceWith(h("p", { class: "ok" }, t("queued")));
          const fresh = (await get(`/api/v1/events/${event.id}`, { cacheKey: `event:${event.id}` })).data;
          const form = await reserveForm(fresh);
          form.prepend(h("p", { class: "ok" }, t("seat_given_back")));
          card.replaceWith(form);
        } catch (error) {
          button.disabled = false;
          mount(out, errorBox(error));
        }
      },
    }, t("cancel_seat")),
    out);
  return card;
}

async function reserveForm(event) {
  // A full event takes no booking: say so, instead of a form that would only be refused.
  if (event.seats_left === 0) {
    return h("div", { class: "card seats-full" }, h("h3", {}, t("reserve")), h("p", { class: "full" }, t("seats_full")));
  }
  const key = `reserve:${event.id}`;
  const draft = (await getDraft(key)) || {};
  const out = h("div", { role: "status" });
  const name = h("input", { name: "name", autocomplete: "name", required: true, value: draft.name || "" });
  const phone = h("input", { name: "phone", type: "tel", inputmode: "numeric", autocomplete: "tel", required: true, value: draft.phone || "" });
  const form = h("form", {
    class: "card",
    oninput: () => saveDraft(key, { name: name.value, phone: phone.value }),
    onsubmit: async (e) => {
      e.preventDefault();
      mount(out);
      try {
        const answer = await durable("POST", `/api/v1/events/${event.id}/reservations`,
          { name: name.value.trim(), phone: phone.value.trim() }, `${t("reserve")} · ${event.title}`);
        await dropDraft(key);
        if (answer.queued) return mount(out, h("p", { class: "ok" }, t("queued")));
        keepSeat(event.id, answer.data);
        const held = seatHeld(event, seats()[event.id]);
        held.querySelector(".ok").textContent = t("reserved");
        form.parentElement?.querySelector(".by-code")?.remove();
        form.replaceWith(held);
      } catch (error) {
        mount(out, errorBox(error));
      }
    },
  },
  h("h3", {}, t("reserve")),
  event.seats_left != null ? h("p", { class: "hint" }, `${t("seats_left")}: ${event.seats_left}`) : null,
  field(t("name"), name), field(t("phone"), phone),
  h("button", { class: "primary", type: "submit" }, t("reserve")), out);
  return form;
}

async function rolesSection(event, user) {
  const out = h("div", { role: "status" });
  const mine = user ? await mySignup(event.id) : null;
  const section = h("section", { class: "roles" }, h("h3", {}, t("roles")));
  const changed = async (text) => {
    const fresh = await rolesSection((await get(`/api/v1/events/${event.id}`)).data, user);
    const said = h("p", { class: "ok", role: "status", tabindex: "-1" }, text);
    fresh.querySelector("h3").after(said);
    section.replaceWith(fresh);
    said.focus();
  };
  if (mine) section.append(signupStatus(mine, out, changed));
  for (const role of event.roles) {
    const full = role.places_left <= 0;
    section.append(h("div", { class: "role card" },
      h("p", {}, h("b", {}, role.name), ` · ${role.confirmed_count}/${role.capacity} · ${role.places_left} ${t("places_left")}`),
      user && !mine ? h("button", {
        type: "button", class: full ? "secondary" : "primary",
        onclick: async () => {
          mount(out);
          try {
            const answer = await durable("POST", `/api/v1/events/${event.id}/signups`, { role_id: role.id }, `${t("sign_up")} · ${event.title}`);
            if (answer.queued) return mount(out, h("p", { class: "ok" }, t("queued")));
            section.replaceWith(await rolesSection((await get(`/api/v1/events/${event.id}`)).data, user));
          } catch (error) {
            mount(out, errorBox(error, {})); // the message names the clash; no field names
          }
        },
      }, full ? t("join_waitlist") : t("sign_up")) : null));
  }
  if (!user) section.append(h("p", {}, h("a", { href: `/login?next=/events/${event.id}` }, t("login")), " · ", t("sign_up")));
  section.append(out);
  return section;
}

async function mySignup(eventId) {
  for (const when of ["upcoming", "waitlisted"]) {
    try {
      const { data } = await get(`/api/v1/me/activities?when=${when}&page_size=100`);
      const found = data.find((a) => a.event_id === eventId && a.status !== "cancelled");
      if (found) return found;
    } catch { /* offline */ }
  }
  return null;
}

// My sign-up: its status, an offer's deadline counting down, taking the place, and withdrawing
// after saying what it means. `done(message)` runs after a change (by default the card says it).
export function signupStatus(signup, out, done) {
  const title = signup.event?.title || "";
  const card = h("div", { class: "card mine", "aria-live": "polite" });
  const finish = done || ((text) => mount(card, h("p", { class: "ok" }, text)));
  const act = (path, text) => async (e) => {
    const button = e.currentTarget;
    button.disabled = true;
    mount(out);
    try {
      await post(`/api/v1/signups/${signup.id}/${path}`, {});
      finish(text);
    } catch (error) {
      button.disabled = false;
      mount(out, errorBox(error, {}));
    }
  };
  const offered = signup.status === "offered";
  const buttons = h("div", { class: "row" });
  const choices = () => mount(buttons,
    offered ? h("button", { type: "button", class: "primary", onclick: act("confirm", t("place_taken")) }, t("confirm_place")) : null,
    h("button", { type: "button", class: "secondary", onclick: ask }, t("withdraw")));
  function ask() {
    mount(buttons, h("p", { class: "confirm", tabindex: "-1" }, t("withdraw_ask").replace("{title}", title)),
      h("button", { type: "button", class: "danger", onclick: act("cancel", t("withdrawn").replace("{title}", title)) }, t("withdraw_yes")),
      h("button", { type: "button", class: "secondary", onclick: choices }, t("withdraw_no")));
    buttons.querySelector(".confirm").focus();
  }
  choices();
  mount(card,
    h("p", { class: `signup s-${signup.status}` }, h("b", {}, t("s_" + signup.status)), ` · ${signup.role_name}`,
      signup.waitlist_position ? h("span", { class: "position" }, ` · ${t("position")} ${signup.waitlist_position}`) : null),
    offered && signup.offer_expires_at ? countdown(signup.offer_expires_at) : null,
    buttons);
  return card;
}

// "Confirm before 周六 10:00 · 1:59:58 left", ticking each second until the offer lapses.
function countdown(iso) {
  const el = h("p", { class: "deadline", role: "timer" });
  const end = new Date(iso).getTime();
  let seen = false;
  const tick = () => {
    const left = Math.max(0, Math.floor((end - Date.now()) / 1000));
    const hms = `${Math.floor(left / 3600)}:${String(Math.floor(left / 60) % 60).padStart(2, "0")}:${String(left % 60).padStart(2, "0")}`;
    el.textContent = left ? `${t("offer_until").replace("{time}", fmtTime(iso, lang))} · ${t("offer_left")} ${hms}` : t("offer_expired");
    seen = seen || el.isConnected;
    if (!left || (seen && !el.isConnected)) clearInterval(timer);
  };
  const timer = setInterval(tick, 1000);
  tick();
  return el;
}
