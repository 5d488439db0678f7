// One event for its organiser: publish, sign-ups and waitlists, seats, the check-in QR, hours.
import { errorBox, h, mount, toast } from "../../lib/h.js";
import { hoursText, lang, t } from "../../lib/i18n.js";
import { get, post } from "../../lib/api.js";
import { fmtTime } from "../../lib/util.js";
import { workspace } from "../../lib/ws.js";
import { lifecycleButtons } from "./lifecycle.js";

export async function render(outer, [id]) {
  if (!(await workspace(outer, "events"))) return;
  const root = outer.querySelector(".ws-main");
  const out = h("div", { role: "status" });
  let event;
  try {
    event = (await get(`/api/v1/events/${id}`)).data;
  } catch (error) {
    return mount(root, errorBox(error));
  }
  // An action's error shows in `box`, next to its button; its success redraws the screen and is confirmed in
  // the toast, with the focus back on the screen's heading.
  const act = (fn, box = out, done = null) => async () => {
    try {
      await fn();
      await render(outer, [id]);
      if (done) toast(done);
      outer.querySelector("h2")?.focus();
    } catch (error) {
      mount(box, errorBox(error));
    }
  };
  const qrBox = h("div", { class: "qr" });
  let timer = null;
  async function showQr(direction) {
    clearTimeout(timer);
    try {
      const { data } = await get(`/api/v1/events/${id}/checkin-code?direction=${direction}`);
      mount(qrBox, h("img", { src: data.qr_svg, alt: t(direction === "out" ? "qr_out" : "qr"), width: "280", height: "280" }),
        h("p", { class: "short-code" }, t("ci_short_shown"), " ",
          h("b", { "aria-label": data.short_code.split("").join(" ") }, `${data.short_code.slice(0, 3)} ${data.short_code.slice(3)}`)));
      // The code changes every 60 seconds; fetch the next one when it does.
      timer = setTimeout(() => showQr(direction), Math.max(5000, new Date(data.refresh_at) - Date.now()));
    } catch (error) {
      mount(qrBox, errorBox(error));
    }
  }
  mount(root,
    h("p", {}, h("a", { href: "/admin/events" }, "← ", t("back"))),
    h("h2", { tabindex: "-1" }, event.title),
    h("p", {}, `${fmtTime(event.starts_at, lang)} · ${event.venue_name} · `, h("b", { class: "event-status" }, t("ev_" + event.status))),
    h("p", { class: "row" },
      h("button", { type: "button", class: "secondary", onclick: () => showQr("in") }, t("qr")),
      h("button", { type: "button", class: "secondary", onclick: () => showQr("out") }, t("qr_out")),
      h("a", { class: "button secondary", href: `/events/${id}` }, t("open"))),
    lifecycleButtons(event, act),
    out, qrBox,
    await table(t("signups"), `/api/v1/events/${id}/signups?page_size=100`, (s) =>
      h("li", { class: "card" }, `${s.display_name} · ${s.phone} · ${s.role_name} · ${t("s_" + s.status)}`,
        s.waitlist_position ? ` · ${t("position")} ${s.waitlist_position}` : "")),
    await table(t("reservations"), `/api/v1/events/${id}/reservations?page_size=100`, (r) =>
      h("li", { class: "card" }, `${r.name} · ${r.phone || r.phone_masked}`)),
    await hours(id, act),
  );
  return () => clearTimeout(timer);
}

async function table(title, url, row) {
  try {
    const { data, page } = await get(url);
    return h("section", {}, h("h3", {}, title, page ? ` (${page.total})` : ""), h("ul", { class: "cards" }, data.map(row)));
  } catch (error) {
    return h("section", {}, h("h3", {}, title), errorBox(error));
  }
}

async function hours(id, act) {
  const section = await table(t("hours"), `/api/v1/events/${id}/service-records?page_size=100`, (r) => {
    const minutes = h("input", { type: "number", min: "0", value: String(r.minutes), "aria-label": t("minutes") });
    const reason = h("input", { "aria-label": t("reason"), placeholder: t("reason") });
    const note = h("div", { class: "record-note" });
    return h("li", { class: "card" }, `${r.display_name} · ${hoursText(r.hours)} · ${t("hs_" + r.status)}`, r.no_checkout ? " ⚠" : "", r.is_far ? " 📍" : "",
      r.status === "pending" ? h("p", { class: "row" },
        h("button", { type: "button", class: "primary", onclick: act(() => post(`/api/v1/service-records/${r.id}/verify`, {}), note, t("hs_verified")) }, t("verify")),
        minutes, reason,
        h("button", { type: "button", class: "secondary", onclick: act(() => post(`/api/v1/service-records/${r.id}/adjust`, { minutes: Number(minutes.value), reason: reason.value }), note, t("adjusted")) }, t("adjust"))) : null,
      note);
  });
  section.append(h("button", { type: "button", class: "secondary", onclick: act(() => post(`/api/v1/events/${id}/service-records/compute`, {})) }, t("compute")));
  return section;
}
