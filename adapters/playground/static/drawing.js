// Drawings and highlights, built with DOM calls only (never parsed HTML): Leary's Rose with a
// marker, the footing gauge, the per-turn chart of a scorecard, and the deciding words.

import { t } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const STANCE_MARK = { submissive: "▼", balanced: "●", dominant: "▲" };

function svg(name, attributes = {}, parent = null) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, String(value));
  }
  if (parent) parent.appendChild(element);
  return element;
}

function clamp(value) {
  const number = Number(value);
  if (!Number.isFinite(number)) return 0;
  return Math.max(-1, Math.min(1, number));
}

export function stanceMark(stance) {
  return STANCE_MARK[stance] || "?";
}

// Leary's Rose: dominance on the vertical axis (above/below), affiliation on the horizontal
// (against/together); the marker sits at the message's position. `mini` draws a small one.
export function rose(lang, point = null, { mini = false } = {}) {
  const R = 100;
  const root = svg("svg", {
    viewBox: mini ? "-104 -104 208 208" : "-112 -124 224 250",
    class: mini ? "rose rose-mini" : "rose",
    role: "img",
    focusable: "false",
  });
  const title = svg("title", {}, root);
  svg("circle", { cx: 0, cy: 0, r: R, class: "rose-outline" }, root);
  // Quadrants, faintly: above-against, above-together, below-against, below-together.
  const quadrants = [
    ["M0,0 L0,-100 A100,100 0 0,0 -100,0 Z", "q-above-against"],
    ["M0,0 L100,0 A100,100 0 0,0 0,-100 Z", "q-above-together"],
    ["M0,0 L-100,0 A100,100 0 0,0 0,100 Z", "q-below-against"],
    ["M0,0 L0,100 A100,100 0 0,0 100,0 Z", "q-below-together"],
  ];
  for (const [d, name] of quadrants) svg("path", { d, class: `rose-quadrant ${name}` }, root);
  svg("circle", { cx: 0, cy: 0, r: 32, class: "rose-centre" }, root);
  svg("line", { x1: 0, y1: -R, x2: 0, y2: R, class: "rose-axis" }, root);
  svg("line", { x1: -R, y1: 0, x2: R, y2: 0, class: "rose-axis" }, root);
  if (!mini) {
    const labels = [
      [0, -R - 8, "middle", t(lang, "roseAbove")],
      [0, R + 19, "middle", t(lang, "roseBelow")],
      [-R + 6, -6, "start", t(lang, "roseAgainst")],
      [R - 6, -6, "end", t(lang, "roseTogether")],
    ];
    for (const [x, y, anchor, text] of labels) {
      const label = svg("text", { x, y, "text-anchor": anchor, class: "rose-label" }, root);
      label.textContent = text;
    }
  }
  if (point) {
    // Scores are a square [-1, 1]²; a corner would fall outside the circle, so pull it in.
    let x = clamp(point.affiliation);
    let y = -clamp(point.dominance);
    const length = Math.hypot(x, y);
    if (length > 1) {
      x /= length;
      y /= length;
    }
    const reach = R - (mini ? 18 : 12);
    svg("circle", { cx: x * reach, cy: y * reach, r: mini ? 16 : 9, class: `rose-marker stance-${point.stance}` }, root);
    title.textContent = t(lang, "roseLabel", {
      stance: t(lang, `stance_${point.stance}`),
      dominance: clamp(point.dominance).toFixed(2),
      affiliation: clamp(point.affiliation).toFixed(2),
    });
    root.dataset.stance = point.stance;
  } else {
    title.textContent = t(lang, "roseCaptionEmpty");
  }
  root.setAttribute("aria-label", title.textContent);
  return root;
}

// A horizontal gauge from submissive (left) to dominant (right), balanced in the middle.
export function gauge(lang, assessment) {
  const root = svg("svg", { viewBox: "0 0 240 44", class: "gauge", role: "img", focusable: "false" });
  const label = t(lang, "gaugeLabel", { stance: t(lang, `stance_${assessment.stance}`) });
  svg("title", {}, root).textContent = label;
  root.setAttribute("aria-label", label);
  svg("rect", { x: 10, y: 14, width: 220, height: 10, rx: 5, class: "gauge-track" }, root);
  svg("rect", { x: 87, y: 14, width: 66, height: 10, class: "gauge-balanced" }, root);
  const x = 120 + clamp(assessment.dominance) * 104;
  svg("circle", { cx: x, cy: 19, r: 8, class: `gauge-marker stance-${assessment.stance}` }, root);
  const left = svg("text", { x: 10, y: 40, class: "gauge-label" }, root);
  left.textContent = t(lang, "gaugeBelow");
  const right = svg("text", { x: 230, y: 40, "text-anchor": "end", class: "gauge-label" }, root);
  right.textContent = t(lang, "gaugeAbove");
  return root;
}

// The scorecard's chart: dominance per turn, the equal-footing band shaded.
export function footingChart(lang, turns) {
  const width = 300;
  const height = 130;
  const left = 28;
  const right = 12;
  const top = 12;
  const bottom = 24;
  const plotHeight = height - top - bottom;
  const y = (value) => top + ((1 - clamp(value)) / 2) * plotHeight;
  const step = turns.length > 1 ? (width - left - right) / (turns.length - 1) : 0;
  const x = (index) => (turns.length > 1 ? left + index * step : (left + width - right) / 2);

  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img" });
  const summary = turns
    .map((turn) => t(lang, "chartTurn", { turn: turn.turn, stance: t(lang, `stance_${turn.stance}`) }))
    .join(", ");
  const label = t(lang, "chartLabel", { turns: summary || "—" });
  svg("title", {}, root).textContent = label;
  root.setAttribute("aria-label", label);
  svg("rect", { x: left, y: y(0.3), width: width - left - right, height: y(-0.3) - y(0.3), class: "chart-band" }, root);
  svg("line", { x1: left, y1: y(0), x2: width - right, y2: y(0), class: "chart-axis" }, root);
  const above = svg("text", { x: left - 4, y: y(1) + 4, "text-anchor": "end", class: "chart-label" }, root);
  above.textContent = "▲";
  const below = svg("text", { x: left - 4, y: y(-1) + 4, "text-anchor": "end", class: "chart-label" }, root);
  below.textContent = "▼";
  if (turns.length > 1) {
    const points = turns.map((turn, index) => `${x(index)},${y(turn.dominance)}`).join(" ");
    svg("polyline", { points, class: "chart-line" }, root);
  }
  turns.forEach((turn, index) => {
    svg("circle", { cx: x(index), cy: y(turn.dominance), r: 5, class: `chart-point stance-${turn.stance}` }, root);
    const number = svg("text", { x: x(index), y: height - 6, "text-anchor": "middle", class: "chart-label" }, root);
    number.textContent = String(turn.turn);
  });
  return root;
}

// Fill `element` with `text`, the evidence spans marked. Spans index Unicode code points
// (as the server counts), so the text is split with Array.from, not by UTF-16 units.
// Overlapping spans are merged; a span whose quote does not match the text is skipped.
export function highlight(element, text, evidence) {
  element.replaceChildren();
  const chars = Array.from(text);
  const spans = [];
  for (const item of evidence || []) {
    const start = Number(item.start);
    const end = Number(item.end);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > chars.length || start >= end) continue;
    if (chars.slice(start, end).join("") !== item.quote) continue;
    spans.push({ start, end, signals: [item.signal], lean: Number(item.dominance) || 0 });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      last.signals.push(...span.signals);
      if (Math.abs(span.lean) > Math.abs(last.lean)) last.lean = span.lean;
    } else {
      merged.push({ ...span, signals: [...span.signals] });
    }
  }
  let position = 0;
  for (const span of merged) {
    if (span.start > position) element.append(chars.slice(position, span.start).join(""));
    const mark = document.createElement("mark");
    mark.className = span.lean < -0.05 ? "lean-below" : span.lean > 0.05 ? "lean-above" : "lean-even";
    mark.title = [...new Set(span.signals)].map((signal) => String(signal).replaceAll("_", " ")).join(", ");
    mark.textContent = chars.slice(span.start, span.end).join("");
    element.append(mark);
    position = span.end;
  }
  if (position < chars.length) element.append(chars.slice(position).join(""));
  return merged.length;
}
