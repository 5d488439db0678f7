// Pick a county or town by typing its name: /api/v1/regions?q= (Chinese name, pinyin prefix or code).
import { h } from "../lib/h.js";
import { get } from "../lib/api.js";
import { debounce } from "../lib/util.js";

const LEVEL = { province: "省", prefecture: "市", county: "县区", township: "乡镇" };

export function regionPicker(label, onPick, { levels = ["county", "township"] } = {}) {
  const list = h("ul", { class: "choices", role: "listbox", "aria-label": label });
  const id = "rp-" + Math.random().toString(36).slice(2, 8);
  const input = h("input", { id, type: "search", autocomplete: "off", enterkeyhint: "search", oninput: debounce(search, 300) });

  async function search() {
    const q = input.value.trim();
    list.replaceChildren();
    if (!q) return;
    try {
      const { data } = await get(`/api/v1/regions?q=${encodeURIComponent(q)}&page_size=20`);
      for (const region of data.filter((r) => levels.includes(r.level)).slice(0, 8)) {
        list.append(h("li", {}, h("button", {
          type: "button", class: "choice", role: "option",
          onclick: () => { input.value = region.name; list.replaceChildren(); onPick(region); },
        }, region.name, " ", h("small", {}, LEVEL[region.level] || region.level, " ", region.code))));
      }
    } catch { /* offline: nothing to suggest */ }
  }

  return h("div", { class: "field picker" }, h("label", { for: id }, label), input, list);
}
