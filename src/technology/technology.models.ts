import { Field, Float, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { OwnedRecord } from "../common/owned-record.js";
import { LocalDateScalar } from "../common/scalars.js";
import { Dataset, type ClassifiedRecord } from "../common/visibility.js";
import { AssessmentStatus } from "./assessment.entity.js";
import { CriteriaGroupCode, criterionDefinition, type CriterionScoreValue, type TechnologyLevel } from "./levels.js";

/**
 * The read models of the technology domain (see src/common/read-model.ts): what readers see of
 * assessments, filled from rows of `technology_assessment`.
 */

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
 * An enterprise's technology-capability assessment under Circular 17/2019/TT-BKHCN, as readers see
 * it (the table is `AssessmentEntity`'s). Total, coefficient and level were derived by the hub
 * from the group scores when it was written.
 */
@ObjectType({
  implements: [Node, OwnedRecord],
  description:
    "An assessment of an enterprise's production technology level and capability under Circular 17/2019/TT-BKHCN: five group scores, their total, the synchrony coefficient and the resulting level. Owned by the enterprise's province.",
})
@Classified(Classification.PUBLIC)
export class Assessment extends OwnedRecord {
  @Field(() => Int, { description: "The record's version, 1 when created and one more with each change. Pass it to a change (Changes to the draft and its publication): a change based on an older version is refused with CONFLICT." })
  version!: number;

  enterpriseId!: number;
  assessorAgencyId!: number;

  @Field(() => LocalDateScalar, { description: "The day of the assessment (with the enterprise, the natural key)." })
  assessedOn!: string;

  @Field(() => AssessmentStatus, { description: "Draft or published." })
  status!: AssessmentStatus;

  @Field(() => Date, { nullable: true, description: "When the assessor agency published it; null for drafts." })
  publishedAt!: Date | null;

  /** The enterprise's main business line when assessed (VSIC 2018), for sector filters and statistics. */
  @Field({ description: 'The enterprise\'s main business line when it was assessed, a VSIC 2018 code, e.g. "1077" (coffee production). Its first two digits are the sector (division) of the statistics.' })
  vsicCode!: string;

  @Field(() => Float, { nullable: true, description: "Group T, technology and equipment status (hiện trạng thiết bị, công nghệ): 0–30 points over criteria 1–7." })
  @Classified(Classification.RESTRICTED)
  technologyScore!: number;

  @Field(() => Float, { nullable: true, description: "Group E, efficiency of technology use (hiệu quả khai thác công nghệ): 0–20 points over criteria 8–12." })
  @Classified(Classification.RESTRICTED)
  efficiencyScore!: number;

  @Field(() => Float, { nullable: true, description: "Group O, organisation and management capacity (năng lực tổ chức, quản lý): 0–19 points over criteria 13–17." })
  @Classified(Classification.RESTRICTED)
  organisationScore!: number;

  @Field(() => Float, { nullable: true, description: "Group R, research and development capacity (năng lực nghiên cứu, phát triển): 0–17 points over criteria 18–22." })
  @Classified(Classification.RESTRICTED)
  researchScore!: number;

  @Field(() => Float, { nullable: true, description: "Group I, innovation capacity (năng lực đổi mới sáng tạo): 0–14 points over criteria 23–26." })
  @Classified(Classification.RESTRICTED)
  innovationScore!: number;

  @Field(() => Float, { nullable: true, description: "Sum of the five group scores, 0–100 (computed by the hub)." })
  @Classified(Classification.RESTRICTED)
  totalScore!: number;

  @Field(() => Float, { nullable: true, description: "Synchrony coefficient (hệ số mức độ đồng bộ), 0–1, computed by the hub from the group scores; see `technologyLevelScale.synchronyFormula`." })
  @Classified(Classification.RESTRICTED)
  synchronyCoefficient!: number;

  /** Exposed through `AssessmentResolver.level`, which withholds a draft's level unless the caller may read its scores. */
  level!: TechnologyLevel;

  /** The optional detail of the 26 criteria (the JSON column); exposed through `AssessmentResolver.criterionScores`. */
  criterionScores!: CriterionScoreValue[] | null;

  @Field(() => String, { nullable: true, description: "The assessor's recommendations to the enterprise (confidential: the owning province's agencies and the enterprise only)." })
  @Classified(Classification.CONFIDENTIAL)
  assessorRecommendations!: string | null;

  /** The brief: an enterprise may read the protected fields of its own assessments. */
  override get subjectEnterpriseId(): number | null {
    return this.enterpriseId;
  }

  get dataset(): Dataset {
    return Dataset.TECHNOLOGY;
  }
}
