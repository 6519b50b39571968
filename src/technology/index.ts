import { registerNumericNodeType } from "../common/node.js";
import type { DomainModule } from "../domain.js";
import { Assessment } from "./assessment.entity.js";
import { assessmentById } from "./technology.loaders.js";
import "./technology.policy.js";
import { AssessmentSubscriptionResolver } from "./assessment.subscription.js";
import { AssessmentResolver, EnterpriseTechnologyResolver, TechnologyQueryResolver, TechnologyScoreResolver, UnitTechnologyResolver } from "./technology.resolver.js";

registerNumericNodeType("Assessment", (context, id) => assessmentById(context).load(id));

/** Enterprise technology-capability assessments under Circular 17/2019/TT-BKHCN (dataset TECHNOLOGY). */
export const technologyDomain: DomainModule = {
  name: "technology",
  entities: [Assessment],
  resolvers: [TechnologyQueryResolver, TechnologyScoreResolver, AssessmentResolver, AssessmentSubscriptionResolver, EnterpriseTechnologyResolver, UnitTechnologyResolver],
};

export { Assessment, AssessmentStatus } from "./assessment.entity.js";
export { createAssessment, publishAssessment, type AssessmentInput } from "./assessment.service.js";
export { TechnologyLevel, assessLevel, LEVELS } from "./levels.js";
export { assessmentById, latestPublishedAssessment } from "./technology.loaders.js";
