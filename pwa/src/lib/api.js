// The page's API helper: the language header, the last answer of a screen kept for offline use,
// and writes that go through the outbox when they must not be lost.
import { lang } from "./i18n.js";
import { ApiError, NetworkError, forgetCsrf, send } from "./net.js";
import { cacheGet, cachePut } from "./store.js";
import { enqueue, list, remove, replay } from "./outbox.js";
import { uuid } from "./util.js";

export function get(url, { cacheKey } = {}) {
  return cached(url, cacheKey);
}

async function cached(url, cacheKey) {
  try {
    const answer = await send("GET", url, { lang });
    if (cacheKey) await cachePut(cacheKey, { data: answer.data, page: answer.page });
    return answer;
  } catch (error) {
    if (!(error instanceof NetworkError) || !cacheKey) throw error;
    const copy = await cacheGet(cacheKey);
    if (!copy) throw error;
    return { ...copy.value, offline_copy: copy.saved_at };
  }
}

export function post(url, json) {
  return send("POST", url, { json, lang });
}

export function call(method, url, json) {
  return send(method, url, { json, lang });
}

// A write that must survive no network: sent now if possible, otherwise queued in the outbox.
// Returns { queued: true } or the server's answer; a refusal by the server throws ApiError.
export async function durable(method, url, body, label) {
  const id = body.client_uuid || uuid();
  const item = await enqueue({ id, type: "request", method, url, body: { ...body, client_uuid: id }, label, lang });
  const find = async () => (await list()).find((i) => i.id === item.id);
  await replay(); // a run already under way runs once more for this item (see outbox.replay)
  const now = await find();
  if (now?.status === "synced") return { data: now.response };
  if (now?.status === "failed") {
    await remove(item.id); // the server said no: the person sees why and corrects it on the form
    throw new ApiError(now.error.status || 400, { error: now.error }, now.error.lang);
  }
  wakeSync();
  return { queued: true };
}

export function wakeSync() {
  navigator.serviceWorker?.getRegistration().then((r) => r?.sync?.register("outbox")).catch(() => {});
}

let me;
export async function currentUser(refresh = false) {
  if (me !== undefined && !refresh) return me;
  // Only someone who logged in on this phone can have a session: residents are never asked (no 401 noise).
  if (!localStorage.getItem("me")) return (me = null);
  try {
    me = (await send("GET", "/api/v1/me", { lang })).data;
    localStorage.setItem("me", JSON.stringify(me));
  } catch (error) {
    if (error instanceof NetworkError) me = JSON.parse(localStorage.getItem("me") || "null");
    else me = null;
    if (!me) localStorage.removeItem("me");
  }
  return me;
}

export function setUser(user) {
  me = user;
  forgetCsrf(); // a new session has a new token
  if (user) localStorage.setItem("me", JSON.stringify(user));
  else localStorage.removeItem("me");
}

export function grantsOf(user, role) {
  return (user?.grants || []).filter((g) => g.role === role);
}
