import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
import { AdministrativeUnitEntity } from "./administrative-unit.entity.js";

export enum EnterpriseSize {
  MICRO = "MICRO",
  SMALL = "SMALL",
  MEDIUM = "MEDIUM",
  LARGE = "LARGE",
}
registerEnumType(EnterpriseSize, {
  name: "EnterpriseSize",
  description: "Enterprise size under Decree 80/2021/ND-CP (by employees and revenue or capital).",
  valuesConfig: {
    MICRO: { description: "Micro enterprise (doanh nghiệp siêu nhỏ)." },
    SMALL: { description: "Small enterprise (doanh nghiệp nhỏ)." },
    MEDIUM: { description: "Medium enterprise (doanh nghiệp vừa)." },
    LARGE: { description: "Large enterprise (doanh nghiệp lớn)." },
  },
});

/** A registered enterprise, known by its tax code; owned by its province. */
@Entity({ tableName: "enterprise" })
export class EnterpriseEntity extends HubRecord {
  @Property({ type: "string", length: 14 })
  @Unique()
  taxCode!: string;

  @Property({ type: "text" })
  name!: string;

  @Property({ type: "text" })
  @Index()
  searchName!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "province_code" })
  @Index()
  province!: Ref<AdministrativeUnitEntity>;

  @Property({ type: "string", length: 5 })
  @Index()
  vsicCode!: string;

  @Property({ type: "string" })
  size!: EnterpriseSize;

  @Property({ type: "text", nullable: true })
  address!: string | null;

  @Property({ type: "integer", nullable: true })
  employees!: number | null;

  @Property({ type: "decimal", precision: 20, scale: 0, nullable: true })
  annualRevenueVnd!: string | null;

  @Property({ type: "boolean", default: false })
  synthetic!: boolean;
}
