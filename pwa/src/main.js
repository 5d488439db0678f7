import "./style.css";
import { h, mount } from "./lib/h.js";
import { lang, setLang, t } from "./lib/i18n.js";
import { currentUser, grantsOf, setUser, post } from "./lib/api.js";
import { onChange, pendingCount, replay } from "./lib/outbox.js";
import * as near from "./views/near.js";

// Screens other than the resident's home load on demand, so a resident's first load stays small.
const routes = [
  [/^\/$/, async () => near],
  [/^\/events\/(\d+)$/, () => import("./views/event.js")],
  [/^\/login$/, () => import("./views/login.js")],
  [/^\/register$/, () => import("./views/register.js")],
  [/^\/password-reset$/, () => import("./views/password.js")],
  [/^\/me$/, () => import("./views/me.js")],
  [/^\/me\/profile$/, () => import("./views/profile.js")],
  [/^\/teams$/, () => import("./views/teams.js")],
  [/^\/teams\/(\d+)$/, () => import("./views/teams.js")],
  [/^\/checkin$/, () => import("./views/checkin.js")],
  [/^\/station$/, () => import("./views/station.js")],
  [/^\/outbox$/, () => import("./views/outbox.js")],
  [/^\/admin(\/.*)?$/, () => import("./views/admin.js")],
  [/^\/needs$/, () => import("./views/needs/board.js")],
  [/^\/needs\/new$/, () => import("./views/needs/new.js")],
  [/^\/needs\/(\d+)$/, () => import("./views/needs/need.js")],
  [/^\/me\/needs$/, () => import("./views/needs/mine.js")],
  [/^\/me\/assignments$/, () => import("./views/needs/assignments.js")],
  [/^\/offers(?:\/new)?$/, () => import("./views/needs/offers.js")],
];

const app = document.getElementById("app");
const nav = document.getElementById("nav");
const banner = document.getElementById("net");
let cleanup = null;

export function go(path) {
  history.pushState(null, "", path);
  route();
}

async function route() {
  const path = location.pathname;
  const match = routes.map(([re, load]) => [path.match(re), load]).find(([m]) => m);
  if (cleanup) cleanup();
  cleanup = null;
  app.classList.remove("wide"); // the workspace widens the page for its tables; other screens stay one column
  drawNav();
  if (!match) return mount(app, h("p", {}, "404"));
  const view = await match[1]();
  const result = await view.render(app, match[0].slice(1), { go });
  if (typeof result === "function") cleanup = result;
  const heading = app.querySelector("h2");
  if (heading && document.activeElement === document.body) heading.setAttribute("tabindex", "-1");
}

document.addEventListener("click", (event) => {
  const a = event.target.closest("a[href^='/']");
  if (!a || a.hasAttribute("download") || a.target || a.dataset.external != null || event.ctrlKey || event.metaKey) return;
  if (a.pathname.startsWith("/api/")) return;
  event.preventDefault();
  go(a.pathname + a.search + a.hash);
});
window.addEventListener("popstate", route);

function applySettings() {
  document.documentElement.classList.toggle("large", localStorage.getItem("large") === "1");
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  document.title = t("app");
  document.getElementById("skip").textContent = t("skip");
}

// The skip link moves the focus into the screen's content (the router leaves in-page links alone).
document.getElementById("skip").addEventListener("click", (event) => {
  event.preventDefault();
  app.focus();
});

async function drawNav() {
  const user = await currentUser();
  // A tab is "on" for its own address and the screens under it (/admin for every /admin/... screen).
  const here = (href) => location.pathname === href || (href !== "/" && location.pathname.startsWith(href + "/"));
  const link = (href, label, extra) =>
    h("a", { href, class: here(href) ? "on" : null, "aria-current": here(href) ? "page" : null }, label, extra);
  const count = await pendingCount().catch(() => 0);
  mount(nav,
    link("/", t("near")),
    link("/me", t("mine")),
    grantsOf(user, "station_head").length ? link("/station", t("station")) : null,
    grantsOf(user, "association_admin").length ? link("/admin", t("admin")) : null,
    link("/outbox", t("outbox"), count ? h("span", { class: "badge", "aria-label": String(count) }, count) : null),
  );
  mount(document.getElementById("tools"),
    h("button", { type: "button", class: "tool", onclick: () => { setLang(lang === "en" ? "zh" : "en"); applySettings(); route(); } }, t("lang")),
    h("button", {
      type: "button", class: "tool", "aria-pressed": localStorage.getItem("large") === "1" ? "true" : "false",
      onclick: () => { localStorage.setItem("large", localStorage.getItem("large") === "1" ? "0" : "1"); applySettings(); drawNav(); },
    }, localStorage.getItem("large") === "1" ? t("normal") : t("large")),
    user
      ? h("button", { type: "button", class: "tool", onclick: logout }, t("logout"))
      : h("a", { class: "tool", href: "/login" }, t("login")),
  );
}

async function logout() {
  await post("/api/v1/auth/logout", {}).catch(() => {});
  setUser(null);
  go("/");
}

function showNetwork() {
  banner.hidden = navigator.onLine;
  banner.textContent = navigator.onLine ? "" : t("offline");
}

window.addEventListener("online", () => { showNetwork(); replay(); });
window.addEventListener("offline", showNetwork);
// While anything waits (for example the server itself was down), try again every 15 seconds.
setInterval(async () => { if (await pendingCount()) replay(); }, 15000);
document.addEventListener("visibilitychange", () => { if (!document.hidden) replay(); });
onChange(() => drawNav());

applySettings();
showNetwork();
route().then(() => replay());
