// The check-in QR on a screen of its own, to be shown on a tablet or projected at the venue: the code as big as
// the screen allows with its six digits under it (readable from a few metres), replaced every minute when the
// API says (refresh_at), the screen kept awake (Screen Wake Lock, taken again when the page is shown again),
// check-in or check-out, and how many have checked in so far.
import { errorBox, h, mount } from "../../lib/h.js";
import { t } from "../../lib/i18n.js";
import { get } from "../../lib/api.js";
import { adminScopes, workspace } from "../../lib/ws.js";

const COUNT_EVERY_MS = 15000;
// The page's clock may run ahead of the server's: when the code fetched is still the old one, ask again soon.
const RETRY_MS = 3000;

const fill = (key, values) => Object.entries(values).reduce((s, [k, v]) => s.replace(`{${k}}`, v), t(key));
const clock = (iso) => new Date(iso).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });

export async function render(root, [id]) {
  if (!(await adminScopes()).length) return workspace(root, "events");
  let direction = new URLSearchParams(location.search).get("direction") === "out" ? "out" : "in";
  let event;
  try {
    event = (await get(`/api/v1/events/${id}`)).data;
  } catch (error) {
    return workspace(root, "events", errorBox(error));
  }
  document.body.classList.add("qr-screen");

  const heading = h("h2", { tabindex: "-1" }, "");
  const image = h("img", { class: "qr-big", alt: "", width: "600", height: "600" });
  const digits = h("b", { class: "qr-digits" });
  const next = h("p", { class: "hint", role: "status" });
  const problem = h("div", { class: "qr-problem" });
  const count = h("p", { class: "qr-count", "aria-live": "polite" });
  const awake = h("p", { class: "hint qr-awake" });
  const modes = ["in", "out"].map((d) => h("button", { type: "button", class: "secondary", "aria-pressed": String(d === direction),
    onclick: () => switchTo(d) }, t(d === "out" ? "qr_mode_out" : "qr_mode_in")));
  const fullscreen = document.fullscreenEnabled
    ? h("button", { type: "button", class: "secondary", onclick: () => document.documentElement.requestFullscreen().catch(() => {}) }, t("qr_fullscreen"))
    : null;

  mount(root, h("div", { class: "qr-page" },
    h("p", { class: "row qr-tools" },
      h("a", { class: "button secondary", href: `/admin/events/${id}` }, "← ", t("qr_exit")),
      h("span", { class: "row", role: "group", "aria-label": t("qr_purpose") }, modes),
      fullscreen),
    heading,
    h("p", { class: "qr-event" }, event.title, " · ", event.venue_name),
    problem,
    h("figure", { class: "qr-figure" }, image,
      h("figcaption", {}, h("span", {}, t("qr_digits")), digits)),
    count, next, awake));
  heading.focus();

  let stopped = false;
  let codeTimer = null;
  let countTimer = null;
  let shown = null; // the token on screen

  async function showCode() {
    clearTimeout(codeTimer);
    if (stopped) return;
    heading.textContent = t(direction === "out" ? "qr_title_out" : "qr_title_in");
    try {
      const { data } = await get(`/api/v1/events/${id}/checkin-code?direction=${direction}`);
      if (stopped) return;
      mount(problem);
      const same = data.token === shown;
      shown = data.token;
      image.src = data.qr_svg;
      image.alt = heading.textContent;
      digits.textContent = `${data.short_code.slice(0, 3)} ${data.short_code.slice(3)}`;
      digits.setAttribute("aria-label", data.short_code.split("").join(" "));
      next.textContent = fill("qr_next", { t: clock(data.refresh_at) });
      const wait = new Date(data.refresh_at) - Date.now();
      // At most a minute: a tablet whose clock runs slow still shows a code the server accepts.
      codeTimer = setTimeout(showCode, same || wait <= 0 ? RETRY_MS : Math.min(wait + 500, 60000));
    } catch (error) {
      if (stopped) return;
      mount(problem, errorBox(error));
      codeTimer = setTimeout(showCode, 30000);
    }
  }

  async function showCount() {
    clearTimeout(countTimer);
    if (stopped) return;
    try {
      const { data } = await get(`/api/v1/events/${id}/attendance`);
      count.textContent = fill("qr_count", { n: data.total, v: data.volunteers, r: data.residents });
    } catch { /* the count is a convenience: the code matters */ }
    if (!stopped) countTimer = setTimeout(showCount, COUNT_EVERY_MS);
  }

  function switchTo(d) {
    direction = d;
    shown = null;
    modes.forEach((b, i) => b.setAttribute("aria-pressed", String(["in", "out"][i] === d)));
    history.replaceState(null, "", `/admin/events/${id}/qr${d === "out" ? "?direction=out" : ""}`);
    showCode();
  }

  // The Screen Wake Lock: released by the browser whenever the page is hidden, so taken again when shown.
  let lock = null;
  async function keepAwake() {
    if (!("wakeLock" in navigator)) return (awake.textContent = t("qr_awake_none"));
    try {
      lock = await navigator.wakeLock.request("screen");
      awake.textContent = t("qr_awake_on");
      lock.addEventListener("release", () => { if (!stopped) awake.textContent = t("qr_awake_lost"); });
    } catch {
      awake.textContent = t("qr_awake_none"); // refused (battery saver, a hidden page): said, not hidden
    }
  }
  function onVisible() {
    if (document.visibilityState !== "visible") return;
    keepAwake();
    showCode(); // a timer may have slept with the page
    showCount();
  }
  document.addEventListener("visibilitychange", onVisible);

  keepAwake();
  showCode();
  showCount();
  return () => {
    stopped = true;
    clearTimeout(codeTimer);
    clearTimeout(countTimer);
    document.removeEventListener("visibilitychange", onVisible);
    lock?.release().catch(() => {});
    document.body.classList.remove("qr-screen");
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  };
}
