/**
 * The audit log: numbered and HMAC-chained once committed (by the log sequencer), readable by hub
 * administrators and, for their own province's data, by its agencies; a rewritten or removed entry
 * is reported by `npm run audit:verify` at the first broken link.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEntry, AuditAction } from "../src/audit/index.js";
import { signDevelopmentToken } from "../src/auth/identity.js";
import type { Viewer } from "../src/auth/viewer.js";
import { parseConfig } from "../src/config.js";
import { createEnterprise } from "../seeds/factories/reference.js";
import { startTestHub, type TestHub } from "./support/hub.js";

const config = parseConfig({});
let hub: TestHub;

const reader: Exclude<Viewer, { kind: "anonymous" }> = { kind: "agency", subject: "reader-hcmc", provinceCode: "VN-SG", agencyCode: "VN-SG-SKHCN", roles: ["agency_viewer"] };

beforeAll(async () => {
  hub = await startTestHub();
  // The enterprise the enterprise tokens below name: a token must name a registered one.
  await createEnterprise(hub.em(), { provinceCode: "VN-33", taxCode: "0099000001", name: "Công ty TNHH Cà phê Ea Tu (mô phỏng)" });
  const now = new Date("2026-11-23T03:00:00Z");
  // Three reads by an HCMC agency: of Kon Tum's data (before the merger), of Đắk Lắk's, of Quảng Ngãi's.
  for (const [owner, count] of [["VN-28", 3], ["VN-33", 5], ["VN-29", 2]] as const) {
    await appendAuditEntry(hub.em(), reader, { action: AuditAction.READ, fields: ["Assessment.totalScore", "Assessment.level"], ownerProvinceCodes: [owner], recordCount: count, operationName: "Scores", documentHash: "a".repeat(64) }, now);
  }
});
afterAll(async () => {
  await hub?.close();
});

const LOG = "{ auditLog(first: 10) { totalCount nodes { sequence action actorProvinceCode fields ownerProvinceCodes recordCount operationName } } }";
type Log = { auditLog: { totalCount: number; nodes: { sequence: number; ownerProvinceCodes: string[]; recordCount: number; fields: string[] }[] } };
const token = (overrides: Partial<Parameters<typeof signDevelopmentToken>[1]>) =>
  signDevelopmentToken(config.auth, { subject: "t", roles: ["agency_viewer"], province: "VN-29", ttlSeconds: 600, ...overrides });

describe("who read our data", () => {
  it("shows a hub administrator the whole log, numbered from 1, with fields and counts but no values", async () => {
    const response = await hub.query<Log>(LOG, {}, { token: await token({ roles: ["hub_admin"], province: null }) });
    expect(response.errors).toBeUndefined();
    expect(response.data!.auditLog.nodes.map((n) => [n.sequence, n.ownerProvinceCodes, n.recordCount])).toEqual([
      [1, ["VN-28"], 3],
      [2, ["VN-33"], 5],
      [3, ["VN-29"], 2],
    ]);
    expect(response.data!.auditLog.nodes[0]!.fields).toEqual(["Assessment.level", "Assessment.totalScore"]);
  });

  it("shows Quảng Ngãi's agencies the reads of its data and of Kon Tum's, which it owns by succession", async () => {
    const response = await hub.query<Log>(LOG, {}, { token: await token({ province: "VN-29" }) });
    expect(response.data!.auditLog.nodes.map((n) => n.sequence)).toEqual([1, 3]);
    const dakLak = await hub.query<Log>(LOG, {}, { token: await token({ province: "VN-33" }) });
    expect(dakLak.data!.auditLog.nodes.map((n) => n.sequence)).toEqual([2]);
  });

  it("refuses enterprises (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)", async () => {
    const enterprise = await hub.query(LOG, {}, { token: await token({ roles: ["enterprise"], province: "VN-33", taxCode: "0099000001" }) });
    expect(enterprise.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const anonymous = await hub.query(LOG);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("npm run audit:verify", () => {
  const verify = async () => {
    const script = path.resolve(import.meta.dirname, "../dist/scripts/audit-verify.js");
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [script], { env: { PATH: process.env.PATH ?? "", DATABASE_URL: hub.database.url, LOG_LEVEL: "silent" } });
      return { code: 0, output: stdout.trim() };
    } catch (error) {
      const failure = error as { code: number; stdout: string };
      return { code: failure.code, output: failure.stdout.trim() };
    }
  };

  it("finds the chain intact, then reports the first broken link after an entry is rewritten or removed", async () => {
    expect(await verify()).toEqual({ code: 0, output: "Audit log intact: 3 entries." });

    // The table refuses updates and deletes…
    const connection = hub.em().getConnection();
    await expect(connection.execute("update audit_entry set record_count = 1 where id = 2")).rejects.toThrow(/append-only/);
    await expect(connection.execute("delete from audit_entry where id = 2")).rejects.toThrow(/append-only/);
    await expect(connection.execute("truncate audit_entry")).rejects.toThrow(/append-only/);
    // …but whoever owns the database can switch that off. Then they lower a count: the HMAC no longer matches.
    await connection.execute("alter table audit_entry disable trigger audit_entry_append_only");
    await hub.em().getConnection().execute("update audit_entry set record_count = 1 where id = 2");
    expect(await verify()).toEqual({ code: 1, output: "Audit log BROKEN at entry 2: its content does not match its hash (rewritten) (1 entries before it are intact)." });
    await hub.em().getConnection().execute("update audit_entry set record_count = 5 where id = 2");
    expect((await verify()).code).toBe(0);

    await hub.em().getConnection().execute("delete from audit_entry where id = 2");
    expect(await verify()).toEqual({ code: 1, output: "Audit log BROKEN at entry 2: entry 2 is missing (next is 3) (1 entries before it are intact)." });
  });
});
