// 成果库: the public catalogue of offers (a technology, a result ready for transfer, a service
// package), searchable; /offers/new: a team leader, station head or expert volunteer publishes one.
import { errorBox, field, h, mount } from "../../lib/h.js";
import { t } from "../../lib/i18n.js";
import { currentUser, get, grantsOf, post } from "../../lib/api.js";
import { dropDraft, getDraft, saveDraft } from "../../lib/store.js";
import { debounce } from "../../lib/util.js";
import { regionPicker } from "../region-picker.js";
import { fieldName, fieldNames, fields, loginFirst, word } from "./common.js";

export async function render(root, params) {
  return location.pathname === "/offers/new" ? publish(root) : catalogue(root, params);
}

async function catalogue(root) {
  const list = h("div", { id: "offers" });
  const names = await fieldNames();
  let fieldList = [];
  try { fieldList = await fields(); } catch { /* offline */ }
  const params = new URLSearchParams(location.search);
  const q = h("input", { id: "of-q", name: "q", type: "search", value: params.get("q") || "", oninput: debounce(() => load(), 400) });
  const fieldSelect = h("select", { id: "of-field", name: "field", onchange: () => load() }, h("option", { value: "" }, t("all")),
    fieldList.map((f) => h("option", { value: f.code, selected: params.get("field") === f.code }, f.label)));
  async function load() {
    const query = new URLSearchParams();
    if (q.value.trim()) query.set("q", q.value.trim());
    if (fieldSelect.value) query.set("field", fieldSelect.value);
    history.replaceState(null, "", `/offers${query.toString() ? "?" + query : ""}`);
    query.set("page_size", "50");
    try {
      const { data } = await get(`/api/v1/offers?${query}`, { cacheKey: `offers:${query}` });
      mount(list, data.length ? h("ul", { class: "cards" }, data.map((o) => h("li", { class: "card offer", "data-offer": o.id },
        h("b", {}, o.title),
        h("p", { class: "meta" }, (o.fields || []).map((f) => fieldName(names, f)).join(" · "), o.industries?.length ? ` · ${o.industries.join("、")}` : ""),
        h("p", { class: "hint" }, [o.owner_name, word("ndp_", o.owner_type), o.region_name].filter(Boolean).join(" · ")),
        o.description ? h("p", {}, o.description) : null)))
        : h("p", { class: "hint" }, t("of_none")));
    } catch (error) {
      mount(list, errorBox(error));
    }
  }
  mount(root, h("h2", {}, t("of_title")), h("p", { class: "hint" }, t("of_hint")),
    h("p", { class: "row" }, h("a", { class: "button primary", href: "/offers/new" }, t("of_new")), h("a", { class: "button secondary", href: "/needs" }, t("nd_board"))),
    h("form", { class: "filter-bar", role: "search", onsubmit: (e) => { e.preventDefault(); load(); } },
      h("div", { class: "field" }, h("label", { for: "of-q" }, t("of_search")), q),
      h("div", { class: "field" }, h("label", { for: "of-field" }, t("nd_field")), fieldSelect)),
    list);
  await load();
}

// Whom the person may publish for: the teams they lead, the stations they head, themselves as an expert.
async function owners(user) {
  const made = [];
  for (const g of grantsOf(user, "team_leader").filter((g) => g.team_id)) {
    let name = `${t("ndp_team")} #${g.team_id}`;
    try { name = (await get(`/api/v1/teams/${g.team_id}`)).data.name; } catch { /* keep the number */ }
    made.push({ key: `team:${g.team_id}`, name, region: null });
  }
  for (const g of grantsOf(user, "station_head").filter((g) => g.station_id)) {
    let name = `${t("ndp_station")} #${g.station_id}`;
    try { name = (await get(`/api/v1/stations/${g.station_id}`)).data.name; } catch { /* keep the number */ }
    made.push({ key: `station:${g.station_id}`, name });
  }
  try {
    const { data } = await get("/api/v1/volunteers/me");
    if (data?.id) made.push({ key: `volunteer:${data.id}`, name: `${t("of_as_me")} (${data.real_name || user.display_name})` });
  } catch { /* no volunteer profile */ }
  return made;
}

async function publish(root) {
  const user = await currentUser();
  if (!user) return mount(root, loginFirst(t("of_new")));
  const mine = await owners(user);
  const head = [h("p", {}, h("a", { href: "/offers" }, "← ", t("of_title"))), h("h2", {}, t("of_new"))];
  if (!mine.length) return mount(root, head, h("p", {}, t("of_who")), h("p", {}, h("a", { class: "button secondary", href: "/me/profile?next=/offers/new" }, t("profile_fill"))));
  const DRAFT = "offer-new";
  const draft = (await getDraft(DRAFT)) || { owner: mine[0].key, title: "", fields: [], industries: "", description: "", region: null };
  const save = () => saveDraft(DRAFT, draft);
  const out = h("div", { role: "status", tabindex: "-1" });
  const names = await fieldNames();
  const input = (key, attrs = {}) => h(attrs.rows ? "textarea" : "input", { name: key, value: draft[key] ?? "", ...attrs,
    oninput: (e) => { draft[key] = e.target.value; save(); } });
  const place = h("p", { class: "hint", role: "status" }, draft.region?.name || "");
  async function submit(e) {
    e.preventDefault();
    const [ownerType, ownerId] = draft.owner.split(":");
    const body = { owner_type: ownerType, owner_id: Number(ownerId), title: draft.title.trim(), fields: draft.fields,
      industries: draft.industries.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean), description: draft.description.trim(),
      region_code: draft.region?.code || undefined };
    try {
      await post("/api/v1/offers", body);
      await dropDraft(DRAFT);
      mount(root, head, h("p", { class: "ok", tabindex: "-1" }, t("of_published"), " ", h("a", { href: "/offers" }, t("of_title"))));
      root.querySelector(".ok").focus();
    } catch (error) {
      mount(out, errorBox(error, { title: t("title"), fields: t("nd_field"), industries: t("of_industries"), description: t("description"),
        region_code: t("of_region"), owner_id: t("of_owner") }));
      out.focus();
    }
  }
  mount(root, head,
    h("form", { class: "card", id: "offer-form", onsubmit: submit },
      field(t("of_owner"), h("select", { name: "owner", onchange: (e) => { draft.owner = e.target.value; save(); } },
        mine.map((o) => h("option", { value: o.key, selected: draft.owner === o.key }, o.name)))),
      field(t("title"), input("title", { required: true, maxlength: "128" })),
      h("fieldset", { class: "checks" }, h("legend", {}, t("nd_field")), Object.entries(names).map(([code, label]) =>
        h("label", { class: "check" }, h("input", { type: "checkbox", name: "fields", value: code, checked: draft.fields.includes(code), onchange: (e) => {
          draft.fields = e.target.checked ? [...draft.fields, code] : draft.fields.filter((f) => f !== code);
          save();
        } }), " ", label))),
      field(t("of_industries"), input("industries", { maxlength: "300", placeholder: t("nd_industry_eg") })),
      regionPicker(t("of_region"), (r) => { draft.region = { code: r.code.slice(0, 6), name: r.name }; place.textContent = r.name; save(); },
        { levels: ["province", "prefecture", "county"] }),
      place,
      field(t("description"), input("description", { rows: "4", maxlength: "4000" })),
      h("button", { type: "submit", class: "primary" }, t("of_publish")), out));
}
