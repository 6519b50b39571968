import { ArrayType, Entity, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";

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
@ObjectType({ description: "A CSV import: how many rows it held, how many were new and how many were already recorded (a file imported twice adds nothing)." })
@Classified(Classification.PUBLIC)
export class DataImport {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property({ type: "string", length: 32 })
  @Field(() => ImportKind, { description: "What was imported." })
  kind!: ImportKind;

  @Property({ type: "string", length: 64 })
  @Field({ description: "SHA-256 of the file as received." })
  fileSha256!: string;

  @Property({ type: "integer" })
  @Field(() => Int, { description: "Data rows in the file." })
  rowCount!: number;

  @Property({ type: "integer" })
  @Field(() => Int, { description: "Rows that were new and were written." })
  insertedCount!: number;

  @Property({ type: "integer" })
  @Field(() => Int, { description: "Rows already recorded with the same values (found by their natural keys), left as they were." })
  alreadyPresentCount!: number;

  @Property({ type: "string", length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: "The importing agency's code." })
  agencyCode!: string | null;

  @Property({ type: ArrayType, columnType: "text[]" })
  @Field(() => [String], { description: "The provinces owning the imported records." })
  ownerProvinceCodes!: string[];

  @Property({ type: ArrayType, columnType: "text[]" })
  @Field(() => [String], { description: "The commodities in the file (codes)." })
  commodityCodes!: string[];

  @Property({ type: ArrayType, columnType: "text[]" })
  @Field(() => [String], { description: "The markets in the file (codes; price imports)." })
  marketCodes!: string[];

  @Property({ type: "timestamptz" })
  @Field(() => Date, { description: "When the import committed." })
  importedAt!: Date;

}
