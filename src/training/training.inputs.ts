import { Field, InputType } from "type-graphql";
import { DateRangeInput } from "../common/period.js";
import { ProvinceFilter } from "../reference/index.js";
import { InstitutionKind } from "./institution.entity.js";
import { ProgrammeLevel } from "./programme.entity.js";
import { TrainingLinkKind, TrainingLinkStatus } from "./training-link.entity.js";
import { TrainingOutcomeKind } from "./training-outcome.entity.js";
import { SearchText } from "../limits/input-text.js";

@InputType({ description: "Filters of the institution list." })
export class InstitutionFilter {
  @Field(() => ProvinceFilter, { nullable: true, description: "The institutions' provinces." })
  province?: ProvinceFilter | null;

  @Field(() => [InstitutionKind], { nullable: true, description: "Kinds of institution." })
  kinds?: InstitutionKind[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words of the Vietnamese, English or short name, ignoring diacritics and case ("pham ngoc thach" finds "Phạm Ngọc Thạch"). At most 20 words and 200 characters.',
  })
  @SearchText()
  search?: string | null;
}

@InputType({ description: "Filters of the programme list." })
export class ProgrammeFilter {
  @Field(() => ProvinceFilter, { nullable: true, description: "The provinces of the programmes' institutions." })
  institutionProvince?: ProvinceFilter | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Prefixes of the discipline code: "7540101" food technology, "754" food processing, "772" health, "7720301" nursing.',
  })
  disciplinePrefixes?: string[] | null;

  @Field(() => [ProgrammeLevel], { nullable: true, description: "Programme levels." })
  levels?: ProgrammeLevel[] | null;

  @Field(() => String, { nullable: true, description: "Words of the programme's or its discipline's name, ignoring diacritics and case. At most 20 words and 200 characters." })
  @SearchText()
  search?: string | null;

  @Field(() => ProvinceFilter, {
    nullable: true,
    description:
      'Only programmes with at least one training link to these partner provinces (province filter semantics: "VN-29" also matches links to Kon Tum, VN-28, unless `includePredecessors` is false).',
  })
  linkedProvince?: ProvinceFilter | null;
}

@InputType({ description: "Filters of the training-link list." })
export class TrainingLinkFilter {
  @Field(() => ProvinceFilter, { nullable: true, description: "The provinces of the links' institutions." })
  institutionProvince?: ProvinceFilter | null;

  @Field(() => ProvinceFilter, { nullable: true, description: "The partner provinces (a current code also covers the units it absorbed, unless told otherwise)." })
  partnerProvince?: ProvinceFilter | null;

  @Field(() => [TrainingLinkKind], { nullable: true, description: "Kinds of link." })
  kinds?: TrainingLinkKind[] | null;

  @Field(() => [TrainingLinkStatus], { nullable: true, description: "Statuses of link." })
  statuses?: TrainingLinkStatus[] | null;

  @Field(() => DateRangeInput, { nullable: true, description: "Only links whose period overlaps this range (an open-ended link runs until today and beyond)." })
  period?: DateRangeInput | null;

  @Field(() => String, { nullable: true, description: "Words of the title or the partner organisation, ignoring diacritics and case. At most 20 words and 200 characters." })
  @SearchText()
  search?: string | null;
}

@InputType({ description: "Filters of a nested list of training links (under an institution, programme or province)." })
export class NestedTrainingLinkFilter {
  @Field(() => ProvinceFilter, { nullable: true, description: "Only links with these partner provinces (historical codes and successors as in every province filter)." })
  partnerProvince?: ProvinceFilter | null;

  @Field(() => [TrainingLinkKind], { nullable: true, description: "Kinds of link." })
  kinds?: TrainingLinkKind[] | null;

  @Field(() => DateRangeInput, { nullable: true, description: "Only links whose period overlaps this range." })
  period?: DateRangeInput | null;
}

@InputType({ description: "Filters of the training-outcome statistics." })
export class TrainingOutcomeStatisticsFilter {
  @Field(() => DateRangeInput, { nullable: true, description: "Only outcomes recorded within this range (by `recordedOn`)." })
  period?: DateRangeInput | null;

  @Field(() => [TrainingOutcomeKind], { nullable: true, description: "Outcome kinds; all when null." })
  kinds?: TrainingOutcomeKind[] | null;

  @Field(() => [TrainingLinkKind], { nullable: true, description: "Only outcomes of links of these kinds; all when null." })
  linkKinds?: TrainingLinkKind[] | null;

  @Field(() => ProvinceFilter, { nullable: true, description: "Only outcomes of links whose institution is in these provinces." })
  institutionProvince?: ProvinceFilter | null;
}
