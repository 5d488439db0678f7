// Association admin: create an event (place by name or on the map), then manage it.
import { errorBox, field, h, mount } from "../../lib/h.js";
import { KINDS, lang, t } from "../../lib/i18n.js";
import { currentUser, get, grantsOf, post } from "../../lib/api.js";
import { dropDraft, getDraft, saveDraft } from "../../lib/store.js";
import { fmtTime, localInputToIso } from "../../lib/util.js";
import { regionPicker } from "../region-picker.js";
import { adminResetSection } from "../password.js";
import { workspace } from "../../lib/ws.js";

const DRAFT = "event-new";

export async function render(outer, _params, { go }) {
  if (!(await workspace(outer, "events"))) return;
  const root = outer.querySelector(".ws-main");
  const user = await currentUser();
  const scopes = grantsOf(user, "association_admin");
  if (!scopes.length) return mount(root, h("h2", {}, t("admin")), h("p", {}, t("login_needed")));
  const draft = (await getDraft(DRAFT)) || { kind: "lecture", roles: "讲师 2\n助理 3", resident_seats: "30" };
  const out = h("div", { role: "status" });
  const place = h("p", { class: "hint", role: "status" });
  const mapBox = h("div", { class: "map", hidden: true });
  const input = (key, attrs = {}) => h(attrs.rows ? "textarea" : "input", {
    name: key, value: draft[key] ?? "", ...attrs, oninput: (e) => { draft[key] = e.target.value; saveDraft(DRAFT, draft); },
  });
  const kind = h("select", { name: "kind", onchange: (e) => { draft.kind = e.target.value; saveDraft(DRAFT, draft); } },
    KINDS.map((k) => h("option", { value: k, selected: draft.kind === k }, t("k_" + k))));
  const lat = input("lat", { type: "number", step: "any", required: true });
  const lng = input("lng", { type: "number", step: "any", required: true });
  const setPoint = (p) => {
    lat.value = draft.lat = String(p.lat);
    lng.value = draft.lng = String(p.lng);
    saveDraft(DRAFT, draft);
  };
  const showRegion = () => { place.textContent = draft.region_name ? `${draft.region_name} (${draft.region_code})` : ""; };

  async function submit(e) {
    e.preventDefault();
    const roles = (draft.roles || "").split("\n").map((line) => line.trim().match(/^(.+?)\s+(\d+)$/)).filter(Boolean)
      .map((m) => ({ name: m[1], capacity: Number(m[2]) }));
    const body = {
      kind: draft.kind, title: (draft.title || "").trim(), description: draft.description || "",
      starts_at: localInputToIso(draft.starts), ends_at: localInputToIso(draft.ends), venue_name: (draft.venue || "").trim(),
      region_code: draft.region_code, lat: Number(draft.lat), lng: Number(draft.lng), roles,
      resident_seats: draft.resident_seats ? Number(draft.resident_seats) : undefined,
    };
    if (draft.deadline) body.signup_deadline = localInputToIso(draft.deadline);
    try {
      const { data } = await post("/api/v1/events", body);
      await dropDraft(DRAFT);
      go(`/admin/events/${data.id}`);
    } catch (error) {
      mount(out, errorBox(error));
    }
  }

  mount(root,
    h("h2", {}, t("ws_events")),
    h("form", { class: "card", id: "event-form", onsubmit: submit },
      h("h3", {}, t("ev_new")),
      field(t("kind"), kind),
      field(t("title"), input("title", { required: true, maxlength: "200" })),
      field(t("description"), input("description", { rows: "3" })),
      field(t("starts"), input("starts", { type: "datetime-local", required: true })),
      field(t("ends"), input("ends", { type: "datetime-local", required: true })),
      field(t("deadline"), input("deadline", { type: "datetime-local" })),
      field(t("venue"), input("venue", { required: true })),
      regionPicker(t("county"), (r) => {
        Object.assign(draft, { region_code: r.code.slice(0, 6), region_name: r.name });
        setPoint({ lat: r.lat, lng: r.lng });
        showRegion();
      }, { levels: ["county", "township"] }),
      place,
      h("div", { class: "grid2" }, field(t("lat"), lat), field(t("lng"), lng)),
      h("button", { type: "button", class: "secondary", onclick: async () => {
        mapBox.hidden = false;
        const { pickPoint } = await import("../map.js");
        pickPoint(mapBox, draft.lat ? { lat: Number(draft.lat), lng: Number(draft.lng) } : null, setPoint);
      } }, t("pick_on_map")),
      mapBox,
      field(t("roles"), input("roles", { rows: "3" }), t("roles_hint")),
      field(t("resident_seats"), input("resident_seats", { type: "number", min: "0" })),
      h("button", { class: "primary", type: "submit" }, t("create")),
      out),
    await myEvents(scopes),
    adminResetSection(),
  );
  showRegion();
}

async function myEvents(scopes) {
  const section = h("section", {}, h("h3", {}, t("my_events")));
  for (const scope of scopes) {
    try {
      const { data } = await get(`/api/v1/events?region_code=${scope.region_code}&page_size=50`, { cacheKey: `admin:${scope.region_code}` });
      section.append(h("ul", { class: "cards" }, data.map((e) => h("li", { class: "card" },
        h("a", { href: `/admin/events/${e.id}` }, h("b", {}, e.title)), h("p", { class: "hint" }, fmtTime(e.starts_at, lang), " · ", e.venue_name)))));
    } catch (error) {
      section.append(errorBox(error));
    }
  }
  return section;
}
