import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { PageArgs, type Page } from "../common/connection.js";
import type { HubContext } from "../context.js";
import { AdministrativeUnit, Agency, agencyById, Commodity, commodityById, Market, marketById, unitByCode } from "../reference/index.js";
import { PriceObservation } from "./price-observation.entity.js";
import { PriceSeries } from "./price-series.type.js";
import { PriceService } from "./price.service.js";
import { PriceObservationConnection } from "./trade.connections.js";
import { PriceInterval, PriceObservationFilter } from "./trade.inputs.js";

@Resolver(() => PriceObservation)
export class PriceObservationResolver {
  @Query(() => PriceObservationConnection, { description: "Price observations, newest first." })
  priceObservations(
    @Arg("filter", () => PriceObservationFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." })
    filter: PriceObservationFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<PriceObservation>> {
    return new PriceService(context).priceObservations(filter, page);
  }

  @Query(() => [PriceSeries], {
    description:
      "Price series: one per commodity, market, price type and unit (never mixed), with min/avg/max/count per day, ISO week or month. The filter's period is required.",
  })
  priceSeries(
    @Arg("filter", () => PriceObservationFilter, { description: "Which observations; `period` is required." }) filter: PriceObservationFilter,
    @Arg("interval", () => PriceInterval, { defaultValue: PriceInterval.WEEK, description: "The length of a period of the series." }) interval: PriceInterval,
    @Ctx() context: HubContext,
  ): Promise<PriceSeries[]> {
    return new PriceService(context).priceSeries(filter, interval);
  }

  @FieldResolver(() => Commodity, { description: "The commodity priced." })
  commodity(@Root() observation: PriceObservation, @Ctx() context: HubContext): Promise<Commodity | null> {
    return commodityById(context).load(observation.commodity.id);
  }

  @FieldResolver(() => Market, { description: "The market where the price was observed." })
  market(@Root() observation: PriceObservation, @Ctx() context: HubContext): Promise<Market | null> {
    return marketById(context).load(observation.market.id);
  }

  @FieldResolver(() => AdministrativeUnit, { description: "The market's province when the price was observed." })
  marketProvince(@Root() observation: PriceObservation, @Ctx() context: HubContext): Promise<AdministrativeUnit | null> {
    return unitByCode(context).load(observation.marketProvinceCode);
  }

  @FieldResolver(() => Agency, { description: "The agency that reported the price (its province owns the record)." })
  sourceAgency(@Root() observation: PriceObservation, @Ctx() context: HubContext): Promise<Agency | null> {
    return agencyById(context).load(observation.sourceAgency.id);
  }
}

@Resolver(() => PriceSeries)
export class PriceSeriesResolver {
  @FieldResolver(() => Commodity, { description: "The commodity of the series." })
  commodity(@Root() series: PriceSeries, @Ctx() context: HubContext): Promise<Commodity | null> {
    return commodityById(context).load(series.commodityId);
  }

  @FieldResolver(() => Market, { description: "The market of the series." })
  market(@Root() series: PriceSeries, @Ctx() context: HubContext): Promise<Market | null> {
    return marketById(context).load(series.marketId);
  }
}
