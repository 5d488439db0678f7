// An event's lifecycle buttons (publish, cancel with a reason, complete), each behind a confirmation
// that says who will be told. Drawn on the event's page (event.js) and beside the editor (event-form.js).
import { h } from "../../lib/h.js";
import { t } from "../../lib/i18n.js";
import { get, post } from "../../lib/api.js";
import { confirmAction } from "../../lib/ws.js";

const fill = (text, values) => Object.entries(values).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, v), text);

// Who hears of a cancellation (GET /events/{id}/audience): the volunteers signed up and the residents whose
// seat is tied to an account; seats booked without one are named apart (no notice reaches them in the app).
async function toldOfCancel(event) {
  if (event.status === "draft") return t("lc_told_draft");
  const { data } = await get(`/api/v1/events/${event.id}/audience`);
  const told = data.volunteers || data.residents ? fill(t("lc_told"), { v: data.volunteers, r: data.residents }) : t("lc_told_none");
  return data.residents_without_account ? `${told} ${fill(t("lc_unreached"), { n: data.residents_without_account })}` : told;
}

// act(fn, box, done) runs fn, redraws the screen and says `done` (errors shown next to the buttons by the caller).
export function lifecycleButtons(event, act) {
  const base = `/api/v1/events/${event.id}`;
  const ask = (options, send, done) => async () => {
    let told;
    try {
      told = await options.told();
    } catch (error) {
      return act(() => Promise.reject(error))();
    }
    const answer = await confirmAction({ ...options, told });
    if (answer) return act(() => send(answer), undefined, done)();
  };
  const publish = h("button", { type: "button", class: "primary", onclick: ask(
    { title: t("lc_publish_title"), text: t("lc_publish_text"), told: async () => t("lc_told_publish"), confirm: t("lc_publish_ok") },
    () => post(`${base}/publish`, {}), t("lc_published")) }, t("publish"));
  const cancel = h("button", { type: "button", class: "danger", onclick: ask(
    { title: t("lc_cancel_title"), text: t("lc_cancel_text"), told: () => toldOfCancel(event), confirm: t("lc_cancel_ok"), danger: true,
      inputs: [{ name: "reason", label: t("lc_reason"), required: true, rows: "3", maxlength: "1000" }] },
    ({ reason }) => post(`${base}/cancel`, { reason }), t("lc_cancelled")) }, t("lc_cancel"));
  const complete = h("button", { type: "button", class: "secondary", onclick: ask(
    { title: t("lc_complete_title"), text: t("lc_complete_text"), told: async () => t("lc_told_complete"), confirm: t("lc_complete_ok") },
    () => post(`${base}/complete`, {}), t("lc_completed")) }, t("lc_complete"));
  const shown = {
    draft: [publish, cancel],
    // completing is for an event that has started (the API says so too)
    published: Date.parse(event.starts_at) <= Date.now() ? [complete, cancel] : [cancel],
  }[event.status] || [];
  return shown.length ? h("p", { class: "row lifecycle" }, shown) : null;
}
