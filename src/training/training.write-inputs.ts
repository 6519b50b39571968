import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength, Min, ValidateNested } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { DecimalScalar, LocalDateScalar } from "../common/scalars.js";
import { TrainingLinkKind, TrainingLinkStatus } from "./training-link.entity.js";
import { TrainingOutcomeKind } from "./training-outcome.entity.js";

@InputType({ description: "A person on a link's roster (personal data: CONFIDENTIAL)." })
export class TrainingParticipantInput {
  @Field({ description: "Full name with diacritics." })
  @Length(2, 120)
  fullName!: string;

  @Field(() => String, { nullable: true, description: "Role or position." })
  @IsOptional()
  @MaxLength(200)
  position?: string | null;

  @Field(() => String, { nullable: true, description: "Workplace." })
  @IsOptional()
  @MaxLength(200)
  workplace?: string | null;

  @Field({ defaultValue: false, description: "Whether the person received the link's certificate." })
  certified!: boolean;
}

@InputType({ description: "A measured result of a link." })
export class TrainingOutcomeInput {
  @Field(() => TrainingOutcomeKind, { description: "What the value counts." })
  kind!: TrainingOutcomeKind;

  @Field(() => Int, { description: "The value." })
  @Min(0)
  value!: number;

  @Field(() => String, { nullable: true, description: "What was measured." })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;

  @Field(() => LocalDateScalar, { description: "The day the value was recorded." })
  recordedOn!: string;
}

@InputType({ description: "A new training link with its roster and outcomes, by an agency editor of the institution's or the partner's province." })
export class RecordTrainingLinkInput {
  @Field(() => String, { nullable: true, description: "A key of your choosing (a UUID) that makes a retry safe: a repeat with the same key and input returns the record the first call created." })
  idempotencyKey?: string | null;

  @Field(() => ID, { description: "The institution's global id." })
  institutionId!: string;

  @Field(() => ID, { nullable: true, description: "The programme's global id, if the link belongs to one." })
  programmeId?: string | null;

  @Field({ description: "Today's ISO code of the partner province." })
  @Matches(/^VN-[0-9A-Z]{2}$/, { message: "partnerProvinceCode must be an ISO 3166-2:VN code such as VN-29" })
  partnerProvinceCode!: string;

  @Field(() => String, { nullable: true, description: "The partner organisation there." })
  @IsOptional()
  @MaxLength(200)
  partnerOrganisation?: string | null;

  @Field(() => TrainingLinkKind, { description: "What the link is." })
  kind!: TrainingLinkKind;

  @Field({ description: "Its title." })
  @Length(5, 300)
  title!: string;

  @Field(() => LocalDateScalar, { description: "First day." })
  periodFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day; omitted while open-ended." })
  periodTo?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "How many took part. Omitted, the hub records the greatest PEOPLE_TRAINED outcome or the roster's size, whichever is larger (null when there is neither). A count below a PEOPLE_TRAINED outcome is refused (BAD_USER_INPUT): everyone trained took part.",
  })
  @IsOptional()
  @Min(0)
  participantCount?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Budget in VND (RESTRICTED)." })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: "budgetVnd must be a whole number of VND" })
  budgetVnd?: string | null;

  @Field(() => TrainingLinkStatus, { defaultValue: TrainingLinkStatus.PLANNED, description: "Where it stands." })
  status!: TrainingLinkStatus;

  @Field(() => [TrainingParticipantInput], { defaultValue: [], description: "The roster." })
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  participants!: TrainingParticipantInput[];

  @Field(() => [TrainingOutcomeInput], { defaultValue: [], description: "Outcomes measured so far." })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  outcomes!: TrainingOutcomeInput[];
}

@InputType({ description: "A change of a training link by its contributing province; what is omitted stays." })
export class UpdateTrainingLinkInput {
  @Field(() => ID, { description: "The link's global id." })
  id!: string;

  @Field(() => Int, { description: "The version the change is based on." })
  version!: number;

  @Field(() => TrainingLinkStatus, { nullable: true, description: "New status." })
  status?: TrainingLinkStatus | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "New last day." })
  periodTo?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "New participant count; null clears it. A count below one of the link's PEOPLE_TRAINED outcomes (recorded or added) is refused (BAD_USER_INPUT). A link left without a count takes its greatest PEOPLE_TRAINED outcome, so adding one to such a link records the count too.",
  })
  @IsOptional()
  @Min(0)
  participantCount?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "New budget in VND." })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: "budgetVnd must be a whole number of VND" })
  budgetVnd?: string | null;

  @Field(() => [TrainingParticipantInput], { defaultValue: [], description: "People to add to the roster." })
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  addParticipants!: TrainingParticipantInput[];

  @Field(() => [TrainingOutcomeInput], { defaultValue: [], description: "Outcomes to add. A PEOPLE_TRAINED outcome above the link's participant count is refused; on a link without a count it sets the count." })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  addOutcomes!: TrainingOutcomeInput[];
}
