import { DashboardTechnologyDocument, type DashboardTechnologyQuery } from "../../../gql/graphql.js";
import { h, table } from "../dom.js";
import type { View } from "../format.js";
import type { Hub, HubResult } from "../hub.js";

export type TechnologyData = HubResult<DashboardTechnologyQuery>;

export function loadTechnology(hub: Hub): Promise<TechnologyData> {
  return hub.query(DashboardTechnologyDocument, {});
}

/** Published assessments by province and VSIC division, counted by technology level. */
export function renderTechnology(host: HTMLElement, view: View, units: Map<string, string>, result: TechnologyData): void {
  const distribution = result.data?.technologyLevelDistribution;
  const levels = [...new Set((distribution?.cells ?? []).flatMap((cell) => cell.counts.map((count) => count.level)))];
  const rows = (distribution?.cells ?? []).map((cell) => {
    const counts = new Map(cell.counts.map((count) => [count.level, count.count]));
    return [
      h("td", { "data-province": cell.provinceCode ?? "" }, units.get(cell.provinceCode ?? "") ?? cell.provinceCode ?? ""),
      h("td", { "data-sector": cell.sectorCode ?? "" }, cell.sectorCode ?? ""),
      ...levels.map((level) => counts.get(level) ?? 0),
      cell.total,
    ];
  });
  host.replaceChildren(h("h2", {}, view.words.technology), table("technology-table", [view.words.province, view.words.sector, ...levels, view.words.total], rows, view.words.noData));
}
