import { ArrayType, Entity, PrimaryKey, Property } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";

export enum ImportKind {
  PRICE_OBSERVATIONS = "PRICE_OBSERVATIONS",
  TRADE_FLOWS = "TRADE_FLOWS",
}
registerEnumType(ImportKind, {
  name: "ImportKind",
  description: "What a CSV import brings in.",
  valuesConfig: {
    PRICE_OBSERVATIONS: { description: "Price observations (columns commodity_code, market_code, observed_on, price_type, price_vnd, note)." },
    TRADE_FLOWS: { description: "Monthly trade flows (columns month, origin_code, destination_code, commodity_code, volume, unit, value_vnd)." },
  },
});

/** One import of a CSV file: what it brought, by whom; the file itself is not kept. */
@Entity({ tableName: "data_import" })
export class DataImportEntity {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property({ type: "string", length: 32 })
  kind!: ImportKind;

  @Property({ type: "string", length: 64 })
  fileSha256!: string;

  @Property({ type: "integer" })
  rowCount!: number;

  @Property({ type: "integer" })
  insertedCount!: number;

  @Property({ type: "integer" })
  alreadyPresentCount!: number;

  @Property({ type: "string", length: 64, nullable: true })
  agencyCode!: string | null;

  @Property({ type: ArrayType, columnType: "text[]" })
  ownerProvinceCodes!: string[];

  @Property({ type: ArrayType, columnType: "text[]" })
  commodityCodes!: string[];

  @Property({ type: ArrayType, columnType: "text[]" })
  marketCodes!: string[];

  @Property({ type: "timestamptz" })
  importedAt!: Date;

}
