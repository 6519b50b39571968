import { Field, Float, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { DecimalScalar, YearMonthScalar } from "../common/scalars.js";
import { Dataset, type ClassifiedRecord } from "../common/visibility.js";

/** Volumes of one unit between the two provinces in a month (units are never added together). */
@ObjectType({ description: "Volumes between the two provinces in one unit of measure." })
@Classified(Classification.PUBLIC)
export class TradeBalanceVolume {
  @Field({ description: 'The unit, e.g. "tấn".' })
  unit!: string;

  @Field(() => Float, { description: "Volume shipped from A to B." })
  aToB!: number;

  @Field(() => Float, { description: "Volume shipped from B to A." })
  bToA!: number;

  @Field(() => Float, { description: "A→B minus B→A." })
  net!: number;
}

/**
 * One month of a trade balance. Its values are trade-flow values (SHARED), so the classification
 * guard asks the visibility hook about them with the owners of the flows counted.
 */
@ObjectType({ description: "One month of the trade between two provinces; values are in VND and shared with members only." })
@Classified(Classification.PUBLIC)
export class TradeBalanceMonth implements ClassifiedRecord {
  /** Every unit code counted on either side: the owners of the flows summed here. */
  ownerProvinceCodes!: string[];

  get dataset(): Dataset {
    return Dataset.TRADE;
  }

  @Field(() => YearMonthScalar, { description: "The month." })
  month!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Value shipped from A to B in VND ("0" without flows).' })
  @Classified(Classification.SHARED)
  valueAToB!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Value shipped from B to A in VND ("0" without flows).' })
  @Classified(Classification.SHARED)
  valueBToA!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "A→B minus B→A in VND: positive when A sells more to B than it buys." })
  @Classified(Classification.SHARED)
  netValue!: string;

  @Field(() => Int, { description: "Number of trade-flow records from A to B." })
  flowsAToB!: number;

  @Field(() => Int, { description: "Number of trade-flow records from B to A." })
  flowsBToA!: number;

  @Field(() => [TradeBalanceVolume], { description: "Volumes by unit; a unit appears when either direction has flows in it." })
  volumes!: TradeBalanceVolume[];
}

/** The trade between two provinces, month by month. */
@ObjectType({ description: "The trade between two provinces month by month: values and volumes each way and the net." })
@Classified(Classification.PUBLIC)
export class TradeBalance {
  @Field({ description: "Province A as counted: today's unit when rolled up, else the code asked for." })
  provinceACode!: string;

  @Field({ description: "Province B as counted: today's unit when rolled up, else the code asked for." })
  provinceBCode!: string;

  @Field(() => [String], { description: 'The unit codes whose flows count for A (with roll-up, e.g. ["VN-29", "VN-28"]).' })
  unitCodesA!: string[];

  @Field(() => [String], { description: "The unit codes whose flows count for B." })
  unitCodesB!: string[];

  @Field({ description: "Whether flows of historical units were counted for today's units." })
  rolledUpToCurrentUnits!: boolean;

  @Field(() => [TradeBalanceMonth], { description: "Every month of the range, oldest first, with zeros for months without flows." })
  months!: TradeBalanceMonth[];
}
