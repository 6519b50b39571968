import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
import { AgencyEntity } from "../reference/agency.entity.js";
import { CommodityEntity } from "../reference/commodity.entity.js";
import { MarketEntity } from "../reference/market.entity.js";

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
export class PriceObservationEntity extends HubRecord {
  /** Optimistic concurrency: each change states the version it read, and a stale one is refused with CONFLICT. */
  @Property({ type: "integer", default: 1 })
  version: number = 1;

  // The three references are checked per statement by triggers, not by foreign keys, which check
  // every row of a million-row import on its own (Migration20261205120000_price_references).
  @ManyToOne(() => CommodityEntity, { ref: true, createForeignKeyConstraint: false })
  commodity!: Ref<CommodityEntity>;

  @ManyToOne(() => MarketEntity, { ref: true, createForeignKeyConstraint: false })
  market!: Ref<MarketEntity>;

  /**
   * The market's province, copied when the observation is recorded: "prices in Đắk Lắk" is a filter
   * on this column, since the trade domain may not join the reference tables.
   */
  @Property({ type: "string", length: 8 })
  marketProvinceCode!: string;

  @Property({ type: "date" })
  observedOn!: string;

  @Property({ type: "string", length: 16 })
  priceType!: PriceType;

  @Property({ type: "decimal", precision: 18, scale: 0 })
  priceVnd!: string;

  /** Copied from the commodity's standard unit when recorded and never converted: series are split by it. */
  @Property({ type: "string", length: 32 })
  unit!: string;

  @ManyToOne(() => AgencyEntity, { ref: true, createForeignKeyConstraint: false })
  @Index()
  sourceAgency!: Ref<AgencyEntity>;

  @Property({ type: "text", nullable: true })
  note!: string | null;
}
