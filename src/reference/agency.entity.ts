import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
import { AdministrativeUnitEntity } from "./administrative-unit.entity.js";

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
export class AgencyEntity extends HubRecord {
  @Property({ type: "string" })
  @Unique()
  code!: string;

  @Property({ type: "text" })
  name!: string;

  @Property({ type: "text" })
  nameEn!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "province_code" })
  @Index()
  province!: Ref<AdministrativeUnitEntity>;

  @Property({ type: "string" })
  sector!: AgencySector;

  @Property({ type: "string", nullable: true })
  contactEmail!: string | null;
}
