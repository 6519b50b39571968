import { ArrayMaxSize, ArrayNotEmpty, IsOptional, Length, Matches, MaxLength, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { DecimalScalar, LocalDateScalar } from "../common/scalars.js";
import { MemorandumPartyRole, PromotionEventKind } from "./promotion.entity.js";

@InputType({ description: "A trade-promotion event organised by the caller's agency." })
export class RecordPromotionEventInput {
  @Field(() => String, { nullable: true, description: "A key of your choosing (a UUID) that makes a retry safe: a repeat with the same key and input returns the record the first call created." })
  idempotencyKey?: string | null;

  @Field({ description: 'Its name, e.g. "Hội nghị kết nối cung cầu giữa TP.HCM và các tỉnh, thành 2026".' })
  @Length(5, 300)
  name!: string;

  @Field(() => PromotionEventKind, { description: "Kind of event." })
  kind!: PromotionEventKind;

  @Field(() => LocalDateScalar, { description: "First day." })
  startsOn!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day; omitted for a one-day event." })
  endsOn?: string | null;

  @Field(() => String, { nullable: true, description: "Venue." })
  @IsOptional()
  @MaxLength(300)
  venue?: string | null;

  @Field({ description: "Today's ISO code of the province where it takes place." })
  @Matches(/^VN-[0-9A-Z]{2}$/, { message: "hostProvinceCode must be an ISO 3166-2:VN code" })
  hostProvinceCode!: string;
}

@InputType({ description: "A signatory: an enterprise, an agency, or an agency signing for an enterprise." })
export class MemorandumPartyInput {
  @Field(() => ID, { nullable: true, description: "The enterprise's global id." })
  enterpriseId?: string | null;

  @Field(() => String, { nullable: true, description: 'The agency\'s code, e.g. "VN-SG-SCT".' })
  agencyCode?: string | null;

  @Field(() => MemorandumPartyRole, { description: "Its role." })
  role!: MemorandumPartyRole;
}

@InputType({ description: "A memorandum signed by enterprises and/or agencies, recorded by an editor of one of the signatories' provinces." })
export class RecordMemorandumInput {
  @Field(() => String, { nullable: true, description: "A key of your choosing (a UUID) that makes a retry safe: a repeat with the same key and input returns the record the first call created." })
  idempotencyKey?: string | null;

  @Field(() => ID, { nullable: true, description: "The promotion event it was signed at (its global id)." })
  eventId?: string | null;

  @Field(() => LocalDateScalar, { description: "Day of signing." })
  signedOn!: string;

  @Field({ description: "Its title." })
  @Length(5, 300)
  title!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "Its value in VND (RESTRICTED)." })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: "valueVnd must be a whole number of VND" })
  valueVnd?: string | null;

  @Field(() => [MemorandumPartyInput], { description: "The signatories (at least two)." })
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  parties!: MemorandumPartyInput[];
}
