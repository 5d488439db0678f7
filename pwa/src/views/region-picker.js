// Pick a county or town by typing its name: /api/v1/regions?q= (Chinese name, pinyin prefix or code).
import { h } from "../lib/h.js";
import { t } from "../lib/i18n.js";
import { get } from "../lib/api.js";
import { debounce } from "../lib/util.js";

const LEVEL = { province: "省", prefecture: "市", county: "县区", township: "乡镇" };

// A place as people say it, with what it lies in: "周至县 城关镇", "西安市 周至县".
export const placeName = (region) => [region.parent_names?.at(-1), region.name].filter(Boolean).join(" ");

// `onEdit(text)` is called when the typed name changes, so a screen can drop what it showed for the last place.
export function regionPicker(label, onPick, { levels = ["county", "township"], onEdit } = {}) {
  const list = h("ul", { class: "choices", role: "listbox", "aria-label": label });
  const id = "rp-" + Math.random().toString(36).slice(2, 8);
  const later = debounce(() => search(), 300);
  const input = h("input", {
    id, type: "search", autocomplete: "off", enterkeyhint: "search",
    oninput: () => { onEdit?.(input.value.trim()); later(); },
    // The keyboard's search key searches now, and takes the place when the name can mean only one.
    onkeydown: (e) => { if (e.key === "Enter") { e.preventDefault(); search(true); } },
  });
  let asked = 0; // only the answer to the latest search is shown: a slow earlier one never replaces it

  function choose(region) {
    input.value = region.name;
    list.replaceChildren();
    onPick(region);
  }

  async function search(enter = false) {
    const q = input.value.trim();
    const mine = ++asked;
    if (!q) return list.replaceChildren();
    try {
      const { data } = await get(`/api/v1/regions?q=${encodeURIComponent(q)}&page_size=20`);
      if (mine !== asked) return;
      const found = data.filter((r) => levels.includes(r.level)).slice(0, 8);
      const first = found[0];
      if (enter && first && found.filter((r) => r.name === first.name).length === 1) return choose(first);
      list.replaceChildren(...found.map((region) => h("li", {}, h("button", {
        type: "button", class: "choice", role: "option", onclick: () => choose(region),
      }, region.name, " ", h("small", {}, [...(region.parent_names || []), LEVEL[region.level] || region.level].join(" "))))));
      if (!found.length) list.append(h("li", { class: "hint" }, t("no_place")));
    } catch { /* offline: nothing to suggest */ }
  }

  return h("div", { class: "field picker" }, h("label", { for: id }, label), input, list);
}
