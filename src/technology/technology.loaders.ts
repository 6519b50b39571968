import { byKeys, defineLoader } from "../common/loaders.js";
import { defineKeyLoader, visibleRows } from "../common/visible-rows.js";
import { Assessment, AssessmentStatus } from "./assessment.entity.js";

/** Assessments by primary key (`node(id)`), through the visibility hook. */
export const assessmentById = defineKeyLoader<Assessment, number>("technology:assessmentById", Assessment, "id");

/**
 * Each enterprise's latest published assessment (by day, then id), for a whole page of
 * enterprises in one statement: `distinct on (enterprise_id)` keeps the first row of each
 * enterprise in that order, served by the partial index on published assessments.
 */
export const latestPublishedAssessment = defineLoader<number, Assessment | null>("technology:latestPublishedAssessment", async (context, enterpriseIds) => {
  const rows = await visibleRows(context, Assessment, "a")
    .andWhere({ enterprise: { $in: [...enterpriseIds] }, status: AssessmentStatus.PUBLISHED })
    .distinctOn(["a.enterprise"] as never)
    .orderBy([{ enterprise: "asc" }, { assessedOn: "desc" }, { id: "desc" }])
    .getResultList();
  return byKeys(enterpriseIds, rows, (row) => row.enterprise.id);
});
