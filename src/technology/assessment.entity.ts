import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { LocalDateScalar } from "../common/scalars.js";
import { Dataset, type ClassifiedRecord } from "../common/visibility.js";
import { AgencyEntity } from "../reference/agency.entity.js";
import { EnterpriseEntity } from "../reference/enterprise.entity.js";
import { CRITERIA_GROUPS, CriteriaGroupCode, criterionDefinition, LEVELS, SCALE_SOURCE, TechnologyLevel, type CriterionScoreValue } from "./levels.js";

export enum AssessmentStatus {
  DRAFT = "DRAFT",
  PUBLISHED = "PUBLISHED",
}
registerEnumType(AssessmentStatus, {
  name: "AssessmentStatus",
  description: "Where an assessment stands: a draft until the assessor agency publishes it.",
  valuesConfig: {
    DRAFT: { description: "Being prepared; its level is not public yet, and others' drafts may be hidden from a caller." },
    PUBLISHED: { description: "Published by the assessor agency: its level is public and it counts in the statistics." },
  },
});

registerEnumType(TechnologyLevel, {
  name: "TechnologyLevel",
  description: `Level of production technology and capability, the four levels of Circular ${SCALE_SOURCE.circular} ${SCALE_SOURCE.levelsProvision} (lowest first). See \`technologyLevelScale\` for the thresholds.`,
  valuesConfig: Object.fromEntries(
    LEVELS.map((level) => [
      level.level,
      {
        description: `"${level.nameVi}" (${level.nameEn}): total ${level.totalScoreBelow === null ? `≥ ${level.minTotalScore}` : `${level.minTotalScore}–<${level.totalScoreBelow}`} points, synchrony coefficient ≥ ${level.minSynchronyCoefficient}.`,
      },
    ]),
  ),
});

registerEnumType(CriteriaGroupCode, {
  name: "CriteriaGroupCode",
  description: `The five groups of criteria of Circular ${SCALE_SOURCE.circular} (Article 3).`,
  valuesConfig: Object.fromEntries(CRITERIA_GROUPS.map((group) => [group.code, { description: `${group.nameVi} (${group.nameEn}), at most ${group.maxScore} points.` }])),
});

/** One criterion's score, kept with its assessment (see `Assessment.criterionScores` for why it is not a table of its own). */
@ObjectType({ description: "The score of one of the Circular's 26 criteria in an assessment." })
@Classified(Classification.RESTRICTED)
export class CriterionScore implements ClassifiedRecord {
  @Field(() => Int, { description: "The criterion's number in the Circular (1–26)." })
  criterion!: number;

  @Field(() => Float, { description: "Points given." })
  score!: number;

  @Field(() => Float, { description: "The criterion's maximum under the Circular." })
  get maxScore(): number {
    return criterionDefinition(this.criterion)?.criterion.maxScore ?? 0;
  }

  @Field(() => CriteriaGroupCode, { description: "The group the criterion belongs to." })
  get group(): CriteriaGroupCode {
    return criterionDefinition(this.criterion)?.group.code ?? CriteriaGroupCode.T;
  }

  /** Its assessment's owners and enterprise, so the policy decides on a criterion exactly as on the assessment's scores. */
  ownerProvinceCodes: string[] = [];
  subjectEnterpriseId: number | null = null;
  auditKey = "";

  get dataset(): Dataset {
    return Dataset.TECHNOLOGY;
  }

  static of(value: CriterionScoreValue, assessment: Assessment): CriterionScore {
    return Object.assign(new CriterionScore(), {
      criterion: value.criterion,
      score: value.score,
      ownerProvinceCodes: assessment.ownerProvinceCodes,
      subjectEnterpriseId: assessment.subjectEnterpriseId,
      // Criteria are part of their assessment: reading them counts the assessment once in the audit log.
      auditKey: assessment.auditKey,
    });
  }
}

/**
 * An enterprise's technology-capability assessment under Circular 17/2019/TT-BKHCN. Owned by the
 * enterprise's province (stored at creation, with the enterprise's VSIC code, because this domain
 * filters and aggregates on both without reading the enterprise table). Total, coefficient and
 * level are derived by the service from the group scores and stored, so filters and statistics are
 * plain column conditions; they are never taken from input.
 */
@Entity({ tableName: "technology_assessment" })
@Unique({ properties: ["enterprise", "assessedOn"] })
@ObjectType({
  implements: [Node, HubRecord],
  description:
    "An assessment of an enterprise's production technology level and capability under Circular 17/2019/TT-BKHCN: five group scores, their total, the synchrony coefficient and the resulting level. Owned by the enterprise's province.",
})
@Classified(Classification.PUBLIC)
export class Assessment extends HubRecord {
  /** Optimistic concurrency: each change states the version it read, and a stale one is refused with CONFLICT. */
  @Property({ type: "integer", default: 1 })
  @Field(() => Int, { description: "The record's version, 1 when created and one more with each change. Pass it to a change (Changes to the draft and its publication): a change based on an older version is refused with CONFLICT." })
  version: number = 1;


  @ManyToOne(() => EnterpriseEntity, { ref: true })
  @Index()
  enterprise!: Ref<EnterpriseEntity>;

  @ManyToOne(() => AgencyEntity, { ref: true })
  @Index()
  assessorAgency!: Ref<AgencyEntity>;

  @Property({ type: "date" })
  @Field(() => LocalDateScalar, { description: "The day of the assessment (with the enterprise, the natural key)." })
  assessedOn!: string;

  @Property({ type: "string", length: 16 })
  @Field(() => AssessmentStatus, { description: "Draft or published." })
  status!: AssessmentStatus;

  @Property({ type: "timestamptz", nullable: true })
  @Field(() => Date, { nullable: true, description: "When the assessor agency published it; null for drafts." })
  publishedAt: Date | null = null;

  /** The enterprise's main business line when assessed (VSIC 2018), for sector filters and statistics. */
  @Property({ type: "string", length: 5 })
  @Field({ description: 'The enterprise\'s main business line when it was assessed, a VSIC 2018 code, e.g. "1077" (coffee production). Its first two digits are the sector (division) of the statistics.' })
  vsicCode!: string;

  @Property({ type: "double" })
  @Field(() => Float, { nullable: true, description: "Group T, technology and equipment status (hiện trạng thiết bị, công nghệ): 0–30 points over criteria 1–7." })
  @Classified(Classification.RESTRICTED)
  technologyScore!: number;

  @Property({ type: "double" })
  @Field(() => Float, { nullable: true, description: "Group E, efficiency of technology use (hiệu quả khai thác công nghệ): 0–20 points over criteria 8–12." })
  @Classified(Classification.RESTRICTED)
  efficiencyScore!: number;

  @Property({ type: "double" })
  @Field(() => Float, { nullable: true, description: "Group O, organisation and management capacity (năng lực tổ chức, quản lý): 0–19 points over criteria 13–17." })
  @Classified(Classification.RESTRICTED)
  organisationScore!: number;

  @Property({ type: "double" })
  @Field(() => Float, { nullable: true, description: "Group R, research and development capacity (năng lực nghiên cứu, phát triển): 0–17 points over criteria 18–22." })
  @Classified(Classification.RESTRICTED)
  researchScore!: number;

  @Property({ type: "double" })
  @Field(() => Float, { nullable: true, description: "Group I, innovation capacity (năng lực đổi mới sáng tạo): 0–14 points over criteria 23–26." })
  @Classified(Classification.RESTRICTED)
  innovationScore!: number;

  @Property({ type: "double" })
  @Field(() => Float, { nullable: true, description: "Sum of the five group scores, 0–100 (computed by the hub)." })
  @Classified(Classification.RESTRICTED)
  totalScore!: number;

  @Property({ type: "double" })
  @Field(() => Float, { nullable: true, description: "Synchrony coefficient (hệ số mức độ đồng bộ), 0–1, computed by the hub from the group scores; see `technologyLevelScale.synchronyFormula`." })
  @Classified(Classification.RESTRICTED)
  synchronyCoefficient!: number;

  /** Exposed through `AssessmentResolver.level`, which withholds a draft's level unless the caller may read its scores. */
  @Property({ type: "string", length: 24 })
  @Index()
  level!: TechnologyLevel;

  /**
   * The optional detail of the 26 criteria, as a JSON array on the row: it is always read with its
   * assessment and never filtered or aggregated on its own, so a child table would only add a join
   * (or a batched loader) to every read. Statistics work on the five group columns.
   */
  @Property({ type: "json", nullable: true })
  criterionScores: CriterionScoreValue[] | null = null;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "The assessor's recommendations to the enterprise (confidential: the owning province's agencies and the enterprise only)." })
  @Classified(Classification.CONFIDENTIAL)
  assessorRecommendations: string | null = null;

  /** The brief: an enterprise may read the protected fields of its own assessments. */
  override get subjectEnterpriseId(): number | null {
    return this.enterprise.id;
  }

  get dataset(): Dataset {
    return Dataset.TECHNOLOGY;
  }
}
