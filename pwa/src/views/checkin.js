// Check in or out: the organiser's QR code opens /checkin#t=<token>, or is scanned here with
// BarcodeDetector where the browser has it; otherwise the 6 digits under the QR are typed.
import { errorBox, field, h, mount } from "../lib/h.js";
import { lang, t } from "../lib/i18n.js";
import { currentUser, durable, get } from "../lib/api.js";
import { fmtTime, geoPermission, getPosition } from "../lib/util.js";

// A code scanned while logged out waits here through the login (inside WeChat, its own browser asks
// for a login first); it is sent once the person is in, and dropped after one use.
const PENDING = "pending-checkin";
const OPEN_BEFORE = 2 * 3600e3;
const OPEN_AFTER = 6 * 3600e3;

function takePending() {
  const raw = localStorage.getItem(PENDING);
  localStorage.removeItem(PENDING);
  try { return JSON.parse(raw)?.token || null; } catch { return null; }
}

export async function render(root) {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get("t");
  // the token is single-use in spirit: keep it out of history
  if (fromLink) history.replaceState(null, "", "/checkin");
  const user = await currentUser();
  if (!user) {
    if (fromLink) localStorage.setItem(PENDING, JSON.stringify({ token: fromLink, at: Date.now() }));
    return mount(root, h("h2", {}, t("checkin")),
      fromLink ? h("p", { class: "notice" }, t("ci_kept")) : null,
      h("p", {}, h("a", { class: "button primary", href: "/login?next=/checkin" }, t("login_needed"))));
  }
  const out = h("div", { role: "status" });
  const code = h("input", { autocomplete: "off", spellcheck: "false" });
  const video = h("video", { class: "scanner", playsinline: true, muted: true, hidden: true });
  let stream = null;

  function submit(raw) {
    const token = tokenOf(raw);
    if (token) send({ token });
  }

  // `body`: the scanned { token }, or { short_code, event_id } typed in.
  async function send(body) {
    stop();
    mount(out, h("p", { class: "hint" }, t("loading")));
    // A check-in without a position is flagged for the organiser, so the phone asks unless refused before.
    if ((await geoPermission()) !== "denied") {
      try { Object.assign(body, await getPosition(8000)); } catch { /* sent without one: the answer says so */ }
    }
    try {
      const answer = await durable("POST", "/api/v1/checkins", body, t("checkin"));
      if (answer.queued) return mount(out, h("p", { class: "ok" }, t("queued")));
      const c = answer.data;
      mount(out, h("p", { class: "ok big" }, t(c.direction === "out" ? "dir_out" : "dir_in"), " · ", fmtTime(c.at, lang)),
        c.flag ? h("p", { class: "notice" }, t(`flag_${c.flag}`)) : null);
    } catch (error) {
      mount(out, errorBox(error), error.code === "checkin_code_expired" ? h("p", { class: "hint" }, t("ci_rescan")) : null);
    }
  }

  async function scan() {
    if (!("BarcodeDetector" in window)) return code.focus();
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const tick = async () => {
      if (!stream) return;
      const found = await detector.detect(video).catch(() => []);
      if (found.length) return submit(found[0].rawValue);
      requestAnimationFrame(tick);
    };
    tick();
  }

  function stop() {
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
  }

  mount(root,
    h("h2", {}, t("checkin")),
    "BarcodeDetector" in window ? h("button", { type: "button", class: "primary", onclick: scan }, t("camera_start")) : null,
    video,
    await shortCodeForm(send),
    h("form", { class: "card", onsubmit: (e) => { e.preventDefault(); submit(code.value); } },
      field(t("paste_code"), code), h("button", { class: "secondary", type: "submit" }, t("send"))),
    out);
  const pending = takePending();
  if (fromLink || pending) submit(fromLink || pending);
  return stop;
}

// The 6 digits under the organiser's QR, for one of the person's events whose check-in is open now.
async function shortCodeForm(send) {
  const now = Date.now();
  const open = (a) => new Date(a.event.starts_at) - OPEN_BEFORE <= now && now <= new Date(a.event.ends_at).getTime() + OPEN_AFTER;
  const lists = await Promise.all(["upcoming", "past"].map((when) =>
    get(`/api/v1/me/activities?when=${when}&page_size=20`).then((a) => a.data || []).catch(() => [])));
  const events = lists.flat().filter(open);
  if (!events.length) return null;
  const event = h("select", { name: "event_id" },
    events.map((a) => h("option", { value: a.event_id }, a.event.title, " · ", fmtTime(a.event.starts_at, lang))));
  const digits = h("input", { name: "short_code", inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]{6}",
    maxlength: "6", required: true, class: "short-code-input" });
  return h("form", { class: "card", id: "short-code-form", onsubmit: (e) => {
    e.preventDefault();
    send({ short_code: digits.value.trim(), event_id: Number(event.value) });
  } }, field(t("f_event"), event), field(t("ci_short"), digits, t("ci_short_hint")),
  h("button", { class: "primary", type: "submit" }, t("send")));
}

// Accepts the whole QR content (".../checkin#t=TOKEN") or the bare token.
function tokenOf(raw) {
  const text = (raw || "").trim();
  const hash = text.indexOf("#");
  return hash >= 0 ? new URLSearchParams(text.slice(hash + 1)).get("t") : text;
}
