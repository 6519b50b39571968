import { ArrayMaxSize, IsEmail, IsOptional, Length, Max, MaxLength, Min } from "class-validator";
import { Field, Float, ID, InputType, Int } from "type-graphql";
import { LocalDateScalar } from "../common/scalars.js";
import { ListingKind, QualityCertification } from "./listing.entity.js";

/** The listing's content, shared by posting and changing (when changing, what is omitted stays). */
@InputType({ description: "What a listing says." })
export class ListingContentInput {
  @Field(() => String, { nullable: true, description: 'Title, e.g. "Cung cấp 200 tấn cà phê Robusta nhân xô đạt chuẩn 4C". Required when posting.' })
  @IsOptional()
  @Length(5, 200)
  title?: string | null;

  @Field(() => String, { nullable: true, description: "Details: grades, packaging, delivery terms." })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => Float, { nullable: true, description: "Quantity in the commodity's standard unit; omitted, open-ended." })
  @IsOptional()
  @Min(0)
  quantity?: number | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "First day of delivery or purchase." })
  periodFrom?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day of delivery or purchase." })
  periodTo?: string | null;

  @Field(() => [QualityCertification], { nullable: true, description: "Certifications held (offers) or required (demands)." })
  @IsOptional()
  @ArrayMaxSize(4)
  certifications?: QualityCertification[] | null;

  @Field(() => Int, { nullable: true, description: "OCOP stars (3 to 5)." })
  @IsOptional()
  @Min(3)
  @Max(5)
  ocopStars?: number | null;

  @Field(() => String, { nullable: true, description: "Contact person (SHARED: members only)." })
  @IsOptional()
  @MaxLength(120)
  contactName?: string | null;

  @Field(() => String, { nullable: true, description: "Contact telephone (SHARED)." })
  @IsOptional()
  @MaxLength(40)
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: "Contact e-mail (SHARED)." })
  @IsOptional()
  @IsEmail()
  contactEmail?: string | null;
}

@InputType({ description: "A new listing: by an enterprise for itself, or by an agency editor for an enterprise of its province." })
export class PostListingInput extends ListingContentInput {
  @Field(() => String, { nullable: true, description: "A key of your choosing (a UUID) that makes a retry safe: a repeat with the same key and input returns the record the first call created." })
  idempotencyKey?: string | null;

  @Field(() => ID, { nullable: true, description: "The enterprise's global id; omitted by an enterprise posting for itself." })
  enterpriseId?: string | null;

  @Field(() => ListingKind, { description: "Offer (supply) or demand." })
  kind!: ListingKind;

  @Field({ description: 'The commodity\'s code, e.g. "COFFEE_ROBUSTA".' })
  @Length(1, 64)
  commodityCode!: string;
}

@InputType({ description: "A change of an open listing, based on the version read." })
export class UpdateListingInput extends ListingContentInput {
  @Field(() => ID, { description: "The listing's global id." })
  id!: string;

  @Field(() => Int, { description: "The version the change is based on." })
  version!: number;
}
