// Log in or register with a mobile number and a password.
import { errorBox, field, h, mount } from "../lib/h.js";
import { t } from "../lib/i18n.js";
import { post, setUser } from "../lib/api.js";

export function render(root, _params, { go }) {
  const out = h("div", { role: "status" });
  const phone = h("input", { type: "tel", name: "phone", inputmode: "numeric", autocomplete: "username", required: true });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
  const name = h("input", { name: "display_name", autocomplete: "name" });
  const next = new URLSearchParams(location.search).get("next") || "/me";
  const submit = (register) => async (e) => {
    e.preventDefault();
    mount(out);
    try {
      const body = { phone: phone.value.trim(), password: password.value };
      if (register) body.display_name = name.value.trim() || undefined;
      const { data } = await post(register ? "/api/v1/auth/register" : "/api/v1/auth/login", body);
      setUser(data);
      go(next.startsWith("/") ? next : "/me");
    } catch (error) {
      mount(out, errorBox(error));
    }
  };
  mount(root,
    h("h2", {}, t("login")),
    h("form", { class: "card", onsubmit: submit(false) },
      field(t("phone"), phone), field(t("password"), password),
      h("div", { class: "row" }, h("button", { class: "primary", type: "submit" }, t("login")),
        h("a", { href: "/password-reset" }, t("pw_forgot"))), out),
    h("details", {}, h("summary", {}, t("register")),
      h("form", { class: "card", onsubmit: submit(true) },
        field(t("display_name"), name),
        h("p", { class: "hint" }, t("phone"), " / ", t("password"), " ↑"),
        h("button", { class: "secondary", type: "submit" }, t("register")))),
  );
}
