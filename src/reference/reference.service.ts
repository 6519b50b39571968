import type { HubContext } from "../context.js";
import { paginate, type Page, type PageArgs, type SortColumn } from "../common/connection.js";
import { Classification } from "../common/classification.js";
import { assertMayFilter, badUserInput } from "../common/errors.js";
import { vietnamDate } from "../common/clock.js";
import { foldForSearch, searchProblem } from "../common/text.js";
import { textArray, visibleRowsOf } from "../common/visible-rows.js";
import { Dataset } from "../common/visibility.js";
import { enterpriseCondition } from "./enterprise-conditions.js";
import { referenceCache } from "./reference-cache.js";
import { AdministrativeUnit, Agency, Commodity, Enterprise, Market } from "./reference.models.js";
import {
  EnterpriseOrder,
  type AgencyFilter,
  type CommodityFilter,
  type EnterpriseFilter,
  type MarketFilter,
  type ProvinceFilter,
  type UnitFilter,
} from "./reference.inputs.js";
import type { ReadQuery } from "../common/read-query.js";

const BY_SORT_NAME: SortColumn[] = [{ property: "sortName", column: "sort_name", valueOf: (r: { sortName: string }) => r.sortName, kind: "text", direction: "asc" }];

/** Today in Asia/Ho_Chi_Minh by the hub's clock: mergers take effect from their date. */
export function todayOf(context: HubContext): string {
  return vietnamDate(context.clock.now());
}

/** Every unit, from the instance's reference cache: the table is tiny and every province filter needs it. */
function allUnits(context: HubContext): Promise<AdministrativeUnit[]> {
  return referenceCache(context).all(context, AdministrativeUnit);
}

/**
 * The unit codes a province filter stands for. A historical code means its own records; a current
 * code also covers its predecessors when asked, following succession chains to any depth.
 * Unknown codes are an input error rather than an empty answer, so typos do not look like "no data".
 */
export async function provinceCodes(context: HubContext, filter: ProvinceFilter): Promise<string[]> {
  const units = await allUnits(context);
  if (filter.codes.length === 0) throw badUserInput("province.codes must name at least one unit", { "province.codes": "empty" });
  const known = new Map(units.map((unit) => [unit.code, unit]));
  const unknown = filter.codes.filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw badUserInput(`Unknown province code(s): ${unknown.join(", ")}`, { "province.codes": `unknown: ${unknown.join(", ")}` });
  }
  const codes = new Set(filter.codes);
  if (filter.includePredecessors) {
    // Expand from the current units asked for; a historical code asked for stands for itself only.
    const today = todayOf(context);
    const frontier = filter.codes.filter((code) => known.get(code)!.isCurrentOn(today));
    while (frontier.length > 0) {
      const code = frontier.pop()!;
      for (const unit of units) {
        if (unit.successorOn(today) === code && !codes.has(unit.code)) {
          codes.add(unit.code);
          frontier.push(unit.code);
        }
      }
    }
  }
  return [...codes];
}

/** The code of today's unit a (possibly historical) unit has become, for rolling figures up. */
export async function currentUnitCodes(context: HubContext): Promise<Map<string, string>> {
  const units = await allUnits(context);
  const byCode = new Map(units.map((unit) => [unit.code, unit]));
  const today = todayOf(context);
  const current = new Map<string, string>();
  for (const unit of units) {
    let unitToday = unit;
    for (let depth = 0; unitToday.successorOn(today) && depth < 10; depth += 1) unitToday = byCode.get(unitToday.successorOn(today)!) ?? unitToday;
    current.set(unit.code, unitToday.code);
  }
  return current;
}

/** Applies a province filter to a query whose rows carry `ownerProvinceCodes`. */
export async function whereOwnedBy(context: HubContext, query: ReadQuery, alias: string, filter: ProvinceFilter | null | undefined): Promise<void> {
  if (!filter) return;
  const codes = await provinceCodes(context, filter);
  query.andWhere(`${alias}.owner_province_codes && ?::text[]`, [textArray(codes)]);
}

/** Words of a search, folded like the stored `search_name`, each of which must appear. */
export function searchWords(search: string): string[] {
  // Input is refused at the edge (src/limits/input-text.ts); this keeps any other caller to the same bounds.
  const problem = searchProblem(search);
  if (problem) throw badUserInput(`search is refused: ${problem}`, { search: problem });
  return foldForSearch(search)
    .split(" ")
    .filter((word) => word.length > 0)
    .map((word) => word.replace(/[%_\\]/g, (c) => `\\${c}`));
}

export class ReferenceService {
  constructor(private readonly context: HubContext) {}

  async units(filter: UnitFilter | null | undefined): Promise<AdministrativeUnit[]> {
    let units = await allUnits(this.context);
    const today = todayOf(this.context);
    if (filter?.current != null) units = units.filter((unit) => unit.isCurrentOn(today) === filter.current);
    if (filter?.programmeMember != null) units = units.filter((unit) => unit.programmeMember === filter.programmeMember);
    return units;
  }

  async unit(code: string): Promise<AdministrativeUnit | null> {
    return (await allUnits(this.context)).find((unit) => unit.code === code) ?? null;
  }

  async agencies(filter: AgencyFilter | null | undefined, page: PageArgs): Promise<Page<Agency>> {
    const query = visibleRowsOf(this.context, Agency, "a");
    await whereOwnedBy(this.context, query, "a", filter?.province);
    if (filter?.sectors?.length) query.andWhere({ sector: { $in: filter.sectors } });
    return paginate(this.context, query, Agency, page, BY_SORT_NAME);
  }

  async enterprises(filter: EnterpriseFilter | null | undefined, order: EnterpriseOrder, page: PageArgs): Promise<Page<Enterprise>> {
    const query = visibleRowsOf(this.context, Enterprise, "e");
    await applyEnterpriseFilter(this.context, query, filter);
    // Newest by id, not by created_at: JavaScript dates drop PostgreSQL's microseconds, so a
    // timestamp cursor would skip rows created in the same millisecond (a bulk load's are all alike).
    const sort: SortColumn[] = order === EnterpriseOrder.NEWEST ? [{ property: "id", column: "id", valueOf: (r: Enterprise) => r.id, kind: "integer", direction: "desc" }] : BY_SORT_NAME;
    return paginate(this.context, query, Enterprise, page, sort);
  }

  async commodities(filter: CommodityFilter | null | undefined, page: PageArgs): Promise<Page<Commodity>> {
    const query = visibleRowsOf(this.context, Commodity, "c");
    if (filter?.codes?.length) query.andWhere({ code: { $in: filter.codes } });
    if (filter?.category) query.andWhere({ category: filter.category });
    for (const word of searchWords(filter?.search ?? "")) query.andWhere("c.search_name like ?", [`%${word}%`]);
    return paginate(this.context, query, Commodity, page, BY_SORT_NAME);
  }

  async markets(filter: MarketFilter | null | undefined, page: PageArgs): Promise<Page<Market>> {
    const query = visibleRowsOf(this.context, Market, "m");
    await whereOwnedBy(this.context, query, "m", filter?.province);
    if (filter?.kinds?.length) query.andWhere({ kind: { $in: filter.kinds } });
    if (filter?.codes?.length) query.andWhere({ code: { $in: filter.codes } });
    return paginate(this.context, query, Market, page, BY_SORT_NAME);
  }
}

/** The enterprise filters, shared by the root list and the nested lists under a province. */
export async function applyEnterpriseFilter(context: HubContext, query: ReadQuery, filter: EnterpriseFilter | null | undefined): Promise<void> {
  if (!filter) return;
  const alias = query.alias;
  // An enterprise is owned by the unit it is registered in and by nothing else (its owners are
  // `[province_code]`), so the province filter reads that column: with the business line it is one
  // index (enterprise_province_vsic) a count is answered from.
  if (filter.province) query.andWhere(`${alias}.province_code = any(?::text[])`, [textArray(await provinceCodes(context, filter.province))]);
  if (filter.vsicPrefixes?.length) {
    const invalid = filter.vsicPrefixes.filter((prefix) => !/^\d{1,5}$/.test(prefix));
    if (invalid.length > 0) throw badUserInput(`VSIC prefixes are 1 to 5 digits: ${invalid.join(", ")}`, { vsicPrefixes: "1 to 5 digits" });
    query.andWhere(`(${filter.vsicPrefixes.map(() => `${alias}.vsic_code like ?`).join(" or ")})`, filter.vsicPrefixes.map((prefix) => `${prefix}%`));
  }
  if (filter.sizes?.length) query.andWhere({ size: { $in: filter.sizes } });
  const search = filter.search?.trim();
  if (search) {
    if (/^\d[\d-]*$/.test(search)) {
      // Tax codes are SHARED: searching by one must be allowed only to callers who may read them.
      assertMayFilter(context, Classification.SHARED, Dataset.REFERENCE, "search");
      query.andWhere(`${alias}.tax_code like ?`, [`${search}%`]);
    } else {
      for (const word of searchWords(search)) query.andWhere(`${alias}.search_name like ?`, [`%${word}%`]);
    }
  }
  if (filter.technologyLevels?.length) {
    // The technology domain owns assessments: it decides what "the enterprise's level" is and who may filter by it.
    const condition = enterpriseCondition("technologyLevels")(context, alias, filter.technologyLevels);
    query.andWhere(condition.sql, condition.params);
  }
}
