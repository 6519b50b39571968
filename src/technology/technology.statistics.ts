import { Field, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { badUserInput } from "../common/errors.js";
import { defineLoader } from "../common/loaders.js";
import { textArray, visibleRowsOf } from "../common/visible-rows.js";
import type { HubContext } from "../context.js";
import { currentUnitCodes, provinceCodes, whereOwnedBy } from "../reference/index.js";
import { AssessmentStatus } from "./assessment.entity.js";
import { Assessment } from "./technology.models.js";
import { whereVsicPrefixes } from "./assessment.service.js";
import { LEVELS, TechnologyLevel } from "./levels.js";
import { TechnologyStatisticsDimension, type TechnologyStatisticsFilter } from "./technology.inputs.js";
import { readSql } from "../common/read-query.js";

@ObjectType({ description: "How many published assessments of a cell reached one level." })
@Classified(Classification.PUBLIC)
export class TechnologyLevelCount {
  @Field(() => TechnologyLevel, { description: "The level." })
  level!: TechnologyLevel;

  @Field(() => Int, { description: "Published assessments at this level." })
  count!: number;
}

@ObjectType({
  description:
    "One cell of the technology-level statistics: the published assessments of a province and/or sector, counted per level. Levels of published assessments are public, so these counts are public statistics.",
})
@Classified(Classification.PUBLIC)
export class TechnologyLevelCell {
  @Field(() => String, { nullable: true, description: "ISO 3166-2:VN code of the province (today's unit when rolled up); null when not grouped by province." })
  provinceCode!: string | null;

  @Field(() => String, { nullable: true, description: 'VSIC 2018 division (two digits, e.g. "10" food manufacturing); null when not grouped by sector.' })
  sectorCode!: string | null;

  @Field(() => [TechnologyLevelCount], { description: "Every level, lowest first, with zero counts included so cells line up in a table." })
  counts!: TechnologyLevelCount[];

  @Field(() => Int, { description: "Published assessments in the cell." })
  total!: number;
}

@ObjectType({ description: "Counts of published assessments per technology level, in cells of the requested dimensions." })
@Classified(Classification.PUBLIC)
export class TechnologyLevelDistribution {
  @Field(() => [TechnologyStatisticsDimension], { description: "The dimensions the cells are grouped by (none: one cell for everything)." })
  groupBy!: TechnologyStatisticsDimension[];

  @Field({ description: "Whether historical units' assessments are counted under today's units (Kon Tum's VN-28 under Quảng Ngãi's VN-29)." })
  rolledUpToCurrentUnits!: boolean;

  @Field(() => [TechnologyLevelCell], { description: "The cells, ordered by province code, then sector code; only cells with assessments appear." })
  cells!: TechnologyLevelCell[];

  @Field(() => Int, { description: "Published assessments over all cells." })
  total!: number;
}

/** What the distribution is asked for, after the resolver has read its arguments. */
interface DistributionRequest {
  filter: TechnologyStatisticsFilter | null | undefined;
  groupBy: readonly TechnologyStatisticsDimension[];
  rollUpToCurrentUnits: boolean;
}

/** One grouped row of the statement: a cell's key and a level. Measures over RESTRICTED scores (with k-anonymity) would join here as columns. */
interface LevelRow {
  province_code: string | null;
  sector_code: string | null;
  level: TechnologyLevel;
  count: number;
}

function checkYear(year: number | null | undefined): void {
  if (year != null && (!Number.isInteger(year) || year < 2000 || year > 2100)) {
    throw badUserInput("filter.year must be a calendar year between 2000 and 2100", { "filter.year": "out of range" });
  }
}

/**
 * Published assessments per level, grouped in SQL by the requested dimensions. Each assessment has
 * one owner (its enterprise's province), so `owner_province_codes[1]` is its province; rolling up
 * maps it to today's unit in the same statement through the succession map.
 */
async function levelRows(context: HubContext, request: DistributionRequest): Promise<LevelRow[]> {
  checkYear(request.filter?.year);
  const inner = visibleRowsOf(context, Assessment, "a").andWhere({ status: AssessmentStatus.PUBLISHED });
  await whereOwnedBy(context, inner, "a", request.filter?.province);
  whereVsicPrefixes(inner, request.filter?.vsicPrefixes);
  const year = request.filter?.year;
  if (year != null) inner.andWhere("a.assessed_on >= ? and a.assessed_on < ?", [`${year}-01-01`, `${year + 1}-01-01`]);
  inner.select(["a.owner_province_codes[1] as province_code", "substr(a.vsic_code, 1, 2) as sector_code", "a.level as level"]);
  // `?` placeholders and their bindings, so the query nests inside the grouping statement.
  const { sql, bindings } = inner.toSql();

  const byProvince = request.groupBy.includes(TechnologyStatisticsDimension.PROVINCE);
  const bySector = request.groupBy.includes(TechnologyStatisticsDimension.SECTOR);
  const mapping = byProvince && request.rollUpToCurrentUnits ? [...(await currentUnitCodes(context)).entries()] : [];
  const provinceExpression = byProvince ? "coalesce(m.current_code, f.province_code)" : "null::text";
  const sectorExpression = bySector ? "f.sector_code" : "null::text";
  return readSql<LevelRow>(context,
    `select ${provinceExpression} as province_code, ${sectorExpression} as sector_code, f.level, count(*)::int as count
       from (${sql}) as f
       left join unnest(?::text[], ?::text[]) as m(code, current_code) on m.code = f.province_code
      group by 1, 2, 3`,
    [...bindings, textArray(mapping.map(([code]) => code)), textArray(mapping.map(([, current]) => current))],
  );
}

/** Folds grouped rows into cells with every level, ordered by province then sector (code point order, stable everywhere). */
function toCells(rows: readonly LevelRow[]): TechnologyLevelCell[] {
  const cells = new Map<string, { provinceCode: string | null; sectorCode: string | null; counts: Map<TechnologyLevel, number> }>();
  for (const row of rows) {
    const key = `${row.province_code ?? ""}\u0000${row.sector_code ?? ""}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { provinceCode: row.province_code, sectorCode: row.sector_code, counts: new Map() };
      cells.set(key, cell);
    }
    cell.counts.set(row.level, (cell.counts.get(row.level) ?? 0) + Number(row.count));
  }
  const compare = (a: string | null, b: string | null) => ((a ?? "") < (b ?? "") ? -1 : (a ?? "") > (b ?? "") ? 1 : 0);
  return [...cells.values()]
    .sort((a, b) => compare(a.provinceCode, b.provinceCode) || compare(a.sectorCode, b.sectorCode))
    .map((cell) => {
      const counts = LEVELS.map((definition) => ({ level: definition.level, count: cell.counts.get(definition.level) ?? 0 }));
      return { provinceCode: cell.provinceCode, sectorCode: cell.sectorCode, counts, total: counts.reduce((sum, entry) => sum + entry.count, 0) };
    });
}

export async function technologyLevelDistribution(context: HubContext, request: DistributionRequest): Promise<TechnologyLevelDistribution> {
  const groupBy = [...new Set(request.groupBy)];
  const cells = toCells(await levelRows(context, { ...request, groupBy }));
  return { groupBy, rolledUpToCurrentUnits: request.rollUpToCurrentUnits, cells, total: cells.reduce((sum, cell) => sum + cell.total, 0) };
}

/**
 * A province's levels by sector, for many provinces in one statement: the rows of every requested
 * unit and its predecessors are grouped by their own unit and sector, then each requested unit
 * sums the units it stands for (a current unit its predecessors too, a historical unit itself).
 */
export function levelsBySectorOf(context: HubContext, unitCode: string, filter: Omit<TechnologyStatisticsFilter, "province">): Promise<TechnologyLevelCell[]> {
  const loader = defineLoader<string, TechnologyLevelCell[]>(`technology:levelsBySector:${JSON.stringify(filter)}`, async (ctx, unitCodes) => {
    const covered = new Map<string, Set<string>>();
    for (const code of unitCodes) covered.set(code, new Set(await provinceCodes(ctx, { codes: [code], includePredecessors: true })));
    const allCodes = [...new Set([...covered.values()].flatMap((codes) => [...codes]))];
    const rows = await levelRows(ctx, {
      filter: { ...filter, province: { codes: allCodes, includePredecessors: false } },
      groupBy: [TechnologyStatisticsDimension.PROVINCE, TechnologyStatisticsDimension.SECTOR],
      rollUpToCurrentUnits: false,
    });
    return unitCodes.map((code) =>
      toCells(rows.filter((row) => row.province_code !== null && covered.get(code)!.has(row.province_code)).map((row) => ({ ...row, province_code: code }))),
    );
  });
  return loader(context).load(unitCode);
}
