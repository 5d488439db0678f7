// Raise a need: saved on the phone as it is typed, sent through the outbox (its client UUID makes a
// repeat the same need), photos queued with it. Online, similar open needs of the township and field
// are shown first ("是否已有人提过？"), and the person may follow one of them instead.
import { errorBox, field, h, mount } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { call, currentUser, durable, get, wakeSync } from "../../lib/api.js";
import { enqueue, remove, replay } from "../../lib/outbox.js";
import { dropDraft, getDraft, saveDraft } from "../../lib/store.js";
import { photoPicker } from "../../lib/photo.js";
import { getPosition, uuid } from "../../lib/util.js";
import { regionPicker } from "../region-picker.js";
import { ASKER_TYPES, NEED_KINDS, fieldNames, fields, loginFirst, needCard, placeNames, word } from "./common.js";

const DRAFT = "need-new";

function blank(followUpOf) {
  return { uuid: uuid(), kind: "consulting", field: "", industry: "", title: "", description: "", township: null, position: null,
    urgency: "normal", asker_type: "village", org_name: "", credit_code: "", is_public: true, photos: [],
    follow_up_of: followUpOf || null };
}

// The need's API fields → the form's labels (for the server's reasons).
const labels = () => ({ kind: t("nd_kind"), field: t("nd_field"), industry: t("nd_industry"), title: t("title"),
  description: t("description"), township_code: t("nd_township"), lat: t("nd_point"), lng: t("nd_point"), urgency: t("nd_urgency"),
  asker_type: t("nd_asker"), org_name: t("nd_org"), credit_code: t("nd_credit"), is_public: t("nd_public"), photo_uuids: t("photos") });

// A need the server refused after it waited in the outbox, back in the form to be corrected: same client
// UUID (it was never stored), its photos still wait in the outbox for it, the server's reasons shown.
export async function correct(item) {
  const b = item.body;
  let township = null;
  try {
    const { data: r } = await get(`/api/v1/regions/${b.township_code}`);
    township = { code: r.code, name: [...(r.parent_names || []).slice(-1), r.name].join(" "), lat: r.lat, lng: r.lng };
  } catch { /* chosen again on the form */ }
  await remove(item.id);
  await saveDraft(DRAFT, { ...blank(b.follow_up_of), uuid: b.client_uuid, kind: b.kind, field: b.field, industry: b.industry || "",
    title: b.title, description: b.description || "", township,
    position: b.lat != null ? { lat: b.lat, lng: b.lng, accuracy_m: 0 } : null, urgency: b.urgency,
    asker_type: b.asker_type, org_name: b.org_name || "", credit_code: b.credit_code || "", is_public: b.is_public,
    photos: [], queued_photos: b.photo_uuids || [], refused: item.error });
}

export async function render(root) {
  const user = await currentUser();
  if (!user) return mount(root, loginFirst(t("nd_new")));
  const params = new URLSearchParams(location.search);
  let draft = (await getDraft(DRAFT)) || blank(params.get("follow_up_of"));
  let checked = false; // similar needs were shown for this township and field (or could not be asked)
  const save = () => saveDraft(DRAFT, draft);
  const out = h("div", { role: "status", tabindex: "-1" });
  const similar = h("section", { class: "similar", "aria-live": "polite" });
  const gps = h("p", { class: "gps", role: "status" });
  let fieldList = [];
  try { fieldList = await fields(); } catch { /* offline and never seen: the field stays open */ }

  const input = (key, attrs = {}) => h(attrs.rows ? "textarea" : "input", {
    name: key, value: draft[key] ?? "", ...attrs, oninput: (e) => { draft[key] = e.target.value; save(); },
  });
  const select = (key, options, onchange) => h("select", { name: key, onchange: (e) => { draft[key] = e.target.value; save(); onchange?.(); } },
    options.map(([value, text]) => h("option", { value, selected: draft[key] === value }, text)));
  const radios = (key, values, prefix) => h("fieldset", { class: "radios" }, h("legend", {}, t("nd_" + key)),
    values.map((v) => h("label", {}, h("input", { type: "radio", name: key, value: v, checked: draft[key] === v,
      onchange: () => { draft[key] = v; save(); } }), " ", word(prefix, v))));
  const orgBox = h("div");
  const drawOrg = () => mount(orgBox,
    draft.asker_type !== "individual" ? field(t("nd_org"), input("org_name", { maxlength: "200" })) : null,
    draft.asker_type === "enterprise"
      ? field(t("nd_credit"), input("credit_code", { maxlength: "18", autocapitalize: "characters", pattern: "[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}" }), t("nd_credit_hint"))
      : null);
  const { camera, thumbs } = photoPicker(draft.photos, save);
  const township = regionPicker(t("nd_township"), (r) => {
    draft.township = { code: r.code, name: [...(r.parent_names || []).slice(-1), r.name].join(" "), lat: r.lat, lng: r.lng };
    checked = false;
    save();
    showPlace();
  }, { levels: ["township"] });

  function showPlace() {
    const parts = [draft.township?.name];
    if (draft.position) parts.push(`${draft.position.lat.toFixed(5)}, ${draft.position.lng.toFixed(5)} · ${t("fl_acc")} ±${draft.position.accuracy_m} m`);
    gps.textContent = parts.filter(Boolean).join(" · ");
  }

  async function locate() {
    gps.textContent = t("locating");
    try {
      draft.position = await getPosition();
    } catch {
      draft.position = null;
      gps.textContent = t("nd_gps_fail");
      return;
    }
    save();
    showPlace();
  }

  // Online: open needs of the same township and field. Returns true when some were shown.
  async function showSimilar() {
    if (checked || !navigator.onLine || !draft.township || !draft.field) return false;
    checked = true;
    let found = [];
    try {
      ({ data: found } = await get(`/api/v1/needs/similar?township_code=${draft.township.code}&field=${encodeURIComponent(draft.field)}&page_size=10`));
    } catch { return false; }
    if (!found.length) return false;
    const names = await fieldNames();
    await placeNames(found);
    mount(similar, h("h3", { tabindex: "-1" }, t("nd_similar")), h("p", { class: "hint" }, t("nd_similar_hint")),
      h("ul", { class: "cards" }, found.map((need) => {
        const card = needCard(need, names);
        const box = h("div", { role: "status" });
        card.append(h("p", { class: "row" }, h("button", { type: "button", class: "primary", onclick: async () => {
          try {
            await call("POST", `/api/v1/needs/${need.id}/follow`, {});
            await dropDraft(DRAFT);
            mount(similar, h("p", { class: "ok", tabindex: "-1" }, t("nd_followed"), " ", h("a", { href: `/needs/${need.id}` }, need.title)));
            similar.firstChild.focus();
          } catch (error) { mount(box, errorBox(error)); }
        } }, t("nd_follow_this"))), box);
        return card;
      })),
      h("p", {}, h("button", { type: "submit", form: "need-form", class: "secondary" }, t("nd_send_anyway"))));
    similar.querySelector("h3").focus();
    return true;
  }

  async function submit(e) {
    e.preventDefault();
    if (!draft.township) {
      mount(out, errorBox({ message: t("nd_township_needed"), fields: {} }));
      return out.focus();
    }
    if (await showSimilar()) return;
    const body = {
      client_uuid: draft.uuid, kind: draft.kind, field: draft.field, industry: draft.industry.trim(), title: draft.title.trim(),
      description: draft.description.trim(), township_code: draft.township.code, urgency: draft.urgency, asker_type: draft.asker_type,
      is_public: draft.is_public, photo_uuids: [...(draft.queued_photos || []), ...draft.photos.map((p) => p.id)],
    };
    if (draft.position) Object.assign(body, { lat: draft.position.lat, lng: draft.position.lng });
    if (draft.asker_type !== "individual" && draft.org_name.trim()) body.org_name = draft.org_name.trim();
    if (draft.asker_type === "enterprise" && draft.credit_code.trim()) body.credit_code = draft.credit_code.trim().toUpperCase();
    if (draft.follow_up_of) body.follow_up_of = Number(draft.follow_up_of);
    const label = `${t("nd_need")} · ${body.title}`;
    // Photos first in the outbox (they are stored before the need that names them).
    for (const [i, photo] of draft.photos.entries()) {
      await enqueue({ id: photo.id, type: "photo", url: "/api/v1/needs/photos", owner_field: "need_uuid", log_uuid: draft.uuid, blob: photo.blob,
        label: `${t("photo")} ${i + 1} · ${body.title}`, lang });
    }
    let answer;
    try {
      answer = await durable("POST", "/api/v1/needs", body, label);
    } catch (error) {
      mount(out, errorBox(error, labels()));
      return out.focus();
    }
    await dropDraft(DRAFT);
    wakeSync();
    replay();
    draft = blank();
    await render(root);
    const done = root.querySelector(".saved");
    mount(done, answer.queued
      ? h("p", { class: "ok" }, t("nd_queued"), " ", h("a", { href: "/outbox" }, t("outbox")))
      : h("p", { class: "ok" }, t("nd_sent"), " ", h("a", { href: `/needs/${answer.data.id}` }, answer.data.title)));
    done.focus();
  }

  const fieldSelect = select("field", [["", t("nd_pick")], ...fieldList.map((f) => [f.code, f.label])], () => { checked = false; });
  fieldSelect.required = true;
  mount(root,
    h("p", {}, h("a", { href: "/me/needs" }, "← ", t("nd_mine"))),
    h("h2", {}, draft.follow_up_of ? t("nd_new_follow_up") : t("nd_new")),
    h("div", { class: "saved", role: "status", tabindex: "-1" }),
    h("p", { class: "hint" }, t("nd_new_hint")),
    similar,
    h("form", { class: "card", id: "need-form", onsubmit: submit },
      field(t("nd_kind"), select("kind", NEED_KINDS.map((k) => [k, word("ndk_", k)]))),
      field(t("nd_field"), fieldSelect),
      field(t("nd_industry"), input("industry", { maxlength: "50", placeholder: t("nd_industry_eg") })),
      field(t("title"), input("title", { required: true, maxlength: "200" })),
      field(t("description"), input("description", { rows: "4", required: true, maxlength: "4000" })),
      township,
      h("div", { class: "field" }, h("button", { type: "button", class: "secondary", onclick: locate }, t("nd_gps")), gps),
      radios("urgency", ["normal", "urgent"], "ndu_"),
      field(t("nd_asker"), select("asker_type", ASKER_TYPES.map((a) => [a, word("ndt_", a)]), drawOrg)),
      orgBox,
      h("div", { class: "field" }, h("label", { class: "check" }, h("input", { type: "checkbox", name: "is_public", checked: draft.is_public,
        onchange: (e) => { draft.is_public = e.target.checked; save(); } }), " ", t("nd_public")), h("small", { class: "hint" }, t("nd_public_hint"))),
      field(t("photos"), camera), thumbs,
      h("button", { class: "primary big", type: "submit" }, t("nd_send")),
      out),
  );
  drawOrg();
  showPlace();
  if (draft.refused) mount(out, h("p", { class: "notice" }, t("nd_refused_back")), errorBox(draft.refused, labels()));
  if (draft.township) township.querySelector("input").value = draft.township.name.split(" ").at(-1);
}
