import { DashboardPricesDocument, type DashboardPricesQuery } from "../../../gql/graphql.js";
import { colour, type Line, monthlyChart } from "../charts.js";
import { h, table } from "../dom.js";
import type { View } from "../format.js";
import type { Hub, HubResult } from "../hub.js";
import { type Filters, monthsOf } from "./filters.js";

export type PricesData = HubResult<DashboardPricesQuery>;

/** The commodity's monthly min/avg/max at every market of the chosen province and of HCMC. */
export function loadPrices(hub: Hub, filters: Filters): Promise<PricesData> {
  return hub.query(DashboardPricesDocument, { commodity: filters.commodity, provinces: [filters.province, "VN-SG"], from: filters.from, to: filters.to });
}

export function renderPrices(host: HTMLElement, view: View, filters: Filters, result: PricesData): void {
  const series = result.data?.priceSeries ?? [];
  const months = monthsOf(filters);
  const chart = h("div", { class: "chart", id: "prices-chart" });
  const lines: Line[] = series.flatMap((one, index) => {
    const byMonth = new Map(one.points.map((point) => [point.periodStart.slice(0, 7), point]));
    const values = (pick: "min" | "avg" | "max") => months.map((month) => (byMonth.has(month) ? Number(byMonth.get(month)![pick]) : null));
    return [
      { label: `${one.market.name}, ${view.words.priceTypes[one.priceType]} (${view.words.avg})`, values: values("avg"), colour: colour(index) },
      { label: `${one.market.name}, ${view.words.priceTypes[one.priceType]} (${view.words.min})`, values: values("min"), colour: colour(index), dashed: true },
      { label: `${one.market.name}, ${view.words.priceTypes[one.priceType]} (${view.words.max})`, values: values("max"), colour: colour(index), dashed: true },
    ];
  });
  const rows = series.flatMap((one) =>
    [...one.points].reverse().map((point) => [
      h("td", { "data-market": one.market.code, "data-price-type": one.priceType }, `${one.market.name}, ${one.market.province.name} (${view.words.priceTypes[one.priceType]})`),
      h("td", { "data-month": point.periodStart.slice(0, 7) }, view.month(point.periodStart)),
      view.amount(point.min),
      view.amount(point.avg),
      view.amount(point.max),
      point.count,
    ]),
  );
  const unit = series[0]?.unit;
  host.replaceChildren(
    h("h2", {}, view.words.prices, unit ? ` — VND/${unit}` : ""),
    chart,
    table("prices-table", [view.words.market, view.words.month, view.words.min, view.words.avg, view.words.max, view.words.count], rows, view.words.noData),
  );
  monthlyChart(chart, months, lines, view.amount);
}
