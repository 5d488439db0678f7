// County admins review flagged field logs: accept or reject, with a reason.
import { errorBox, h, mount } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { currentUser, get, grantsOf, post } from "../../lib/api.js";
import { fmtTime } from "../../lib/util.js";
import { workspace } from "../../lib/ws.js";

export async function render(outer) {
  const root = await workspace(outer, "review");
  if (!root) return;
  const scopes = grantsOf(await currentUser(), "association_admin");
  mount(root, h("h2", {}, t("review")));
  for (const scope of scopes) {
    try {
      const { data } = await get(`/api/v1/fieldlogs/flagged?region_code=${scope.region_code}&page_size=50`);
      root.append(h("ul", { class: "cards" }, data.map((log) => item(log, outer))));
      if (!data.length) root.append(h("p", { class: "hint" }, "—"));
    } catch (error) {
      root.append(errorBox(error));
    }
  }
}

function item(log, outer) {
  const reason = h("input", { "aria-label": t("reason"), placeholder: t("reason") });
  const out = h("div", { role: "status" });
  const decide = (decision) => async () => {
    try {
      await post(`/api/v1/fieldlogs/${log.uuid}/review`, { decision, reason: reason.value });
      render(outer);
    } catch (error) {
      mount(out, errorBox(error));
    }
  };
  return h("li", { class: "card" },
    h("b", {}, t("k_" + log.kind), " · ", log.topic), h("p", { class: "hint" }, fmtTime(log.occurred_at, lang), ` · ${log.people_served}`),
    h("p", {}, t("flags"), ": ", log.flags.join(", ")),
    log.photos?.length ? h("p", {}, log.photos.map((p) => h("img", { src: p.url, alt: t("photo"), width: "96", height: "96", loading: "lazy" }))) : null,
    h("p", { class: "row" }, reason,
      h("button", { type: "button", class: "primary", onclick: decide("accepted") }, t("accept")),
      h("button", { type: "button", class: "secondary", onclick: decide("rejected") }, t("reject"))),
    out);
}
