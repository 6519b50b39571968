import { DashboardPricesDocument, type DashboardPricesQuery } from "../../../gql/graphql.js";
import { colour, type Line, monthlyChart } from "../charts.js";
import { h, table } from "../dom.js";
import { pagingOf, type View } from "../format.js";
import type { Hub, HubResult } from "../hub.js";
import { type Filters, monthsOf } from "./filters.js";

export type PricesData = HubResult<DashboardPricesQuery>;

/** The commodity's monthly min/avg/max at every market of the chosen province and of HCMC. */
export function loadPrices(hub: Hub, filters: Filters): Promise<PricesData> {
  return hub.query(DashboardPricesDocument, { commodity: filters.commodity, provinces: [filters.province, "VN-SG"], from: filters.from, to: filters.to });
}

/** Whether the chart also draws each market's monthly min and max (off: one line per market, a short legend). */
let showRange = false;

/** `units`: province names in the chosen language (the hub names markets in Vietnamese only). */
export function renderPrices(host: HTMLElement, view: View, filters: Filters, result: PricesData, units: Map<string, string> = new Map()): void {
  const series = result.data?.priceSeries ?? [];
  // The chart starts at the first month with a price, not at the start of the window.
  const firstMonth = series.flatMap((one) => one.points.map((point) => point.periodStart.slice(0, 7))).sort()[0];
  const months = monthsOf(filters).filter((month) => firstMonth !== undefined && month >= firstMonth);
  const chart = h("div", { class: "chart", id: "prices-chart" });
  const lines: Line[] = series.flatMap((one, index) => {
    const byMonth = new Map(one.points.map((point) => [point.periodStart.slice(0, 7), point]));
    const values = (pick: "min" | "avg" | "max") => months.map((month) => (byMonth.has(month) ? Number(byMonth.get(month)![pick]) : null));
    const name = `${one.market.name} (${view.words.priceTypes[one.priceType]})`;
    const group = `${one.market.code}/${one.priceType}`;
    const average: Line = { label: name, values: values("avg"), colour: colour(index), group };
    if (!showRange) return [average];
    return [average, { label: `${name} — ${view.words.min}`, values: values("min"), colour: colour(index), dashed: true, group }, { label: `${name} — ${view.words.max}`, values: values("max"), colour: colour(index), dashed: true, group }];
  });
  // Newest month first, markets in the hub's order within a month: the latest prices on top.
  const rows = series
    .flatMap((one, order) => one.points.map((point) => ({ one, order, point })))
    .sort((a, b) => b.point.periodStart.localeCompare(a.point.periodStart) || a.order - b.order)
    .map(({ one, point }) => [
      h("td", { "data-market": one.market.code, "data-price-type": one.priceType }, `${one.market.name}, ${units.get(one.market.province.code) ?? one.market.province.name} (${view.words.priceTypes[one.priceType]})`),
      h("td", { "data-month": point.periodStart.slice(0, 7) }, view.month(point.periodStart)),
      view.amount(point.min),
      view.amount(point.avg),
      view.amount(point.max),
      point.count,
    ]);
  const unit = series[0]?.unit;
  const range = h("input", { type: "checkbox", id: "prices-range" });
  range.checked = showRange;
  range.addEventListener("change", () => {
    showRange = range.checked;
    renderPrices(host, view, filters, result, units);
  });
  host.replaceChildren(
    h("h2", {}, view.words.prices, unit ? ` — VND/${unit}` : ""),
    h("p", { class: "chart-options" }, view.words.priceChartNote, " ", h("label", {}, range, " ", view.words.showRange)),
    chart,
    table("prices-table", [view.words.market, view.words.month, view.words.min, view.words.avg, view.words.max, view.words.count], rows, view.words.noData, pagingOf(view)),
  );
  monthlyChart(chart, months, lines, view);
}
