import { Arg, Args, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { PageArgs, type Page } from "../common/connection.js";
import type { HubContext } from "../context.js";
import { AdministrativeUnit, Agency, agencyOf, Commodity, commodityOf, type Lookup, Market, marketOf, unitOf } from "../reference/index.js";
import { PriceCorrection, PriceObservation } from "./trade.models.js";
import { CorrectPriceObservationInput, RecordPriceObservationsInput } from "./price.inputs.js";
import { PriceWrites } from "./price.writes.js";
import { PriceSeries } from "./price-series.type.js";
import { PriceService } from "./price.service.js";
import { PriceObservationConnection } from "./trade.connections.js";
import { correctionsOfObservation } from "./trade.loaders.js";
import { PriceInterval, PriceObservationFilter } from "./trade.inputs.js";

@ObjectType({ description: "The prices a batch wrote (or, for a repeated idempotency key, had written the first time)." })
@Classified(Classification.PUBLIC)
export class RecordPriceObservationsPayload {
  @Field(() => [PriceObservation], { description: "The observations, in the order of the batch." })
  observations!: PriceObservation[];

  @Field({ description: "True when the call repeated an earlier one with the same idempotency key: nothing new was written." })
  replayed!: boolean;
}

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

  @Mutation(() => RecordPriceObservationsPayload, {
    description:
      "Reports a batch of prices (an agency editor whose token names its agency; markets of its own province). All or nothing: any bad row rejects the batch with every problem listed by row (BAD_USER_INPUT); a price already reported is a CONFLICT.",
  })
  recordPriceObservations(@Arg("input", () => RecordPriceObservationsInput, { description: "The batch." }) input: RecordPriceObservationsInput, @Ctx() context: HubContext): Promise<RecordPriceObservationsPayload> {
    return new PriceWrites(context).record(input);
  }

  @Mutation(() => PriceObservation, { description: "Corrects a reported price (an editor of its province); the earlier value is kept in `corrections`. A stale `version` is a CONFLICT." })
  correctPriceObservation(@Arg("input", () => CorrectPriceObservationInput, { description: "The correction." }) input: CorrectPriceObservationInput, @Ctx() context: HubContext): Promise<PriceObservation> {
    return new PriceWrites(context).correct(input);
  }

  @FieldResolver(() => [PriceCorrection], { description: "Earlier values of this price, oldest first; empty when it was never corrected." })
  corrections(@Root() observation: PriceObservation, @Ctx() context: HubContext): Promise<PriceCorrection[]> {
    return correctionsOfObservation(context).load(observation.id);
  }

  @FieldResolver(() => Commodity, { description: "The commodity priced." })
  commodity(@Root() observation: PriceObservation, @Ctx() context: HubContext): Lookup<Commodity> {
    return commodityOf(context, observation.commodityId);
  }

  @FieldResolver(() => Market, { description: "The market where the price was observed." })
  market(@Root() observation: PriceObservation, @Ctx() context: HubContext): Lookup<Market> {
    return marketOf(context, observation.marketId);
  }

  @FieldResolver(() => AdministrativeUnit, { description: "The market's province when the price was observed." })
  marketProvince(@Root() observation: PriceObservation, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, observation.marketProvinceCode);
  }

  @FieldResolver(() => Agency, { description: "The agency that reported the price (its province owns the record)." })
  sourceAgency(@Root() observation: PriceObservation, @Ctx() context: HubContext): Lookup<Agency> {
    return agencyOf(context, observation.sourceAgencyId);
  }
}

@Resolver(() => PriceSeries)
export class PriceSeriesResolver {
  @FieldResolver(() => Commodity, { description: "The commodity of the series." })
  commodity(@Root() series: PriceSeries, @Ctx() context: HubContext): Lookup<Commodity> {
    return commodityOf(context, series.commodityId);
  }

  @FieldResolver(() => Market, { description: "The market of the series." })
  market(@Root() series: PriceSeries, @Ctx() context: HubContext): Lookup<Market> {
    return marketOf(context, series.marketId);
  }
}
