// Web Push opt-in: only when the volunteer presses the button, never on load.
import { h } from "../lib/h.js";
import { t } from "../lib/i18n.js";
import { call, get, post } from "../lib/api.js";

function keyBytes(base64url) {
  const raw = atob(base64url.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

export function pushButton() {
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) return null;
  const button = h("button", { type: "button", class: "secondary" }, localStorage.getItem("push_id") ? t("push_off") : t("push_on"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const registration = await navigator.serviceWorker.ready;
      const id = localStorage.getItem("push_id");
      if (id) {
        await (await registration.pushManager.getSubscription())?.unsubscribe();
        await call("DELETE", `/api/v1/push/subscriptions/${id}`).catch(() => {});
        localStorage.removeItem("push_id");
        button.textContent = t("push_on");
        return;
      }
      if ((await Notification.requestPermission()) !== "granted") return;
      const { data } = await get("/api/v1/push/key");
      const sub = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(data.public_key) });
      const json = sub.toJSON();
      const saved = await post("/api/v1/push/subscriptions", { endpoint: json.endpoint, keys: json.keys });
      localStorage.setItem("push_id", String(saved.data.id));
      button.textContent = t("push_done");
    } catch (error) {
      button.textContent = error.message || t("push_on");
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
