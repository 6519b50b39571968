/**
 * Assessments through the API: drafted and changed by their province's editors, published once,
 * and delivered to subscribers with the fields each may read at delivery — an agreement revoked
 * between two publications withholds the scores from the very next event.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditAction, AuditEntryEntity } from "../src/audit/index.js";
import { AgencySector } from "../src/reference/agency.entity.js";
import type { EnterpriseEntity } from "../src/reference/enterprise.entity.js";
import { createAgency, createEnterprise } from "../seeds/factories/reference.js";
import { startTestHub, type GraphQLResponse, type TestCaller, type TestHub } from "./support/hub.js";
import { subscribe } from "./support/subscriber.js";
import { globalIdOf } from "./support/global-ids.js";

const NOW = "2026-11-23T03:00:00Z";
let hub: TestHub;
let roaster: EnterpriseEntity;
let grinder: EnterpriseEntity;

const DAK_LAK_EDITOR: TestCaller = { kind: "agency", province: "VN-33", agency: "VN-33-SKHCN", roles: ["agency_editor"] };
const LAM_DONG_EDITOR: TestCaller = { kind: "agency", province: "VN-35", agency: "VN-35-SKHCN", roles: ["agency_editor"] };
const LAM_DONG_VIEWER: TestCaller = { kind: "agency", province: "VN-35" };

beforeAll(async () => {
  hub = await startTestHub({ now: NOW });
  const em = hub.em();
  await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Đắk Lắk", sector: AgencySector.SCIENCE_TECHNOLOGY });
  await createAgency(em, { provinceCode: "VN-35", code: "VN-35-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng", sector: AgencySector.SCIENCE_TECHNOLOGY });
  roaster = await createEnterprise(em, { provinceCode: "VN-33", name: "Công ty TNHH Rang xay Cà phê Ea Kao (mô phỏng)", vsicCode: "1077" });
  grinder = await createEnterprise(em, { provinceCode: "VN-33", name: "Công ty TNHH Cà phê bột Hòa Thắng (mô phỏng)", vsicCode: "1077" });
});
afterAll(async () => {
  await hub?.close();
});

async function as<T = Record<string, unknown>>(caller: TestCaller | null, query: string, variables: Record<string, unknown> = {}) {
  return hub.query<T>(query, variables, { token: caller ? await hub.token(caller) : undefined });
}

const DRAFT = `mutation D($input: DraftAssessmentInput!) { draftAssessment(input: $input) { id status version level totalScore synchronyCoefficient assessorAgency { code } ownerProvinceCodes } }`;
const PUBLISH = `mutation P($id: ID!, $version: Int!) { publishAssessment(id: $id, version: $version) { status version publishedAt } }`;
type Draft = { draftAssessment: { id: string; status: string; version: number; level: string; totalScore: number } };

const draftOf = (enterprise: EnterpriseEntity, assessedOn: string, scores = { T: 24, E: 14, O: 10, R: 8, I: 6 }) =>
  as<Draft>(DAK_LAK_EDITOR, DRAFT, { input: { enterpriseId: globalIdOf(enterprise), assessedOn, scores, criterionScores: [{ criterion: 1, score: 4.5 }], assessorRecommendations: "Đầu tư dây chuyền rang khép kín." } });

describe("drafting and publishing", () => {
  it("drafts with computed values, changes a draft at its version, publishes once", async () => {
    const drafted = await draftOf(roaster, "2026-10-01");
    expect(drafted.errors).toBeUndefined();
    const draft = drafted.data!.draftAssessment;
    expect(draft).toMatchObject({ status: "DRAFT", version: 1, level: "ADVANCED_AVERAGE", totalScore: 62, assessorAgency: { code: "VN-33-SKHCN" }, ownerProvinceCodes: ["VN-33"] });
    // A draft is a row only its province (and its enterprise) sees.
    expect((await as(null, `query N($id: ID!) { node(id: $id) { id } }`, { id: draft.id })).data).toEqual({ node: null });

    const UPDATE = `mutation U($input: UpdateAssessmentDraftInput!) { updateAssessmentDraft(input: $input) { version totalScore level } }`;
    const updated = await as<{ updateAssessmentDraft: { version: number; totalScore: number; level: string } }>(DAK_LAK_EDITOR, UPDATE, { input: { id: draft.id, version: 1, scores: { T: 27, E: 18, O: 15, R: 12, I: 9 } } });
    expect(updated.data!.updateAssessmentDraft).toEqual({ version: 2, totalScore: 81, level: "ADVANCED" });
    const stale = await as(DAK_LAK_EDITOR, UPDATE, { input: { id: draft.id, version: 1, assessorRecommendations: "bản cũ" } });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", currentVersion: 2 });
    const badScores = await as(DAK_LAK_EDITOR, UPDATE, { input: { id: draft.id, version: 2, scores: { T: 31, E: 18, O: 15, R: 12, I: 9 } } });
    expect(badScores.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { "scores.T": expect.stringContaining("between 0 and 30") } });

    const published = await as<{ publishAssessment: { status: string; version: number; publishedAt: string } }>(DAK_LAK_EDITOR, PUBLISH, { id: draft.id, version: 2 });
    expect(published.data!.publishAssessment).toEqual({ status: "PUBLISHED", version: 3, publishedAt: "2026-11-23T03:00:00.000Z" });
    expect((await as(DAK_LAK_EDITOR, PUBLISH, { id: draft.id, version: 3 })).errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("is for editors of the enterprise's province; to others a draft does not exist", async () => {
    const foreign = await as(LAM_DONG_EDITOR, DRAFT, { input: { enterpriseId: globalIdOf(roaster), assessedOn: "2026-10-02", scores: { T: 1, E: 1, O: 1, R: 1, I: 1 } } });
    expect(foreign.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const draft = (await draftOf(grinder, "2026-10-03")).data!.draftAssessment;
    const publishByOther = await as(LAM_DONG_EDITOR, PUBLISH, { id: draft.id, version: 1 });
    expect(publishByOther.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const duplicate = await draftOf(grinder, "2026-10-03");
    expect(duplicate.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    // A published assessment is a row everyone sees: changing another province's is forbidden, not "not found".
    await as(DAK_LAK_EDITOR, PUBLISH, { id: draft.id, version: 1 });
    const foreignPublished = await as(LAM_DONG_EDITOR, PUBLISH, { id: draft.id, version: 2 });
    expect(foreignPublished.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("assessmentPublished", () => {
  const SUBSCRIPTION = `subscription S($after: String) { assessmentPublished(after: $after, provinceCodes: ["VN-33"]) { position assessment { assessedOn level totalScore enterprise { name } } } }`;
  type Event = { assessmentPublished: { position: string; assessment: { assessedOn: string; level: string; totalScore: number | null } } };
  const totalScoreError = (event: GraphQLResponse<Event>) => event.errors?.find((error) => error.path?.join(".") === "assessmentPublished.assessment.totalScore")?.extensions;

  it("withholds the scores from the very next event once an agreement is revoked, and audits what was read", async () => {
    // Lâm Đồng asks for Đắk Lắk's technology data; Đắk Lắk approves.
    const requested = await as<{ requestAgreement: { id: string } }>(
      LAM_DONG_EDITOR,
      `mutation { requestAgreement(input: { grantorCode: "VN-33", datasets: [TECHNOLOGY], purpose: "So sánh trình độ công nghệ rang xay cà phê", legalBasis: "Chương trình hợp tác TP.HCM – Tây Nguyên", periodFrom: "2026-11-01", periodTo: "2027-10-31" }) { id } }`,
    );
    const agreementId = requested.data!.requestAgreement.id;
    await as(DAK_LAK_EDITOR, `mutation A($id: ID!) { approveAgreement(id: $id) { status } }`, { id: agreementId });

    const after = (await hub.query<{ latestEventPosition: string }>("{ latestEventPosition }")).data!.latestEventPosition;
    const holder = subscribe<Event>(hub.url, SUBSCRIPTION, { after }, { token: await hub.token(LAM_DONG_VIEWER) });
    const anonymous = subscribe<Event>(hub.url, SUBSCRIPTION, { after });
    try {
      const auditBefore = await hub.em().count(AuditEntryEntity, {});
      const first = (await draftOf(roaster, "2026-11-05")).data!.draftAssessment;
      await as(DAK_LAK_EDITOR, PUBLISH, { id: first.id, version: 1 });
      const firstEvent = await holder.next();
      expect(firstEvent.errors).toBeUndefined();
      expect(firstEvent.data!.assessmentPublished.assessment).toMatchObject({ assessedOn: "2026-11-05", level: "ADVANCED_AVERAGE", totalScore: 62 });
      const anonymousFirst = await anonymous.next();
      expect(anonymousFirst.data!.assessmentPublished.assessment).toMatchObject({ level: "ADVANCED_AVERAGE", totalScore: null });
      expect(totalScoreError(anonymousFirst)).toMatchObject({ code: "FORBIDDEN", reason: "SIGN_IN_REQUIRED" });
      // The holder's read of Đắk Lắk's scores was recorded before the event went out.
      const reads = await hub.em().find(AuditEntryEntity, { id: { $gt: auditBefore }, action: AuditAction.READ });
      expect(reads.map((entry) => [entry.actorProvinceCode, entry.fields, entry.ownerProvinceCodes])).toEqual([["VN-35", ["Assessment.totalScore"], ["VN-33"]]]);

      await as(DAK_LAK_EDITOR, `mutation R($id: ID!) { revokeAgreement(input: { id: $id, reason: "Kết thúc đợt so sánh trình độ công nghệ" }) { status } }`, { id: agreementId });
      const second = (await draftOf(grinder, "2026-11-06")).data!.draftAssessment;
      await as(DAK_LAK_EDITOR, PUBLISH, { id: second.id, version: 1 });
      const secondEvent = await holder.next();
      expect(secondEvent.data!.assessmentPublished.assessment).toMatchObject({ assessedOn: "2026-11-06", level: "ADVANCED_AVERAGE", totalScore: null });
      expect(totalScoreError(secondEvent)).toMatchObject({ code: "FORBIDDEN", reason: "NO_AGREEMENT_IN_FORCE" });
      expect(BigInt(secondEvent.data!.assessmentPublished.position)).toBeGreaterThan(BigInt(firstEvent.data!.assessmentPublished.position));
    } finally {
      await holder.close();
      await anonymous.close();
    }
  });
});
