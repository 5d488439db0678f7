// "我的需求": the needs I raised and the ones I follow, each with its status in words.
import { errorBox, h, mount } from "../../lib/h.js";
import { lang, t } from "../../lib/i18n.js";
import { currentUser, get } from "../../lib/api.js";
import { fmtTime } from "../../lib/util.js";
import { fieldNames, loginFirst, needCard, placeNames } from "./common.js";

export async function render(root) {
  const user = await currentUser();
  if (!user) return mount(root, loginFirst(t("nd_mine")));
  const head = [h("p", {}, h("a", { href: "/me" }, "← ", t("back"))), h("h2", {}, t("nd_mine")),
    h("p", { class: "row" }, h("a", { class: "button primary", href: "/needs/new" }, t("nd_new")),
      h("a", { class: "button secondary", href: "/me/assignments" }, t("nd_assignments")),
      h("a", { class: "button secondary", href: "/needs" }, t("nd_board")),
      h("a", { class: "button secondary", href: "/offers" }, t("of_title")))];
  let answer;
  try {
    answer = await get("/api/v1/me/needs?page_size=100", { cacheKey: "me:needs" });
  } catch (error) {
    return mount(root, head, errorBox(error));
  }
  const names = await fieldNames();
  const needs = answer.data || [];
  await placeNames(needs);
  // The API's list holds both the needs I raised and those I follow, newest first.
  mount(root, head,
    answer.offline_copy ? h("p", { class: "notice" }, `${t("saved_copy")} ${fmtTime(answer.offline_copy, lang)}`) : null,
    h("section", { id: "my-needs" }, h("h3", {}, t("nd_raised_followed")),
      needs.length ? h("ul", { class: "cards" }, needs.map((n) => needCard(n, names))) : h("p", { class: "hint" }, t("nd_none"))));
}
