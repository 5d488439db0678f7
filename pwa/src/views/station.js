// The station head's field log: saved on the phone at every keystroke, queued in the outbox on
// "save", sent when the network (or the server) is back; photos follow their log.
import { errorBox, field, h, mount } from "../lib/h.js";
import { LOG_KINDS, lang, t } from "../lib/i18n.js";
import { currentUser, get, grantsOf, wakeSync } from "../lib/api.js";
import { enqueue, replay } from "../lib/outbox.js";
import { dropDraft, getDraft, saveDraft } from "../lib/store.js";
import { photoPicker } from "../lib/photo.js";
import { geoPermission, getPosition, isoToLocalInput, localInputToIso, uuid } from "../lib/util.js";
import { regionPicker } from "./region-picker.js";

const DRAFT = "fieldlog";

function blank(stationId) {
  return { uuid: uuid(), station_id: stationId, kind: "training", when: isoToLocalInput(), position: null, region: null,
    topic: "", subjects: "", people: "", women: "", low_income: "", over_60: "", materials: "", experts: "", note: "", photos: [] };
}

// The log's API fields → the form's inputs, and the label each is shown under.
const INPUTS = { occurred_at: "when", topic: "topic", subjects: "subjects", people_served: "people", women: "women",
  low_income: "low_income", over_60: "over_60", materials: "materials", experts: "experts", note: "note" };
const labels = () => ({ kind: t("fl_kind"), occurred_at: t("fl_when"), position: t("fl_gps"), region_code: t("fl_gps_fail"),
  topic: t("topic"), subjects: t("subjects"), people_served: t("people"), women: t("women"), low_income: t("low_income"),
  over_60: t("over_60"), materials: t("materials"), experts: t("experts"), note: t("note") });

// A log the server refused, back in the form to be corrected: same UUID (it was never stored), its
// photos still wait in the outbox for it, and the server's reasons are shown with the form.
export async function correct(item) {
  const b = item.body;
  await saveDraft(DRAFT, { ...blank(item.station_id), uuid: b.uuid, kind: b.kind, when: isoToLocalInput(new Date(b.occurred_at)),
    position: b.position || null, region: b.region_code ? { code: b.region_code, name: item.place || b.region_code } : null,
    topic: b.topic, subjects: (b.subjects || []).join("，"), people: String(b.people_served), women: String(b.women ?? ""),
    low_income: String(b.low_income ?? ""), over_60: String(b.over_60 ?? ""), materials: (b.materials || []).join("\n"),
    experts: (b.experts || []).join("，"), note: b.note || "", refused: item.error });
}

// "10 women out of 5 people" is refused on the phone, before the log is queued.
function breakdownErrors(body) {
  const fields = {};
  for (const key of ["women", "low_income", "over_60"]) {
    if (body[key] > body.people_served) fields[key] = [t("fl_above_people").replace("{n}", body.people_served)];
  }
  return Object.keys(fields).length ? { message: t("fl_check"), fields } : null;
}

export async function render(root) {
  const user = await currentUser();
  const stations = grantsOf(user, "station_head").map((g) => g.station_id).filter(Boolean);
  if (!stations.length) return mount(root, h("h2", {}, t("fl_title")), h("p", {}, t("no_station"), " ", h("a", { href: "/login?next=/station" }, t("login"))));
  let draft = (await getDraft(DRAFT)) || blank(stations[0]);
  const save = () => saveDraft(DRAFT, draft);
  const out = h("div", { role: "status" });
  const gps = h("p", { class: "gps", role: "status" });

  const input = (key, attrs = {}) => h(attrs.rows ? "textarea" : "input", {
    name: key, value: draft[key] ?? "", ...attrs,
    oninput: (e) => { draft[key] = e.target.value; save(); },
  });
  const number = (key, required) => input(key, { type: "number", inputmode: "numeric", min: "0", max: "100000", required });
  const stationSelect = h("select", { name: "station_id", onchange: (e) => { draft.station_id = Number(e.target.value); save(); } },
    await Promise.all(stations.map(async (id) => {
      let name = `#${id}`;
      try { name = (await get(`/api/v1/stations/${id}`, { cacheKey: `station:${id}` })).data.name; } catch { /* offline, never seen */ }
      return h("option", { value: String(id), selected: draft.station_id === id }, name);
    })));
  const kind = h("select", { name: "kind", onchange: (e) => { draft.kind = e.target.value; save(); } },
    LOG_KINDS.map((k) => h("option", { value: k, selected: draft.kind === k }, t("k_" + k))));
  const { camera, thumbs } = photoPicker(draft.photos, save);

  function showPlace() {
    if (draft.position) gps.textContent = `${draft.position.lat.toFixed(5)}, ${draft.position.lng.toFixed(5)} · ${t("fl_acc")} ±${draft.position.accuracy_m} m`;
    else if (draft.region) gps.textContent = `${draft.region.name} (${draft.region.code})`;
    else gps.textContent = "";
  }

  async function locate() {
    gps.textContent = t("locating");
    try {
      draft.position = await getPosition();
      draft.region = null;
    } catch {
      gps.textContent = t("fl_gps_fail");
      return;
    }
    save();
    showPlace();
  }

  // Shows what is wrong next to the form, marks those inputs and moves the focus to the first of them.
  function refuse(error) {
    mount(out, errorBox(error, labels()));
    const names = Object.keys(error.fields || {}).map((key) => INPUTS[key]).filter(Boolean);
    root.querySelectorAll("#fieldlog [aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    const bad = names.map((name) => root.querySelector(`#fieldlog [name=${name}]`)).filter(Boolean);
    bad.forEach((el) => el.setAttribute("aria-invalid", "true"));
    (bad[0] || out).focus?.();
  }

  async function submit(e) {
    e.preventDefault();
    if (!draft.position && !draft.region) {
      mount(out, errorBox({ message: t("fl_gps_fail"), fields: {} }));
      return;
    }
    const list = (text, sep) => text.split(sep).map((s) => s.trim()).filter(Boolean);
    const body = {
      uuid: draft.uuid, kind: draft.kind, occurred_at: localInputToIso(draft.when),
      topic: draft.topic.trim(), subjects: list(draft.subjects, /[,，、]/), people_served: Number(draft.people || 0),
      women: Number(draft.women || 0), low_income: Number(draft.low_income || 0), over_60: Number(draft.over_60 || 0),
      materials: list(draft.materials, /\n/), experts: list(draft.experts, /[,，、]/), note: draft.note,
      // when it was saved here: a log recorded before its month locked is still taken when it syncs later
      recorded_at: new Date().toISOString(),
    };
    if (draft.position) body.position = draft.position;
    else body.region_code = draft.region.code;
    const wrong = breakdownErrors(body);
    if (wrong) return refuse(wrong);
    const label = `${t("k_" + draft.kind)} · ${body.topic}`;
    await enqueue({ id: draft.uuid, type: "fieldlog", station_id: draft.station_id, body, label, lang, place: draft.region?.name });
    for (const [i, photo] of draft.photos.entries()) {
      await enqueue({ id: photo.id, type: "photo", log_uuid: draft.uuid, blob: photo.blob, label: `${t("photo")} ${i + 1} · ${body.topic}`, lang });
    }
    await dropDraft(DRAFT);
    wakeSync();
    replay();
    draft = blank(draft.station_id);
    await render(root);
    // The form is emptied: the confirmation is at its top, so the focus (and the view) goes there.
    const saved = root.querySelector("[role=status].saved");
    mount(saved, h("p", { class: "ok" }, t("saved_outbox"), " ", h("a", { href: "/outbox" }, t("outbox"))));
    saved.focus();
  }

  mount(root,
    h("h2", {}, t("fl_title")),
    h("div", { class: "saved", role: "status", tabindex: "-1" }),
    draft.refused ? h("p", { class: "notice" }, t("fl_refused")) : null,
    h("form", { class: "card", id: "fieldlog", onsubmit: submit },
      stations.length > 1 ? field(t("station_pick"), stationSelect) : null,
      field(t("fl_kind"), kind),
      field(t("fl_when"), input("when", { type: "datetime-local", required: true })),
      h("div", { class: "field" }, h("button", { type: "button", class: "secondary", onclick: locate }, t("fl_gps")), gps),
      regionPicker(t("fl_gps_fail"), (r) => { draft.region = { code: r.code, name: r.name }; draft.position = null; save(); showPlace(); },
        { levels: ["township", "county"] }),
      field(t("topic"), input("topic", { required: true, maxlength: "200" })),
      field(t("subjects"), input("subjects")),
      field(t("people"), number("people", true)),
      h("div", { class: "grid3" }, field(t("women"), number("women")), field(t("low_income"), number("low_income")), field(t("over_60"), number("over_60"))),
      field(t("materials"), input("materials", { rows: "3" })),
      field(t("experts"), input("experts")),
      field(t("note"), input("note", { rows: "3", maxlength: "2000" })),
      field(t("photos"), camera), thumbs,
      h("button", { class: "primary big", type: "submit" }, t("save")),
      out),
  );
  showPlace();
  if (draft.refused) refuse(draft.refused);
  if (!draft.position && !draft.region && (await geoPermission()) === "granted") locate();
}
