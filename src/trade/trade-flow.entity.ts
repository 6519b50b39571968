import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, Float, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { DecimalScalar, YearMonthScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { AdministrativeUnit, Agency, Commodity } from "../reference/index.js";

/** A month's shipments of one commodity from one province to another; owned by both ends. */
@Entity({ tableName: "trade_flow" })
@Unique({ name: "trade_flow_natural_key", properties: ["month", "origin", "destination", "commodity"] })
// The natural key starts with month; queries by one end or by commodity use these.
@Index({ name: "trade_flow_origin_month", properties: ["origin", "month"] })
@Index({ name: "trade_flow_destination_month", properties: ["destination", "month"] })
@Index({ name: "trade_flow_commodity_month", properties: ["commodity", "month"] })
@ObjectType({
  implements: [Node, HubRecord],
  description: "The volume and value of one commodity shipped from an origin province to a destination province in a month; owned by both provinces.",
})
@Classified(Classification.PUBLIC)
export class TradeFlow extends HubRecord {
  /** YYYY-MM: a text column orders and compares like the months it holds. */
  @Property({ type: "string", length: 7 })
  @Field(() => YearMonthScalar, { description: "The month the shipments were made." })
  month!: string;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "origin_code" })
  origin!: Ref<AdministrativeUnitEntity>;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "destination_code" })
  destination!: Ref<AdministrativeUnitEntity>;

  @ManyToOne(() => CommodityEntity, { ref: true })
  commodity!: Ref<CommodityEntity>;

  @Property({ type: "double" })
  @Field(() => Float, { description: "Volume shipped, in `unit`." })
  volume!: number;

  @Property({ type: "string", length: 32 })
  @Field({ description: 'The unit of `volume` (the commodity\'s standard unit when recorded), e.g. "tấn" or "kg".' })
  unit!: string;

  @Property({ type: "decimal", precision: 20, scale: 0, nullable: true })
  @Field(() => DecimalScalar, { nullable: true, description: "Value of the shipments in VND (trade flow values are shared with members only)." })
  @Classified(Classification.SHARED)
  valueVnd!: string | null;

  @ManyToOne(() => AgencyEntity, { ref: true })
  @Index()
  sourceAgency!: Ref<AgencyEntity>;

  get dataset(): Dataset {
    return Dataset.TRADE;
  }
}
