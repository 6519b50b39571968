import { ArrayMaxSize, IsOptional, MaxLength, ValidateNested } from "class-validator";
import { Field, Float, ID, InputType, Int } from "type-graphql";
import { LocalDateScalar } from "../common/scalars.js";

@InputType({ description: "The five group scores of Circular 17/2019/TT-BKHCN (T 0–30, E 0–20, O 0–19, R 0–17, I 0–14)." })
export class GroupScoresInput {
  @Field(() => Float, { description: "T, technology and equipment status (0–30)." })
  T!: number;

  @Field(() => Float, { description: "E, efficiency of technology use (0–20)." })
  E!: number;

  @Field(() => Float, { description: "O, organisation and management capacity (0–19)." })
  O!: number;

  @Field(() => Float, { description: "R, research and development capacity (0–17)." })
  R!: number;

  @Field(() => Float, { description: "I, innovation capacity (0–14)." })
  I!: number;
}

@InputType({ description: "The score of one criterion (1–26)." })
export class CriterionScoreInput {
  @Field(() => Int, { description: "The criterion's number in the Circular." })
  criterion!: number;

  @Field(() => Float, { description: "Points given, up to the criterion's maximum." })
  score!: number;
}

@InputType({ description: "A new draft assessment of an enterprise of the assessor's province." })
export class DraftAssessmentInput {
  @Field(() => ID, { description: "The enterprise's global id." })
  enterpriseId!: string;

  @Field(() => LocalDateScalar, { description: "The day of the assessment (one assessment per enterprise and day)." })
  assessedOn!: string;

  @Field(() => GroupScoresInput, { description: "The five group scores; total, synchrony coefficient and level are computed by the hub." })
  @ValidateNested()
  scores!: GroupScoresInput;

  @Field(() => [CriterionScoreInput], { nullable: true, description: "The criteria's scores, when recorded." })
  @IsOptional()
  @ArrayMaxSize(26)
  @ValidateNested({ each: true })
  criterionScores?: CriterionScoreInput[] | null;

  @Field(() => String, { nullable: true, description: "The assessor's recommendations (CONFIDENTIAL: the owning province's agencies and the enterprise only)." })
  @IsOptional()
  @MaxLength(5000)
  assessorRecommendations?: string | null;
}

@InputType({ description: "A change of a draft assessment; what is omitted stays." })
export class UpdateAssessmentDraftInput {
  @Field(() => ID, { description: "The assessment's global id." })
  id!: string;

  @Field(() => Int, { description: "The version the change is based on." })
  version!: number;

  @Field(() => GroupScoresInput, { nullable: true, description: "New group scores." })
  @IsOptional()
  @ValidateNested()
  scores?: GroupScoresInput | null;

  @Field(() => [CriterionScoreInput], { nullable: true, description: "New criteria scores (replacing the old ones)." })
  @IsOptional()
  @ArrayMaxSize(26)
  @ValidateNested({ each: true })
  criterionScores?: CriterionScoreInput[] | null;

  @Field(() => String, { nullable: true, description: "New recommendations." })
  @IsOptional()
  @MaxLength(5000)
  assessorRecommendations?: string | null;
}
