// A small SVG chart of figures by month for the assessment's screens: bars (one series) or lines (several).
// The picture is described by its aria-label; the same numbers follow as a table, its text alternative.
import { h } from "../../lib/h.js";
import { t } from "../../lib/i18n.js";

const NS = "http://www.w3.org/2000/svg";
const svg = (tag, attrs, ...kids) => {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v != null) el.setAttribute(k, v);
  kids.forEach((k) => el.append(k));
  return el;
};
const COLOURS = ["#1f6f8b", "#c2571a", "#4d8b31", "#7a4e9a"];

// chart({ title, months: ["2027-01", ...], series: [{ name, values: [number|null] }], unit })
export function chart({ title, months, series, unit = "" }) {
  const W = 640, H = 220, L = 44, B = 28, T = 12;
  const values = series.flatMap((s) => s.values).filter((v) => v != null);
  const top = Math.max(1, ...values) * 1.1;
  const x = (i) => L + ((W - L - 8) * (i + 0.5)) / months.length;
  const y = (v) => T + (H - T - B) * (1 - v / top);
  const step = (W - L - 8) / months.length;
  const kids = [svg("line", { x1: L, y1: H - B, x2: W - 4, y2: H - B, stroke: "#555" })];
  for (const f of [0, 0.5, 1]) {
    const v = (top / 1.1) * f;
    kids.push(svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 11, fill: "#333" }, String(Math.round(v * 10) / 10)));
  }
  months.forEach((m, i) => kids.push(svg("text", { x: x(i), y: H - 10, "text-anchor": "middle", "font-size": 11, fill: "#333" }, m.slice(5))));
  if (series.length === 1) {
    series[0].values.forEach((v, i) => v != null && kids.push(svg("rect", {
      x: x(i) - step * 0.3, y: y(v), width: step * 0.6, height: Math.max(0, H - B - y(v)), fill: COLOURS[0] })));
  } else {
    series.forEach((s, k) => {
      const pts = s.values.map((v, i) => (v == null ? null : `${x(i)},${y(v)}`)).filter(Boolean).join(" ");
      kids.push(svg("polyline", { points: pts, fill: "none", stroke: COLOURS[k % 4], "stroke-width": 2.5, "stroke-dasharray": k % 2 ? "6 3" : null }));
    });
  }
  const said = series.map((s) => `${s.name}: ${s.values.map((v, i) => `${months[i]} ${v ?? "—"}`).join(", ")}`).join("; ");
  const picture = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${title}. ${said}`, class: "as-chart" });
  kids.forEach((k) => picture.append(k));
  const legend = series.length > 1 ? h("p", { class: "as-legend" }, series.map((s, k) =>
    h("span", {}, h("i", { style: `background:${COLOURS[k % 4]}`, "aria-hidden": "true" }), s.name))) : null;
  const table = h("table", { class: "data" }, h("caption", {}, title, unit ? ` (${unit})` : ""),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("as_month")), series.map((s) => h("th", { scope: "col" }, s.name)))),
    h("tbody", {}, months.map((m, i) => h("tr", {}, h("th", { scope: "row" }, m), series.map((s) => h("td", {}, s.values[i] ?? "—"))))));
  return h("figure", { class: "as-figure" }, h("figcaption", {}, title), picture, legend,
    h("details", {}, h("summary", {}, t("as_chart_table")), table));
}
