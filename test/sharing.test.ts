import type { EntityManager } from "@mikro-orm/postgresql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdministrativeUnit } from "../src/reference/administrative-unit.entity.js";
import { Agreement, AgreementDecision } from "../src/sharing/agreement.entity.js";
import { Dataset } from "../src/common/visibility.js";
import { createAgency, unique } from "../seeds/factories/reference.js";
import { startTestHub, type TestHub } from "./support/hub.js";

let hub: TestHub;
beforeAll(async () => {
  // 23 November 2026, 10:00 in Ho Chi Minh City.
  hub = await startTestHub({ now: "2026-11-23T03:00:00Z" });
});
afterAll(async () => {
  await hub?.close();
});

async function createAgreement(em: EntityManager, values: { grantor: string; grantee: string; decision: AgreementDecision; periodTo: string; datasets?: Dataset[] }) {
  const requester = await createAgency(em, { provinceCode: values.grantee });
  const agreement = em.create(Agreement, {
    reference: `TEST-${unique()}`,
    grantor: em.getReference(AdministrativeUnit, values.grantor),
    grantee: em.getReference(AdministrativeUnit, values.grantee),
    requestedBy: requester,
    datasets: values.datasets ?? [Dataset.TECHNOLOGY],
    purpose: "Đánh giá trình độ công nghệ doanh nghiệp chế biến cà phê",
    legalBasis: "Chương trình hợp tác TP.HCM – Tây Nguyên",
    periodFrom: "2026-01-01",
    periodTo: values.periodTo,
    decision: values.decision,
    requestedAt: new Date("2025-12-15T02:00:00Z"),
    decidedAt: values.decision === AgreementDecision.REQUESTED ? null : new Date("2025-12-20T02:00:00Z"),
    decidedBy: null,
    declineReason: values.decision === AgreementDecision.DECLINED ? "Dữ liệu chưa được công bố" : null,
    declineLegalBasis: values.decision === AgreementDecision.DECLINED ? "Nghị định 194/2025/NĐ-CP" : null,
    revokedAt: null,
    revokeReason: null,
    ownerProvinceCodes: [values.grantor, values.grantee],
  });
  await em.flush();
  return agreement;
}

describe("agreements", () => {
  it("derives EXPIRED from the clock, and filters by status as of today", async () => {
    const em = hub.em();
    const inForce = await createAgreement(em, { grantor: "VN-33", grantee: "VN-SG", decision: AgreementDecision.APPROVED, periodTo: "2026-12-31" });
    const expired = await createAgreement(em, { grantor: "VN-33", grantee: "VN-30", decision: AgreementDecision.APPROVED, periodTo: "2026-11-22" });
    await createAgreement(em, { grantor: "VN-33", grantee: "VN-35", decision: AgreementDecision.DECLINED, periodTo: "2026-12-31" });

    const all = await hub.query<{ agreements: { nodes: { reference: string; status: string; grantee: { code: string }; declineLegalBasis: string | null }[] } }>(
      `{ agreements(filter: { grantor: { codes: ["VN-33"] } }) { nodes { reference status grantee { code } declineLegalBasis } } }`,
    );
    expect(all.errors).toBeUndefined();
    const byGrantee = Object.fromEntries(all.data!.agreements.nodes.map((node) => [node.grantee.code, node]));
    expect(byGrantee["VN-SG"]!.status).toBe("APPROVED");
    expect(byGrantee["VN-30"]!.status).toBe("EXPIRED");
    expect(byGrantee["VN-35"]).toMatchObject({ status: "DECLINED", declineLegalBasis: "Nghị định 194/2025/NĐ-CP" });

    const approved = await hub.query<{ agreements: { nodes: { reference: string }[] } }>(`{ agreements(filter: { statuses: [APPROVED] }) { nodes { reference } } }`);
    expect(approved.data!.agreements.nodes.map((node) => node.reference)).toEqual([inForce.reference]);
    const expiredOnes = await hub.query<{ agreements: { nodes: { reference: string }[] } }>(`{ agreements(filter: { statuses: [EXPIRED] }) { nodes { reference } } }`);
    expect(expiredOnes.data!.agreements.nodes.map((node) => node.reference)).toEqual([expired.reference]);
  });
});
