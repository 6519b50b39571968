import { Field, Float, InputType, Int, registerEnumType } from "type-graphql";
import { DateRangeInput } from "../common/period.js";
import { ProvinceFilter } from "../reference/index.js";
import { AssessmentStatus } from "./assessment.entity.js";
import { TechnologyLevel } from "./levels.js";

@InputType({ description: "A range of scores, both ends inclusive; either end may be omitted." })
export class ScoreRangeInput {
  @Field(() => Float, { nullable: true, description: "Lowest score (inclusive)." })
  min?: number | null;

  @Field(() => Float, { nullable: true, description: "Highest score (inclusive)." })
  max?: number | null;
}

@InputType({ description: "Filters of the assessment list; all given conditions apply together." })
export class AssessmentFilter {
  @Field(() => ProvinceFilter, { nullable: true, description: "The assessed enterprises' provinces (the assessments' owners)." })
  province?: ProvinceFilter | null;

  @Field(() => [String], {
    nullable: true,
    description: 'VSIC 2018 code prefixes of the enterprise\'s main business line when assessed: "10" food manufacturing, "1077" coffee production.',
  })
  vsicPrefixes?: string[] | null;

  @Field(() => [TechnologyLevel], {
    nullable: true,
    description: "Levels. Only published assessments match: a draft's level is not public, so filtering on it must not reveal it.",
  })
  levels?: TechnologyLevel[] | null;

  @Field(() => [AssessmentStatus], { nullable: true, description: "Statuses; omitted, drafts and published assessments the caller may see." })
  statuses?: AssessmentStatus[] | null;

  @Field(() => DateRangeInput, { nullable: true, description: "The days the assessments were made (`assessedOn`)." })
  period?: DateRangeInput | null;

  @Field(() => ScoreRangeInput, {
    nullable: true,
    description:
      "Total score (a RESTRICTED value). Only assessments whose scores the caller reads as their owner can match (its own province's and its predecessors', an enterprise's own), so the filter never reveals a score; rows read under an agreement do not match (read their `totalScore` instead, which is audited); anonymous callers and hub administrators, who may read none, get FORBIDDEN.",
  })
  totalScore?: ScoreRangeInput | null;
}

@InputType({ description: "Filters of the technology-level statistics (published assessments only)." })
export class TechnologyStatisticsFilter {
  @Field(() => ProvinceFilter, { nullable: true, description: "The assessed enterprises' provinces." })
  province?: ProvinceFilter | null;

  @Field(() => [String], { nullable: true, description: 'VSIC 2018 code prefixes, e.g. "10" (food manufacturing) or "1077" (coffee).' })
  vsicPrefixes?: string[] | null;

  @Field(() => Int, { nullable: true, description: "Calendar year of the assessments (`assessedOn`); omitted, every year (an enterprise assessed twice counts twice)." })
  year?: number | null;
}

export enum TechnologyStatisticsDimension {
  PROVINCE = "PROVINCE",
  SECTOR = "SECTOR",
}
registerEnumType(TechnologyStatisticsDimension, {
  name: "TechnologyStatisticsDimension",
  description: "Fixed dimensions the technology-level statistics can be grouped by.",
  valuesConfig: {
    PROVINCE: { description: "The assessed enterprise's province (today's unit when rolled up)." },
    SECTOR: { description: "The VSIC 2018 division (first two digits of the business line), e.g. \"10\" food manufacturing." },
  },
});
