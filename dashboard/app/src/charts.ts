import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { h } from "./dom.js";
import type { View } from "./format.js";

/** One line of a chart: a label and a value per x (null where there is none, or it is withheld: drawn as a gap). */
export interface Line {
  label: string;
  values: (number | null)[];
  colour: string;
  dashed?: boolean;
  /** Lines of one legend entry (e.g. a market's min and max follow its average); the first names the entry. */
  group?: string;
}

const PALETTE = ["#0b6e4f", "#c84c09", "#1d4e89", "#8f2d56", "#6a994e", "#b08900"];

export function colour(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

const AXIS_FONT = '12px system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif';
const TICK_SIZE = 6;
const AXIS_GAP = 5;
const HEIGHT = 240;

let measuring: CanvasRenderingContext2D | null = null;
function textWidth(text: string): number {
  measuring ??= document.createElement("canvas").getContext("2d");
  if (!measuring) return text.length * 7;
  measuring.font = AXIS_FONT;
  return measuring.measureText(text).width;
}

/** Room for the widest y label, its tick and gap, and a margin: labels are never clipped at the canvas's edge. */
function yAxisSize(values: string[] | undefined): number {
  const widest = Math.max(0, ...(values ?? []).map(textWidth));
  return Math.ceil(widest + TICK_SIZE + AXIS_GAP + 8);
}

/** The y axis' labels as drawn, in CSS pixels from the canvas's left edge (read by the browser tests: the canvas has no DOM text). */
function recordYLabels(chart: uPlot, host: HTMLElement): void {
  const axis = chart.axes[1] as uPlot.Axis & { _values?: string[]; _pos?: number; _size?: number };
  const right = (axis._pos ?? 0) - TICK_SIZE - AXIS_GAP;
  const labels = (axis._values ?? []).map((text) => ({ text, left: right - textWidth(text), right }));
  host.dataset.yLabels = JSON.stringify(labels);
  host.dataset.canvasWidth = String(chart.width);
}

function monthLabel(view: View, seconds: number, first: boolean): string {
  const date = new Date(seconds * 1000);
  const month = date.getUTCMonth() + 1;
  const name = view.language === "vi" ? `T${month}` : new Intl.DateTimeFormat("en-GB", { month: "short", timeZone: "UTC" }).format(date);
  return first || month === 1 ? `${name}\n${date.getUTCFullYear()}` : name;
}

/**
 * A time chart over months (x: the first day of each month, in seconds), replacing what `host`
 * held: y labels in the language's compact form, sized to fit; a compact legend of its own that
 * wraps beside the chart (one entry per group, click to hide or show); a missing value is a gap.
 */
export function monthlyChart(host: HTMLElement, months: string[], lines: Line[], view: View): void {
  host.replaceChildren();
  // What is drawn, for the browser tests (a canvas has no DOM to read).
  host.dataset.months = JSON.stringify(months);
  host.dataset.lines = JSON.stringify(lines.map((line) => ({ label: line.label, values: line.values })));
  if (months.length === 0 || lines.length === 0) return;
  const xs = months.map((month) => Date.parse(`${month.slice(0, 7)}-01T00:00:00Z`) / 1000);
  const widthOf = () => Math.max(240, Math.min(host.clientWidth || 720, 1200));
  const plot = h("div", { class: "plot" });
  host.append(plot);
  const chart = new uPlot(
    {
      width: widthOf(),
      height: HEIGHT,
      series: [{}, ...lines.map((line) => ({ label: line.label, stroke: line.colour, width: line.dashed ? 1 : 2, dash: line.dashed ? [4, 4] : undefined, spanGaps: false, points: { show: !line.dashed, size: 5 } }))],
      axes: [
        {
          font: AXIS_FONT,
          ticks: { size: TICK_SIZE },
          gap: AXIS_GAP,
          // Every month, or every second or third one when the chart is narrow (a phone).
          splits: (self: uPlot) => {
            const step = Math.max(1, Math.ceil((xs.length * 44) / Math.max(1, self.bbox.width / uPlot.pxRatio)));
            return xs.filter((_x, index) => index % step === 0);
          },
          values: (_self: uPlot, splits: number[]) => splits.map((seconds, index) => monthLabel(view, seconds, index === 0)),
        },
        {
          font: AXIS_FONT,
          ticks: { size: TICK_SIZE },
          gap: AXIS_GAP,
          values: (_self: uPlot, ticks: number[]) => ticks.map(view.compact),
          size: (_self: uPlot, values: string[]) => yAxisSize(values),
        },
      ],
      scales: { x: { time: true, range: (_self: uPlot, min: number, max: number) => (min === max ? [min - 15 * 86400, max + 15 * 86400] : [min, max]) } },
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      hooks: { draw: [(self: uPlot) => recordYLabels(self, host)] },
    },
    [xs, ...lines.map((line) => line.values)] as uPlot.AlignedData,
    plot,
  );
  host.append(legendOf(chart, lines));
  const resized = new ResizeObserver(() => {
    if (!host.isConnected) return resized.disconnect();
    if (Math.abs(widthOf() - chart.width) > 4) chart.setSize({ width: widthOf(), height: HEIGHT });
  });
  resized.observe(host);
}

function legendOf(chart: uPlot, lines: Line[]): HTMLElement {
  const groups = new Map<string, number[]>();
  lines.forEach((line, index) => {
    const key = line.group ?? line.label;
    groups.set(key, [...(groups.get(key) ?? []), index + 1]);
  });
  return h(
    "ul",
    { class: "legend" },
    ...[...groups.values()].map((members) => {
      const first = lines[members[0]! - 1]!;
      const button = h("button", { type: "button", "aria-pressed": "true" }, h("span", { class: "swatch", style: `background:${first.colour}` }), first.label);
      button.addEventListener("click", () => {
        const show = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", String(show));
        for (const member of members) chart.setSeries(member, { show });
      });
      return h("li", {}, button);
    }),
  );
}
