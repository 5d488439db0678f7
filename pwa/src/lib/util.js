// Small helpers shared by the screens.
export const uuid = () =>
  crypto.randomUUID
    ? crypto.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
        (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

const TZ = "Asia/Shanghai";

// The parts of a moment in Asia/Shanghai, by name: {year, month, day, weekday, hour, minute}.
function parts(date, lang) {
  const fmt = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", {
    timeZone: TZ, year: "numeric", month: lang === "en" ? "short" : "numeric", day: "numeric", weekday: "short",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  return Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
}

// A day as people read it: "3月6日 周六", "Sat 6 Mar"; with the year when it is not this year's
// ("2027年3月6日 周六", "Sat 6 Mar 2027"), so a date next March never reads as this March.
function day(p, lang, withYear) {
  if (lang === "en") return `${p.weekday} ${p.day} ${p.month}${withYear ? ` ${p.year}` : ""}`;
  return `${withYear ? `${p.year}年` : ""}${p.month}月${p.day}日 ${p.weekday}`;
}

export function fmtTime(iso, lang) {
  if (!iso) return "";
  const p = parts(new Date(iso), lang);
  const sep = lang === "en" ? ", " : " ";
  return `${day(p, lang, p.year !== parts(new Date(), lang).year)}${sep}${p.hour}:${p.minute}`;
}

// A span of time: the end's day is left out when it is the start's.
export function fmtSpan(startIso, endIso, lang) {
  const [a, b] = [parts(new Date(startIso), lang), parts(new Date(endIso), lang)];
  const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
  return `${fmtTime(startIso, lang)} – ${sameDay ? `${b.hour}:${b.minute}` : fmtTime(endIso, lang)}`;
}

// A date alone, always with its year: "2026年3月6日 周五", "Fri 6 Mar 2026".
export function fmtDate(iso, lang) {
  return iso ? day(parts(new Date(iso), lang), lang, true) : "";
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

// A list asks again on every filter, page and order (the workspace's lists, the resident's events near them);
// the answers may come back out of order (a slow first search after a quick second one) and an older one must
// not be drawn over the newer. `ask(question, draw, fail)`: question() fetches (and may look up names),
// draw(answer) and fail(error) run only for the latest question.
export function latestOnly() {
  let asked = 0;
  return async (question, draw, fail) => {
    const mine = ++asked;
    try {
      const answer = await question();
      if (mine === asked) await draw(answer);
    } catch (error) {
      if (mine === asked) fail(error);
    }
  };
}
