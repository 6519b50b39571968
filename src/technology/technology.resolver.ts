import { Arg, Args, Ctx, Field, Float, ID, Int, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { DraftAssessmentInput, UpdateAssessmentDraftInput } from "./assessment.inputs.js";
import { AssessmentWrites } from "./assessment.writes.js";
import { Classification, Classified } from "../common/classification.js";
import { ConnectionType, PageArgs, type Page } from "../common/connection.js";
import { withheld } from "../common/errors.js";
import { loadGroupedPage } from "../common/grouped-page.js";
import { LocalDateScalar } from "../common/scalars.js";
import type { HubContext } from "../context.js";
import { AdministrativeUnit, Agency, agencyOf, Enterprise, enterpriseById, type Lookup } from "../reference/index.js";
import { AssessmentStatus } from "./assessment.entity.js";
import { Assessment, CriterionScore } from "./technology.models.js";
import { applyAssessmentFilter, AssessmentService, NEWEST_FIRST } from "./assessment.service.js";
import { CRITERIA_GROUPS, CriteriaGroupCode, LEVEL_RULE, LEVELS, SCALE_SOURCE, SYNCHRONY_FORMULA, TechnologyLevel } from "./levels.js";
import { AssessmentFilter, TechnologyStatisticsDimension, TechnologyStatisticsFilter } from "./technology.inputs.js";
import { latestPublishedAssessment } from "./technology.loaders.js";
import { TechnologyScoreStatistics, technologyScoreStatistics } from "./technology.scores.js";
import { levelsBySectorOf, TechnologyLevelCell, TechnologyLevelDistribution, technologyLevelDistribution } from "./technology.statistics.js";

export const AssessmentConnection = ConnectionType(Assessment, "A page of technology-capability assessments.");

@ObjectType({ description: "One criterion of the Circular with its maximum points." })
@Classified(Classification.PUBLIC)
export class TechnologyCriterion {
  @Field(() => Int, { description: "Number in the Circular (1–26)." })
  number!: number;

  @Field({ description: "Vietnamese name." })
  nameVi!: string;

  @Field({ description: "English name." })
  nameEn!: string;

  @Field(() => Float, { description: "Maximum points." })
  maxScore!: number;
}

@ObjectType({ description: "One of the five groups of criteria with its maximum points." })
@Classified(Classification.PUBLIC)
export class TechnologyCriteriaGroup {
  @Field(() => CriteriaGroupCode, { description: "T, E, O, R or I." })
  code!: CriteriaGroupCode;

  @Field({ description: 'Vietnamese name, e.g. "Hiện trạng thiết bị, công nghệ".' })
  nameVi!: string;

  @Field({ description: 'English name, e.g. "Technology and equipment status".' })
  nameEn!: string;

  @Field(() => Float, { description: "Maximum points of the group." })
  maxScore!: number;

  @Field({ description: 'The article of the Circular defining the group, e.g. "Điều 4".' })
  article!: string;

  @Field(() => [TechnologyCriterion], { description: "The group's criteria in the Circular's order." })
  criteria!: TechnologyCriterion[];
}

@ObjectType({ description: "One level of the scale with its thresholds." })
@Classified(Classification.PUBLIC)
export class TechnologyLevelThreshold {
  @Field(() => TechnologyLevel, { description: "The level." })
  level!: TechnologyLevel;

  @Field(() => Int, { description: "1 for the lowest level; higher is better." })
  rank!: number;

  @Field({ description: 'The Circular\'s name, e.g. "trung bình tiên tiến".' })
  nameVi!: string;

  @Field({ description: 'English name, e.g. "advanced average".' })
  nameEn!: string;

  @Field(() => Float, { description: "Minimum total score (inclusive)." })
  minTotalScore!: number;

  @Field(() => Float, { nullable: true, description: "The total score band's exclusive upper bound; null for the top level." })
  totalScoreBelow!: number | null;

  @Field(() => Float, { description: "Minimum synchrony coefficient (inclusive)." })
  minSynchronyCoefficient!: number;

  @Field({ description: "The provision of the Circular that defines the level, quoted." })
  clause!: string;
}

@ObjectType({ description: "The legal source of the scale." })
@Classified(Classification.PUBLIC)
export class TechnologyScaleSource {
  @Field({ description: 'The circular\'s number, "17/2019/TT-BKHCN".' })
  circular!: string;

  @Field({ description: "Its title." })
  title!: string;

  @Field({ description: "The issuing ministry." })
  issuer!: string;

  @Field(() => LocalDateScalar, { description: "Date of issue." })
  issuedOn!: string;

  @Field(() => LocalDateScalar, { description: "Date it took effect." })
  effectiveFrom!: string;

  @Field({ description: "Provisions defining the groups and criteria." })
  groupsProvision!: string;

  @Field({ description: "Provision defining the levels." })
  levelsProvision!: string;

  @Field({ description: "Provisions defining the synchrony coefficient." })
  synchronyProvision!: string;
}

@ObjectType({ description: "The assessment scale of Circular 17/2019/TT-BKHCN as the hub applies it: groups, criteria, levels, formula and source." })
@Classified(Classification.PUBLIC)
export class TechnologyLevelScale {
  @Field(() => TechnologyScaleSource, { description: "Where the numbers come from." })
  source!: TechnologyScaleSource;

  @Field(() => Float, { description: "Maximum total score (100)." })
  maxTotalScore!: number;

  @Field(() => [TechnologyCriteriaGroup], { description: "The five groups, T, E, O, R, I." })
  groups!: TechnologyCriteriaGroup[];

  @Field(() => [TechnologyLevelThreshold], { description: "The levels, lowest first." })
  levels!: TechnologyLevelThreshold[];

  @Field({ description: "How the hub computes the synchrony coefficient, and how sure that reading is." })
  synchronyFormula!: string;

  @Field({ description: "How the hub applies the level thresholds, including cases the Circular's wording leaves open." })
  levelRule!: string;
}

@Resolver()
export class TechnologyQueryResolver {
  @Query(() => AssessmentConnection, { description: "Technology-capability assessments, newest first (by assessment day, then id)." })
  assessments(
    @Arg("filter", () => AssessmentFilter, { nullable: true, description: "Narrows the list; omitted, every assessment visible to the caller." }) filter: AssessmentFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Assessment>> {
    return new AssessmentService(context).assessments(filter, page);
  }

  @Query(() => TechnologyLevelScale, { description: "The levels with their thresholds, the groups and criteria, and their source in Circular 17/2019/TT-BKHCN." })
  technologyLevelScale(): TechnologyLevelScale {
    return {
      source: { ...SCALE_SOURCE },
      maxTotalScore: CRITERIA_GROUPS.reduce((sum, group) => sum + group.maxScore, 0),
      groups: CRITERIA_GROUPS.map((group) => ({ ...group, criteria: group.criteria.map((criterion) => ({ ...criterion })) })),
      levels: LEVELS.map((level) => ({ ...level })),
      synchronyFormula: SYNCHRONY_FORMULA,
      levelRule: LEVEL_RULE,
    };
  }

  @Query(() => TechnologyLevelDistribution, {
    description:
      "Counts of published assessments per level, grouped by province and/or sector (VSIC division). Public statistics: levels of published assessments are public.",
  })
  technologyLevelDistribution(
    @Arg("filter", () => TechnologyStatisticsFilter, { nullable: true, description: "Which published assessments to count." }) filter: TechnologyStatisticsFilter | null,
    @Arg("groupBy", () => [TechnologyStatisticsDimension], { defaultValue: [], description: "Dimensions of the cells; empty, one cell for everything." })
    groupBy: TechnologyStatisticsDimension[],
    @Arg("rollUpToCurrentUnits", { defaultValue: true, description: "Count historical units' assessments under today's units (Kon Tum VN-28 under Quảng Ngãi VN-29)." })
    rollUpToCurrentUnits: boolean,
    @Ctx() context: HubContext,
  ): Promise<TechnologyLevelDistribution> {
    return technologyLevelDistribution(context, { filter, groupBy, rollUpToCurrentUnits });
  }
}

@Resolver()
export class TechnologyScoreResolver {
  @Query(() => TechnologyScoreStatistics, {
    description:
      "Average group scores of published assessments per province (today's units), sector (VSIC division) and year: fixed, non-overlapping cells. Scores are RESTRICTED, so a cell's averages are published to callers who may not read its assessments only when it has at least k of them (`minimumCellSize`).",
  })
  technologyScoreStatistics(
    @Arg("year", () => Int, { description: "The calendar year of the assessments." }) year: number,
    @Arg("provinceCodes", () => [String], { nullable: true, description: "Only the cells of these of today's provinces; omitted, every province." }) provinceCodes: string[] | null,
    @Arg("sectorCodes", () => [String], { nullable: true, description: 'Only the cells of these VSIC divisions (two digits, e.g. "10"); omitted, every sector.' }) sectorCodes: string[] | null,
    @Ctx() context: HubContext,
  ): Promise<TechnologyScoreStatistics> {
    return technologyScoreStatistics(context, { year, provinceCodes, sectorCodes });
  }
}

@Resolver(() => Assessment)
export class AssessmentResolver {
  @Mutation(() => Assessment, { description: "Drafts an assessment of an enterprise of the caller's province (an agency editor whose token names its agency, the assessor). Drafts are seen only by the owning province's agencies and the enterprise." })
  draftAssessment(@Arg("input", () => DraftAssessmentInput, { description: "The assessment." }) input: DraftAssessmentInput, @Ctx() context: HubContext): Promise<Assessment> {
    return new AssessmentWrites(context).draft(input);
  }

  @Mutation(() => Assessment, { description: "Changes a draft (its province's editors); a stale `version` is a CONFLICT, a published assessment is not changed." })
  updateAssessmentDraft(@Arg("input", () => UpdateAssessmentDraftInput, { description: "The change." }) input: UpdateAssessmentDraftInput, @Ctx() context: HubContext): Promise<Assessment> {
    return new AssessmentWrites(context).updateDraft(input);
  }

  @Mutation(() => Assessment, { description: "Publishes a draft: its level becomes public, it counts in the statistics, and subscribers of `assessmentPublished` are told." })
  publishAssessment(
    @Arg("id", () => ID, { description: "The assessment's global id." }) id: string,
    @Arg("version", () => Int, { description: "The version the publication is based on." }) version: number,
    @Ctx() context: HubContext,
  ): Promise<Assessment> {
    return new AssessmentWrites(context).publish(id, version);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: "The assessed enterprise; null if the caller may not see it." })
  @Classified(Classification.PUBLIC)
  enterprise(@Root() assessment: Assessment, @Ctx() context: HubContext): Promise<Enterprise | null> {
    return enterpriseById(context).load(assessment.enterpriseId);
  }

  @FieldResolver(() => Agency, { nullable: true, description: "The agency that made the assessment (usually a Department of Science and Technology)." })
  @Classified(Classification.PUBLIC)
  assessorAgency(@Root() assessment: Assessment, @Ctx() context: HubContext): Lookup<Agency> {
    return agencyOf(context, assessment.assessorAgencyId);
  }

  @FieldResolver(() => TechnologyLevel, {
    nullable: true,
    description:
      "The level the total and the synchrony coefficient give. Public once published; a draft's level is withheld (FORBIDDEN) from callers who may not read its scores.",
  })
  @Classified(Classification.PUBLIC)
  level(@Root() assessment: Assessment, @Ctx() context: HubContext): TechnologyLevel {
    if (assessment.status !== AssessmentStatus.PUBLISHED) {
      // Until publication the level is as protected as the scores it is computed from. The row rule
      // already hides drafts from everyone else; this holds should a draft reach a caller another way.
      const decision = context.visibility.readField("Assessment.level", Classification.RESTRICTED, assessment);
      if (!decision.allowed) throw withheld("Assessment.level", Classification.RESTRICTED, decision, assessment.ownerProvinceCodes);
    }
    return assessment.level;
  }

  @FieldResolver(() => [CriterionScore], { nullable: true, description: "Scores of the individual criteria (1–26), when the assessor recorded them; null otherwise." })
  @Classified(Classification.RESTRICTED)
  criterionScores(@Root() assessment: Assessment): CriterionScore[] | null {
    return assessment.criterionScores ? [...assessment.criterionScores].sort((a, b) => a.criterion - b.criterion).map((value) => CriterionScore.of(value, assessment)) : null;
  }
}

/** Technology fields on reference types; type-graphql merges them into `Enterprise` and `AdministrativeUnit`. */
@Resolver(() => Enterprise)
export class EnterpriseTechnologyResolver {
  @FieldResolver(() => Assessment, { nullable: true, description: "The enterprise's latest published technology assessment (by assessment day); null when it has none." })
  latestAssessment(@Root() enterprise: Enterprise, @Ctx() context: HubContext): Promise<Assessment | null> {
    return latestPublishedAssessment(context).load(enterprise.id);
  }

  @FieldResolver(() => AssessmentConnection, { description: "The enterprise's technology assessments, newest first (drafts included where the caller may see them)." })
  assessments(
    @Root() enterprise: Enterprise,
    @Arg("statuses", () => [AssessmentStatus], { nullable: true, description: "Only these statuses; omitted, all." }) statuses: AssessmentStatus[] | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Assessment>> {
    const filter: AssessmentFilter = { statuses };
    return loadGroupedPage(
      context,
      {
        name: `technology:enterprise.assessments:${JSON.stringify(filter)}`,
        model: Assessment,
        groupProperty: "enterpriseId",
        groupColumn: "enterprise_id",
        sort: NEWEST_FIRST,
        first: page.first,
        after: page.after,
        filter: (query) => applyAssessmentFilter(context, query, filter),
      },
      enterprise.id,
    );
  }
}

@Resolver(() => AdministrativeUnit)
export class UnitTechnologyResolver {
  @FieldResolver(() => [TechnologyLevelCell], {
    description:
      "Published assessments of this unit's enterprises per sector (VSIC division) and level; a current unit includes the units it absorbed, a historical unit only its own.",
  })
  technologyLevelsBySector(
    @Root() unit: AdministrativeUnit,
    @Arg("year", () => Int, { nullable: true, description: "Calendar year of the assessments; omitted, every year." }) year: number | null,
    @Arg("vsicPrefixes", () => [String], { nullable: true, description: 'VSIC 2018 code prefixes, e.g. "10".' }) vsicPrefixes: string[] | null,
    @Ctx() context: HubContext,
  ): Promise<TechnologyLevelCell[]> {
    return levelsBySectorOf(context, unit.code, { year, vsicPrefixes });
  }
}
