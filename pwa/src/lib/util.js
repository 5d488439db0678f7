// Small helpers shared by the screens.
export const uuid = () =>
  crypto.randomUUID
    ? crypto.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
        (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

const TZ = "Asia/Shanghai";

export function fmtTime(iso, lang) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(lang === "en" ? "en-GB" : "zh-CN", {
    timeZone: TZ, month: "numeric", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit",
  });
}

export function fmtDate(iso, lang) {
  return iso ? new Date(iso).toLocaleDateString(lang === "en" ? "en-GB" : "zh-CN", { timeZone: TZ }) : "";
}

// "2026-05-01T09:30" in Asia/Shanghai (what <input type=datetime-local> shows) <-> ISO with offset.
export function localInputToIso(value) {
  return value ? `${value}:00+08:00` : null;
}

export function isoToLocalInput(date = new Date()) {
  const shanghai = new Date(date.getTime() + 8 * 3600e3);
  return shanghai.toISOString().slice(0, 16);
}

export function getPosition(timeout = 15000) {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error("no geolocation"));
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy_m: Math.round(p.coords.accuracy) }),
      reject,
      { enableHighAccuracy: true, timeout, maximumAge: 60000 },
    );
  });
}

export async function geoPermission() {
  try {
    return (await navigator.permissions.query({ name: "geolocation" })).state;
  } catch {
    return "prompt";
  }
}

export function debounce(fn, ms = 250) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// Bearing from (lat1,lng1) to (lat2,lng2) as one of eight compass points (index 0 = north).
export function compass(lat1, lng1, lat2, lng2) {
  const rad = Math.PI / 180;
  const y = Math.sin((lng2 - lng1) * rad) * Math.cos(lat2 * rad);
  const x = Math.cos(lat1 * rad) * Math.sin(lat2 * rad) - Math.sin(lat1 * rad) * Math.cos(lat2 * rad) * Math.cos((lng2 - lng1) * rad);
  const deg = (Math.atan2(y, x) / rad + 360) % 360;
  return Math.round(deg / 45) % 8;
}

export function km(lat1, lng1, lat2, lng2) {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(a));
}
