// Region names for codes the API answers with (a campaign's region, an admin's scope): asked once per
// code and kept for the session, so that no screen ever shows a bare 610124.
import { get } from "../../lib/api.js";
import { lang } from "../../lib/i18n.js";

const known = new Map();

export function regionName(code) {
  if (!code) return Promise.resolve("");
  if (!known.has(code)) {
    known.set(code, get(`/api/v1/regions/${code}`)
      .then(({ data }) => (lang === "en" ? data.name_en : data.name))
      .catch(() => { known.delete(code); return ""; }));
  }
  return known.get(code);
}

// { code: name } for several codes at once.
export async function regionNames(codes) {
  const unique = [...new Set(codes.filter(Boolean))];
  const names = await Promise.all(unique.map(regionName));
  return Object.fromEntries(unique.map((code, i) => [code, names[i]]));
}
