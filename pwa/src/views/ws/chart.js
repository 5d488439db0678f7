// Bars by month as SVG, drawn by hand (loaded only when a report opens). The chart is a picture of a
// table that sits next to it: role="img" with a label that says so, and the table is the text alternative.
//   barChart({ label, labels, series: [{ name, values }], describedBy })  one group of bars per label;
//   a label is a text, or [text, second line] (the year under January)
const NS = "http://www.w3.org/2000/svg";
const COLOURS = ["#0b5cad", "#d9822b", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#546e7a"];

function el(tag, attrs, text) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text != null) node.textContent = text;
  return node;
}

// A round top for the axis: 1, 2 or 5 times a power of ten, at least the largest value.
function niceMax(value) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= value);
}

export function barChart({ label, labels, series, describedBy }) {
  const [left, top, bottom, slot] = [44, 12, 36, 44];
  const legend = series.length > 1 ? 22 * Math.ceil(series.length / 3) : 0;
  const width = Math.max(left + Math.max(labels.length, 1) * slot + 8, legend ? left + Math.min(series.length, 3) * 140 : 0);
  const plot = 180;
  const height = top + plot + bottom + legend;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const y = (v) => top + plot - (v / max) * plot;
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": label, class: "bars" });
  if (describedBy) svg.setAttribute("aria-describedby", describedBy);
  for (const v of [0, max / 2, max]) {
    svg.append(el("line", { x1: left, x2: width - 4, y1: y(v), y2: y(v), stroke: "#d0d7de" }));
    svg.append(el("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end" }, String(Math.round(v * 10) / 10)));
  }
  const bar = Math.max(4, Math.floor((slot - 10) / series.length));
  labels.forEach((label, i) => {
    const [text, second] = Array.isArray(label) ? label : [label];
    const x0 = left + i * slot + (slot - bar * series.length) / 2;
    series.forEach((s, j) => {
      const value = s.values[i] || 0;
      const rect = el("rect", { x: x0 + j * bar, y: y(value), width: bar - 1, height: top + plot - y(value), fill: COLOURS[j % COLOURS.length] });
      rect.append(el("title", {}, `${s.name} · ${second ? second + " " : ""}${text}：${value}`));
      svg.append(rect);
    });
    const middle = left + i * slot + slot / 2;
    svg.append(el("text", { x: middle, y: top + plot + 16, "text-anchor": "middle" }, text));
    if (second) svg.append(el("text", { x: middle, y: top + plot + 30, "text-anchor": "middle" }, second));
  });
  series.length > 1 && series.forEach((s, j) => {
    const [x, row] = [left + (j % 3) * 140, top + plot + bottom + 8 + 22 * Math.floor(j / 3)];
    svg.append(el("rect", { x, y: row - 10, width: 12, height: 12, fill: COLOURS[j % COLOURS.length] }));
    svg.append(el("text", { x: x + 16, y: row }, s.name));
  });
  return svg;
}
