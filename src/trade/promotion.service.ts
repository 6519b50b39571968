import { paginate, type Page, type PageArgs, type SortColumn } from "../common/connection.js";
import { expectGlobalId } from "../common/node.js";
import { resolveDateRange } from "../common/period.js";
import { textArray, visibleRowsOf } from "../common/visible-rows.js";
import type { HubContext } from "../context.js";
import { provinceCodes, searchWords, whereOwnedBy } from "../reference/index.js";
import { InvestmentProject, Memorandum, PromotionEvent } from "./trade.models.js";
import type { InvestmentProjectFilter, MemorandumFilter, PromotionEventFilter } from "./trade.inputs.js";

/** Latest first. */
export const EVENT_SORT: SortColumn[] = [{ property: "startsOn", column: "starts_on", valueOf: (r: PromotionEvent) => r.startsOn, kind: "date", direction: "desc" }];
export const MEMORANDUM_SORT: SortColumn[] = [{ property: "signedOn", column: "signed_on", valueOf: (r: Memorandum) => r.signedOn, kind: "date", direction: "desc" }];
/** By name in Vietnamese order. */
export const PROJECT_SORT: SortColumn[] = [{ property: "sortName", column: "sort_name", valueOf: (r: InvestmentProject) => r.sortName, kind: "text", direction: "asc" }];

export class PromotionService {
  constructor(private readonly context: HubContext) {}

  async promotionEvents(filter: PromotionEventFilter | null | undefined, page: PageArgs): Promise<Page<PromotionEvent>> {
    const query = visibleRowsOf(this.context, PromotionEvent, "e");
    if (filter?.kinds?.length) query.andWhere({ kind: { $in: filter.kinds } });
    if (filter?.hostProvince) {
      query.andWhere("e.host_province_code = any(?::text[])", [textArray(await provinceCodes(this.context, filter.hostProvince))]);
    }
    await whereOwnedBy(this.context, query, "e", filter?.province);
    // Events overlapping the range: they end on or after its start and start on or before its end.
    const range = resolveDateRange(filter?.period, this.context.clock, "filter.period");
    if (range?.from) query.andWhere("e.ends_on >= ?::date", [range.from]);
    if (range?.to) query.andWhere("e.starts_on <= ?::date", [range.to]);
    for (const word of searchWords(filter?.search ?? "")) query.andWhere("e.search_name like ?", [`%${word}%`]);
    return paginate(this.context, query, PromotionEvent, page, EVENT_SORT);
  }

  async memoranda(filter: MemorandumFilter | null | undefined, page: PageArgs): Promise<Page<Memorandum>> {
    const query = visibleRowsOf(this.context, Memorandum, "m");
    if (filter?.eventId) query.andWhere({ event: expectGlobalId(filter.eventId, "PromotionEvent", "filter.eventId") });
    // The owners of a memorandum are the provinces of its signatories.
    await whereOwnedBy(this.context, query, "m", filter?.province);
    const range = resolveDateRange(filter?.period, this.context.clock, "filter.period");
    if (range?.from) query.andWhere("m.signed_on >= ?::date", [range.from]);
    if (range?.to) query.andWhere("m.signed_on <= ?::date", [range.to]);
    return paginate(this.context, query, Memorandum, page, MEMORANDUM_SORT);
  }

  async investmentProjects(filter: InvestmentProjectFilter | null | undefined, page: PageArgs): Promise<Page<InvestmentProject>> {
    const query = visibleRowsOf(this.context, InvestmentProject, "ip");
    if (filter?.province) query.andWhere("ip.province_code = any(?::text[])", [textArray(await provinceCodes(this.context, filter.province))]);
    if (filter?.sectors?.length) query.andWhere({ sector: { $in: filter.sectors } });
    if (filter?.statuses?.length) query.andWhere({ status: { $in: filter.statuses } });
    if (filter?.announcedAtEventId) {
      query.andWhere({ announcedAt: expectGlobalId(filter.announcedAtEventId, "PromotionEvent", "filter.announcedAtEventId") });
    }
    for (const word of searchWords(filter?.search ?? "")) query.andWhere("ip.search_name like ?", [`%${word}%`]);
    return paginate(this.context, query, InvestmentProject, page, PROJECT_SORT);
  }
}
