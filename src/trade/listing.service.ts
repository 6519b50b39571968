import { paginate, type Page, type PageArgs, type SortColumn } from "../common/connection.js";
import { textArray, visibleRowsOf } from "../common/visible-rows.js";
import type { HubContext } from "../context.js";
import { searchWords, whereOwnedBy } from "../reference/index.js";
import { Listing, OcopProduct } from "./trade.models.js";
import { commodityIds } from "./trade.loaders.js";
import type { ListingFilter, OcopProductFilter } from "./trade.inputs.js";
import type { ReadQuery } from "../common/read-query.js";

/**
 * Newest first. Ids grow with posting order and, unlike timestamps, compare exactly in a cursor
 * (JavaScript dates lose PostgreSQL's microseconds).
 */
export const LISTING_SORT: SortColumn[] = [{ property: "id", column: "id", valueOf: (r: Listing) => r.id, kind: "integer", direction: "desc" }];

/** Most stars first, then by name in Vietnamese order. */
export const OCOP_SORT: SortColumn[] = [
  { property: "stars", column: "stars", valueOf: (r: OcopProduct) => r.stars, kind: "smallint", direction: "desc" },
  { property: "sortName", column: "sort_name", valueOf: (r: OcopProduct) => r.sortName, kind: "text", direction: "asc" },
];

/** The listing filters, shared by the root list and the nested lists under enterprises. */
export async function applyListingFilter(context: HubContext, query: ReadQuery, filter: ListingFilter | null | undefined): Promise<void> {
  if (!filter) return;
  const alias = query.alias;
  if (filter.kinds?.length) query.andWhere({ kind: { $in: filter.kinds } });
  if (filter.statuses?.length) query.andWhere({ status: { $in: filter.statuses } });
  if (filter.commodityCodes?.length) {
    query.andWhere({ commodity: { $in: await commodityIds(context, filter.commodityCodes, "filter.commodityCodes") } });
  }
  if (filter.certifications?.length) query.andWhere(`${alias}.certifications && ?::text[]`, [textArray(filter.certifications)]);
  await whereOwnedBy(context, query, alias, filter.province);
  for (const word of searchWords(filter.search ?? "")) query.andWhere(`${alias}.search_title like ?`, [`%${word}%`]);
}

export async function applyOcopFilter(context: HubContext, query: ReadQuery, filter: OcopProductFilter | null | undefined): Promise<void> {
  if (!filter) return;
  const alias = query.alias;
  if (filter.stars?.length) query.andWhere({ stars: { $in: filter.stars } });
  if (filter.commodityCodes?.length) {
    query.andWhere({ commodity: { $in: await commodityIds(context, filter.commodityCodes, "filter.commodityCodes") } });
  }
  await whereOwnedBy(context, query, alias, filter.province);
  for (const word of searchWords(filter.search ?? "")) query.andWhere(`${alias}.search_name like ?`, [`%${word}%`]);
}

export class ListingService {
  constructor(private readonly context: HubContext) {}

  async listings(filter: ListingFilter | null | undefined, page: PageArgs): Promise<Page<Listing>> {
    const query = visibleRowsOf(this.context, Listing, "l");
    await applyListingFilter(this.context, query, filter);
    return paginate(this.context, query, Listing, page, LISTING_SORT);
  }

  async ocopProducts(filter: OcopProductFilter | null | undefined, page: PageArgs): Promise<Page<OcopProduct>> {
    const query = visibleRowsOf(this.context, OcopProduct, "o");
    await applyOcopFilter(this.context, query, filter);
    return paginate(this.context, query, OcopProduct, page, OCOP_SORT);
  }
}
