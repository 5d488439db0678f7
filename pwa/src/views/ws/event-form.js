// The event editor (/admin/events/new, /admin/events/{id}/edit): one row per volunteer role, the place
// from the map or the gazetteer, the campaign, seats and deadline; a weekly or monthly series when asked.
// What is typed is kept on the phone as it is typed ("event-new" / "event-<id>") and restored after a
// dropped connection or a reload, with a way to throw it away.
import { errorBox, field, h, mount, toast } from "../../lib/h.js";
import { KINDS, t } from "../../lib/i18n.js";
import { call, get, post } from "../../lib/api.js";
import { dropDraft, getDraft, saveDraft } from "../../lib/store.js";
import { isoToLocalInput, localInputToIso } from "../../lib/util.js";
import { regionPicker } from "../region-picker.js";
import { lifecycleButtons } from "./lifecycle.js";

const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
// The API's field names → the labels of this form (errors name the label, never the field).
const LABELS = () => ({
  kind: t("kind"), title: t("title"), description: t("description"), starts_at: t("starts"), ends_at: t("ends"),
  signup_deadline: t("deadline"), venue_name: t("venue"), region_code: t("county"), lat: t("lat"), lng: t("lng"),
  campaign_id: t("we_campaign"), resident_seats: t("resident_seats"), roles: t("roles"), repeat: t("we_repeat"),
  frequency: t("we_repeat"), weekday: t("we_weekday"), count: t("we_count"), until: t("we_until"),
  contact_user_id: t("we_contact"),
});
const ROLE_LABELS = () => ({ name: t("we_role_name"), capacity: t("we_role_places") });

// The list's filters stay in the address while an event is edited beside it (all but the series flag).
export function listSearch() {
  const params = new URLSearchParams(location.search);
  params.delete("series");
  return params.toString() ? `?${params}` : "";
}

const toLocal = (iso) => (iso ? isoToLocalInput(new Date(iso)) : "");
const weekdayOf = (local) => (local ? WEEKDAYS[(new Date(local.slice(0, 10) + "T12:00:00Z").getUTCDay() + 6) % 7] : "MO");

// The form's values of a saved event (what a draft of its edit starts from).
function fromEvent(e) {
  return {
    kind: e.kind, title: e.title, description: e.description || "", starts: toLocal(e.starts_at), ends: toLocal(e.ends_at),
    deadline: toLocal(e.signup_deadline), venue: e.venue_name, region_code: e.region_code, region_name: "",
    lat: String(e.lat), lng: String(e.lng), campaign_id: e.campaign_id ? String(e.campaign_id) : "",
    resident_seats: e.resident_seats == null ? "" : String(e.resident_seats),
    roles: e.roles.map((r) => ({ id: r.id, name: r.name, capacity: String(r.capacity) })),
  };
}

// The API body of the form's event fields (roles apart).
function body(d) {
  const out = {
    kind: d.kind, title: (d.title || "").trim(), description: d.description || "", starts_at: localInputToIso(d.starts),
    ends_at: localInputToIso(d.ends), venue_name: (d.venue || "").trim(), region_code: d.region_code || undefined,
    lat: d.lat === "" || d.lat == null ? undefined : Number(d.lat), lng: d.lng === "" || d.lng == null ? undefined : Number(d.lng),
    signup_deadline: d.deadline ? localInputToIso(d.deadline) : null,
    campaign_id: d.campaign_id ? Number(d.campaign_id) : null,
    resident_seats: d.resident_seats === "" || d.resident_seats == null ? null : Number(d.resident_seats),
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

// Only what differs from the saved event: a published event's unchanged time is not "changed" for its people.
function changes(d, event) {
  const next = body(d);
  const same = (key) => {
    const [a, b] = [next[key], event[key]];
    if (key.endsWith("_at") || key === "signup_deadline") return (a ? Date.parse(a) : null) === (b ? Date.parse(b) : null);
    return (a ?? null) === (b ?? null);
  };
  return Object.fromEntries(Object.entries(next).filter(([key]) => !same(key)));
}

// A role's API answer for its row: marshmallow's {roles: {"0": {capacity: [...]}}} and duplicate names.
function roleErrors(error, rows) {
  const perRow = new Map();
  const nested = error.fields?.roles;
  if (nested && typeof nested === "object" && !Array.isArray(nested)) {
    for (const [index, fields] of Object.entries(nested)) perRow.set(Number(index), { code: error.code, lang: error.lang, message: t("we_role_bad"), fields });
  } else if (error.code === "duplicate_role_name") {
    const names = rows.map((r) => r.name.trim());
    names.forEach((name, i) => { if (names.indexOf(name) !== i || names.lastIndexOf(name) !== i) perRow.set(i, { code: error.code, lang: error.lang, message: error.message, fields: {} }); });
  }
  return perRow;
}

// opts: { id (null for a new event), series (bool), go, scopes (the admin's grants) }; after a save the
// screen is drawn again through go(), list included.
export async function eventEditor({ id = null, series = false, go, scopes }) {
  const key = id ? `event-${id}` : "event-new";
  let event = null;
  if (id) {
    try {
      event = (await get(`/api/v1/events/${id}`)).data;
    } catch (error) {
      return h("section", { class: "card editor" }, errorBox(error));
    }
  }
  const saved = await getDraft(key);
  const fresh = () => (event ? fromEvent(event) : { kind: "lecture", roles: [{ name: "", capacity: "" }], resident_seats: "" });
  const draft = saved || fresh();
  if (!id && !series) delete draft.repeat;
  if (series && !draft.repeat) draft.repeat = { frequency: "weekly", weekday: weekdayOf(draft.starts), count: "4", until: "" };
  const root = h("section", { class: "card editor", "aria-labelledby": "ed-title" });
  const keep = () => saveDraft(key, draft);
  const out = h("div", { role: "status" });
  const closed = event && (event.status === "completed" || event.status === "cancelled");
  let repeatBox = null;

  const input = (name, attrs = {}) => h(attrs.rows ? "textarea" : "input", {
    name, value: draft[name] ?? "", ...attrs, oninput: (e) => {
      draft[name] = e.target.value;
      // a series repeats on the first occurrence's weekday unless another is chosen afterwards
      if (name === "starts" && draft.repeat && e.target.value) { draft.repeat.weekday = weekdayOf(e.target.value); repeatBox?.redraw(); }
      keep();
    },
  });
  const lat = input("lat", { type: "number", step: "any", inputmode: "decimal" });
  const lng = input("lng", { type: "number", step: "any", inputmode: "decimal" });
  const place = h("p", { class: "hint", role: "status" });
  // The hint names the gazetteer place the point was just taken from (a county's or township's centre).
  const showPlace = () => { place.textContent = draft.point_from ? t("we_place_from").replace("{name}", draft.point_from) : ""; };
  const picker = regionPicker(t("county"), (r) => {
    Object.assign(draft, { region_code: r.code.slice(0, 6), region_name: r.name });
    setPoint({ lat: r.lat, lng: r.lng }, r.name);
  }, { levels: ["county", "township"] });
  const showRegion = () => { picker.querySelector("input").value = draft.region_name || ""; };
  const setPoint = (p, from = null) => {
    lat.value = draft.lat = String(p.lat);
    lng.value = draft.lng = String(p.lng);
    draft.point_from = from;
    showPlace();
    keep();
  };
  const mapBox = h("div", { class: "map", hidden: true });
  const kind = h("select", { name: "kind", onchange: (e) => { draft.kind = e.target.value; keep(); } },
    KINDS.map((k) => h("option", { value: k, selected: draft.kind === k }, t("k_" + k))));
  const campaign = h("select", { name: "campaign_id", onchange: (e) => { draft.campaign_id = e.target.value; keep(); } },
    h("option", { value: "" }, t("we_campaign_none")));
  loadCampaigns(campaign, scopes, draft.campaign_id);

  // --- roles: one row each -------------------------------------------------------------------
  const rolesBox = h("ol", { class: "roles-editor" });
  const roleRows = [];
  const original = new Map((event?.roles || []).map((r) => [r.id, r]));
  function roleRow(role) {
    const held = role.id && original.get(role.id)?.confirmed_count;
    const note = h("div", { class: "role-error" });
    const name = h("input", { name: "role_name", value: role.name, maxlength: "64", "aria-label": t("we_role_name"),
      oninput: (e) => { role.name = e.target.value; keep(); } });
    const places = h("input", { name: "role_capacity", type: "number", min: role.id ? "0" : "1", max: "10000", inputmode: "numeric",
      value: role.capacity, "aria-label": t("we_role_places"), oninput: (e) => { role.capacity = e.target.value; keep(); } });
    const remove = role.id ? null : h("button", { type: "button", class: "secondary", "aria-label": t("we_role_remove"), onclick: () => {
      draft.roles.splice(draft.roles.indexOf(role), 1);
      keep();
      drawRoles();
    } }, "✕");
    const row = h("li", { class: "role-row" },
      h("div", { class: "role-fields" },
        field(t("we_role_name"), name), field(t("we_role_places"), places, held ? t("we_role_held").replace("{n}", held) : null), remove),
      note);
    roleRows.push({ role, note, row });
    return row;
  }
  function drawRoles() {
    roleRows.length = 0;
    rolesBox.replaceChildren(...draft.roles.map(roleRow));
  }
  drawRoles();
  const addRole = h("button", { type: "button", class: "secondary", onclick: () => {
    draft.roles.push({ name: "", capacity: "" });
    keep();
    drawRoles();
    roleRows.at(-1).row.querySelector("input").focus();
  } }, t("we_role_add"));

  // --- a series: weekly or monthly ----------------------------------------------------------
  repeatBox = draft.repeat ? repeatFields(draft, keep) : null;

  async function submit(e) {
    e.preventDefault();
    mount(out);
    roleRows.forEach((r) => mount(r.note));
    const rows = draft.roles.filter((r) => r.id || r.name.trim() || r.capacity !== "");
    try {
      if (!id) await create(rows);
      else await update(rows);
    } catch (error) {
      const perRow = roleErrors(error, rows);
      perRow.forEach((err, i) => mount(roleRows.find((r) => r.role === rows[i]).note, errorBox(err, ROLE_LABELS())));
      if (!perRow.size) return mount(out, errorBox(error, LABELS()));
      const others = Object.fromEntries(Object.entries(error.fields || {}).filter(([k]) => k !== "roles"));
      mount(out, Object.keys(others).length ? errorBox({ code: error.code, lang: error.lang, message: error.message, fields: others }, LABELS())
        : h("p", { class: "error", role: "alert" }, t("we_roles_fix")));
    }
  }

  async function create(rows) {
    const roles = rows.map((r) => ({ name: r.name.trim(), capacity: r.capacity === "" ? 0 : Number(r.capacity) }));
    if (draft.repeat) {
      const repeat = { frequency: draft.repeat.frequency, weekday: draft.repeat.weekday };
      if (repeat.frequency === "weekly") repeat.count = Number(draft.repeat.count || 0);
      else if (draft.repeat.until) repeat.until = draft.repeat.until;
      const { data } = await post("/api/v1/events/series", { ...body(draft), roles, repeat });
      await dropDraft(key);
      toast(t("we_series_done").replace("{n}", data.length));
      return go("/admin/events?status=draft");
    }
    const { data } = await post("/api/v1/events", { ...body(draft), roles });
    await dropDraft(key);
    toast(t("we_created"));
    go(`/admin/events/${data.id}/edit${listSearch()}`);
  }

  // An existing event: its fields in one PATCH, then each new or changed role on its own; a role the API
  // refuses keeps its row's message, and the roles that went through are not sent twice.
  async function update(rows) {
    const patch = changes(draft, event);
    if (Object.keys(patch).length) event = (await call("PATCH", `/api/v1/events/${id}`, patch)).data;
    let failed = 0;
    for (const [i, role] of rows.entries()) {
      const before = role.id && original.get(role.id);
      const wanted = { name: role.name.trim(), capacity: role.capacity === "" ? NaN : Number(role.capacity) };
      const diff = before ? Object.fromEntries(Object.entries(wanted).filter(([k, v]) => before[k] !== v)) : wanted;
      if (!Object.keys(diff).length) continue;
      if (Number.isNaN(diff.capacity)) diff.capacity = null;
      try {
        const { data } = before ? await call("PATCH", `/api/v1/events/${id}/roles/${role.id}`, diff) : await post(`/api/v1/events/${id}/roles`, diff);
        role.id = data.id;
        original.set(data.id, data);
        keep();
      } catch (error) {
        failed += 1;
        mount(roleRows.find((r) => r.role === rows[i]).note, errorBox(error, ROLE_LABELS()));
      }
    }
    if (failed) return mount(out, h("p", { class: "error", role: "alert" }, t("we_roles_fix")));
    await dropDraft(key);
    toast(t("we_saved"));
    go(`/admin/events/${id}/edit${listSearch()}`);
  }

  // The lifecycle buttons run beside the editor; after one, the editor and the list are drawn again.
  const act = (fn, box = out, done = null) => async () => {
    try {
      await fn();
      await dropDraft(key);
      if (done) toast(done);
      go(`/admin/events/${id}/edit${listSearch()}`);
    } catch (error) {
      mount(box, errorBox(error));
    }
  };

  const restored = saved ? h("div", { class: "notice restored", role: "status" }, t("we_restored"), " ",
    h("button", { type: "button", class: "secondary", onclick: async () => {
      await dropDraft(key);
      go(location.pathname + location.search);
    } }, t("we_discard"))) : null;

  const heading = id ? t("we_edit_title") : series ? t("we_new_series") : t("ev_new");
  mount(root,
    h("h3", { id: "ed-title", tabindex: "-1" }, heading),
    event ? h("p", {}, h("b", { class: `event-status st-${event.status}` }, t("ev_" + event.status)), " · ",
      h("a", { href: `/admin/events/${id}` }, t("we_open_page"))) : null,
    restored,
    event ? lifecycleButtons(event, act) : null,
    closed ? h("p", { class: "notice" }, t("e_event_closed")) : null,
    h("form", { id: "event-form", onsubmit: submit, novalidate: true },
      field(t("kind"), kind),
      field(t("title"), input("title", { maxlength: "200" })),
      field(t("description"), input("description", { rows: "3" })),
      h("div", { class: "grid2" }, field(t("starts"), input("starts", { type: "datetime-local" })),
        field(t("ends"), input("ends", { type: "datetime-local" }))),
      field(t("deadline"), input("deadline", { type: "datetime-local" }), t("we_deadline_hint")),
      field(t("venue"), input("venue", { maxlength: "200" })),
      picker,
      place,
      h("div", { class: "grid2" }, field(t("lat"), lat), field(t("lng"), lng)),
      h("button", { type: "button", class: "secondary", onclick: async () => {
        mapBox.hidden = false;
        const { pickPoint } = await import("../map.js");
        pickPoint(mapBox, draft.lat ? { lat: Number(draft.lat), lng: Number(draft.lng) } : null, setPoint);
      } }, t("pick_on_map")),
      mapBox,
      field(t("we_campaign"), campaign),
      field(t("resident_seats"), input("resident_seats", { type: "number", min: "0", inputmode: "numeric" }), t("we_seats_hint")),
      h("fieldset", { class: "roles-set" }, h("legend", {}, t("roles")), rolesBox, addRole),
      repeatBox,
      closed ? null : h("button", { class: "primary", type: "submit" }, id ? t("we_save") : draft.repeat ? t("we_series_create") : t("create")),
      out));
  if (!draft.region_name && draft.region_code) {
    get(`/api/v1/regions/${draft.region_code}`).then(({ data }) => { draft.region_name = data.name; showRegion(); }).catch(() => {});
  }
  showRegion();
  showPlace();
  // a completed or cancelled event is shown as it was, not as a form that could be sent
  if (closed) root.querySelectorAll("#event-form :is(input, select, textarea, button)").forEach((el) => { el.disabled = true; });
  return root;
}

async function loadCampaigns(select, scopes, chosen) {
  for (const scope of scopes) {
    try {
      const { data } = await get(`/api/v1/campaigns?region_code=${scope.region_code}&page_size=100`, { cacheKey: `campaigns:${scope.region_code}` });
      select.append(...data.map((c) => h("option", { value: String(c.id), selected: String(c.id) === chosen }, c.name)));
    } catch { /* offline and never loaded: the event can be saved without one */ }
  }
}

function repeatFields(draft, keep) {
  const r = draft.repeat;
  const set = (name) => (e) => {
    r[name] = e.target.value;
    keep();
    if (name === "frequency") { draw(); box.querySelector("select").focus(); }
  };
  const box = h("fieldset", { class: "repeat-set" });
  function draw() {
    mount(box, h("legend", {}, t("we_repeat")),
      field(t("we_frequency"), h("select", { name: "frequency", onchange: set("frequency") },
        ["weekly", "monthly"].map((f) => h("option", { value: f, selected: r.frequency === f }, t("we_repeat_" + f))))),
      field(t("we_weekday"), h("select", { name: "weekday", onchange: set("weekday") },
        WEEKDAYS.map((w) => h("option", { value: w, selected: r.weekday === w }, t("wd_" + w))))),
      r.frequency === "weekly"
        ? field(t("we_count"), h("input", { name: "count", type: "number", min: "1", max: "52", value: r.count, oninput: (e) => { r.count = e.target.value; keep(); } }))
        : field(t("we_until"), h("input", { name: "until", type: "date", value: r.until, oninput: (e) => { r.until = e.target.value; keep(); } })),
      h("small", { class: "hint" }, t("we_repeat_hint")));
  }
  draw();
  box.redraw = draw;
  return box;
}
