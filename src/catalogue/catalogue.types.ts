import { Field, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Dataset } from "../common/visibility.js";

/** One field of a record type, with who may read it: what an agency checks before requesting an agreement. */
@ObjectType({ description: "A field of a record type in the data catalogue, with its classification." })
@Classified(Classification.PUBLIC)
export class CatalogueField {
  @Field({ description: "The field's name in the schema." })
  name!: string;

  @Field({ description: "Its GraphQL type, as in the SDL (e.g. `Decimal`, `[TrainingParticipant!]`)." })
  type!: string;

  @Field(() => String, { nullable: true, description: "Its description in the SDL." })
  description!: string | null;

  @Field(() => Classification, { description: "Who may read it (the field's own classification, else its type's)." })
  classification!: Classification;
}

/** How much of a record type a province owns and when it last changed. */
@ObjectType({ description: "The records of one type owned by one province, as far as the caller may see them." })
@Classified(Classification.PUBLIC)
export class ProvinceFreshness {
  @Field({ description: "ISO 3166-2:VN code of the owning province, as the records were made (historical codes kept)." })
  provinceCode!: string;

  @Field(() => Int, { description: "Records of this type the province owns (a record with two owners counts for each)." })
  recordCount!: number;

  @Field(() => Date, { description: "The latest creation or update of one of those records." })
  lastUpdatedAt!: Date;
}

/** A record type of a dataset: its fields' classifications, its size and its freshness by province. */
@ObjectType({ description: "A record type of the hub (an `OwnedRecord` type of the schema) in the data catalogue." })
@Classified(Classification.PUBLIC)
export class CatalogueRecordType {
  @Field({ description: "The GraphQL type's name, as queried through its list query or `node(id)`." })
  typeName!: string;

  @Field(() => String, { nullable: true, description: "The type's description in the SDL." })
  description!: string | null;

  @Field(() => [CatalogueField], { description: "Every field of the type with its classification, by name." })
  fields!: CatalogueField[];

  @Field(() => Int, { description: "Records of this type the caller may see (rows hidden from the caller, such as others' drafts, are not counted)." })
  recordCount!: number;

  @Field(() => Date, { nullable: true, description: "The latest creation or update of one of those records; null when there are none." })
  lastUpdatedAt!: Date | null;

  @Field(() => [ProvinceFreshness], { description: "Records and latest update per owning province, by province code." })
  freshness!: ProvinceFreshness[];
}

/** A dataset as agreements name it, with its record types. */
@ObjectType({ description: "A dataset of the hub, as data-sharing agreements name it, with what it holds." })
@Classified(Classification.PUBLIC)
export class CatalogueDataset {
  @Field(() => Dataset, { description: "The dataset, as an agreement's `datasets` names it." })
  dataset!: Dataset;

  @Field({ description: "What the dataset holds." })
  description!: string;

  @Field(() => [CatalogueRecordType], { description: "Its record types, by name." })
  recordTypes!: CatalogueRecordType[];

  @Field(() => Int, { description: "Records of all its types the caller may see." })
  recordCount!: number;

  @Field(() => [String], { description: "The provinces owning at least one of those records, by code: the grantors an agreement can be requested from." })
  ownerProvinceCodes!: string[];

  @Field(() => Date, { nullable: true, description: "The latest creation or update of one of its records; null when it holds none." })
  lastUpdatedAt!: Date | null;
}
