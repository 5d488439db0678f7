// 我的 → 志愿者资料: what makes someone a volunteer (PUT /volunteers/me). Fields of expertise, skills,
// availability, home county and township from the gazetteer, and an optional home point whose use is
// stated next to it. `?next=` brings the person back to what asked for the profile (e.g. a certificate).
import { errorBox, field, h, mount } from "../lib/h.js";
import { lang, t } from "../lib/i18n.js";
import { call, currentUser, get } from "../lib/api.js";
import { getPosition } from "../lib/util.js";
import { regionPicker } from "./region-picker.js";
import { nextPath } from "./login.js";
import { showError } from "./password.js";

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const DAYPARTS = ["morning", "afternoon", "evening"];
const AFFILIATIONS = ["society", "university", "enterprise", "other"];

const labels = () => ({
  real_name: t("real_name"), fields: t("vf_fields"), skills: t("vf_skills"), home_region_code: t("county"),
  home_township_code: t("township"), home_lat: t("home_point"), home_lng: t("home_point"),
  available_weekdays: t("vf_days"), available_dayparts: t("vf_dayparts"), affiliation: t("affiliation"),
  affiliation_kind: t("affiliation_kind"),
});

// A group of checkboxes: [{value, label}] → a fieldset; `read()` gives the checked values.
function checks(legend, name, options, chosen) {
  const boxes = options.map((o) => h("input", { type: "checkbox", name, value: String(o.value), checked: chosen.includes(o.value) }));
  const set = h("fieldset", { class: "checks" }, h("legend", {}, legend),
    options.map((o, i) => h("label", { class: "check" }, boxes[i], " ", o.label)));
  set.read = () => options.filter((_, i) => boxes[i].checked).map((o) => o.value);
  return set;
}

async function loadProfile() {
  try {
    return (await get("/api/v1/volunteers/me")).data;
  } catch (error) {
    if (error.code === "volunteer_profile_missing") return null;
    throw error;
  }
}

export async function render(root, _params, { go }) {
  const user = await currentUser();
  if (!user) return mount(root, h("h2", {}, t("vf_title")), h("p", {}, t("login_needed"), " ", h("a", { href: "/login?next=/me/profile" }, t("login"))));
  mount(root, h("p", { class: "hint" }, t("loading")));
  let profile, choices;
  try {
    [profile, choices] = await Promise.all([loadProfile(), get("/api/v1/volunteer-fields").then((a) => a.data)]);
  } catch (error) {
    return mount(root, h("h2", {}, t("vf_title")), errorBox(error));
  }
  mount(root, h("p", {}, h("a", { href: "/me" }, "← ", t("back"))), h("h2", {}, t("vf_title")),
    profile ? null : h("p", { class: "notice" }, t("vf_intro")), profileForm(profile || {}, choices, user, go));
}

function profileForm(p, choices, user, go) {
  const out = h("div", { role: "status", "aria-live": "polite" });
  const realName = h("input", { name: "real_name", autocomplete: "name", required: true, maxlength: "64", value: p.real_name || user.display_name || "" });
  const fields = checks(t("vf_fields"), "fields", choices.map((c) => ({ value: c.code, label: lang === "en" ? c.label_en : c.label_zh })), p.fields || []);
  const skills = h("input", { name: "skills", value: (p.skills || []).join("，") });
  const days = checks(t("vf_days"), "weekday", WEEKDAYS.map((d) => ({ value: d, label: t("wd" + d) })), p.available_weekdays || []);
  const parts = checks(t("vf_dayparts"), "daypart", DAYPARTS.map((d) => ({ value: d, label: t("dp_" + d) })), p.available_dayparts || []);
  const affiliation = h("input", { name: "affiliation", maxlength: "128", value: p.affiliation || "" });
  const kind = h("select", { name: "affiliation_kind" }, h("option", { value: "" }, "—"),
    AFFILIATIONS.map((k) => h("option", { value: k, selected: p.affiliation_kind === k }, t("af_" + k))));
  const home = homePlace(p);
  const point = homePoint(p);
  const form = h("form", { class: "card", id: "volunteer-profile", onsubmit: async (e) => {
    e.preventDefault();
    mount(out);
    if (!home.county()) return mount(out, h("div", { class: "error", role: "alert" }, h("p", {}, t("vf_county_needed"))));
    const body = {
      real_name: realName.value.trim(), fields: fields.read(),
      skills: skills.value.split(/[,，、;；]/).map((s) => s.trim()).filter(Boolean),
      available_weekdays: days.read(), available_dayparts: parts.read(),
      affiliation: affiliation.value.trim(), affiliation_kind: kind.value || null,
      home_region_code: home.county(), home_township_code: home.township(), ...point.read(),
    };
    try {
      await call("PUT", "/api/v1/volunteers/me", body);
      const next = new URLSearchParams(location.search).get("next");
      if (next) return go(nextPath());
      mount(out, h("p", { class: "ok" }, t("vf_saved")));
    } catch (error) {
      showError(out, error, labels());
    }
  } },
  field(t("real_name"), realName, t("real_name_hint")), fields, field(t("vf_skills"), skills, t("vf_skills_hint")),
  days, parts, home.el, point.el, field(t("affiliation"), affiliation), field(t("affiliation_kind"), kind),
  h("button", { class: "primary", type: "submit" }, t("save")), out);
  return form;
}

// Home county (typed, from the gazetteer) and then one of its townships (a list).
function homePlace(p) {
  let county = p.home_region_code || null;
  const township = h("select", { name: "home_township_code" });
  // The saved township stays chosen while the county's list loads, so saving early never drops it.
  const fillTownships = async (code, chosen, chosenName) => {
    const none = () => h("option", { value: "" }, t("township_any"));
    mount(township, none(), chosen ? h("option", { value: chosen, selected: true }, chosenName || chosen) : null);
    if (!code) return;
    try {
      const { data } = await get(`/api/v1/regions?parent_code=${code}&level=township&page_size=100`);
      const keep = township.value;
      mount(township, none(), ...data.map((r) => h("option", { value: r.code, selected: r.code === keep }, r.name)));
    } catch { /* offline: the county alone is enough */ }
  };
  const picker = regionPicker(t("county"), (region) => { county = region.code; fillTownships(region.code, null); }, { levels: ["county"] });
  picker.querySelector("input").value = p.home_region_name || "";
  picker.querySelector("input").name = "home_county";
  fillTownships(county, p.home_township_code, p.home_township_name);
  return { el: h("div", {}, picker, field(t("township"), township)), county: () => county, township: () => township.value || null };
}

// The optional home point: taken from the phone's GPS on request, shown plainly, and removable.
function homePoint(p) {
  let point = p.home_lat != null ? { lat: p.home_lat, lng: p.home_lng } : null;
  const shown = h("p", { class: "point" });
  const out = h("div", { role: "status" });
  const show = () => mount(shown, point ? `${t("home_point_set")} ${point.lat.toFixed(3)}, ${point.lng.toFixed(3)}` : t("home_point_none"));
  const take = async () => {
    mount(out, h("p", { class: "hint" }, t("locating")));
    try {
      const { lat, lng } = await getPosition();
      point = { lat, lng };
      mount(out);
    } catch {
      mount(out, h("p", { class: "error" }, t("home_point_failed")));
    }
    show();
  };
  show();
  const el = h("fieldset", { class: "home-point" }, h("legend", {}, t("home_point")),
    h("p", { class: "hint purpose" }, t("home_point_purpose")), shown,
    h("div", { class: "row" }, h("button", { type: "button", class: "secondary", onclick: take }, t("home_point_take")),
      h("button", { type: "button", class: "link", onclick: () => { point = null; show(); } }, t("home_point_clear"))), out);
  return { el, read: () => ({ home_lat: point ? point.lat : null, home_lng: point ? point.lng : null }) };
}
