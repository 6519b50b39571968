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
 * assessments' row rule, newest by day then id). Part of the list's own statement, so a page costs
 * no statement more whatever its size.
 *
 * Written as "a published assessment of one of the levels, and no later published one" rather
 * than as a correlated `(select level … limit 1)`: PostgreSQL turns EXISTS / NOT EXISTS into
 * semi- and anti-joins and picks per query between hash joins (a whole-list `totalCount`: about
 * 35 ms against 400–700 ms on the 100,000-enterprise scale preset) and index probes of
 * `technology_assessment_latest_published` (a narrow province and VSIC filter).
 *
 * Authorisation: only published levels take part, and those are PUBLIC, so every caller may
 * filter (the policy's `filterBy` is asked all the same, as for every classified filter) and no
 * caller learns a draft's level from which enterprises match, not even one who may read drafts:
 * the filter means the same for everyone.
 */
export function latestPublishedLevelIn(context: HubContext, alias: string, levels: readonly TechnologyLevel[]): SqlCondition {
  assertMayFilter(context, PUBLISHED_LEVEL_CLASSIFICATION, Dataset.TECHNOLOGY, "filter.technologyLevels");
  const visible = (inner: string) => {
    const rows = context.visibility.rowCondition(AssessmentEntity, inner);
    return rows ? { sql: ` and ${rows.sql}`, params: rows.params } : { sql: "", params: [] };
  };
  const latest = visible("level_assessment");
  const later = visible("later_assessment");
  return {
    sql:
      `exists (select 1 from technology_assessment level_assessment` +
      ` where level_assessment.enterprise_id = ${alias}.id and level_assessment.status = ? and level_assessment.level = any(?::text[])${latest.sql}` +
      ` and not exists (select 1 from technology_assessment later_assessment` +
      ` where later_assessment.enterprise_id = level_assessment.enterprise_id and later_assessment.status = ?` +
      ` and (later_assessment.assessed_on, later_assessment.id) > (level_assessment.assessed_on, level_assessment.id)${later.sql}))`,
    params: [AssessmentStatus.PUBLISHED, textArray(levels), ...latest.params, AssessmentStatus.PUBLISHED, ...later.params],
  };
}

registerEnterpriseCondition("technologyLevels", latestPublishedLevelIn);
