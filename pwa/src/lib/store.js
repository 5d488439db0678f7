// The phone's own database (IndexedDB through `idb`), shared by the page and the service worker.
//   outbox: writes waiting for the server, by client UUID   drafts: forms as typed, by form name
//   cache:  the last answer of each screen, to show offline
import { openDB } from "idb";

let dbPromise;

export function db() {
  dbPromise ||= openDB("kechuang", 1, {
    upgrade(database) {
      const outbox = database.createObjectStore("outbox", { keyPath: "id" });
      outbox.createIndex("status", "status");
      database.createObjectStore("drafts");
      database.createObjectStore("cache");
    },
  });
  return dbPromise;
}

export async function getDraft(name) {
  return (await db()).get("drafts", name);
}

export async function saveDraft(name, value) {
  return (await db()).put("drafts", value, name);
}

export async function dropDraft(name) {
  return (await db()).delete("drafts", name);
}

export async function cachePut(key, value) {
  return (await db()).put("cache", { value, saved_at: new Date().toISOString() }, key);
}

export async function cacheGet(key) {
  return (await db()).get("cache", key);
}
