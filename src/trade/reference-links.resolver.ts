import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { PageArgs, type Page } from "../common/connection.js";
import { loadGroupedPage } from "../common/grouped-page.js";
import type { HubContext } from "../context.js";
import { Commodity, Enterprise, Market } from "../reference/index.js";
import { ListingKind, ListingStatus } from "./listing.entity.js";
import { LISTING_SORT, OCOP_SORT } from "./listing.service.js";
import { PriceType } from "./price-observation.entity.js";
import { PRICE_SORT } from "./price.service.js";
import { ListingConnection, OcopProductConnection, PriceObservationConnection } from "./trade.connections.js";
import { commodityIds, latestPrices } from "./trade.loaders.js";
import { Listing, OcopProduct, PriceObservation } from "./trade.models.js";

/** Trade data under an enterprise: type-graphql merges these fields into the reference type. */
@Resolver(() => Enterprise)
export class EnterpriseTradeResolver {
  @FieldResolver(() => ListingConnection, { description: "The enterprise's supply and demand listings, newest first." })
  listings(
    @Root() enterprise: Enterprise,
    @Arg("status", () => ListingStatus, { nullable: true, description: "Only open or only closed listings; both when omitted." }) status: ListingStatus | null,
    @Arg("kind", () => ListingKind, { nullable: true, description: "Only offers or only demands; both when omitted." }) kind: ListingKind | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Listing>> {
    return loadGroupedPage(
      context,
      {
        name: `trade:enterprise.listings:${status ?? ""}:${kind ?? ""}`,
        model: Listing,
        groupProperty: "enterpriseId",
        groupColumn: "enterprise_id",
        sort: LISTING_SORT,
        first: page.first,
        after: page.after,
        filter: (query) => {
          if (status) query.andWhere({ status });
          if (kind) query.andWhere({ kind });
        },
      },
      enterprise.id,
    );
  }

  @FieldResolver(() => OcopProductConnection, { description: "The enterprise's OCOP products, most stars first." })
  ocopProducts(@Root() enterprise: Enterprise, @Args() page: PageArgs, @Ctx() context: HubContext): Promise<Page<OcopProduct>> {
    return loadGroupedPage(
      context,
      { name: "trade:enterprise.ocopProducts", model: OcopProduct, groupProperty: "enterpriseId", groupColumn: "enterprise_id", sort: OCOP_SORT, first: page.first, after: page.after },
      enterprise.id,
    );
  }
}

@Resolver(() => Commodity)
export class CommodityTradeResolver {
  @FieldResolver(() => [PriceObservation], {
    description: "The latest price of the commodity at each market (per price type), newest first. One statement for every commodity of a page.",
  })
  latestPrices(
    @Root() commodity: Commodity,
    @Arg("priceType", () => PriceType, { nullable: true, description: "Only this price type; the latest of each type when omitted." }) priceType: PriceType | null,
    @Ctx() context: HubContext,
  ): Promise<PriceObservation[]> {
    return latestPrices(context, commodity.id, priceType);
  }
}

@Resolver(() => Market)
export class MarketTradeResolver {
  @FieldResolver(() => PriceObservationConnection, { description: "Prices observed at the market, newest first." })
  prices(
    @Root() market: Market,
    @Arg("commodityCodes", () => [String], { nullable: true, description: "Only these commodities (codes)." }) commodityCodes: string[] | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<PriceObservation>> {
    const codes = [...(commodityCodes ?? [])].sort();
    // The table holds millions of rows: per-market LIMITs through the (market, date) index.
    return loadGroupedPage(
      context,
      {
        name: `trade:market.prices:${JSON.stringify(codes)}`,
        model: PriceObservation,
        groupProperty: "marketId",
        groupColumn: "market_id",
        sort: PRICE_SORT,
        first: page.first,
        after: page.after,
        filter: async (query) => {
          if (codes.length) query.andWhere({ commodity: { $in: await commodityIds(context, codes, "commodityCodes") } });
        },
      },
      market.id,
    );
  }
}
