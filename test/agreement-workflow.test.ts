/**
 * The agreement workflow through the API: the grantee's editors request, the grantor's editors
 * approve, decline (with reason and legal basis) or revoke. Each step is one transaction with its
 * audit entry; a refused step changes nothing and writes no entry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signDevelopmentToken } from "../src/auth/identity.js";
import type { Role } from "../src/auth/viewer.js";
import { parseConfig } from "../src/config.js";
import { createAgency } from "../seeds/factories/reference.js";
import { startTestHub, type TestHub } from "./support/hub.js";

const auth = parseConfig({}).auth;
let hub: TestHub;

const tokenOf = (province: string, agency: string | null, roles: Role[] = ["agency_editor"]) =>
  signDevelopmentToken(auth, { subject: `${agency ?? province}-user`, roles, province, agency, ttlSeconds: 3600 }, new Date("2026-11-23T03:00:00Z"));

beforeAll(async () => {
  hub = await startTestHub({ now: "2026-11-23T03:00:00Z" });
  const em = hub.em();
  await createAgency(em, { provinceCode: "VN-SG", code: "VN-SG-SKHCN", name: "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh" });
  await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Đắk Lắk" });
  await createAgency(em, { provinceCode: "VN-30", code: "VN-30-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Gia Lai" });
});
afterAll(async () => {
  await hub?.close();
});

const REQUEST = `mutation Request($input: RequestAgreementInput!) { requestAgreement(input: $input) { id status grantor { code } grantee { code } requestedBy { code } datasets } }`;
const APPROVE = `mutation Approve($id: ID!) { approveAgreement(id: $id) { id status decidedBy { code } } }`;
const DECLINE = `mutation Decline($input: DeclineAgreementInput!) { declineAgreement(input: $input) { status declineReason declineLegalBasis } }`;
const REVOKE = `mutation Revoke($input: RevokeAgreementInput!) { revokeAgreement(input: $input) { status revokeReason } }`;
const request = {
  grantorCode: "VN-33",
  datasets: ["TECHNOLOGY"],
  purpose: "Hỗ trợ đổi mới công nghệ cho doanh nghiệp chế biến cà phê",
  legalBasis: "Chương trình hợp tác TP.HCM – Tây Nguyên",
  periodFrom: "2026-12-01",
  periodTo: "2027-11-30",
};

async function auditCount(): Promise<number> {
  const [row] = await hub.em().getConnection().execute<{ count: string }[]>("select count(*) as count from audit_entry");
  return Number(row!.count);
}

async function requestOne(): Promise<string> {
  const response = await hub.query<{ requestAgreement: { id: string } }>(REQUEST, { input: request }, { token: await tokenOf("VN-SG", "VN-SG-SKHCN") });
  expect(response.errors).toBeUndefined();
  return response.data!.requestAgreement.id;
}

describe("requesting", () => {
  it("records the grantee's request with its agency, and an audit entry", async () => {
    const before = await auditCount();
    const response = await hub.query(REQUEST, { input: request }, { token: await tokenOf("VN-SG", "VN-SG-SKHCN") });
    expect(response.errors).toBeUndefined();
    expect(response.data!.requestAgreement).toMatchObject({ status: "REQUESTED", grantor: { code: "VN-33" }, grantee: { code: "VN-SG" }, requestedBy: { code: "VN-SG-SKHCN" }, datasets: ["TECHNOLOGY"] });
    expect(await auditCount()).toBe(before + 1);
    const [entry] = await hub.em().getConnection().execute<{ action: string; actor_agency_code: string; owner_province_codes: string[]; fields: string[] }[]>(
      "select action, actor_agency_code, owner_province_codes, fields from audit_entry order by id desc limit 1",
    );
    expect(entry).toMatchObject({ action: "WRITE", actor_agency_code: "VN-SG-SKHCN", owner_province_codes: ["VN-33", "VN-SG"] });
    expect(entry!.fields).toContain("Agreement.purpose");
  });

  it.each([
    ["a too-short purpose", { ...request, purpose: "cần" }, "BAD_USER_INPUT"],
    ["no dataset", { ...request, datasets: [] }, "BAD_USER_INPUT"],
    ["a historical grantor", { ...request, grantorCode: "VN-28" }, "BAD_USER_INPUT"],
    ["its own province as grantor", { ...request, grantorCode: "VN-SG" }, "BAD_USER_INPUT"],
    ["a period that ends before it starts", { ...request, periodTo: "2026-01-01" }, "BAD_USER_INPUT"],
  ])("refuses %s with %s and writes nothing", async (_, input, code) => {
    const before = await auditCount();
    const response = await hub.query(REQUEST, { input }, { token: await tokenOf("VN-SG", "VN-SG-SKHCN") });
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(await auditCount()).toBe(before);
  });

  it("refuses viewers, anonymous callers and tokens of another province's agency", async () => {
    expect((await hub.query(REQUEST, { input: request }, { token: await tokenOf("VN-SG", "VN-SG-SKHCN", ["agency_viewer"]) })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await hub.query(REQUEST, { input: request })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await hub.query(REQUEST, { input: request }, { token: await tokenOf("VN-SG", "VN-33-SKHCN") })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("deciding", () => {
  it("lets the grantor's editors approve once, then revoke; a second approval is a CONFLICT", async () => {
    const id = await requestOne();
    const grantor = await tokenOf("VN-33", "VN-33-SKHCN");
    const approved = await hub.query(APPROVE, { id }, { token: grantor });
    expect(approved.data!.approveAgreement).toMatchObject({ status: "APPROVED", decidedBy: { code: "VN-33-SKHCN" } });

    const before = await auditCount();
    const again = await hub.query(APPROVE, { id }, { token: grantor });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", status: "APPROVED" });
    expect(await auditCount()).toBe(before);

    const revoked = await hub.query(REVOKE, { input: { id, reason: "Hết nhu cầu sử dụng dữ liệu theo đề nghị của bên nhận" } }, { token: grantor });
    expect(revoked.data!.revokeAgreement).toMatchObject({ status: "REVOKED" });
    expect(await auditCount()).toBe(before + 1);
  });

  it("refuses decisions by the grantee or a third province", async () => {
    const id = await requestOne();
    for (const token of [await tokenOf("VN-SG", "VN-SG-SKHCN"), await tokenOf("VN-30", "VN-30-SKHCN")]) {
      const response = await hub.query(APPROVE, { id }, { token });
      expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
  });

  it("needs a written reason and legal basis to decline", async () => {
    const id = await requestOne();
    const grantor = await tokenOf("VN-33", "VN-33-SKHCN");
    const bare = await hub.query(DECLINE, { input: { id, reason: "", legalBasis: "" } }, { token: grantor });
    expect(bare.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const declined = await hub.query(DECLINE, { input: { id, reason: "Dữ liệu đánh giá chưa được công bố", legalBasis: "Nghị định 194/2025/NĐ-CP" } }, { token: grantor });
    expect(declined.data!.declineAgreement).toEqual({ status: "DECLINED", declineReason: "Dữ liệu đánh giá chưa được công bố", declineLegalBasis: "Nghị định 194/2025/NĐ-CP" });
  });

  it("answers an unknown agreement with NOT_FOUND", async () => {
    const response = await hub.query(APPROVE, { id: Buffer.from("Agreement:999999").toString("base64url") }, { token: await tokenOf("VN-33", "VN-33-SKHCN") });
    expect(response.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
