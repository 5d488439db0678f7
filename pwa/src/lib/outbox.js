// The outbox: every write made on the phone waits here, under its client UUID, until the server has it.
// Replayed on every app start, on `online`, on a timer while anything waits, and by the service
// worker's background sync where the browser has one. The server treats a repeated UUID as the same
// record, so a replay from two places at once never creates a second one.
import { db } from "./store.js";
import { ApiError, NetworkError, send } from "./net.js";

const BATCH = 200;
const KEEP_SYNCED = 100;
const channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("outbox") : null;
const listeners = new Set();

export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function changed() {
  listeners.forEach((fn) => fn());
  channel?.postMessage("changed");
}
channel?.addEventListener("message", () => listeners.forEach((fn) => fn()));

// `item`: { id (client UUID), type: "fieldlog" | "photo" | "request", label, lang, ...type's own fields }
//   fieldlog: station_id, body      photo: log_uuid, blob (url, owner_field: a need's photo)      request: method, url, body
export async function enqueue(item) {
  const record = { status: "waiting", error: null, created_at: new Date().toISOString(), attempts: 0, ...item };
  await (await db()).put("outbox", record);
  changed();
  return record;
}

export async function list() {
  const items = await (await db()).getAll("outbox");
  return items.sort((a, b) => b.created_at.localeCompare(a.created_at));
}

export async function pendingCount() {
  return (await db()).countFromIndex("outbox", "status", "waiting");
}

export async function retry(id) {
  await update(id, { status: "waiting", error: null });
  changed();
}

export async function remove(id) {
  await (await db()).delete("outbox", id);
  changed();
}

async function update(id, changes) {
  const database = await db();
  const tx = database.transaction("outbox", "readwrite");
  const item = await tx.store.get(id);
  if (item) await tx.store.put({ ...item, ...changes });
  await tx.done;
}

let running = null;
let again = false;

// Send everything waiting. Returns when done or when the server cannot be reached. Asked while a
// run is under way (which may have read the outbox before the newest item), it runs once more.
export function replay() {
  if (running) {
    again = true;
    return running;
  }
  const run = async () => {
    do {
      again = false;
      await sendAll().catch(() => {});
    } while (again);
    changed();
  };
  running = (typeof navigator !== "undefined" && navigator.locks
    ? navigator.locks.request("outbox-replay", { ifAvailable: true }, (lock) => (lock ? run() : null))
    : run()
  ).finally(() => { running = null; });
  return running;
}

// Stops the whole run on a network failure (nothing else would get through either).
class Stop extends Error {}

async function sendAll() {
  const database = await db();
  const waiting = await database.getAllFromIndex("outbox", "status", "waiting");
  waiting.sort((a, b) => a.created_at.localeCompare(b.created_at));
  try {
    await sendLogs(waiting.filter((i) => i.type === "fieldlog"));
    const refreshed = await database.getAllFromIndex("outbox", "status", "waiting");
    await sendPhotos(refreshed.filter((i) => i.type === "photo"));
    for (const item of waiting.filter((i) => i.type === "request")) await sendRequest(item);
    // A need's photos follow their need, which is a request: they go in the same run.
    const left = await database.getAllFromIndex("outbox", "status", "waiting");
    await sendPhotos(left.filter((i) => i.type === "photo"));
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  await prune();
}

const synced = (id, fields) => update(id, { status: "synced", synced_at: new Date().toISOString(), error: null, ...fields });

// A refusal or a network failure is recorded on the items; anything else is a bug and is thrown.
async function failure(items, error) {
  if (!(error instanceof ApiError || error instanceof NetworkError)) throw error;
  // Not logged in, rate limited, timed out: the same write may go through later, so it keeps waiting.
  const keepWaiting = error instanceof NetworkError || [401, 408, 429].includes(error.status);
  const note = { message: error.message, code: error.code || "network", status: error.status || 0, fields: error.fields || {},
    lang: error.lang };
  for (const item of items) {
    await update(item.id, keepWaiting
      ? { error: note, attempts: item.attempts + 1 }
      : { status: "failed", error: note, attempts: item.attempts + 1 });
  }
  if (keepWaiting) throw new Stop();
}

async function sendLogs(logs) {
  const byStation = new Map();
  for (const log of logs) byStation.set(log.station_id, [...(byStation.get(log.station_id) || []), log]);
  for (const [stationId, items] of byStation) {
    for (let i = 0; i < items.length; i += BATCH) {
      const chunk = items.slice(i, i + BATCH);
      let answer;
      try {
        answer = await send("POST", `/api/v1/stations/${stationId}/fieldlogs/batch`,
          { json: { logs: chunk.map((item) => item.body) }, lang: chunk[0].lang });
      } catch (error) {
        await failure(chunk, error);
        continue;
      }
      for (const result of answer.data.results) await recordResult(chunk[result.index], result);
    }
  }
}

async function recordResult(item, result) {
  if (result.result === "created" || result.result === "duplicate") {
    await synced(item.id, { server_id: result.log_id });
  } else if (result.result === "conflict") {
    await update(item.id, { status: "conflict", synced_at: new Date().toISOString(), error: { code: "conflict", message: null, fields: {} } });
  } else {
    // `code` says why when it is not the fields alone (month_locked: the log's month closed before it was recorded)
    await update(item.id, { status: "failed", error: { code: result.code || "validation_failed", message: null, fields: result.fields || {} } });
  }
}

async function sendPhotos(photos) {
  const database = await db();
  for (const photo of photos) {
    const log = await database.get("outbox", photo.log_uuid);
    if (log && !["synced", "conflict"].includes(log.status)) continue; // its log goes first
    const form = new FormData();
    form.append("file", photo.blob, `${photo.id}.jpg`);
    form.append(photo.owner_field || "log_uuid", photo.log_uuid);
    form.append("photo_uuid", photo.id);
    try {
      await send("POST", photo.url || "/api/v1/fieldlogs/photos", { form, lang: photo.lang });
      // The server has the photo: the phone's copy is dropped to free space.
      await synced(photo.id, { blob: null });
    } catch (error) {
      await failure([photo], error);
    }
  }
}

async function sendRequest(item) {
  try {
    const answer = await send(item.method, item.url, { json: item.body, lang: item.lang });
    await synced(item.id, { response: answer.data });
  } catch (error) {
    await failure([item], error);
  }
}

async function prune() {
  const database = await db();
  const done = await database.getAllFromIndex("outbox", "status", "synced");
  done.sort((a, b) => b.synced_at.localeCompare(a.synced_at));
  for (const item of done.slice(KEEP_SYNCED)) await database.delete("outbox", item.id);
}
