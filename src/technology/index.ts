import { registerNumericNodeType } from "../common/node.js";
import { defineReadModel } from "../common/read-model.js";
import type { DomainModule } from "../domain.js";
import { AssessmentEntity } from "./assessment.entity.js";
import { Assessment } from "./technology.models.js";
import { assessmentById } from "./technology.loaders.js";
import "./technology.policy.js";
import "./enterprise-level.js";
import { AssessmentSubscriptionResolver } from "./assessment.subscription.js";
import { AssessmentResolver, EnterpriseTechnologyResolver, TechnologyQueryResolver, TechnologyScoreResolver, UnitTechnologyResolver } from "./technology.resolver.js";

// Read by selection (lists of scores, each enterprise's latest): the guard reads the owners and the
// subject enterprise, the level's resolver the status.
defineReadModel(Assessment, AssessmentEntity, {
  always: ["enterpriseId", "status"],
  resolved: { id: [], enterprise: ["enterpriseId"], assessorAgency: ["assessorAgencyId"], level: ["status", "level"], criterionScores: ["criterionScores"] },
});

registerNumericNodeType("Assessment", (context, id) => assessmentById(context).load(id));

/** Enterprise technology-capability assessments under Circular 17/2019/TT-BKHCN (dataset TECHNOLOGY). */
export const technologyDomain: DomainModule = {
  name: "technology",
  entities: [AssessmentEntity],
  resolvers: [TechnologyQueryResolver, TechnologyScoreResolver, AssessmentResolver, AssessmentSubscriptionResolver, EnterpriseTechnologyResolver, UnitTechnologyResolver],
};

export { AssessmentEntity, AssessmentStatus } from "./assessment.entity.js";
export { Assessment, CriterionScore } from "./technology.models.js";
export { createAssessment, publishAssessment, type AssessedEnterprise, type AssessmentInput } from "./assessment.service.js";
export { TechnologyLevel, assessLevel, LEVELS } from "./levels.js";
export { assessmentById, latestPublishedAssessment } from "./technology.loaders.js";
export { latestPublishedLevelIn } from "./enterprise-level.js";
