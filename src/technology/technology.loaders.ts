import { byKeys, defineLoader } from "../common/loaders.js";
import { readRows } from "../common/read-model.js";
import { defineKeyLoader, keysParameter, visibleRowsOf } from "../common/visible-rows.js";
import { AssessmentStatus } from "./assessment.entity.js";
import { Assessment } from "./technology.models.js";

/** Assessments by primary key (`node(id)`), through the visibility hook. */
export const assessmentById = defineKeyLoader<Assessment, number>("technology:assessmentById", Assessment, "id");

/**
 * Each enterprise's latest published assessment (by day, then id), for a whole page of
 * enterprises in one statement: `distinct on (enterprise_id)` keeps the first row of each
 * enterprise in that order, served by the partial index on published assessments. The rows are
 * read straight into read models (the hottest path: a 50-row enterprise list asks for each one's).
 */
export const latestPublishedAssessment = defineLoader<number, Assessment | null>("technology:latestPublishedAssessment", async (context, enterpriseIds) => {
  const keys = keysParameter(enterpriseIds);
  const query = visibleRowsOf(context, Assessment, "a")
    .andWhere(`a.enterprise_id = any(?::${keys.type}[])`, [keys.literal])
    .andWhere({ status: AssessmentStatus.PUBLISHED })
    .distinctOn(["a.enterprise"])
    .orderBy([{ enterprise: "asc" }, { assessedOn: "desc" }, { id: "desc" }]);
  const rows = await readRows(context, query, Assessment);
  return byKeys(enterpriseIds, rows, (row) => row.enterpriseId);
});
