// The map, loaded only when opened: Leaflet and its stylesheet are a separate chunk.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { t } from "../lib/i18n.js";
import { h } from "../lib/h.js";
import { get } from "../lib/api.js";

// The tiles come from the server's configuration (/api/v1/map/tiles): 天地图 in production, OpenStreetMap
// in development. Both are WGS-84, as every position here is. A GCJ-02 source would be converted here,
// and only here: each point drawn (markers, fitBounds) goes through toTiles(), a click back through
// the inverse before it is sent; the API and what is stored stay WGS-84.
const toTiles = (point) => point; // "wgs84": nothing to convert
const fromTiles = (latlng) => latlng;

async function tileConfig() {
  try {
    return (await get("/api/v1/map/tiles", { cacheKey: "map:tiles" })).data;
  } catch {
    return null;
  }
}

// When tiles cannot load (offline, the tile service down), the map says so once above itself.
function sayTilesFailed(el) {
  if (el.previousElementSibling?.classList.contains("tiles-failed")) return;
  el.before(h("p", { class: "notice tiles-failed", role: "status" }, t("map_tiles_failed")));
}

async function baseMap(el, center, zoom) {
  const map = L.map(el).setView(toTiles(center), zoom);
  const config = await tileConfig();
  if (!config) sayTilesFailed(el);
  for (const layer of config?.layers || []) {
    L.tileLayer(layer.url, { subdomains: layer.subdomains, maxZoom: layer.max_zoom, attribution: layer.attribution })
      .on("tileerror", () => sayTilesFailed(el)).addTo(map);
  }
  return map;
}

export async function showMap(el, events, origin) {
  if (!el) return;
  const center = origin?.lat != null ? [origin.lat, origin.lng] : [34.26, 108.94];
  const map = await baseMap(el, center, 10);
  const bounds = [];
  if (origin?.lat != null) {
    L.circleMarker(toTiles(center), { radius: 7, color: "#0b5cad", fillOpacity: 1 }).addTo(map);
    bounds.push(toTiles(center));
  }
  for (const event of events) {
    const point = toTiles([event.lat, event.lng]);
    bounds.push(point);
    const link = document.createElement("a");
    link.href = `/events/${event.id}`;
    link.textContent = `${event.title} · ${t("k_" + event.kind)} · ${event.distance_km.toFixed(1)} ${t("km")}`;
    L.circleMarker(point, { radius: 9, color: "#b3261e", fillOpacity: 0.8 }).bindPopup(link).addTo(map);
  }
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24] });
}

// For admins: click to place the event; calls onPick({lat, lng}).
export async function pickPoint(el, start, onPick) {
  const map = await baseMap(el, start ? [start.lat, start.lng] : [34.26, 108.94], start ? 11 : 7);
  let marker = start ? L.circleMarker(toTiles([start.lat, start.lng]), { radius: 9 }).addTo(map) : null;
  map.on("click", (e) => {
    marker?.remove();
    marker = L.circleMarker(e.latlng, { radius: 9 }).addTo(map);
    const point = fromTiles(e.latlng);
    onPick({ lat: +point.lat.toFixed(6), lng: +point.lng.toFixed(6) });
  });
}
