import { Field, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { ImportKind } from "./data-import.entity.js";

/** One import of a CSV file, as readers see it (the read model of `data_import`; src/common/read-model.ts). */
@ObjectType({ description: "A CSV import: how many rows it held, how many were new and how many were already recorded (a file imported twice adds nothing)." })
@Classified(Classification.PUBLIC)
export class DataImport {
  id!: number;

  @Field(() => ImportKind, { description: "What was imported." })
  kind!: ImportKind;

  @Field({ description: "SHA-256 of the file as received." })
  fileSha256!: string;

  @Field(() => Int, { description: "Data rows in the file." })
  rowCount!: number;

  @Field(() => Int, { description: "Rows that were new and were written." })
  insertedCount!: number;

  @Field(() => Int, { description: "Rows already recorded with the same values (found by their natural keys), left as they were." })
  alreadyPresentCount!: number;

  @Field(() => String, { nullable: true, description: "The importing agency's code." })
  agencyCode!: string | null;

  @Field(() => [String], { description: "The provinces owning the imported records." })
  ownerProvinceCodes!: string[];

  @Field(() => [String], { description: "The commodities in the file (codes)." })
  commodityCodes!: string[];

  @Field(() => [String], { description: "The markets in the file (codes; price imports)." })
  marketCodes!: string[];

  @Field(() => Date, { description: "When the import committed." })
  importedAt!: Date;

}
