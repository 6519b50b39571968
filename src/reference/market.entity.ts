import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
import { AdministrativeUnitEntity } from "./administrative-unit.entity.js";

export enum MarketKind {
  WHOLESALE = "WHOLESALE",
  RETAIL = "RETAIL",
  PURCHASING_POINT = "PURCHASING_POINT",
}
registerEnumType(MarketKind, {
  name: "MarketKind",
  description: "The kind of place where prices are observed.",
  valuesConfig: {
    WHOLESALE: { description: "A wholesale market (chợ đầu mối), e.g. Bình Điền or Thủ Đức." },
    RETAIL: { description: "A retail market or supermarket." },
    PURCHASING_POINT: { description: "A farm-gate purchasing area (điểm thu mua), where farm-gate prices are collected." },
  },
});

/** A market where prices are observed. */
@Entity({ tableName: "market" })
export class MarketEntity extends HubRecord {
  @Property({ type: "string" })
  @Unique()
  code!: string;

  @Property({ type: "text" })
  name!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "province_code" })
  @Index()
  province!: Ref<AdministrativeUnitEntity>;

  @Property({ type: "string" })
  kind!: MarketKind;
}
