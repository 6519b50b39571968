import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
import { AdministrativeUnitEntity } from "../reference/administrative-unit.entity.js";
import { AgencyEntity } from "../reference/agency.entity.js";
import { PromotionEventEntity } from "./promotion.entity.js";

export enum InvestmentSector {
  AGRICULTURE = "AGRICULTURE",
  AGRO_PROCESSING = "AGRO_PROCESSING",
  MANUFACTURING = "MANUFACTURING",
  ENERGY = "ENERGY",
  TOURISM = "TOURISM",
  INFRASTRUCTURE = "INFRASTRUCTURE",
  LOGISTICS_TRADE = "LOGISTICS_TRADE",
  URBAN_DEVELOPMENT = "URBAN_DEVELOPMENT",
  HEALTH_EDUCATION = "HEALTH_EDUCATION",
  ENVIRONMENT = "ENVIRONMENT",
  OTHER = "OTHER",
}
registerEnumType(InvestmentSector, {
  name: "InvestmentSector",
  description: "Sectors of investment projects as the provinces' promotion lists group them.",
  valuesConfig: {
    AGRICULTURE: { description: "High-tech agriculture, forestry, medicinal herbs (e.g. Ngọc Linh ginseng)." },
    AGRO_PROCESSING: { description: "Processing of agricultural products (coffee, fruit, cashew)." },
    MANUFACTURING: { description: "Other industry and manufacturing, industrial parks and clusters." },
    ENERGY: { description: "Renewable and other energy (solar, wind, hydropower)." },
    TOURISM: { description: "Tourism, resorts and services." },
    INFRASTRUCTURE: { description: "Transport and technical infrastructure." },
    LOGISTICS_TRADE: { description: "Logistics, wholesale markets, commercial centres." },
    URBAN_DEVELOPMENT: { description: "Urban areas and housing." },
    HEALTH_EDUCATION: { description: "Hospitals, schools and other social infrastructure." },
    ENVIRONMENT: { description: "Water supply, waste treatment, environment." },
    OTHER: { description: "Any other sector." },
  },
});

export enum InvestmentProjectStatus {
  CALLING_FOR_INVESTMENT = "CALLING_FOR_INVESTMENT",
  IN_NEGOTIATION = "IN_NEGOTIATION",
  LICENSED = "LICENSED",
  IN_OPERATION = "IN_OPERATION",
  WITHDRAWN = "WITHDRAWN",
}
registerEnumType(InvestmentProjectStatus, {
  name: "InvestmentProjectStatus",
  description: "Where a promoted investment project stands.",
  valuesConfig: {
    CALLING_FOR_INVESTMENT: { description: "On the province's list calling for investment (danh mục kêu gọi đầu tư)." },
    IN_NEGOTIATION: { description: "Investors are surveying or negotiating." },
    LICENSED: { description: "An investment policy decision or registration certificate has been issued." },
    IN_OPERATION: { description: "Built and operating." },
    WITHDRAWN: { description: "Taken off the list." },
  },
});

/** A project a province promotes to investors, owned by the province of the contributing agency. */
@Entity({ tableName: "investment_project" })
@Unique({ name: "investment_project_natural_key", properties: ["province", "name"] })
@Index({ name: "investment_project_province_sector", properties: ["province", "sector"] })
export class InvestmentProjectEntity extends HubRecord {
  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "province_code" })
  province!: Ref<AdministrativeUnitEntity>;

  @Property({ type: "text" })
  name!: string;

  @Property({ type: "text" })
  searchName!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @Property({ type: "string", length: 32 })
  sector!: InvestmentSector;

  @Property({ type: "decimal", precision: 20, scale: 0, nullable: true })
  capitalVnd!: string | null;

  @Property({ type: "double", nullable: true })
  areaHectares!: number | null;

  @Property({ type: "string", length: 32 })
  @Index()
  status!: InvestmentProjectStatus;

  @ManyToOne(() => PromotionEventEntity, { ref: true, nullable: true })
  @Index()
  announcedAt!: Ref<PromotionEventEntity> | null;

  @ManyToOne(() => AgencyEntity, { ref: true })
  @Index()
  sourceAgency!: Ref<AgencyEntity>;
}
