import { anyOf, registerRowRule } from "../common/visibility.js";
import { AssessmentEntity, AssessmentStatus } from "./assessment.entity.js";

/**
 * A draft assessment is not data of record yet: only the agencies of its owning province (the
 * assessor's side) and the enterprise it is about see it at all. Everyone else, agreement holders
 * included, finds no such row: lists skip it and `node(id)` answers as for a missing id.
 */
registerRowRule(AssessmentEntity, (policy, alias) =>
  anyOf({ sql: `${alias}.status = '${AssessmentStatus.PUBLISHED}'`, params: [] }, policy.ownedBy(alias), policy.aboutCaller(alias, "enterprise_id")),
);
