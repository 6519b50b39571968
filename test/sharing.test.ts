import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgreementDecision } from "../src/sharing/agreement.entity.js";
import { createAgreement } from "../seeds/factories/sharing.js";
import { startTestHub, type TestHub } from "./support/hub.js";

let hub: TestHub;
beforeAll(async () => {
  // 23 November 2026, 10:00 in Ho Chi Minh City.
  hub = await startTestHub({ now: "2026-11-23T03:00:00Z" });
});
afterAll(async () => {
  await hub?.close();
});

describe("agreements", () => {
  it("derives EXPIRED from the clock, and filters by status as of today", async () => {
    const em = hub.em();
    const inForce = await createAgreement(em, { grantor: "VN-33", grantee: "VN-SG", decision: AgreementDecision.APPROVED, periodTo: "2026-12-31" });
    const expired = await createAgreement(em, { grantor: "VN-33", grantee: "VN-30", decision: AgreementDecision.APPROVED, periodTo: "2026-11-22" });
    await createAgreement(em, { grantor: "VN-33", grantee: "VN-35", decision: AgreementDecision.DECLINED, periodTo: "2026-12-31" });
    // Agreements are SHARED: any member lists them (a third province's agency here), anonymous callers see none.
    const member = { token: await hub.token({ kind: "agency", province: "VN-29" }) };
    const anonymous = await hub.query<{ agreements: { totalCount: number } }>(`{ agreements { totalCount } }`);
    expect(anonymous).toEqual({ data: { agreements: { totalCount: 0 } } });

    const all = await hub.query<{ agreements: { nodes: { reference: string; status: string; grantee: { code: string }; declineLegalBasis: string | null }[] } }>(
      `{ agreements(filter: { grantor: { codes: ["VN-33"] } }) { nodes { reference status grantee { code } declineLegalBasis } } }`,
      {},
      member,
    );
    expect(all.errors).toBeUndefined();
    const byGrantee = Object.fromEntries(all.data!.agreements.nodes.map((node) => [node.grantee.code, node]));
    expect(byGrantee["VN-SG"]!.status).toBe("APPROVED");
    expect(byGrantee["VN-30"]!.status).toBe("EXPIRED");
    expect(byGrantee["VN-35"]).toMatchObject({ status: "DECLINED", declineLegalBasis: "Nghị định 194/2025/NĐ-CP" });

    const approved = await hub.query<{ agreements: { nodes: { reference: string }[] } }>(`{ agreements(filter: { statuses: [APPROVED] }) { nodes { reference } } }`, {}, member);
    expect(approved.data!.agreements.nodes.map((node) => node.reference)).toEqual([inForce.reference]);
    const expiredOnes = await hub.query<{ agreements: { nodes: { reference: string }[] } }>(`{ agreements(filter: { statuses: [EXPIRED] }) { nodes { reference } } }`, {}, member);
    expect(expiredOnes.data!.agreements.nodes.map((node) => node.reference)).toEqual([expired.reference]);
  });
});
