import type { EntityManager } from "@mikro-orm/postgresql";
import { paginate, type Page, type PageArgs, type SortColumn } from "../common/connection.js";
import { Classification } from "../common/classification.js";
import { assertMayFilter, badUserInput } from "../common/errors.js";
import { Dataset } from "../common/visibility.js";
import { resolveDateRange } from "../common/period.js";
import { textArray, visibleRowsOf } from "../common/visible-rows.js";
import type { HubContext } from "../context.js";
import { AgencyEntity, EnterpriseEntity, whereOwnedBy, type Agency, type Enterprise } from "../reference/index.js";
import { AssessmentEntity, AssessmentStatus } from "./assessment.entity.js";
import { Assessment } from "./technology.models.js";
import { assessLevel, scoreProblems, type CriterionScoreValue, type GroupScores } from "./levels.js";
import type { AssessmentFilter } from "./technology.inputs.js";
import type { ReadQuery } from "../common/read-query.js";

/** Newest assessment first; the id breaks ties between assessments of the same day. */
export const NEWEST_FIRST: SortColumn[] = [{ property: "assessedOn", column: "assessed_on", valueOf: (r: Assessment) => r.assessedOn, kind: "date", direction: "desc" }];

/** Conditions on a query of assessments, whatever its alias; shared by the root list and the nested lists. */
export interface AssessmentConditions {
  readonly alias: string;
  andWhere(condition: string, params?: unknown[]): unknown;
}

/** `vsic_code like '10%' or …`: a VSIC prefix matches its divisions, groups and classes. */
export function whereVsicPrefixes(query: AssessmentConditions, prefixes: readonly string[] | null | undefined): void {
  const cleaned = (prefixes ?? []).map((prefix) => prefix.replace(/\D/g, "")).filter((prefix) => prefix.length > 0);
  if (!prefixes?.length) return;
  if (cleaned.length === 0) throw badUserInput("vsicPrefixes must contain digits", { vsicPrefixes: "no digits" });
  query.andWhere(`(${cleaned.map(() => `${query.alias}.vsic_code like ?`).join(" or ")})`, cleaned.map((prefix) => `${prefix}%`));
}

/**
 * The assessment filters. Filters on protected values act only on the rows whose values the caller
 * may read, so which rows match never reveals a value: a level matches published assessments, and
 * drafts only for callers who may read the draft's scores; a total score matches only assessments
 * whose scores the caller reads as their owner or enterprise.
 */
export async function applyAssessmentFilter(context: HubContext, query: ReadQuery, filter: AssessmentFilter | null | undefined): Promise<void> {
  if (!filter) return;
  const alias = query.alias;
  await whereOwnedBy(context, query, alias, filter.province);
  whereVsicPrefixes(query, filter.vsicPrefixes);
  if (filter.statuses?.length) query.andWhere(`${alias}.status = any(?::text[])`, [textArray(filter.statuses)]);
  const scoresReadable = () => context.visibility.readableRows(Classification.RESTRICTED, Dataset.TECHNOLOGY, alias, "enterprise_id");
  if (filter.levels?.length) {
    const readable = scoresReadable();
    query.andWhere(`(${alias}.status = ? or ${readable.sql}) and ${alias}.level = any(?::text[])`, [AssessmentStatus.PUBLISHED, ...readable.params, textArray(filter.levels)]);
  }
  if (filter.totalScore) {
    const { min, max } = filter.totalScore;
    if (min == null && max == null) throw badUserInput("filter.totalScore needs min or max", { "filter.totalScore": "empty range" });
    assertMayFilter(context, Classification.RESTRICTED, Dataset.TECHNOLOGY, "filter.totalScore");
    // Not through agreements: a holder could narrow a range until it pins another province's score
    // from `totalCount` alone, reading it without a field read to audit. Holders read the scores.
    const readable = context.visibility.readableRows(Classification.RESTRICTED, Dataset.TECHNOLOGY, alias, "enterprise_id", { throughAgreements: false });
    query.andWhere(readable.sql, readable.params);
    if (min != null) query.andWhere(`${alias}.total_score >= ?`, [min]);
    if (max != null) query.andWhere(`${alias}.total_score <= ?`, [max]);
  }
  const period = resolveDateRange(filter.period, context.clock, "filter.period");
  if (period?.from) query.andWhere(`${alias}.assessed_on >= ?`, [period.from]);
  if (period?.to) query.andWhere(`${alias}.assessed_on <= ?`, [period.to]);
}

export class AssessmentService {
  constructor(private readonly context: HubContext) {}

  async assessments(filter: AssessmentFilter | null | undefined, page: PageArgs): Promise<Page<Assessment>> {
    const query = visibleRowsOf(this.context, Assessment, "a");
    await applyAssessmentFilter(this.context, query, filter);
    return paginate(this.context, query, Assessment, page, NEWEST_FIRST);
  }
}

/** What an assessor records: the five group scores and optionally the 26 criteria; everything derived is computed. */
export interface AssessmentInput {
  assessedOn: string;
  scores: GroupScores;
  criterionScores?: CriterionScoreValue[] | null;
  assessorRecommendations?: string | null;
}

/** What a new assessment copies from its enterprise: the key, the business line and the province that owns it. */
export type AssessedEnterprise = Pick<Enterprise, "id" | "vsicCode" | "provinceCode">;

/**
 * Creates a draft assessment of `enterprise` by `assessor` (not flushed). The owner is the
 * enterprise's province and the VSIC code its business line, both copied now because this domain
 * never joins the enterprise table; total, synchrony coefficient and level are computed here from
 * the validated group scores, never taken from the caller. Used by the seeds and, with the write
 * API, by its mutations.
 */
export function createAssessment(em: EntityManager, enterprise: AssessedEnterprise, assessor: Pick<Agency, "id">, input: AssessmentInput): AssessmentEntity {
  const problems = scoreProblems(input.scores, input.criterionScores ?? []);
  if (Object.keys(problems).length > 0) throw badUserInput(`Invalid assessment scores: ${Object.entries(problems).map(([field, problem]) => `${field} ${problem}`).join("; ")}`, problems);
  const result = assessLevel(input.scores);
  return em.create(AssessmentEntity, {
    // References in this EntityManager: the enterprise and assessor may have been read by another.
    enterprise: em.getReference(EnterpriseEntity, enterprise.id),
    assessorAgency: em.getReference(AgencyEntity, assessor.id),
    assessedOn: input.assessedOn,
    status: AssessmentStatus.DRAFT,
    vsicCode: enterprise.vsicCode,
    technologyScore: input.scores.T,
    efficiencyScore: input.scores.E,
    organisationScore: input.scores.O,
    researchScore: input.scores.R,
    innovationScore: input.scores.I,
    totalScore: result.totalScore,
    synchronyCoefficient: result.synchronyCoefficient,
    level: result.level,
    criterionScores: input.criterionScores?.length ? input.criterionScores.map(({ criterion, score }) => ({ criterion, score })) : null,
    assessorRecommendations: input.assessorRecommendations ?? null,
    ownerProvinceCodes: [enterprise.provinceCode],
  });
}

/** Publishes a draft: from now on its level is public and it counts in the statistics. */
export function publishAssessment(assessment: AssessmentEntity, at: Date): void {
  if (assessment.status === AssessmentStatus.PUBLISHED) return;
  assessment.status = AssessmentStatus.PUBLISHED;
  assessment.publishedAt = at;
}
