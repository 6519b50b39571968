import { Entity, Index, ManyToOne, PrimaryKey, PrimaryKeyProp, Property, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";

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
export class AdministrativeUnitEntity {
  [PrimaryKeyProp]?: "code";

  @PrimaryKey({ type: "string", length: 8 })
  code!: string;

  @Property({ type: "text" })
  name!: string;

  @Property({ type: "text" })
  nameEn!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @Property({ type: "string" })
  kind!: UnitKind;

  @Property({ type: "date", nullable: true })
  validFrom!: string | null;

  @Property({ type: "date", nullable: true })
  validTo!: string | null;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, nullable: true, fieldName: "successor_code" })
  successor!: Ref<AdministrativeUnitEntity> | null;

  @Property({ type: "boolean", default: false })
  programmeMember!: boolean;
}
