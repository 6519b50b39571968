import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, PrimaryKeyProp, Property, type Ref } from "@mikro-orm/core";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node, toGlobalId } from "../common/node.js";
import { LocalDateScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";

export enum UnitKind {
  MUNICIPALITY = "MUNICIPALITY",
  PROVINCE = "PROVINCE",
}
registerEnumType(UnitKind, {
  name: "UnitKind",
  description: "The kind of a provincial-level administrative unit.",
  valuesConfig: {
    MUNICIPALITY: { description: "A centrally governed city (thành phố trực thuộc trung ương), e.g. Ho Chi Minh City." },
    PROVINCE: { description: "A province (tỉnh)." },
  },
});

/**
 * A provincial-level unit, identified by its ISO 3166-2:VN code. Units absorbed in the 1 July 2025
 * mergers keep their code as a historical unit with a validity end and a successor, so records made
 * under them keep pointing at the unit they were made under.
 */
@Entity({ tableName: "administrative_unit" })
@ObjectType({ implements: Node, description: "A provincial-level administrative unit (province or centrally governed city), current or historical." })
@Classified(Classification.PUBLIC)
export class AdministrativeUnit extends Node {
  [PrimaryKeyProp]?: "code";
  [OptionalProps]?: "ownerProvinceCodes" | "dataset" | "globalId";

  @PrimaryKey({ type: "string", length: 8 })
  @Field({ description: 'ISO 3166-2:VN code, e.g. "VN-SG" (Ho Chi Minh City) or "VN-28" (Kon Tum, historical).' })
  code!: string;

  @Property({ type: "text" })
  @Field({ description: 'Vietnamese name with diacritics, e.g. "Đắk Lắk".' })
  name!: string;

  @Property({ type: "text" })
  @Field({ description: 'English name, e.g. "Dak Lak".' })
  nameEn!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @Property({ type: "string" })
  @Field(() => UnitKind, { description: "Municipality or province." })
  kind!: UnitKind;

  @Property({ type: "date", nullable: true })
  @Field(() => LocalDateScalar, { nullable: true, description: "First day of the unit in its current form (the merge date for merged units); null when long-standing." })
  validFrom!: string | null;

  @Property({ type: "date", nullable: true })
  @Field(() => LocalDateScalar, { nullable: true, description: "Last day the unit existed; null for today's units. Historical units ended on 2025-06-30." })
  validTo!: string | null;

  @ManyToOne(() => AdministrativeUnit, { ref: true, nullable: true, fieldName: "successor_code" })
  successor!: Ref<AdministrativeUnit> | null;

  @Property({ type: "boolean", default: false })
  @Field({ description: "Whether the unit signed the HCMC–Central Highlands cooperation programme (HCMC, Kon Tum, Gia Lai, Đắk Lắk, Đắk Nông, Lâm Đồng) or is one of today's five member units." })
  programmeMember!: boolean;

  /** Whether the unit still exists on `day` (YYYY-MM-DD): no validity end, or one not reached yet. */
  isCurrentOn(day: string): boolean {
    return this.validTo === null || this.validTo >= day;
  }

  /** The unit that has absorbed this one by `day`: a successor owns its predecessor's records from the merge date, not before. */
  successorOn(day: string): string | null {
    return this.successor && this.validTo !== null && this.validTo < day ? this.successor.code : null;
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
