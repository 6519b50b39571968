/**
 * Technology factories: assessments built through the domain's own `createAssessment`, so totals,
 * coefficients, levels and owners are derived exactly as in production.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { EnterpriseEntity } from "../../src/reference/enterprise.entity.js";
import type { Enterprise } from "../../src/reference/index.js";
import type { AssessmentEntity } from "../../src/technology/assessment.entity.js";
import { createAssessment, publishAssessment } from "../../src/technology/assessment.service.js";
import type { CriterionScoreValue, GroupScores } from "../../src/technology/levels.js";

/** Group scores at the same share of every maximum: total = 100 × share and K = share. */
export function balancedScores(share: number): GroupScores {
  return { T: 30 * share, E: 20 * share, O: 19 * share, R: 17 * share, I: 14 * share };
}

export async function createTestAssessment(
  em: EntityManager,
  options: {
    /** The entity a factory made, or its read model. */
    enterprise: EnterpriseEntity | Enterprise;
    assessor: { id: number };
    assessedOn: string;
    scores?: GroupScores;
    criterionScores?: CriterionScoreValue[];
    assessorRecommendations?: string;
    /** Publishes it (at noon of the assessment day, unless told) when true or a date. */
    published?: boolean | Date;
  },
): Promise<AssessmentEntity> {
  const { enterprise } = options;
  const provinceCode = "provinceCode" in enterprise ? enterprise.provinceCode : enterprise.province.code;
  const assessed = { id: enterprise.id, vsicCode: enterprise.vsicCode, provinceCode };
  const assessment = createAssessment(em, assessed, options.assessor, {
    assessedOn: options.assessedOn,
    scores: options.scores ?? balancedScores(0.5),
    criterionScores: options.criterionScores ?? null,
    assessorRecommendations: options.assessorRecommendations ?? null,
  });
  if (options.published) {
    publishAssessment(assessment, options.published instanceof Date ? options.published : new Date(`${options.assessedOn}T05:00:00Z`));
  }
  await em.flush();
  return assessment;
}
