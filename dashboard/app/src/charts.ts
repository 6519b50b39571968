import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** One line of a chart: a label and a value per x (null where there is none, or it is withheld). */
export interface Line {
  label: string;
  values: (number | null)[];
  colour: string;
  dashed?: boolean;
}

const PALETTE = ["#0b6e4f", "#c84c09", "#1d4e89", "#8f2d56", "#6a994e", "#b08900"];

export function colour(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** A time chart over months (x: the first day of each month, in seconds), replacing what `host` held. */
export function monthlyChart(host: HTMLElement, months: string[], lines: Line[], formatValue: (value: number) => string): void {
  host.replaceChildren();
  if (months.length === 0 || lines.length === 0) return;
  const xs = months.map((month) => Date.parse(`${month.slice(0, 7)}-01T00:00:00Z`) / 1000);
  const width = Math.max(320, Math.min(host.clientWidth || 720, 960));
  new uPlot(
    {
      width,
      height: 260,
      series: [{}, ...lines.map((line) => ({ label: line.label, stroke: line.colour, width: line.dashed ? 1 : 2, dash: line.dashed ? [4, 4] : undefined, spanGaps: false, points: { show: true } }))],
      axes: [{}, { size: 80, values: (_chart: uPlot, ticks: number[]) => ticks.map(formatValue) }],
      scales: { x: { time: true } },
      legend: { live: false },
    },
    [xs, ...lines.map((line) => line.values)] as uPlot.AlignedData,
    host,
  );
}
