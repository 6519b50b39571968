import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { Dataset } from "../common/visibility.js";
import { AdministrativeUnit } from "./administrative-unit.entity.js";

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
@ObjectType({ implements: [Node, HubRecord], description: "A market or purchasing area where prices are observed." })
@Classified(Classification.PUBLIC)
export class Market extends HubRecord {
  @Property({ type: "string" })
  @Unique()
  @Field({ description: 'Stable code, e.g. "HCM-BINH-DIEN". Natural key.' })
  code!: string;

  @Property({ type: "text" })
  @Field({ description: 'Vietnamese name, e.g. "Chợ đầu mối Bình Điền".' })
  name!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @ManyToOne(() => AdministrativeUnit, { ref: true, fieldName: "province_code" })
  @Index()
  province!: Ref<AdministrativeUnit>;

  @Property({ type: "string" })
  @Field(() => MarketKind, { description: "Wholesale, retail or farm-gate purchasing point." })
  kind!: MarketKind;

  get dataset(): Dataset {
    return Dataset.REFERENCE;
  }
}
