// The volunteer's own page: activities, notifications, verified hours, certificates, reminders.
import { errorBox, h, mount } from "../lib/h.js";
import { hoursText, lang, t } from "../lib/i18n.js";
import { currentUser, get, post } from "../lib/api.js";
import { fmtDate, fmtTime } from "../lib/util.js";
import { signupStatus } from "./event.js";
import { pushButton } from "./push.js";
import { changeForm } from "./password.js";

export async function render(root) {
  const user = await currentUser();
  if (!user) return mount(root, h("h2", {}, t("mine")), h("p", {}, t("login_needed"), " ", h("a", { href: "/login?next=/me" }, t("login"))));
  const out = h("div", { role: "status" });
  mount(root,
    h("h2", {}, user.display_name),
    h("p", { class: "row" }, h("a", { class: "button primary", href: "/checkin" }, t("scan")),
      h("a", { class: "button secondary", href: "/me/profile" }, t("vf_link")),
      h("a", { class: "button secondary", href: "/teams" }, t("teams")),
      h("a", { class: "button secondary", href: "/me/needs" }, t("nd_mine")), pushButton()),
    out,
    await mySeats(out),
    await activities("upcoming", out), await activities("waitlisted", out), await activities("past", out),
    await notifications(), await hours(), await certificates(out), changeForm());
}

async function section(title, url, cacheKey, item) {
  try {
    const answer = await get(url, { cacheKey });
    const rows = answer.data || [];
    return h("section", {}, h("h3", {}, title),
      answer.offline_copy && h("p", { class: "notice" }, `${t("saved_copy")} ${fmtTime(answer.offline_copy, lang)}`),
      rows.length ? h("ul", { class: "cards" }, rows.map(item)) : h("p", { class: "hint" }, "—"));
  } catch (error) {
    return h("section", {}, h("h3", {}, title), errorBox(error));
  }
}

function activities(when, out) {
  return section(t(when), `/api/v1/me/activities?when=${when}&page_size=50`, `me:${when}`, (a) =>
    h("li", { class: "card activity", "data-event": a.event_id },
      h("a", { href: `/events/${a.event_id}` }, h("b", {}, a.event.title)),
      h("p", { class: "hint" }, fmtTime(a.event.starts_at, lang), " · ", a.event.venue_name),
      when === "past" ? h("p", {}, t("s_" + a.status), " · ", a.role_name) : signupStatus(a, out)));
}

function notifications() {
  return section(t("notifications"), "/api/v1/me/notifications?page_size=20", "me:notes", (n) =>
    h("li", { class: n.read_at ? "card" : "card unread" },
      n.link ? h("a", { href: n.link }, h("b", {}, n.title)) : h("b", {}, n.title),
      n.body && h("p", {}, n.body), h("p", { class: "hint" }, fmtTime(n.created_at, lang))));
}

async function hours() {
  const ledger = await section(t("hours"), "/api/v1/volunteers/me/service-records?page_size=50", "me:ledger", (r) =>
    h("li", { class: "card" }, h("b", {}, fmtDate(r.served_at, lang)), ` · ${hoursText(r.hours)} · `, t("hs_" + r.status)));
  try {
    const { data } = await get("/api/v1/volunteers/me/service-hours", { cacheKey: "me:hours" });
    ledger.insertBefore(h("p", { class: "total" }, hoursText(data.verified_hours),
      h("small", {}, " ", data.years.map((y) => `${y.year}: ${hoursText(y.verified_hours)}`).join(" · "))), ledger.children[1]);
  } catch { /* not a volunteer yet */ }
  return ledger;
}

async function certificates(out) {
  const year = h("input", { type: "number", min: "2000", max: "2100", value: String(new Date().getFullYear()), "aria-label": t("year") });
  const list = await section(t("certificate"), "/api/v1/volunteers/me/certificates?page_size=20", "me:certs", (c) =>
    h("li", { class: "card" }, `${c.period_start} – ${c.period_end} · ${hoursText(c.total_hours)} · ${c.code} `,
      h("a", { href: c.pdf_url, download: `certificate-${c.code}.pdf` }, t("download"))));
  list.append(h("form", {
    class: "row",
    onsubmit: async (e) => {
      e.preventDefault();
      try {
        const { data } = await post("/api/v1/volunteers/me/certificates", { year: Number(year.value) });
        location.assign(data.pdf_url);
      } catch (error) {
        mount(out, errorBox(error));
      }
    },
  }, h("label", {}, t("issue_cert"), " ", year), h("button", { class: "secondary", type: "submit" }, t("download"))));
  return list;
}

// Seats booked while logged in (on any phone): each given back here without a code.
function mySeats(out) {
  return section(t("my_seats"), "/api/v1/me/reservations?page_size=50", "me:seats", (r) =>
    h("li", { class: "card seat", "data-event": r.event_id },
      h("a", { href: `/events/${r.event_id}` }, h("b", {}, r.event_title)),
      h("p", { class: "hint" }, fmtTime(r.event_starts_at, lang)),
      r.status === "confirmed"
        ? h("button", {
          type: "button", class: "secondary",
          onclick: async (e) => {
            try {
              await post(`/api/v1/reservations/${r.id}/cancel`, {});
              e.target.replaceWith(h("p", { class: "ok" }, t("seat_given_back")));
            } catch (error) {
              mount(out, errorBox(error));
            }
          },
        }, t("cancel_seat"))
        : h("p", {}, t("r_" + r.status))));
}
