import { Field, Float, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { vietnamDate } from "../common/clock.js";
import { badUserInput } from "../common/errors.js";
import { LocalDateScalar } from "../common/scalars.js";
import { textArray, visibleRowsOf } from "../common/visible-rows.js";
import { Dataset, type ClassifiedRecord } from "../common/visibility.js";
import type { HubContext } from "../context.js";
import { currentUnitCodes } from "../reference/index.js";
import { AssessmentStatus } from "./assessment.entity.js";
import { Assessment } from "./technology.models.js";
import { readSql } from "../common/read-query.js";

const AVERAGE_RULE =
  "A statistic over RESTRICTED scores: agencies who may read every assessment of the cell (its province's own, or under an agreement in force for TECHNOLOGY) always read it; anyone else only when at least `minimumCellSize` of the cell's assessments are ones it may not read itself, else it is withheld (FORBIDDEN, reason TOO_FEW_RECORDS).";

/**
 * One cell of the score statistics: the published assessments of one of today's provinces, one
 * sector and one year. The cells are fixed (province × sector × year, always rolled up to today's
 * units) and never overlap, so no combination of queries can be subtracted to isolate a cell
 * smaller than k.
 */
@ObjectType({ description: `Average group scores of the published assessments of one province (today's unit), one sector (VSIC division) and one year. ${AVERAGE_RULE}` })
@Classified(Classification.RESTRICTED)
export class TechnologyScoreCell implements ClassifiedRecord {
  /** The unit codes whose assessments the cell holds (today's unit and the units it absorbed). */
  ownerProvinceCodes!: string[];
  aggregatedRecords!: number;
  readableRecords!: number;
  auditKey!: string;

  get dataset(): Dataset {
    return Dataset.TECHNOLOGY;
  }

  @Field({ description: "ISO 3166-2:VN code of today's province; its predecessors' assessments count under it (Kon Tum's under Quảng Ngãi)." })
  @Classified(Classification.PUBLIC)
  provinceCode!: string;

  @Field({ description: 'VSIC 2018 division of the enterprises\' business line when assessed (two digits, e.g. "10" food manufacturing).' })
  @Classified(Classification.PUBLIC)
  sectorCode!: string;

  @Field(() => Int, { description: "Calendar year of the assessments." })
  @Classified(Classification.PUBLIC)
  year!: number;

  @Field(() => Int, { description: "Published assessments in the cell (public: levels of published assessments are public, so their counts are too)." })
  @Classified(Classification.PUBLIC)
  assessmentCount!: number;

  @Field(() => Float, { nullable: true, description: "Average total score (0–100), two decimals." })
  averageTotalScore!: number;

  @Field(() => Float, { nullable: true, description: "Average score of group T, technology and equipment status (0–30)." })
  averageTechnologyScore!: number;

  @Field(() => Float, { nullable: true, description: "Average score of group E, efficiency of technology use (0–20)." })
  averageEfficiencyScore!: number;

  @Field(() => Float, { nullable: true, description: "Average score of group O, organisation and management capacity (0–19)." })
  averageOrganisationScore!: number;

  @Field(() => Float, { nullable: true, description: "Average score of group R, research and development capacity (0–17)." })
  averageResearchScore!: number;

  @Field(() => Float, { nullable: true, description: "Average score of group I, innovation capacity (0–14)." })
  averageInnovationScore!: number;

  @Field(() => Float, { nullable: true, description: "Average synchrony coefficient (0–1), four decimals." })
  averageSynchronyCoefficient!: number;
}

@ObjectType({ description: `Average assessment scores by province, sector and year. ${AVERAGE_RULE}` })
@Classified(Classification.PUBLIC)
export class TechnologyScoreStatistics {
  @Field(() => Int, { description: "The year of the cells." })
  year!: number;

  @Field(() => LocalDateScalar, { description: "The day the year's cells were released (1 April of the next year); they count the assessments published before it and never change." })
  releasedOn!: string;

  @Field(() => Int, { description: "k: the fewest assessments a cell needs for its averages to be published to callers who may not read its assessments." })
  minimumCellSize!: number;

  @Field(() => [TechnologyScoreCell], { description: "The cells with at least one published assessment, ordered by province code, then sector code." })
  cells!: TechnologyScoreCell[];
}

export interface ScoreStatisticsRequest {
  year: number;
  provinceCodes: readonly string[] | null | undefined;
  sectorCodes: readonly string[] | null | undefined;
}

/**
 * A year's cells are released once, on 1 April of the next year (Asia/Ho_Chi_Minh), from the
 * assessments published by then, and never change afterwards: a live cell would give away each
 * newly published assessment to anyone comparing it before and after.
 */
export function releaseDayOf(year: number): string {
  return `${year + 1}-04-01`;
}

interface ScoreRow {
  province_code: string;
  sector_code: string;
  unit_codes: string[];
  count: number;
  readable: number;
  total: number;
  technology: number;
  efficiency: number;
  organisation: number;
  research: number;
  innovation: number;
  synchrony: number;
}

/**
 * The cells of one year, computed in one statement, with how many of each cell's assessments the
 * caller may read itself (the policy applies k to the others). Province and sector arguments only
 * choose which fixed cells to return; they never narrow what a cell counts.
 */
export async function technologyScoreStatistics(context: HubContext, request: ScoreStatisticsRequest): Promise<TechnologyScoreStatistics> {
  if (!Number.isInteger(request.year) || request.year < 2000 || request.year > 2100) throw badUserInput("year must be a calendar year between 2000 and 2100", { year: "out of range" });
  const releasedOn = releaseDayOf(request.year);
  if (vietnamDate(context.clock.now()) < releasedOn) {
    throw badUserInput(`The ${request.year} statistics are released on ${releasedOn}, once the year's assessments are in`, { year: `released on ${releasedOn}` });
  }
  const badSectors = (request.sectorCodes ?? []).filter((code) => !/^\d{2}$/.test(code));
  if (badSectors.length > 0) throw badUserInput(`Sectors are VSIC divisions of two digits: ${badSectors.join(", ")}`, { sectorCodes: "two digits" });
  const current = await currentUnitCodes(context);
  const notCurrent = (request.provinceCodes ?? []).filter((code) => current.get(code) !== code);
  if (notCurrent.length > 0) {
    throw badUserInput(`The cells are today's provinces; not one of them: ${notCurrent.join(", ")}`, { provinceCodes: "today's units only (a historical unit's figures are part of its successor's cells)" });
  }

  const inner = visibleRowsOf(context, Assessment, "a")
    .andWhere({ status: AssessmentStatus.PUBLISHED })
    .andWhere("a.assessed_on >= ? and a.assessed_on < ?", [`${request.year}-01-01`, `${request.year + 1}-01-01`])
    // Midnight in Ho Chi Minh City (UTC+7 all year).
    .andWhere("a.published_at < ?::timestamptz", [`${releasedOn}T00:00:00+07:00`])
    .select(
      [
        "a.owner_province_codes[1] as province_code",
        "substr(a.vsic_code, 1, 2) as sector_code",
        ...["owner_province_codes", "enterprise_id", "total_score", "technology_score", "efficiency_score", "organisation_score", "research_score", "innovation_score", "synchrony_coefficient"].map((column) => `a.${column}`),
      ],
    );
  const { sql, bindings } = inner.toSql();
  const readable = context.visibility.readableRows(Classification.RESTRICTED, Dataset.TECHNOLOGY, "f", "enterprise_id");
  const mapping = [...current.entries()];
  const rows = await readSql<ScoreRow>(context,
    `select c.* from (
       select coalesce(m.current_code, f.province_code) as province_code, f.sector_code,
              array_agg(distinct f.province_code order by f.province_code) as unit_codes, count(*)::int as count,
              (count(*) filter (where ${readable.sql}))::int as readable,
              round(avg(f.total_score)::numeric, 2)::float8 as total, round(avg(f.technology_score)::numeric, 2)::float8 as technology,
              round(avg(f.efficiency_score)::numeric, 2)::float8 as efficiency, round(avg(f.organisation_score)::numeric, 2)::float8 as organisation,
              round(avg(f.research_score)::numeric, 2)::float8 as research, round(avg(f.innovation_score)::numeric, 2)::float8 as innovation,
              round(avg(f.synchrony_coefficient)::numeric, 4)::float8 as synchrony
         from (${sql}) as f
         left join unnest(?::text[], ?::text[]) as m(code, current_code) on m.code = f.province_code
        group by 1, 2) as c
      where (?::text[] is null or c.province_code = any(?::text[])) and (?::text[] is null or c.sector_code = any(?::text[]))
      order by c.province_code collate "C", c.sector_code collate "C"`,
    [
      // In the order the placeholders appear: the select list's, the subquery's, then the rest.
      ...readable.params,
      ...bindings,
      textArray(mapping.map(([code]) => code)),
      textArray(mapping.map(([, currentCode]) => currentCode)),
      ...Array(2).fill(request.provinceCodes?.length ? textArray(request.provinceCodes) : null),
      ...Array(2).fill(request.sectorCodes?.length ? textArray(request.sectorCodes) : null),
    ],
  );
  const cells = rows.map((row) =>
    Object.assign(new TechnologyScoreCell(), {
      ownerProvinceCodes: row.unit_codes,
      aggregatedRecords: row.count,
      readableRecords: row.readable,
      auditKey: `TechnologyScoreCell:${row.province_code}:${row.sector_code}:${request.year}`,
      provinceCode: row.province_code,
      sectorCode: row.sector_code,
      year: request.year,
      assessmentCount: row.count,
      averageTotalScore: row.total,
      averageTechnologyScore: row.technology,
      averageEfficiencyScore: row.efficiency,
      averageOrganisationScore: row.organisation,
      averageResearchScore: row.research,
      averageInnovationScore: row.innovation,
      averageSynchronyCoefficient: row.synchrony,
    }),
  );
  return { year: request.year, releasedOn, minimumCellSize: context.config.statisticsMinimumCellSize, cells };
}
