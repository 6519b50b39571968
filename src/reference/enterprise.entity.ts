import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { DecimalScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { AdministrativeUnit } from "./administrative-unit.entity.js";

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
@ObjectType({ implements: [Node, HubRecord], description: "A registered enterprise (producer, processor, trader…), owned by the province it is registered in." })
@Classified(Classification.PUBLIC)
export class Enterprise extends HubRecord {
  @Property({ type: "string", length: 14 })
  @Unique()
  @Field(() => String, { nullable: true, description: "Tax code (mã số thuế), 10 digits or 10+3 for branches. Natural key." })
  @Classified(Classification.SHARED)
  taxCode!: string;

  @Property({ type: "text" })
  @Field({ description: "Registered Vietnamese name." })
  name!: string;

  @Property({ type: "text" })
  @Index()
  searchName!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @ManyToOne(() => AdministrativeUnit, { ref: true, fieldName: "province_code" })
  @Index()
  province!: Ref<AdministrativeUnit>;

  @Property({ type: "string", length: 5 })
  @Index()
  @Field({ description: 'Main business line, a VSIC 2018 code (Decision 27/2018/QD-TTg), e.g. "1077" (coffee production).' })
  vsicCode!: string;

  @Property({ type: "string" })
  @Field(() => EnterpriseSize, { description: "Size class." })
  size!: EnterpriseSize;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "Registered address." })
  @Classified(Classification.SHARED)
  address!: string | null;

  @Property({ type: "integer", nullable: true })
  @Field(() => Int, { nullable: true, description: "Employees at the last report." })
  @Classified(Classification.RESTRICTED)
  employees!: number | null;

  @Property({ type: "decimal", precision: 20, scale: 0, nullable: true })
  @Field(() => DecimalScalar, { nullable: true, description: "Annual revenue in VND at the last report (enterprise financials)." })
  @Classified(Classification.RESTRICTED)
  annualRevenueVnd!: string | null;

  @Property({ type: "boolean", default: false })
  synthetic!: boolean;

  get dataset(): Dataset {
    return Dataset.REFERENCE;
  }

  /** An enterprise may read its own protected fields (its financials). */
  override get subjectEnterpriseId(): number | null {
    return this.id;
  }
}
