import { DashboardTradeBalanceDocument, type DashboardTradeBalanceQuery } from "../../../gql/graphql.js";
import { colour, monthlyChart } from "../charts.js";
import { h, table } from "../dom.js";
import { pagingOf, type View, withheldCell } from "../format.js";
import { type Hub, type HubResult, withheldFields } from "../hub.js";
import { type Filters, monthsOf } from "./filters.js";

export type TradeData = HubResult<DashboardTradeBalanceQuery>;

export function loadTrade(hub: Hub, filters: Filters): Promise<TradeData> {
  return hub.query(DashboardTradeBalanceDocument, { province: filters.province, fromMonth: filters.from.slice(0, 7), toMonth: filters.to.slice(0, 7) });
}

/** Values each way and the net by month; the values are SHARED, so a caller without a token sees them withheld (and the shipment counts charted). */
export function renderTrade(host: HTMLElement, view: View, filters: Filters, result: TradeData, units: Map<string, string> = new Map()): void {
  const balance = result.data?.tradeBalance;
  const withheld = withheldFields(result.errors);
  const months = balance?.months ?? [];
  const cell = (index: number, field: "valueAToB" | "valueBToA" | "netValue") => {
    const error = withheld.get(`tradeBalance.months.${index}.${field}`);
    return error ? withheldCell(view, error) : view.amount(months[index]![field]);
  };
  const rows = months.map((month, index) => [h("td", { "data-month": month.month }, view.month(month.month)), cell(index, "valueAToB"), cell(index, "valueBToA"), cell(index, "netValue"), month.flowsAToB, month.flowsBToA]);
  const chart = h("div", { class: "chart", id: "trade-chart" });
  const title = balance ? `${view.words.trade}: ${units.get(balance.provinceA.code) ?? balance.provinceA.name} ⇄ ${units.get(balance.provinceB.code) ?? balance.provinceB.name}` : view.words.trade;
  // Newest month first in the table (the chart reads oldest first).
  const newestFirst = [...rows].reverse();
  host.replaceChildren(
    h("h2", {}, title),
    chart,
    table("trade-table", [view.words.month, view.words.hcmcToProvince, view.words.provinceToHcmc, view.words.net, view.words.flowsAToB, view.words.flowsBToA], newestFirst, view.words.noData, pagingOf(view, 6)),
    h("p", { class: "note", id: "trade-flows-note" }, view.words.flowsNote),
  );
  const shown = monthsOf(filters);
  const byMonth = new Map(months.map((month) => [month.month, month]));
  const valuesWithheld = months.some((_month, index) => withheld.has(`tradeBalance.months.${index}.valueAToB`));
  // A direction without flows in a month is a gap, not a zero (the hub answers "0" for it).
  const flowsOf = { valueAToB: "flowsAToB", valueBToA: "flowsBToA", flowsAToB: "flowsAToB", flowsBToA: "flowsBToA" } as const;
  const pick = (field: "valueAToB" | "valueBToA" | "flowsAToB" | "flowsBToA") =>
    shown.map((month) => {
      const one = byMonth.get(month);
      return one && one[field] !== null && one[flowsOf[field]] > 0 ? Number(one[field]) : null;
    });
  monthlyChart(
    chart,
    shown,
    valuesWithheld
      ? [
          { label: view.words.flowsAToB, values: pick("flowsAToB"), colour: colour(0) },
          { label: view.words.flowsBToA, values: pick("flowsBToA"), colour: colour(1) },
        ]
      : [
          { label: view.words.hcmcToProvince, values: pick("valueAToB"), colour: colour(0) },
          { label: view.words.provinceToHcmc, values: pick("valueBToA"), colour: colour(1) },
        ],
    view,
  );
}
