import { badUserInput } from "../common/errors.js";
import { defineLoader, groupByKeys } from "../common/loaders.js";
import { fromRows, readRows } from "../common/read-model.js";
import { defineKeyLoader, keysParameter, visibleRowsOf } from "../common/visible-rows.js";
import type { HubContext } from "../context.js";
import { commodityByCode, marketByCode } from "../reference/index.js";
import type { PriceType } from "./price-observation.entity.js";
import { InvestmentProject, Listing, Memorandum, MemorandumParty, OcopProduct, PriceCorrection, PriceObservation, PromotionEvent, TradeFlow } from "./trade.models.js";
import { readSql } from "../common/read-query.js";

/** Batched lookups by primary key, through the visibility hook (node(id) and relations use them). */
export const priceObservationById = defineKeyLoader<PriceObservation, number>("trade:priceObservationById", PriceObservation, "id");
export const priceCorrectionById = defineKeyLoader<PriceCorrection, number>("trade:priceCorrectionById", PriceCorrection, "id");
export const tradeFlowById = defineKeyLoader<TradeFlow, number>("trade:tradeFlowById", TradeFlow, "id");
export const listingById = defineKeyLoader<Listing, number>("trade:listingById", Listing, "id");
export const ocopProductById = defineKeyLoader<OcopProduct, number>("trade:ocopProductById", OcopProduct, "id");
export const promotionEventById = defineKeyLoader<PromotionEvent, number>("trade:promotionEventById", PromotionEvent, "id");
export const memorandumById = defineKeyLoader<Memorandum, number>("trade:memorandumById", Memorandum, "id");
export const memorandumPartyById = defineKeyLoader<MemorandumParty, number>("trade:memorandumPartyById", MemorandumParty, "id");
export const investmentProjectById = defineKeyLoader<InvestmentProject, number>("trade:investmentProjectById", InvestmentProject, "id");

/** The corrections of observations, all parents' in one statement, oldest first. */
export const correctionsOfObservation = defineLoader<number, PriceCorrection[]>("trade:correctionsOfObservation", async (context, observationIds) => {
  const ids = keysParameter(observationIds);
  const query = visibleRowsOf(context, PriceCorrection, "pc")
    .andWhere("pc.observation_id = any(?::int[])", [ids.literal])
    .orderBy({ revision: "asc" });
  const corrections = await readRows(context, query, PriceCorrection, ["observationId"]);
  return groupByKeys(observationIds, corrections, (correction) => correction.observationId);
});

/** The signatories of memoranda, all parents' in one statement, in signing order (by id). */
export const partiesByMemorandum = defineLoader<number, MemorandumParty[]>("trade:partiesByMemorandum", async (context, memorandumIds) => {
  const ids = keysParameter(memorandumIds);
  const query = visibleRowsOf(context, MemorandumParty, "mp")
    .andWhere("mp.memorandum_id = any(?::int[])", [ids.literal])
    .orderBy({ id: "asc" });
  const parties = await readRows(context, query, MemorandumParty, ["memorandumId"]);
  return groupByKeys(memorandumIds, parties, (party) => party.memorandumId);
});

/**
 * The latest observation per market and price type of each commodity, for all the commodities of a
 * page in one statement. A plain DISTINCT ON sorts every observation of the commodities (0.8 s for
 * ten commodities in a million rows); instead a recursive "loose index scan" walks the distinct
 * (market, price type) pairs of each commodity through the natural-key index and takes the newest
 * row of each pair by one backward index probe (13 ms for the same data). Every part starts from
 * the visibility hook, so a pair whose rows the caller may not see yields nothing.
 */
export function latestPrices(context: HubContext, commodityId: number, priceType: PriceType | null): Promise<PriceObservation[]> {
  return defineLoader<number, PriceObservation[]>(`trade:latestPrices:${priceType ?? "ALL"}`, async (ctx, commodityIds) => {
    const scoped = (condition: string) => {
      const query = visibleRowsOf(ctx, PriceObservation, "p").andWhere(condition);
      if (priceType) query.andWhere({ priceType });
      return query;
    };
    const pairOrder = { market: "asc", priceType: "asc" } as const;
    const firstPair = scoped("p.commodity_id = c.id").select(["market", "priceType"]).orderBy(pairOrder).limit(1).toSql();
    const nextPair = scoped("p.commodity_id = k.commodity_id and (p.market_id, p.price_type) > (k.market_id, k.price_type)")
      .select(["market", "priceType"])
      .orderBy(pairOrder)
      .limit(1)
      .toSql();
    const newest = scoped("p.commodity_id = k.commodity_id and p.market_id = k.market_id and p.price_type = k.price_type")
      .orderBy({ observedOn: "desc", sourceAgency: "desc" })
      .limit(1)
      .toSql();
    const rows = await readSql<Record<string, unknown>>(ctx,
      `with recursive pairs (commodity_id, market_id, price_type) as (
         select c.id, first_pair.market_id, first_pair.price_type
           from unnest(?::int[]) as c(id) cross join lateral (${firstPair.sql}) as first_pair
         union all
         select k.commodity_id, next_pair.market_id, next_pair.price_type
           from pairs as k cross join lateral (${nextPair.sql}) as next_pair
       )
       select latest.* from pairs as k cross join lateral (${newest.sql}) as latest`,
      [`{${commodityIds.join(",")}}`, ...firstPair.bindings, ...nextPair.bindings, ...newest.bindings],
    );
    // The statement returns whole rows; the sort and the grouping below read these besides what is selected.
    const observations = fromRows(ctx, PriceObservation, rows, ["commodityId", "marketId", "priceType", "observedOn"]);
    // Newest first; then a stable order by market and price type.
    observations.sort(
      (a, b) => b.observedOn.localeCompare(a.observedOn) || a.marketId - b.marketId || a.priceType.localeCompare(b.priceType),
    );
    return groupByKeys(commodityIds, observations, (observation) => observation.commodityId);
  })(context).load(commodityId);
}


/**
 * The primary keys of commodities given by code, through the reference loader. An unknown code is
 * an input error rather than an empty answer, so a typo does not look like "no data".
 */
export async function commodityIds(context: HubContext, codes: string[], argument: string): Promise<number[]> {
  const commodities = await commodityByCode(context).loadMany(codes);
  const unknown = codes.filter((_, index) => !commodities[index] || commodities[index] instanceof Error);
  if (unknown.length > 0) throw badUserInput(`Unknown commodity code(s): ${unknown.join(", ")}`, { [argument]: `unknown: ${unknown.join(", ")}` });
  return commodities.map((commodity) => (commodity as { id: number }).id);
}

/** The primary keys of markets given by code (unknown codes are an input error). */
export async function marketIds(context: HubContext, codes: string[], argument: string): Promise<number[]> {
  const markets = await marketByCode(context).loadMany(codes);
  const unknown = codes.filter((_, index) => !markets[index] || markets[index] instanceof Error);
  if (unknown.length > 0) throw badUserInput(`Unknown market code(s): ${unknown.join(", ")}`, { [argument]: `unknown: ${unknown.join(", ")}` });
  return markets.map((market) => (market as { id: number }).id);
}
