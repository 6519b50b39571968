import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { Dataset } from "../common/visibility.js";
import { AdministrativeUnit } from "./administrative-unit.entity.js";

export enum AgencySector {
  INDUSTRY_TRADE = "INDUSTRY_TRADE",
  SCIENCE_TECHNOLOGY = "SCIENCE_TECHNOLOGY",
  HEALTH = "HEALTH",
  EDUCATION = "EDUCATION",
  AGRICULTURE = "AGRICULTURE",
  PLANNING_INVESTMENT = "PLANNING_INVESTMENT",
  PEOPLES_COMMITTEE = "PEOPLES_COMMITTEE",
  OTHER = "OTHER",
}
registerEnumType(AgencySector, {
  name: "AgencySector",
  description: "The field of a provincial department (sở) or other agency.",
  valuesConfig: {
    INDUSTRY_TRADE: { description: "Department of Industry and Trade (Sở Công Thương)." },
    SCIENCE_TECHNOLOGY: { description: "Department of Science and Technology (Sở Khoa học và Công nghệ)." },
    HEALTH: { description: "Department of Health (Sở Y tế)." },
    EDUCATION: { description: "Department of Education and Training (Sở Giáo dục và Đào tạo)." },
    AGRICULTURE: { description: "Department of Agriculture and Environment (Sở Nông nghiệp và Môi trường)." },
    PLANNING_INVESTMENT: { description: "Department of Finance / investment promotion (Sở Tài chính, trung tâm xúc tiến đầu tư)." },
    PEOPLES_COMMITTEE: { description: "The provincial People's Committee (Ủy ban nhân dân)." },
    OTHER: { description: "Any other agency." },
  },
});

/** A provincial department or other public agency; each belongs to one province. */
@Entity({ tableName: "agency" })
@ObjectType({ implements: [Node, HubRecord], description: "A public agency (e.g. a provincial department) that queries and contributes data; belongs to one province." })
@Classified(Classification.PUBLIC)
export class Agency extends HubRecord {
  @Property({ type: "string" })
  @Unique()
  @Field({ description: 'Stable code of the agency, e.g. "VN-33-SCT" (Đắk Lắk Department of Industry and Trade). Natural key.' })
  code!: string;

  @Property({ type: "text" })
  @Field({ description: "Official Vietnamese name." })
  name!: string;

  @Property({ type: "text" })
  @Field({ description: "English name." })
  nameEn!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @ManyToOne(() => AdministrativeUnit, { ref: true, fieldName: "province_code" })
  @Index()
  province!: Ref<AdministrativeUnit>;

  @Property({ type: "string" })
  @Field(() => AgencySector, { description: "The agency's field." })
  sector!: AgencySector;

  @Property({ type: "string", nullable: true })
  @Field(() => String, { nullable: true, description: "Contact e-mail of the agency, for members of the hub." })
  @Classified(Classification.SHARED)
  contactEmail!: string | null;

  get dataset(): Dataset {
    return Dataset.REFERENCE;
  }
}
