import { Field, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { DecimalScalar, LocalDateScalar } from "../common/scalars.js";
import { PriceType } from "./price-observation.entity.js";

/** One period of a price series. */
@ObjectType({ description: "The prices of one period of a series: lowest, average, highest and the number of observations." })
@Classified(Classification.PUBLIC)
export class PricePoint {
  @Field(() => LocalDateScalar, { description: "First day of the period (a Monday for ISO weeks, the 1st for months)." })
  periodStart!: string;

  @Field(() => LocalDateScalar, { description: "Last day of the period (a Sunday for ISO weeks). Only observations inside the filter's period are counted." })
  periodEnd!: string;

  @Field(() => DecimalScalar, { description: "Lowest price in VND per the series' unit." })
  min!: string;

  @Field(() => DecimalScalar, { description: "Average price in VND per the series' unit, rounded to whole VND (half away from zero)." })
  avg!: string;

  @Field(() => DecimalScalar, { description: "Highest price in VND per the series' unit." })
  max!: string;

  @Field(() => Int, { description: "Number of observations in the period." })
  count!: number;
}

/**
 * The prices of one commodity at one market, of one price type and in one unit: the brief forbids
 * averaging across units or price types, so each combination is a series of its own.
 */
@ObjectType({ description: "A price series: one commodity at one market, one price type and one unit, bucketed by period." })
@Classified(Classification.PUBLIC)
export class PriceSeries {
  commodityId!: number;
  marketId!: number;

  @Field(() => PriceType, { description: "The price type of every point." })
  priceType!: PriceType;

  @Field({ description: "The unit every price of the series is quoted in." })
  unit!: string;

  @Field(() => [PricePoint], { description: "The periods that have observations, oldest first." })
  points!: PricePoint[];
}
