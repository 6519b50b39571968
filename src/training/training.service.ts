import { paginate, type Page, type PageArgs, type SortColumn } from "../common/connection.js";
import { loadGroupedPage } from "../common/grouped-page.js";
import { resolveDateRange, type DateRangeInput } from "../common/period.js";
import { textArray, visibleRowsOf } from "../common/visible-rows.js";
import type { HubContext } from "../context.js";
import { provinceCodes, searchWords, whereOwnedBy, type ProvinceFilter } from "../reference/index.js";
import { Institution, Programme, TrainingLink } from "./training.models.js";
import type { InstitutionFilter, NestedTrainingLinkFilter, ProgrammeFilter, TrainingLinkFilter } from "./training.inputs.js";
import type { ReadQuery } from "../common/read-query.js";

const BY_SORT_NAME: SortColumn[] = [{ property: "sortName", column: "sort_name", valueOf: (r: { sortName: string }) => r.sortName, kind: "text", direction: "asc" }];
/** Links newest first: dashboards show the latest cooperation at the top. */
const LINKS_NEWEST_FIRST: SortColumn[] = [{ property: "periodFrom", column: "period_from", valueOf: (r: TrainingLink) => r.periodFrom, kind: "date", direction: "desc" }];

/**
 * What the filters need of a query: the alias of the filtered table and a way to add SQL
 * conditions. A query builder is one; so is a join inside another query (the outcome statistics
 * filter links through their join alias).
 */
export interface FilterTarget {
  readonly alias: string;
  andWhere(condition: string, params?: unknown[]): unknown;
}

/** Adds `column in (subquery)`, keeping the subquery's own parameters. */
function whereIn(query: FilterTarget, column: string, subquery: ReadQuery): void {
  const { sql, bindings: params } = subquery.toSql();
  query.andWhere(`${query.alias}.${column} in (${sql})`, params);
}

function whereSearch(query: FilterTarget, search: string | null | undefined): void {
  for (const word of searchWords(search ?? "")) query.andWhere(`${query.alias}.search_name like ?`, [`%${word}%`]);
}

/** Limits `query` (rows with an `institution_id`) to institutions of the given provinces, through the institutions' visible rows. */
async function whereInstitutionIn(context: HubContext, query: FilterTarget, filter: ProvinceFilter | null | undefined): Promise<void> {
  if (!filter) return;
  const institutions = visibleRowsOf(context, Institution, `${query.alias}_i`).select(`${query.alias}_i.id`);
  // An institution is owned by its province alone, so its owner codes are its province.
  await whereOwnedBy(context, institutions, `${query.alias}_i`, filter);
  whereIn(query, "institution_id", institutions);
}

/** Links whose period overlaps the range; an open-ended link (no `periodTo`) overlaps every later range. */
function wherePeriodOverlaps(context: HubContext, query: FilterTarget, input: DateRangeInput | null | undefined): void {
  const alias = query.alias;
  const period = resolveDateRange(input, context.clock, "filter.period");
  if (period?.to) query.andWhere(`${alias}.period_from <= ?`, [period.to]);
  if (period?.from) query.andWhere(`(${alias}.period_to is null or ${alias}.period_to >= ?)`, [period.from]);
}

/** The link filters, shared by the root list, the nested lists and the outcome statistics (alias of `query` = the link). */
export async function applyTrainingLinkFilter(
  context: HubContext,
  query: FilterTarget,
  filter: Partial<TrainingLinkFilter> | null | undefined,
): Promise<void> {
  if (!filter) return;
  const alias = query.alias;
  await whereInstitutionIn(context, query, filter.institutionProvince);
  if (filter.partnerProvince) {
    const codes = await provinceCodes(context, filter.partnerProvince);
    query.andWhere(`${alias}.partner_province_code = any(?::text[])`, [textArray(codes)]);
  }
  if (filter.kinds?.length) query.andWhere(`${alias}.kind = any(?::text[])`, [textArray(filter.kinds)]);
  if (filter.statuses?.length) query.andWhere(`${alias}.status = any(?::text[])`, [textArray(filter.statuses)]);
  wherePeriodOverlaps(context, query, filter.period);
  whereSearch(query, filter.search);
}

export async function applyProgrammeFilter(context: HubContext, query: ReadQuery, filter: ProgrammeFilter | null | undefined): Promise<void> {
  if (!filter) return;
  const alias = query.alias;
  // A programme is owned by its institution's province, so the owner codes answer the institution filter.
  await whereOwnedBy(context, query, alias, filter.institutionProvince);
  const prefixes = (filter.disciplinePrefixes ?? []).map((prefix) => prefix.replace(/\D/g, "")).filter((prefix) => prefix.length > 0);
  if (prefixes.length) query.andWhere(`(${prefixes.map(() => `${alias}.discipline_code like ?`).join(" or ")})`, prefixes.map((prefix) => `${prefix}%`));
  if (filter.levels?.length) query.andWhere(`${alias}.level = any(?::text[])`, [textArray(filter.levels)]);
  whereSearch(query, filter.search);
  if (filter.linkedProvince) {
    const codes = await provinceCodes(context, filter.linkedProvince);
    const links = visibleRowsOf(context, TrainingLink, `${alias}_l`)
      .select(`${alias}_l.programme_id`)
      .andWhere(`${alias}_l.programme_id is not null and ${alias}_l.partner_province_code = any(?::text[])`, [textArray(codes)]);
    whereIn(query, "id", links);
  }
}

export async function applyInstitutionFilter(context: HubContext, query: ReadQuery, filter: InstitutionFilter | null | undefined): Promise<void> {
  if (!filter) return;
  await whereOwnedBy(context, query, query.alias, filter.province);
  if (filter.kinds?.length) query.andWhere(`${query.alias}.kind = any(?::text[])`, [textArray(filter.kinds)]);
  whereSearch(query, filter.search);
}

export class TrainingService {
  constructor(private readonly context: HubContext) {}

  async institutions(filter: InstitutionFilter | null | undefined, page: PageArgs): Promise<Page<Institution>> {
    const query = visibleRowsOf(this.context, Institution, "i");
    await applyInstitutionFilter(this.context, query, filter);
    return paginate(this.context, query, Institution, page, BY_SORT_NAME);
  }

  async programmes(filter: ProgrammeFilter | null | undefined, page: PageArgs): Promise<Page<Programme>> {
    const query = visibleRowsOf(this.context, Programme, "p");
    await applyProgrammeFilter(this.context, query, filter);
    return paginate(this.context, query, Programme, page, BY_SORT_NAME);
  }

  async trainingLinks(filter: TrainingLinkFilter | null | undefined, page: PageArgs): Promise<Page<TrainingLink>> {
    const query = visibleRowsOf(this.context, TrainingLink, "l");
    await applyTrainingLinkFilter(this.context, query, filter);
    return paginate(this.context, query, TrainingLink, page, LINKS_NEWEST_FIRST);
  }

  /** An institution's programmes, for many institutions in one statement. */
  institutionProgrammes(institutionId: number, page: PageArgs): Promise<Page<Programme>> {
    return loadGroupedPage(
      this.context,
      {
        name: "training:institution.programmes",
        model: Programme,
        groupProperty: "institutionId",
        groupColumn: "institution_id",
        sort: BY_SORT_NAME,
        first: page.first,
        after: page.after,
      },
      institutionId,
    );
  }

  /** Nested links grouped under their institution, programme or partner province, for many parents in one statement. */
  groupedLinks(
    parent: { property: "institutionId" | "programmeId" | "partnerProvinceCode"; column: string; key: number | string },
    filter: NestedTrainingLinkFilter | null | undefined,
    page: PageArgs,
  ): Promise<Page<TrainingLink>> {
    const nested: NestedTrainingLinkFilter = {
      // Under a partner province the parent already fixes it.
      partnerProvince: parent.property === "partnerProvinceCode" ? null : (filter?.partnerProvince ?? null),
      kinds: filter?.kinds ?? null,
      period: filter?.period ?? null,
    };
    return loadGroupedPage(
      this.context,
      {
        name: `training:${parent.property}.links:${JSON.stringify(nested)}`,
        model: TrainingLink,
        groupProperty: parent.property,
        groupColumn: parent.column,
        sort: LINKS_NEWEST_FIRST,
        first: page.first,
        after: page.after,
        filter: (query) => applyTrainingLinkFilter(this.context, query, nested),
      },
      parent.key,
    );
  }
}
