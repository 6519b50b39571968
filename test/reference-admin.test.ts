/**
 * Hub administrators manage units and agencies through the API; everyone else is refused. Each
 * change is one transaction with an audit entry, and a refused change writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signDevelopmentToken } from "../src/auth/identity.js";
import type { Role } from "../src/auth/viewer.js";
import { parseConfig } from "../src/config.js";
import { startTestHub, type TestHub } from "./support/hub.js";

const auth = parseConfig({}).auth;
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ now: "2026-11-23T03:00:00Z" });
});
afterAll(async () => {
  await hub?.close();
});

const token = (roles: Role[], province: string | null = null) =>
  signDevelopmentToken(auth, { subject: "admin", roles, province, agency: null, ttlSeconds: 3600 }, new Date("2026-11-23T03:00:00Z"));

async function auditCount(): Promise<number> {
  const [row] = await hub.em().getConnection().execute<{ count: string }[]>("select count(*) as count from audit_entry");
  return Number(row!.count);
}

const CREATE = `mutation Create($input: CreateAgencyInput!) { createAgency(input: $input) { id code name province { code } sector } }`;
const UPDATE = `mutation Update($input: UpdateAgencyInput!) { updateAgency(input: $input) { code name contactEmail } }`;
const MERGE = `mutation Merge($input: RecordUnitMergerInput!) { recordUnitMerger(input: $input) { code validTo successor { code validFrom } } }`;
const agency = { code: "VN-33-SYT", name: "Sở Y tế tỉnh Đắk Lắk", nameEn: "Dak Lak Department of Health", provinceCode: "VN-33", sector: "HEALTH" };

describe("agencies", () => {
  it("are registered and changed by hub administrators, with an audit entry each", async () => {
    const admin = await token(["hub_admin"]);
    const before = await auditCount();
    const created = await hub.query<{ createAgency: { id: string } }>(CREATE, { input: agency }, { token: admin });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createAgency).toMatchObject({ code: "VN-33-SYT", name: "Sở Y tế tỉnh Đắk Lắk", province: { code: "VN-33" }, sector: "HEALTH" });
    const updated = await hub.query(UPDATE, { input: { id: created.data!.createAgency.id, contactEmail: "syt@daklak.gov.vn" } }, { token: admin });
    expect(updated.data!.updateAgency).toEqual({ code: "VN-33-SYT", name: "Sở Y tế tỉnh Đắk Lắk", contactEmail: "syt@daklak.gov.vn" });
    expect(await auditCount()).toBe(before + 2);
    const [entry] = await hub.em().getConnection().execute<{ owner_province_codes: string[]; fields: string[] }[]>(
      "select owner_province_codes, fields from audit_entry order by id desc limit 1",
    );
    expect(entry).toEqual({ owner_province_codes: ["VN-33"], fields: ["Agency.contactEmail"] });
  });

  it.each([
    ["a duplicate code", { ...agency, code: "VN-33-SYT" }, "CONFLICT"],
    ["a historical province", { ...agency, code: "VN-28-SYT2", provinceCode: "VN-28" }, "BAD_USER_INPUT"],
    ["a malformed code", { ...agency, code: "sở y tế" }, "BAD_USER_INPUT"],
  ])("refuses %s with %s and writes nothing", async (_, input, code) => {
    const admin = await token(["hub_admin"]);
    await hub.query(CREATE, { input: { ...agency, code: "VN-33-SYT" } }, { token: admin });
    const before = await auditCount();
    const response = await hub.query(CREATE, { input }, { token: admin });
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(await auditCount()).toBe(before);
  });

  it("are not managed by agencies or anonymous callers", async () => {
    const editor = await hub.query(CREATE, { input: { ...agency, code: "VN-33-X" } }, { token: await token(["agency_editor"], "VN-33") });
    expect(editor.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const anonymous = await hub.query(CREATE, { input: { ...agency, code: "VN-33-Y" } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("unit mergers", () => {
  it("end the absorbed unit with its successor, so province filters follow the succession", async () => {
    const admin = await token(["hub_admin"]);
    // A hypothetical future merger, to exercise the mechanism on today's units.
    const merged = await hub.query(MERGE, { input: { absorbedCode: "VN-30", successorCode: "VN-33", lastDay: "2026-12-31" } }, { token: admin });
    expect(merged.errors).toBeUndefined();
    expect(merged.data!.recordUnitMerger).toEqual({ code: "VN-30", validTo: "2026-12-31", successor: { code: "VN-33", validFrom: "2027-01-01" } });
    const units = await hub.query<{ unit: { predecessors: { code: string }[] } }>(`{ unit(code: "VN-33") { predecessors { code } } }`);
    expect(units.data!.unit.predecessors.map((unit) => unit.code).sort()).toEqual(["VN-30", "VN-32"]);
    const again = await hub.query(MERGE, { input: { absorbedCode: "VN-30", successorCode: "VN-35", lastDay: "2027-06-30" } }, { token: admin });
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });
});
