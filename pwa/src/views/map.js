// The map, loaded only when opened: Leaflet and its stylesheet are a separate chunk.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { t } from "../lib/i18n.js";

// Any XYZ tile server; build with VITE_TILE_URL to change it (the CSP's img-src must allow it).
const TILES = import.meta.env.VITE_TILE_URL || "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png";
const ATTRIBUTION = import.meta.env.VITE_TILE_ATTRIBUTION || "© OpenStreetMap";

function baseMap(el, center, zoom) {
  const map = L.map(el).setView(center, zoom);
  L.tileLayer(TILES, { maxZoom: 18, attribution: ATTRIBUTION }).addTo(map);
  return map;
}

export function showMap(el, events, origin) {
  if (!el) return;
  const center = origin?.lat != null ? [origin.lat, origin.lng] : [34.26, 108.94];
  const map = baseMap(el, center, 10);
  const bounds = [];
  if (origin?.lat != null) {
    L.circleMarker(center, { radius: 7, color: "#0b5cad", fillOpacity: 1 }).addTo(map);
    bounds.push(center);
  }
  for (const event of events) {
    const point = [event.lat, event.lng];
    bounds.push(point);
    const link = document.createElement("a");
    link.href = `/events/${event.id}`;
    link.textContent = `${event.title} · ${t("k_" + event.kind)} · ${event.distance_km.toFixed(1)} ${t("km")}`;
    L.circleMarker(point, { radius: 9, color: "#b3261e", fillOpacity: 0.8 }).bindPopup(link).addTo(map);
  }
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24] });
}

// For admins: click to place the event; calls onPick({lat, lng}).
export function pickPoint(el, start, onPick) {
  const map = baseMap(el, start ? [start.lat, start.lng] : [34.26, 108.94], start ? 11 : 7);
  let marker = start ? L.circleMarker([start.lat, start.lng], { radius: 9 }).addTo(map) : null;
  map.on("click", (e) => {
    marker?.remove();
    marker = L.circleMarker(e.latlng, { radius: 9 }).addTo(map);
    onPick({ lat: +e.latlng.lat.toFixed(6), lng: +e.latlng.lng.toFixed(6) });
  });
}
