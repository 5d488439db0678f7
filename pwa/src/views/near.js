// The resident's home: upcoming events near a GPS position or a chosen county/town, nearest first.
import { errorBox, field, h, mount } from "../lib/h.js";
import { KINDS, lang, t } from "../lib/i18n.js";
import { get } from "../lib/api.js";
import { fmtTime, geoPermission, getPosition, latestOnly } from "../lib/util.js";
import { placeName, regionPicker } from "./region-picker.js";

const PAGE_SIZE = 30;
const RADII = ["10", "30", "80", "150", "300"]; // km; the server allows up to 300

const state = {
  origin: JSON.parse(localStorage.getItem("origin") || "null"), // a picked region only; GPS is never kept
  kind: sessionStorage.getItem("kind") || "",
  radius: sessionStorage.getItem("radius") || "30",
  from: sessionStorage.getItem("from") || "",
  to: sessionStorage.getItem("to") || "",
  view: "list",
};

export async function render(root) {
  const status = h("p", { class: "hint", role: "status" });
  const results = h("div", { class: "results" });
  const kind = h("select", { onchange: (e) => { state.kind = e.target.value; sessionStorage.setItem("kind", state.kind); load(); } },
    h("option", { value: "" }, t("all")),
    KINDS.map((k) => h("option", { value: k, selected: state.kind === k }, t("k_" + k))));
  const radius = h("select", { onchange: (e) => { state.radius = e.target.value; sessionStorage.setItem("radius", state.radius); load(); } },
    RADII.map((r) => h("option", { value: r, selected: state.radius === r }, `${r} ${t("km")}`)));
  const date = (key) => h("input", { type: "date", value: state[key], onchange: (e) => { state[key] = e.target.value; sessionStorage.setItem(key, e.target.value); load(); } });
  const viewButton = h("button", { type: "button", class: "secondary", onclick: toggleView }, state.view === "map" ? t("list") : t("map"));

  async function locate() {
    status.textContent = t("locating");
    try {
      const p = await getPosition();
      state.origin = { lat: p.lat, lng: p.lng };
      status.textContent = "";
      load();
    } catch {
      status.textContent = t("loc_denied");
    }
  }

  function pick(region) {
    state.origin = { region_code: region.code, name: placeName(region), typed: region.name, lat: region.lat, lng: region.lng };
    localStorage.setItem("origin", JSON.stringify(state.origin));
    load();
  }

  // A new name typed: the events of the last place no longer stand under it.
  function edited(text) {
    if (text !== state.origin?.typed && results.childElementCount) mount(results, h("p", { class: "hint" }, t("pick_place")));
  }

  function query(page) {
    const q = new URLSearchParams({ page_size: String(PAGE_SIZE), page: String(page) });
    if (state.origin.region_code) q.set("region_code", state.origin.region_code);
    else { q.set("lat", state.origin.lat.toFixed(5)); q.set("lng", state.origin.lng.toFixed(5)); }
    if (state.radius !== "30") q.set("radius_km", state.radius);
    if (state.kind) q.set("kind", state.kind);
    if (state.from) q.set("date_from", state.from);
    if (state.to) q.set("date_to", state.to);
    return `/api/v1/events/nearby?${q}`;
  }

  // Only the latest question's answer is drawn (latestOnly): the page asks on its own when the phone already
  // allows the position, and a tap on "use my location" asks again; an earlier answer, or a next page of the
  // list it replaced, arriving late is dropped. While a new answer is on its way the cards shown stay (a list
  // that vanished under the finger), their "more" button paused.
  const ask = latestOnly();

  function load() {
    if (!state.origin) return;
    if (results.querySelector("ol.cards > li")) {
      results.setAttribute("aria-busy", "true");
      results.querySelectorAll("button.more").forEach((b) => { b.disabled = true; });
    } else mount(results, h("p", { class: "hint" }, t("loading")));
    // One cache slot, not one per position: a resident's whereabouts are not kept on the phone either.
    return ask(() => get(query(1), { cacheKey: "near:last" }), (answer) => {
      results.removeAttribute("aria-busy");
      state.events = answer.data;
      state.next = answer.page?.next_page;
      draw(answer);
    }, (error) => {
      results.removeAttribute("aria-busy");
      mount(results, errorBox(error));
    });
  }

  // The next page (farther away) is added under the cards already shown; the list is not counted.
  function more(button) {
    button.disabled = true;
    return ask(() => get(query(state.next)), (answer) => {
      state.events = [...state.events, ...(answer.data || [])];
      state.next = answer.page?.next_page;
      draw({ data: state.events });
    }, (error) => {
      button.disabled = false;
      button.after(errorBox(error));
    });
  }

  function draw(answer) {
    const events = answer.data || [];
    mount(results,
      answer.offline_copy && h("p", { class: "notice" }, `${t("saved_copy")} ${fmtTime(answer.offline_copy, lang)}`),
      state.origin?.name && h("p", { class: "hint" }, state.origin.name),
      events.length === 0 ? h("p", {}, t("none_near").replace("{r}", state.radius)) : null,
      state.view === "map" ? h("div", { id: "map", class: "map" }) : null,
      h("ol", { class: "cards" }, events.map(card)),
      state.next && !answer.offline_copy
        ? h("button", { type: "button", class: "secondary more", onclick: (e) => more(e.currentTarget) }, t("more"))
        : null,
    );
    if (state.view === "map") {
      const el = results.querySelector("#map");
      // No map (its code not on this phone while offline): the list below still works, and says so.
      import("./map.js").then((m) => m.showMap(el, events, state.origin))
        .catch(() => el.replaceWith(h("p", { class: "notice tiles-failed", role: "status" }, t("map_tiles_failed"))));
    }
  }

  function toggleView() {
    state.view = state.view === "map" ? "list" : "map";
    viewButton.textContent = state.view === "map" ? t("list") : t("map");
    if (state.events) draw({ data: state.events });
  }

  mount(root,
    h("h2", {}, t("near")),
    h("div", { class: "row" },
      h("button", { type: "button", class: "primary", onclick: locate }, t("use_location")),
      viewButton),
    status,
    regionPicker(t("or_pick"), pick, { levels: ["county", "township"], onEdit: edited }),
    h("details", { class: "filters" },
      h("summary", {}, `${t("radius")} · ${t("kind")} · ${t("date_from")}`),
      field(t("radius"), radius), field(t("kind"), kind), field(t("date_from"), date("from")), field(t("date_to"), date("to"))),
    results,
  );
  if (state.origin?.region_code) load();
  else if ((await geoPermission()) === "granted") locate();
}

function card(event) {
  return h("li", { class: "card" },
    h("a", { href: `/events/${event.id}`, class: "card-link" },
      h("h3", {}, event.title),
      h("p", { class: "meta" },
        h("span", { class: `tag k-${event.kind}` }, t("k_" + event.kind)),
        h("b", { class: "dist" }, `${event.distance_km.toFixed(1)} ${t("km")}`)),
      h("p", {}, fmtTime(event.starts_at, lang)),
      h("p", { class: "hint" }, event.venue_name)));
}

