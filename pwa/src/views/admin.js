// The association's workspace: one route for every /admin screen, each section's code loaded on demand
// (a resident or a volunteer never downloads any of it).
import { h } from "../lib/h.js";
import { t } from "../lib/i18n.js";
import { SECTIONS, workspace } from "../lib/ws.js";

// [address, the module that draws it]; a module's render(root, params, ctx) gets the address's groups.
const SCREENS = [
  [/^\/admin\/?$/, async () => ({ render: home })],
  [/^\/admin\/events$/, () => import("./ws/events.js")],
  [/^\/admin\/events\/new$/, () => import("./ws/events.js")],
  [/^\/admin\/events\/(\d+)\/edit$/, () => import("./ws/events.js")],
  [/^\/admin\/events\/(\d+)$/, () => import("./ws/event.js")],
  [/^\/admin\/events\/(\d+)\/qr$/, () => import("./ws/qr.js")],
  [/^\/admin\/campaigns$/, () => import("./ws/campaigns.js")],
  [/^\/admin\/campaigns\/(\d+)$/, () => import("./ws/campaigns.js")],
  [/^\/admin\/reports$/, () => import("./ws/reports.js")],
  [/^\/admin\/teams$/, () => import("./ws/teams.js")],
  [/^\/admin\/teams\/(\d+)$/, () => import("./ws/teams.js")],
  [/^\/admin\/stations$/, () => import("./ws/stations.js")],
  [/^\/admin\/stations\/(\d+)$/, () => import("./ws/stations.js")],
  [/^\/admin\/people$/, () => import("./ws/people.js")],
  [/^\/admin\/pilots$/, () => import("./ws/pilots.js")],
  [/^\/admin\/audit$/, () => import("./ws/audit.js")],
  [/^\/admin\/review$/, () => import("./ws/review.js")],
  [/^\/admin\/needs(?:\/import)?$/, () => import("./ws/needs.js")],
  [/^\/admin\/needs\/(\d+)$/, () => import("./ws/needs.js")],
  [/^\/admin\/assessment(\/.*)?$/, () => import("./ws/assessment.js")],
];

export async function render(root, _params, ctx) {
  const path = location.pathname;
  for (const [re, load] of SCREENS) {
    const match = path.match(re);
    if (match) return (await load()).render(root, match.slice(1), ctx);
  }
  return workspace(root, null, h("h2", {}, t("ws_not_found")), h("p", {}, h("a", { href: "/admin" }, t("ws_home"))));
}

// The workspace's first page: every section, with a line on what it holds.
async function home(root) {
  const sections = SECTIONS.map((s) => h("li", { class: "card" },
    h("a", { class: "card-link", href: s.href }, h("h3", {}, t(s.label)), h("p", { class: "hint" }, t(s.label + "_about")))));
  await workspace(root, null, h("h2", {}, t("ws_title")), h("ul", { class: "cards ws-home" }, sections));
  // The province-only sections are left out of the list above for other admins by workspace()'s nav;
  // here too: drop what the nav does not show.
  const shown = new Set([...root.querySelectorAll(".ws-nav a")].map((a) => a.getAttribute("href")));
  root.querySelectorAll(".ws-home li").forEach((li) => { if (!shown.has(li.querySelector("a").getAttribute("href"))) li.remove(); });
}
