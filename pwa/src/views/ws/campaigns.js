// Placeholder until this section's screens land.
import { h } from "../../lib/h.js";
import { t } from "../../lib/i18n.js";
import { workspace } from "../../lib/ws.js";

export async function render(root) {
  await workspace(root, "campaigns", h("h2", {}, t("ws_campaigns")));
}
