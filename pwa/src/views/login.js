// Log in with a mobile number and a password; registering has a screen of its own (/register).
import { errorBox, field, h, mount } from "../lib/h.js";
import { t } from "../lib/i18n.js";
import { post, setUser } from "../lib/api.js";

// Where to go after logging in or registering: a path inside the app, or 我的.
export function nextPath() {
  const next = new URLSearchParams(location.search).get("next") || "/me";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/me";
}

export function render(root, _params, { go }) {
  const out = h("div", { role: "status" });
  const phone = h("input", { type: "tel", name: "phone", inputmode: "numeric", autocomplete: "username", required: true });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
  const submit = async (e) => {
    e.preventDefault();
    mount(out);
    try {
      const { data } = await post("/api/v1/auth/login", { phone: phone.value.trim(), password: password.value });
      setUser(data);
      go(nextPath());
    } catch (error) {
      mount(out, errorBox(error, { phone: t("phone"), password: t("password") }));
    }
  };
  mount(root,
    h("h2", {}, t("login")),
    h("form", { class: "card", id: "login", onsubmit: submit },
      field(t("phone"), phone), field(t("password"), password),
      h("div", { class: "row" }, h("button", { class: "primary", type: "submit" }, t("login")),
        h("a", { href: "/password-reset" }, t("pw_forgot"))), out),
    h("p", {}, t("no_account"), " ", h("a", { href: `/register${location.search}` }, t("register"))),
  );
}
