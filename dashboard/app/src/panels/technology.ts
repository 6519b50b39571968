import { DashboardTechnologyDocument, type DashboardTechnologyQuery, type TechnologyLevel } from "../../../gql/graphql.js";
import { h, table } from "../dom.js";
import { pagingOf, type View } from "../format.js";
import type { Hub, HubResult } from "../hub.js";
import type { Filters } from "./filters.js";

export type TechnologyData = HubResult<DashboardTechnologyQuery>;

/** The chosen province's published assessments (with those of the units it absorbed, under it). */
export function loadTechnology(hub: Hub, filters: Filters): Promise<TechnologyData> {
  return hub.query(DashboardTechnologyDocument, { filter: { province: { codes: [filters.province] } } });
}

/** Lowest level first, as Circular 17/2019/TT-BKHCN orders them. */
const LEVEL_ORDER: TechnologyLevel[] = ["OBSOLETE", "AVERAGE", "ADVANCED_AVERAGE", "ADVANCED"];

/** Published assessments by province and VSIC division, counted by technology level. */
export function renderTechnology(host: HTMLElement, view: View, filters: Filters, units: Map<string, string>, result: TechnologyData): void {
  const distribution = result.data?.technologyLevelDistribution;
  const present = new Set((distribution?.cells ?? []).flatMap((cell) => cell.counts.map((count) => count.level)));
  const levels = LEVEL_ORDER.filter((level) => present.has(level));
  const rows = (distribution?.cells ?? []).map((cell) => {
    const counts = new Map(cell.counts.map((count) => [count.level, count.count]));
    const sector = cell.sectorCode ?? "";
    const sectorName = view.words.sectors[sector];
    return [
      h("td", { "data-province": cell.provinceCode ?? "" }, units.get(cell.provinceCode ?? "") ?? cell.provinceCode ?? ""),
      h("td", { "data-sector": sector }, sectorName ? `${sector} — ${sectorName}` : sector),
      ...levels.map((level) => counts.get(level) ?? 0),
      cell.total,
    ];
  });
  host.replaceChildren(
    h("h2", {}, `${view.words.technology} — ${units.get(filters.province) ?? filters.province}`),
    table("technology-table", [view.words.province, view.words.sector, ...levels.map((level) => view.words.levels[level]), view.words.total], rows, view.words.noData, pagingOf(view)),
  );
}
