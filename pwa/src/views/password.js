// Passwords: change mine (in 我的) and set a new one with an admin's reset code (忘记密码); the admin issues
// the code in the workspace (ws/people.js). Errors are shown next to the form, named by the form's labels.
import { errorBox, field, h, mount } from "../lib/h.js";
import { t } from "../lib/i18n.js";
import { NetworkError } from "../lib/net.js";
import { post } from "../lib/api.js";

const labels = () => ({
  current_password: t("pw_current"), new_password: t("pw_new"), password: t("pw_new"), phone: t("phone"), code: t("pw_code"),
});

export function showError(out, error, names = labels()) {
  mount(out, error instanceof NetworkError
    ? h("div", { class: "error", role: "alert" }, h("p", {}, t("error_net")))
    : errorBox(error, names));
}

function password(name, autocomplete) {
  return h("input", { type: "password", name, autocomplete, required: true });
}

// The new password twice; `read(out)` gives it, or null after saying that the two differ.
export function newPassword({ name = "new_password", label = t("pw_new"), againLabel = t("pw_again"), mismatch = t("pw_mismatch") } = {}) {
  const first = password(name, "new-password");
  const again = password(`${name}_again`, "new-password");
  const read = (out) => {
    if (first.value === again.value) return first.value;
    mount(out, h("div", { class: "error", role: "alert" }, h("p", {}, mismatch)));
    return null;
  };
  return { read, fields: [field(label, first, t("pw_rules")), field(againLabel, again)] };
}

// 我的 → 修改密码: the current password and the new one twice; this session stays logged in.
export function changeForm() {
  const out = h("div", { role: "status" });
  const current = password("current_password", "current-password");
  const fresh = newPassword();
  const form = h("form", { class: "card", id: "password-change", onsubmit: async (e) => {
    e.preventDefault();
    mount(out);
    const value = fresh.read(out);
    if (value === null) return;
    try {
      await post("/api/v1/me/password", { current_password: current.value, new_password: value });
      form.reset();
      mount(out, h("p", { class: "notice" }, t("pw_changed")));
    } catch (error) {
      showError(out, error);
    }
  } }, field(t("pw_current"), current), fresh.fields, h("button", { class: "primary", type: "submit" }, t("pw_change")), out);
  return h("details", { class: "password" }, h("summary", {}, t("pw_change")), form);
}

// /password-reset: the number, the code from the county admin, and the new password twice.
export function render(root) {
  const out = h("div", { role: "status" });
  const phone = h("input", { type: "tel", name: "phone", inputmode: "numeric", autocomplete: "username", required: true });
  const code = h("input", { name: "code", autocomplete: "one-time-code", autocapitalize: "characters", required: true });
  const fresh = newPassword();
  const submit = async (e) => {
    e.preventDefault();
    mount(out);
    const value = fresh.read(out);
    if (value === null) return;
    try {
      await post("/api/v1/auth/password-reset", { phone: phone.value.trim(), code: code.value.trim(), new_password: value });
      mount(root, h("h2", {}, t("pw_reset_title")), h("p", { class: "notice", role: "status" }, t("pw_reset_done")),
        h("p", {}, h("a", { class: "button primary", href: "/login" }, t("login"))));
    } catch (error) {
      showError(out, error);
    }
  };
  mount(root,
    h("h2", {}, t("pw_reset_title")),
    h("p", { class: "hint" }, t("pw_reset_help")),
    h("form", { class: "card", id: "password-reset", onsubmit: submit },
      field(t("phone"), phone), field(t("pw_code"), code), fresh.fields,
      h("button", { class: "primary", type: "submit" }, t("pw_set")), out));
}
