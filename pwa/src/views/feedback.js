// After an event: useful 1–5 and 还需要什么?, once, by a resident who held a seat (the booking's cancel code
// kept on this phone) or a volunteer who checked in (logged in). Loaded only on a past event's page.
// "希望有人跟进" turns 还需要什么? into a need for the county association (the needs board's kinds of service).
import { errorBox, field, h, mount } from "../lib/h.js";
import { extend, t } from "../lib/i18n.js";
import { get, post } from "../lib/api.js";
import { NEED_KINDS, word } from "./needs/common.js";

// Its words come with it (a resident's first load does not carry them).
export const EN = {
  fb_title: "Was it useful?",
  fb_useful: "How useful was it (1 not at all – 5 very)?",
  fb_still_needed: "What else do you need?",
  fb_send: "Send",
  fb_thanks: "Thank you: your answer has been sent. Nobody sees who wrote it.",
  fb_r1: "1 · Not useful",
  fb_r2: "2",
  fb_r3: "3",
  fb_r4: "4",
  fb_r5: "5 · Very useful",
  fb_follow_up: "I would like someone to follow this up (it goes to the county association as a need)",
  fb_need_kind: "Kind of service",
  fb_thanks_need: "Thank you: your answer has been sent, and what you need was passed on to the county association.",
};
export const ZH = {
  fb_title: "这次活动有用吗？",
  fb_useful: "有用程度（1 没用 – 5 很有用）",
  fb_still_needed: "还需要什么？",
  fb_send: "提交评价",
  fb_thanks: "谢谢！评价已提交，不会显示您的身份。",
  fb_r1: "1 · 没用",
  fb_r2: "2",
  fb_r3: "3",
  fb_r4: "4",
  fb_r5: "5 · 很有用",
  fb_follow_up: "希望有人跟进（会作为需求转给县科协）",
  fb_need_kind: "需要的服务类型",
  fb_thanks_need: "谢谢！评价已提交，您的需求已转给县科协。",
};
extend(EN, ZH);

const GIVEN = "feedback_given";
const given = () => JSON.parse(localStorage.getItem(GIVEN) || "[]");

// A volunteer without a seat on this phone is asked only when the event is among their past activities
// (the server checks the check-in itself).
async function tookPart(eventId) {
  try {
    const { data } = await get("/api/v1/me/activities?when=past&page_size=100");
    return data.some((a) => a.event?.id === eventId);
  } catch {
    return false;
  }
}

export async function render(place, event, seat) {
  if (given().includes(event.id)) return mount(place, h("p", { class: "ok" }, t("fb_thanks")));
  if (!seat?.code && !(await tookPart(event.id))) return place.remove();
  const radios = [1, 2, 3, 4, 5].map((n) => h("label", { class: "fb-choice" },
    h("input", { type: "radio", name: "rating", value: String(n), required: n === 1 }), " ", t("fb_r" + n)));
  const needed = h("textarea", { name: "still_needed", rows: 3, maxlength: 1000 });
  const kind = h("select", { name: "need_kind" }, h("option", { value: "" }, "—"),
    NEED_KINDS.map((k) => h("option", { value: k }, word("ndk_", k))));
  const kindField = field(t("fb_need_kind"), kind);
  kindField.style.display = "none"; // (.field's own display would override `hidden`)
  const followUp = h("input", { type: "checkbox", name: "follow_up", onchange: () => {
    kindField.style.display = followUp.checked ? "" : "none";
    kind.required = followUp.checked;
    needed.required = followUp.checked;
  } });
  const out = h("div", { role: "status" });
  const form = h("form", { class: "fb-form", onsubmit: async (e) => {
    e.preventDefault();
    const rating = form.querySelector("input[name=rating]:checked");
    if (!rating) return form.reportValidity();
    if (!form.checkValidity()) return form.reportValidity();
    const asked = followUp.checked ? { follow_up: true, need_kind: kind.value } : {};
    try {
      await post(`/api/v1/events/${event.id}/feedback`, { rating: Number(rating.value), still_needed: needed.value.trim(),
        ...asked, ...(seat?.code ? { cancel_code: seat.code } : {}) });
    } catch (error) {
      if (error.code !== "feedback_already_given") return mount(out, errorBox(error));
    }
    localStorage.setItem(GIVEN, JSON.stringify([...given(), event.id].slice(-200)));
    mount(place, h("p", { class: "ok", role: "status" }, t(followUp.checked ? "fb_thanks_need" : "fb_thanks")));
  } },
    h("fieldset", {}, h("legend", {}, t("fb_useful")), h("div", { class: "fb-choices" }, radios)),
    field(t("fb_still_needed"), needed),
    h("p", {}, h("label", { class: "fb-follow" }, followUp, h("span", {}, t("fb_follow_up")))),
    kindField,
    h("p", {}, h("button", { type: "submit", class: "primary" }, t("fb_send"))), out);
  mount(place, h("section", { class: "fb" }, h("h3", {}, t("fb_title")), form));
}
