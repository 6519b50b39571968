import type { HubContext } from "../context.js";
import { Classification } from "../common/classification.js";
import { assertMayFilter } from "../common/errors.js";
import { textArray } from "../common/visible-rows.js";
import { Dataset, type SqlCondition } from "../common/visibility.js";
import { registerEnterpriseCondition } from "../reference/enterprise-conditions.js";
import { AssessmentEntity, AssessmentStatus } from "./assessment.entity.js";
import type { TechnologyLevel } from "./levels.js";

/**
 * The classification of `Assessment.level` in the committed SDL (schema/schema.graphql) for a
 * published assessment: PUBLIC. A draft's level is withheld from callers who may not read its
 * scores (`AssessmentResolver.level`), which is why the condition below never looks at drafts.
 * test/enterprise-technology-level.test.ts checks the SDL still says so.
 */
const PUBLISHED_LEVEL_CLASSIFICATION = Classification.PUBLIC;

/**
 * Enterprises (as `alias`) whose latest published assessment has one of `levels`: the same row
 * `latestPublishedAssessment` loads for `Enterprise.latestAssessment` (published, through the
 * assessments' row rule, newest by day then id), found per enterprise by the partial index
 * `technology_assessment_latest_published`. Part of the list's own statement, so a page costs
 * no statement more whatever its size.
 *
 * Authorisation: only published levels take part, and those are PUBLIC, so every caller may
 * filter (the policy's `filterBy` is asked all the same, as for every classified filter) and no
 * caller learns a draft's level from which enterprises match, not even one who may read drafts:
 * the filter means the same for everyone.
 */
export function latestPublishedLevelIn(context: HubContext, alias: string, levels: readonly TechnologyLevel[]): SqlCondition {
  assertMayFilter(context, PUBLISHED_LEVEL_CLASSIFICATION, Dataset.TECHNOLOGY, "filter.technologyLevels");
  const inner = "latest_assessment";
  const rows = context.visibility.rowCondition(AssessmentEntity, inner);
  return {
    sql:
      `(select ${inner}.level from technology_assessment ${inner}` +
      ` where ${inner}.enterprise_id = ${alias}.id and ${inner}.status = ?${rows ? ` and ${rows.sql}` : ""}` +
      ` order by ${inner}.assessed_on desc, ${inner}.id desc limit 1) = any(?::text[])`,
    params: [AssessmentStatus.PUBLISHED, ...(rows?.params ?? []), textArray(levels)],
  };
}

registerEnterpriseCondition("technologyLevels", latestPublishedLevelIn);
