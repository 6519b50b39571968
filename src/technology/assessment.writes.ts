import { LockMode } from "@mikro-orm/core";
import { agencyEditor, assertOwnerOf } from "../auth/writers.js";
import { badUserInput, conflict, forbidden, notFound } from "../common/errors.js";
import { expectGlobalId } from "../common/node.js";
import type { HubContext } from "../context.js";
import { EventTopic, type NewEvent } from "../events/index.js";
import { enterpriseById } from "../reference/index.js";
import { toReadModel } from "../common/read-model.js";
import { runWrite } from "../writes/write.js";
import { AssessmentEntity, AssessmentStatus } from "./assessment.entity.js";
import { Assessment } from "./technology.models.js";
import type { DraftAssessmentInput, UpdateAssessmentDraftInput } from "./assessment.inputs.js";
import { createAssessment, publishAssessment } from "./assessment.service.js";
import { assessLevel, scoreProblems } from "./levels.js";

const SCORE_FIELDS = [
  "Assessment.technologyScore",
  "Assessment.efficiencyScore",
  "Assessment.organisationScore",
  "Assessment.researchScore",
  "Assessment.innovationScore",
  "Assessment.totalScore",
  "Assessment.synchronyCoefficient",
  "Assessment.level",
  "Assessment.criterionScores",
  "Assessment.assessorRecommendations",
];

function publishedEvent(assessment: AssessmentEntity): NewEvent {
  return {
    topic: EventTopic.ASSESSMENTS,
    kind: "PUBLISHED",
    recordType: "Assessment",
    recordId: assessment.id,
    keys: { provinceCode: assessment.ownerProvinceCodes[0] ?? "", vsicCode: assessment.vsicCode },
    ownerProvinceCodes: assessment.ownerProvinceCodes,
  };
}

/**
 * Assessments are made by agency editors of the enterprise's province (its Department of Science
 * and Technology, usually), kept as drafts while they change, and published once: publication is
 * announced, and from then on the level is public and the scores count in the statistics.
 * Each mutation answers with the read model of the row as committed.
 */
export class AssessmentWrites {
  constructor(private readonly context: HubContext) {}

  async draft(input: DraftAssessmentInput): Promise<Assessment> {
    const { agency } = await agencyEditor(this.context, "assess enterprises");
    const enterpriseId = expectGlobalId(input.enterpriseId, "Enterprise", "enterpriseId");
    const enterprise = await enterpriseById(this.context).load(enterpriseId);
    if (!enterprise) throw notFound("No such enterprise");
    assertOwnerOf(this.context, enterprise.ownerProvinceCodes, "This enterprise");
    const drafted = await runWrite(this.context, async ({ tx, audited }) => {
      const assessment = createAssessment(tx, enterprise, agency, {
        assessedOn: input.assessedOn,
        scores: input.scores,
        criterionScores: input.criterionScores ?? null,
        assessorRecommendations: input.assessorRecommendations ?? null,
      });
      audited(SCORE_FIELDS, assessment.ownerProvinceCodes);
      return assessment;
    });
    // Flushed by now: the id and the defaults are the row's.
    return toReadModel(this.context, Assessment, drafted);
  }

  async updateDraft(input: UpdateAssessmentDraftInput): Promise<Assessment> {
    await agencyEditor(this.context, "assess enterprises");
    return this.change(input.id, input.version, (assessment) => {
      const scores = input.scores ?? { T: assessment.technologyScore, E: assessment.efficiencyScore, O: assessment.organisationScore, R: assessment.researchScore, I: assessment.innovationScore };
      const criteria = input.criterionScores === undefined || input.criterionScores === null ? (assessment.criterionScores ?? []) : input.criterionScores;
      const problems = scoreProblems(scores, criteria);
      if (Object.keys(problems).length > 0) throw badUserInput(`Invalid assessment scores: ${Object.entries(problems).map(([field, problem]) => `${field} ${problem}`).join("; ")}`, problems);
      const result = assessLevel(scores);
      Object.assign(assessment, {
        technologyScore: scores.T,
        efficiencyScore: scores.E,
        organisationScore: scores.O,
        researchScore: scores.R,
        innovationScore: scores.I,
        totalScore: result.totalScore,
        synchronyCoefficient: result.synchronyCoefficient,
        level: result.level,
        criterionScores: criteria.length > 0 ? criteria.map(({ criterion, score }) => ({ criterion, score })) : null,
      });
      if (input.assessorRecommendations !== undefined) assessment.assessorRecommendations = input.assessorRecommendations;
      return null;
    });
  }

  async publish(id: string, version: number): Promise<Assessment> {
    await agencyEditor(this.context, "publish assessments");
    return this.change(id, version, (assessment) => {
      publishAssessment(assessment, this.context.clock.now());
      return publishedEvent(assessment);
    });
  }

  /** A change of a draft: locked, owned by the caller's province, at the version the caller read. */
  private async change(globalId: string, version: number, apply: (assessment: AssessmentEntity) => NewEvent | null): Promise<Assessment> {
    const id = expectGlobalId(globalId, "Assessment", "id");
    const changed = await runWrite(this.context, async ({ tx, audited, emit }) => {
      const assessment = await tx.findOne(AssessmentEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const owns = assessment !== null && this.context.access.ownCodes.has(assessment.ownerProvinceCodes[0] ?? "");
      // Others' drafts are rows they cannot see: not found, exactly as for a missing id; a published one they can see is forbidden.
      if (!assessment || (!owns && assessment.status === AssessmentStatus.DRAFT)) throw notFound("No such assessment");
      if (!owns) throw forbidden(`The assessment belongs to ${assessment.ownerProvinceCodes.join(", ")}: only its province's editors change it`, { ownerProvinceCodes: assessment.ownerProvinceCodes });
      if (assessment.status !== AssessmentStatus.DRAFT) throw conflict("The assessment is published: a published assessment is not changed", { status: assessment.status });
      if (assessment.version !== version) throw conflict(`The assessment is at version ${assessment.version}, not ${version}: read it again`, { currentVersion: assessment.version });
      const event = apply(assessment);
      assessment.version += 1;
      audited(SCORE_FIELDS.concat(event ? ["Assessment.status", "Assessment.publishedAt"] : []), assessment.ownerProvinceCodes);
      if (event) emit(event);
      return assessment;
    });
    // After the commit's flush, so `updatedAt` is the one written.
    return toReadModel(this.context, Assessment, changed);
  }
}
