import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { HubRecord } from "../common/record.entity.js";
import { AdministrativeUnitEntity } from "../reference/administrative-unit.entity.js";
import { AgencyEntity } from "../reference/agency.entity.js";
import { CommodityEntity } from "../reference/commodity.entity.js";

/** A month's shipments of one commodity from one province to another; owned by both ends. */
@Entity({ tableName: "trade_flow" })
@Unique({ name: "trade_flow_natural_key", properties: ["month", "origin", "destination", "commodity"] })
// The natural key starts with month; queries by one end or by commodity use these.
@Index({ name: "trade_flow_origin_month", properties: ["origin", "month"] })
@Index({ name: "trade_flow_destination_month", properties: ["destination", "month"] })
@Index({ name: "trade_flow_commodity_month", properties: ["commodity", "month"] })
export class TradeFlowEntity extends HubRecord {
  /** YYYY-MM: a text column orders and compares like the months it holds. */
  @Property({ type: "string", length: 7 })
  month!: string;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "origin_code" })
  origin!: Ref<AdministrativeUnitEntity>;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "destination_code" })
  destination!: Ref<AdministrativeUnitEntity>;

  @ManyToOne(() => CommodityEntity, { ref: true })
  commodity!: Ref<CommodityEntity>;

  @Property({ type: "double" })
  volume!: number;

  @Property({ type: "string", length: 32 })
  unit!: string;

  @Property({ type: "decimal", precision: 20, scale: 0, nullable: true })
  valueVnd!: string | null;

  @ManyToOne(() => AgencyEntity, { ref: true })
  @Index()
  sourceAgency!: Ref<AgencyEntity>;
}
