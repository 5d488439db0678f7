// The service worker: the app shell from the precache (so the app opens with no network),
// background sync of the outbox, and Web Push reminders.
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { clientsClaim } from "workbox-core";
import { replay } from "./lib/outbox.js";

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
// Every app path (/events/12, /station, ...) opens the shell; the API and health check never do.
registerRoute(new NavigationRoute(createHandlerBoundToURL("index.html"), { denylist: [/^\/api\//, /^\/healthz$/] }));

// Fired by the browser when the network is back, even if the app was closed meanwhile.
self.addEventListener("sync", (event) => {
  if (event.tag === "outbox") event.waitUntil(replay());
});

self.addEventListener("push", (event) => {
  const note = event.data ? event.data.json() : {};
  event.waitUntil(self.registration.showNotification(note.title || "科创陕西", {
    body: note.body || "", icon: "/icons/icon-192.png", badge: "/icons/icon-192.png", data: { link: note.link || "/me" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const link = event.notification.data?.link || "/me";
  event.waitUntil(self.clients.matchAll({ type: "window" }).then((windows) => {
    const open = windows.find((w) => "focus" in w);
    return open ? open.navigate(link).then((w) => w?.focus()) : self.clients.openWindow(link);
  }));
});
