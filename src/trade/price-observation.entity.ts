import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { DecimalScalar, LocalDateScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { Agency, Commodity, Market } from "../reference/index.js";

export enum PriceType {
  FARM_GATE = "FARM_GATE",
  WHOLESALE = "WHOLESALE",
  RETAIL = "RETAIL",
}
registerEnumType(PriceType, {
  name: "PriceType",
  description: "The stage of the chain a price is observed at. Prices of different types are never averaged together.",
  valuesConfig: {
    FARM_GATE: { description: "Farm-gate price (giá tại vườn / giá thu mua), paid to growers." },
    WHOLESALE: { description: "Wholesale price (giá bán buôn), e.g. at Bình Điền or Thủ Đức wholesale market." },
    RETAIL: { description: "Retail price (giá bán lẻ) at a market or supermarket." },
  },
});

/**
 * One price of one commodity at one market on one day, as reported by one agency. The table grows
 * past a million rows, so its composite indexes match the queries: by commodity and date (series,
 * latest prices), by market and date (a market's prices), by the market's province and date. The
 * natural key's column order (commodity, market, price type, date) lets "the latest price per
 * market" (DISTINCT ON) read the unique index backwards instead of sorting.
 */
@Entity({ tableName: "price_observation" })
@Unique({ name: "price_observation_natural_key", properties: ["commodity", "market", "priceType", "observedOn", "sourceAgency"] })
@Index({ name: "price_observation_commodity_observed_on", properties: ["commodity", "observedOn"] })
@Index({ name: "price_observation_market_observed_on", properties: ["market", "observedOn"] })
@Index({ name: "price_observation_market_province_observed_on", properties: ["marketProvinceCode", "observedOn"] })
@ObjectType({
  implements: [Node, HubRecord],
  description: "A price of a commodity observed at a market on a day, in VND per the unit it was quoted in; owned by the province of the contributing agency.",
})
@Classified(Classification.PUBLIC)
export class PriceObservation extends HubRecord {
  /** Optimistic concurrency: each change states the version it read, and a stale one is refused with CONFLICT. */
  @Property({ type: "integer", default: 1 })
  @Field(() => Int, { description: "The record's version, 1 when created and one more with each change. Pass it to a change (Corrections): a change based on an older version is refused with CONFLICT." })
  version: number = 1;

  @ManyToOne(() => CommodityEntity, { ref: true })
  commodity!: Ref<CommodityEntity>;

  @ManyToOne(() => MarketEntity, { ref: true })
  market!: Ref<MarketEntity>;

  /**
   * The market's province, copied when the observation is recorded: "prices in Đắk Lắk" is a filter
   * on this column, since the trade domain may not join the reference tables.
   */
  @Property({ type: "string", length: 8 })
  @Field({ description: "ISO 3166-2:VN code of the market's province when the price was observed (the unit it was made under)." })
  marketProvinceCode!: string;

  @Property({ type: "date" })
  @Field(() => LocalDateScalar, { description: "The day the price was observed (Asia/Ho_Chi_Minh)." })
  observedOn!: string;

  @Property({ type: "string", length: 16 })
  @Field(() => PriceType, { description: "Farm-gate, wholesale or retail." })
  priceType!: PriceType;

  @Property({ type: "decimal", precision: 18, scale: 0 })
  @Field(() => DecimalScalar, { description: 'The price in VND per `unit`, e.g. "126500" VND per kg.' })
  priceVnd!: string;

  /** Copied from the commodity's standard unit when recorded and never converted: series are split by it. */
  @Property({ type: "string", length: 32 })
  @Field({ description: 'The unit the price is quoted in (the commodity\'s standard unit when recorded), e.g. "kg".' })
  unit!: string;

  @ManyToOne(() => AgencyEntity, { ref: true })
  @Index()
  sourceAgency!: Ref<AgencyEntity>;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: 'A remark of the reporting agency, e.g. "loại 1, hàng xuất khẩu".' })
  note!: string | null;

  get dataset(): Dataset {
    return Dataset.TRADE;
  }
}
