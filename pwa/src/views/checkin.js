// Check in or out: the organiser's QR code opens /checkin#t=<token>, or is scanned here with
// BarcodeDetector where the browser has it; otherwise the code is pasted.
import { errorBox, field, h, mount } from "../lib/h.js";
import { lang, t } from "../lib/i18n.js";
import { currentUser, durable } from "../lib/api.js";
import { fmtTime, geoPermission, getPosition } from "../lib/util.js";

export async function render(root) {
  const user = await currentUser();
  if (!user) return mount(root, h("h2", {}, t("checkin")), h("p", {}, h("a", { href: `/login?next=/checkin${location.hash}` }, t("login_needed"))));
  const out = h("div", { role: "status" });
  const code = h("input", { autocomplete: "off", spellcheck: "false" });
  const video = h("video", { class: "scanner", playsinline: true, muted: true, hidden: true });
  let stream = null;

  async function submit(raw) {
    const token = tokenOf(raw);
    if (!token) return;
    stop();
    mount(out, h("p", { class: "hint" }, t("loading")));
    const body = { token };
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
      mount(out, errorBox(error));
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
    h("form", { class: "card", onsubmit: (e) => { e.preventDefault(); submit(code.value); } },
      field(t("paste_code"), code), h("button", { class: "secondary", type: "submit" }, t("send"))),
    out);
  const fromLink = new URLSearchParams(location.hash.slice(1)).get("t");
  if (fromLink) {
    history.replaceState(null, "", "/checkin"); // the token is single-use in spirit: keep it out of history
    submit(fromLink);
  }
  return stop;
}

// Accepts the whole QR content (".../checkin#t=TOKEN") or the bare token.
function tokenOf(raw) {
  const text = (raw || "").trim();
  const hash = text.indexOf("#");
  return hash >= 0 ? new URLSearchParams(text.slice(hash + 1)).get("t") : text;
}
