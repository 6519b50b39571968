import { Field, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node, toGlobalId } from "../common/node.js";
import { OwnedRecord } from "../common/owned-record.js";
import { DecimalScalar, LocalDateScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { AgencySector } from "./agency.entity.js";
import { EnterpriseSize } from "./enterprise.entity.js";
import { MarketKind } from "./market.entity.js";
import { UnitKind } from "./administrative-unit.entity.js";

/**
 * The read models of reference data (see src/common/read-model.ts): what readers see of units,
 * agencies, enterprises, commodities and markets, filled from their tables' rows.
 */

@ObjectType({ implements: Node, description: "A provincial-level administrative unit (province or centrally governed city), current or historical." })
@Classified(Classification.PUBLIC)
export class AdministrativeUnit extends Node {
  @Field({ description: 'ISO 3166-2:VN code, e.g. "VN-SG" (Ho Chi Minh City) or "VN-28" (Kon Tum, historical).' })
  code!: string;

  @Field({ description: 'Vietnamese name with diacritics, e.g. "Đắk Lắk".' })
  name!: string;

  @Field({ description: 'English name, e.g. "Dak Lak".' })
  nameEn!: string;

  sortName!: string;

  @Field(() => UnitKind, { description: "Municipality or province." })
  kind!: UnitKind;

  @Field(() => LocalDateScalar, { nullable: true, description: "First day of the unit in its current form (the merge date for merged units); null when long-standing." })
  validFrom!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day the unit existed; null for today's units. Historical units ended on 2025-06-30." })
  validTo!: string | null;

  /** The unit that absorbed this one (historical units only). */
  successorCode!: string | null;

  @Field({ description: "Whether the unit signed the HCMC–Central Highlands cooperation programme (HCMC, Kon Tum, Gia Lai, Đắk Lắk, Đắk Nông, Lâm Đồng) or is one of today's five member units." })
  programmeMember!: boolean;

  /** Whether the unit still exists on `day` (YYYY-MM-DD): no validity end, or one not reached yet. */
  isCurrentOn(day: string): boolean {
    return this.validTo === null || this.validTo >= day;
  }

  /** The unit that has absorbed this one by `day`: a successor owns its predecessor's records from the merge date, not before. */
  successorOn(day: string): string | null {
    return this.successorCode && this.validTo !== null && this.validTo < day ? this.successorCode : null;
  }

  @Field(() => [String], { description: "The unit's own code: a unit owns itself." })
  get ownerProvinceCodes(): string[] {
    return [this.code];
  }

  get dataset(): Dataset {
    return Dataset.REFERENCE;
  }

  override get globalId(): string {
    return toGlobalId("AdministrativeUnit", this.code);
  }
}

/** What every reference read model shares: its dataset, which agreements name. */
abstract class ReferenceRecord extends OwnedRecord {
  get dataset(): Dataset {
    return Dataset.REFERENCE;
  }
}

@ObjectType({ implements: [Node, OwnedRecord], description: "A public agency (e.g. a provincial department) that queries and contributes data; belongs to one province." })
@Classified(Classification.PUBLIC)
export class Agency extends ReferenceRecord {
  @Field({ description: 'Stable code of the agency, e.g. "VN-33-SCT" (Đắk Lắk Department of Industry and Trade). Natural key.' })
  code!: string;

  @Field({ description: "Official Vietnamese name." })
  name!: string;

  @Field({ description: "English name." })
  nameEn!: string;

  sortName!: string;

  provinceCode!: string;

  @Field(() => AgencySector, { description: "The agency's field." })
  sector!: AgencySector;

  @Field(() => String, { nullable: true, description: "Contact e-mail of the agency, for members of the hub." })
  @Classified(Classification.SHARED)
  contactEmail!: string | null;
}

@ObjectType({ implements: [Node, OwnedRecord], description: "A registered enterprise (producer, processor, trader…), owned by the province it is registered in." })
@Classified(Classification.PUBLIC)
export class Enterprise extends ReferenceRecord {
  @Field(() => String, { nullable: true, description: "Tax code (mã số thuế), 10 digits or 10+3 for branches. Natural key." })
  @Classified(Classification.SHARED)
  taxCode!: string;

  @Field({ description: "Registered Vietnamese name." })
  name!: string;

  searchName!: string;
  sortName!: string;
  provinceCode!: string;

  @Field({ description: 'Main business line, a VSIC 2018 code (Decision 27/2018/QD-TTg), e.g. "1077" (coffee production).' })
  vsicCode!: string;

  @Field(() => EnterpriseSize, { description: "Size class." })
  size!: EnterpriseSize;

  @Field(() => String, { nullable: true, description: "Registered address." })
  @Classified(Classification.SHARED)
  address!: string | null;

  @Field(() => Int, { nullable: true, description: "Employees at the last report." })
  @Classified(Classification.RESTRICTED)
  employees!: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Annual revenue in VND at the last report (enterprise financials)." })
  @Classified(Classification.RESTRICTED)
  annualRevenueVnd!: string | null;

  synthetic!: boolean;


  /** An enterprise may read its own protected fields (its financials). */
  override get subjectEnterpriseId(): number | null {
    return this.id;
  }
}

@ObjectType({ implements: [Node, OwnedRecord], description: "A traded agricultural or industrial good (coffee, pepper, durian…) with its standard unit of measure." })
@Classified(Classification.PUBLIC)
export class Commodity extends ReferenceRecord {
  @Field({ description: 'Stable code, e.g. "COFFEE_ROBUSTA". Natural key.' })
  code!: string;

  @Field({ description: 'Vietnamese name, e.g. "Cà phê Robusta nhân xô".' })
  name!: string;

  @Field({ description: 'English name, e.g. "Robusta coffee, green beans".' })
  nameEn!: string;

  searchName!: string;
  sortName!: string;

  @Field({ description: 'The unit every price of this commodity is quoted in, e.g. "kg".' })
  standardUnit!: string;

  @Field(() => String, { nullable: true, description: 'HS code where one fits, e.g. "0901.11" for coffee, not roasted, not decaffeinated.' })
  hsCode!: string | null;

  @Field({ description: 'Group of the commodity, e.g. "Cây công nghiệp" (industrial crops), "Trái cây" (fruit).' })
  category!: string;
}

@ObjectType({ implements: [Node, OwnedRecord], description: "A market or purchasing area where prices are observed." })
@Classified(Classification.PUBLIC)
export class Market extends ReferenceRecord {
  @Field({ description: 'Stable code, e.g. "HCM-BINH-DIEN". Natural key.' })
  code!: string;

  @Field({ description: 'Vietnamese name, e.g. "Chợ đầu mối Bình Điền".' })
  name!: string;

  sortName!: string;
  provinceCode!: string;

  @Field(() => MarketKind, { description: "Wholesale, retail or farm-gate purchasing point." })
  kind!: MarketKind;
}
