// Register: a form of its own (name, mobile number, password twice); the new user is logged in.
import { field, h, mount } from "../lib/h.js";
import { t } from "../lib/i18n.js";
import { post, setUser } from "../lib/api.js";
import { newPassword, showError } from "./password.js";
import { nextPath } from "./login.js";

const labels = () => ({ display_name: t("display_name"), phone: t("phone"), password: t("password") });

export function render(root, _params, { go }) {
  const out = h("div", { role: "status" });
  const name = h("input", { name: "display_name", autocomplete: "name", maxlength: "64" });
  const phone = h("input", { type: "tel", name: "phone", inputmode: "numeric", autocomplete: "tel", required: true });
  const password = newPassword({ name: "password", label: t("password"), againLabel: t("password_again"), mismatch: t("password_mismatch") });
  const submit = async (e) => {
    e.preventDefault();
    mount(out);
    const value = password.read(out);
    if (value === null) return;
    try {
      const body = { phone: phone.value.trim(), password: value, display_name: name.value.trim() || undefined };
      setUser((await post("/api/v1/auth/register", body)).data);
      go(nextPath());
    } catch (error) {
      showError(out, error, labels());
    }
  };
  mount(root,
    h("h2", {}, t("register")),
    h("form", { class: "card", id: "register", onsubmit: submit },
      field(t("display_name"), name), field(t("phone"), phone, t("phone_hint")), password.fields,
      h("button", { class: "primary", type: "submit" }, t("register")), out),
    h("p", {}, t("have_account"), " ", h("a", { href: `/login${location.search}` }, t("login"))),
  );
}
