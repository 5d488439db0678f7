// What the needs screens share: the vocabulary in words, the field names, a need's card and its timeline.
import { h } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { get } from "../../lib/api.js";
import { fmtDate, fmtTime } from "../../lib/util.js";
import "./strings.js"; // the needs screens' words, before any of them is drawn

export const NEED_KINDS = ["consulting", "training", "extension", "transfer", "rnd", "talent", "planning", "foresight", "health",
  "popularization"];
export const ASKER_TYPES = ["village", "cooperative", "enterprise", "individual", "department"];
export const NEED_STATUSES = ["submitted", "accepted", "matched", "in_service", "resolved", "closed", "refused", "duplicate"];
export const EVENT_KINDS = ["expert_visit", "extension", "training", "lecture", "clinic"];

// A value of the API's vocabulary in words; a value this version of the app does not know yet is
// shown as a plain word ("其他"), never as its code.
export function word(prefix, value) {
  if (value == null || value === "") return "";
  const key = prefix + value;
  const text = t(key);
  return text === key ? t("nd_other") : text;
}

// "已办结 · 部分解决": a closed need says how it closed.
export function statusText(need) {
  const status = word("nds_", need.status);
  return need.status === "closed" && need.closed_as ? `${status} · ${word("ndc_", need.closed_as)}` : status;
}

let fieldsCache = null;
// The volunteers' fields of expertise: [{ code, label }], in the page's language (cached for offline use).
export async function fields() {
  if (!fieldsCache) fieldsCache = (await get("/api/v1/volunteer-fields", { cacheKey: "volunteer-fields" })).data;
  return fieldsCache.map((f) => ({ code: f.code, label: lang === "en" ? f.label_en : f.label_zh }));
}

export async function fieldNames() {
  try {
    return Object.fromEntries((await fields()).map((f) => [f.code, f.label]));
  } catch {
    return {};
  }
}

export const fieldName = (names, code) => (code ? names[code] || t("nd_other") : "");

// How long ago: "今天", "3 天前" (from a moment, or a number of days the API counted).
export function age(iso, days = null) {
  if (days == null && !iso) return "";
  const n = days ?? Math.floor((Date.now() - new Date(iso).getTime()) / 86400e3);
  return n <= 0 ? t("nd_today") : t("nd_days_ago").replace("{n}", n);
}

// Where a need is, at township level: "周至县 司竹镇". The API gives the codes; the names of a county and
// its townships are asked once per county (GET /regions) and kept for the page's life (and offline).
const places = new Map();
const regionName = (r) => (lang === "en" ? r.name_en || r.name : r.name);

export async function placeNames(needs) {
  const counties = [...new Set(needs.map((n) => n?.county_code).filter((c) => c && !places.has(`${lang}:${c}`)))];
  await Promise.all(counties.map(async (code) => {
    try {
      const [county, towns] = await Promise.all([
        get(`/api/v1/regions/${code}`, { cacheKey: `region:${code}` }),
        get(`/api/v1/regions?parent_code=${code}&level=township&page_size=100`, { cacheKey: `townships:${code}` })]);
      places.set(`${lang}:${code}`, { name: regionName(county.data), towns: Object.fromEntries(towns.data.map((r) => [r.code, regionName(r)])) });
    } catch { /* offline and never seen: the place stays unnamed */ }
  }));
}

export function placeOf(need) {
  const county = places.get(`${lang}:${need.county_code}`);
  const names = county ? [county.name, county.towns[need.township_code]] : [need.county_name, need.township_name];
  return names.filter(Boolean).join(" ");
}

export function statusTag(need) {
  return h("span", { class: `tag nd-st nd-st-${need.status}` }, statusText(need));
}

// One need as a card in a list: its title (a link to its page), status, kind, field, place and age.
export function needCard(need, names, href = `/needs/${need.id}`) {
  return h("li", { class: `card need${need.overdue || need.deadlines?.overdue ? " overdue" : ""}`, "data-need": need.id },
    h("a", { href }, h("b", {}, need.title)),
    h("p", { class: "meta" }, statusTag(need), " ", word("ndk_", need.kind), need.field ? ` · ${fieldName(names, need.field)}` : "",
      need.industry ? ` · ${need.industry}` : ""),
    h("p", { class: "hint" }, [placeOf(need), age(need.created_at || need.raised_at)].filter(Boolean).join(" · "),
      need.urgency === "urgent" ? h("span", { class: "tag urgent" }, t("ndu_urgent")) : null,
      need.overdue || need.deadlines?.overdue ? h("span", { class: "tag late" }, t("nd_overdue")) : null));
}

// The timeline: every step (raised, accepted, matched, provider accepted, services, notes, resolved...).
export function timeline(steps) {
  if (!steps?.length) return h("p", { class: "hint" }, "—");
  return h("ol", { class: "timeline" }, steps.map((s) => h("li", { class: `step step-${s.action}` },
    h("p", {}, h("b", {}, word("nda_", s.action)), s.data?.provider_name ? ` · ${s.data.provider_name}` : "",
      s.status_after ? ` → ${word("nds_", s.status_after)}` : ""),
    s.note ? h("p", { class: "step-text" }, s.note) : null,
    h("p", { class: "hint" }, fmtTime(s.at, lang), s.actor_name ? ` · ${s.actor_name}` : ""))));
}

// The stage deadlines: "受理期限 12月3日", flagged when overdue.
export function deadlines(d) {
  if (!d) return null;
  if (!d.stage && !d.overdue) return null;
  return h("p", { class: `deadlines${d.overdue ? " late" : ""}` },
    d.stage ? h("span", {}, t("nd_stage_due").replace("{stage}", word("ndg_", d.stage)), " ", fmtDate(d.stage_due_at, lang)) : null,
    d.overdue ? h("b", { class: "tag late" }, t("nd_overdue")) : null);
}

// The API's pages ask for the person to log in first; this says so with a link back here.
export function loginFirst(title) {
  return [h("h2", {}, title), h("p", {}, t("login_needed"), " ",
    h("a", { href: `/login?next=${encodeURIComponent(location.pathname)}` }, t("login")))];
}
