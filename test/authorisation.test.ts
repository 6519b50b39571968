/**
 * Authorisation beyond the matrix: agreements applying from the very next request, the audit of
 * protected reads (one entry per request, before the response, never values), the cost of deciding
 * grants, filters on protected values, k-anonymous statistics, succession, and the same rules over
 * WebSocket.
 */
import { createHash } from "node:crypto";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { AuditEntryEntity, AuditLogEntryEntity, verifyAuditChain } from "../src/audit/index.js";
import { Dataset } from "../src/common/visibility.js";
import { AgencySector } from "../src/reference/agency.entity.js";
import { AgreementDecision } from "../src/sharing/agreement.entity.js";
import { createAgency, createEnterprise } from "../seeds/factories/reference.js";
import { createAgreement } from "../seeds/factories/sharing.js";
import { buildWorld, type World } from "./authorisation/world.js";
import { startTestHub, type GraphQLResponse, type TestCaller, type TestHub } from "./support/hub.js";
import { globalIdOf } from "./support/global-ids.js";

const NOW = "2026-11-23T03:00:00Z";
let hub: TestHub;
let world: World;
let hcmcAgreement: string;

const DAK_LAK: TestCaller = { kind: "agency", province: "VN-33" };
const HCMC: TestCaller = { kind: "agency", province: "VN-SG" };
const GIA_LAI: TestCaller = { kind: "agency", province: "VN-30" };

beforeAll(async () => {
  hub = await startTestHub({ now: NOW, env: { STATISTICS_MIN_CELL_SIZE: "6" } });
  const em = hub.em();
  world = await buildWorld(em, "VN-33", "VN-33");
  await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Đắk Lắk", sector: AgencySector.SCIENCE_TECHNOLOGY });
  await createAgency(em, { provinceCode: "VN-35", code: "VN-35-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng", sector: AgencySector.SCIENCE_TECHNOLOGY });
  await createAgency(em, { provinceCode: "VN-29", code: "VN-29-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi", sector: AgencySector.SCIENCE_TECHNOLOGY });
  // HCMC holds Đắk Lắk's reference, trade and technology data (not training) under an agreement in force.
  hcmcAgreement = (await createAgreement(em, { grantor: "VN-33", grantee: "VN-SG", decision: AgreementDecision.APPROVED, periodTo: "2027-12-31", datasets: [Dataset.REFERENCE, Dataset.TRADE, Dataset.TECHNOLOGY] })).reference;
});
afterAll(async () => {
  await hub?.close();
});

async function as<T = Record<string, unknown>>(caller: TestCaller | null, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  return hub.query<T>(query, variables, { token: caller ? await hub.token(caller) : undefined });
}

const errorAt = (response: GraphQLResponse, path: (string | number)[]) => response.errors?.find((error) => JSON.stringify(error.path) === JSON.stringify(path));

async function auditEntries(): Promise<AuditEntryEntity[]> {
  return hub.em().find(AuditEntryEntity, {}, { orderBy: { id: "asc" } });
}

const SCORES = `query Scores($id: ID!) { node(id: $id) { ... on Assessment { level totalScore } } }`;

describe("agreements apply from the grantee's very next request", () => {
  it("withholds before approval, grants after it, and withholds again after revocation, through the public API", async () => {
    const lamDong: TestCaller = { kind: "agency", province: "VN-35" };
    const before = await as<{ node: { level: string; totalScore: number | null } }>(lamDong, SCORES, { id: world.assessment.id });
    expect(before.data!.node).toEqual({ level: "ADVANCED_AVERAGE", totalScore: null });
    expect(errorAt(before, ["node", "totalScore"])?.extensions).toMatchObject({ code: "FORBIDDEN", classification: "RESTRICTED", reason: "NO_AGREEMENT_IN_FORCE", ownerProvinceCodes: ["VN-33"] });

    const requested = await as<{ requestAgreement: { id: string; status: string } }>(
      { kind: "agency", province: "VN-35", agency: "VN-35-SKHCN", roles: ["agency_editor"] },
      `mutation { requestAgreement(input: { grantorCode: "VN-33", datasets: [TECHNOLOGY], purpose: "So sánh trình độ công nghệ chế biến cà phê Lâm Đồng và Đắk Lắk", legalBasis: "Chương trình hợp tác TP.HCM – Tây Nguyên", periodFrom: "2026-11-01", periodTo: "2027-10-31" }) { id status } }`,
    );
    expect(requested.data!.requestAgreement.status).toBe("REQUESTED");
    expect((await as<{ node: { totalScore: null } }>(lamDong, SCORES, { id: world.assessment.id })).data!.node.totalScore).toBeNull();

    const grantor: TestCaller = { kind: "agency", province: "VN-33", agency: "VN-33-SKHCN", roles: ["agency_editor"] };
    const approved = await as<{ approveAgreement: { status: string } }>(grantor, `mutation A($id: ID!) { approveAgreement(id: $id) { status } }`, { id: requested.data!.requestAgreement.id });
    expect(approved.data!.approveAgreement.status).toBe("APPROVED");
    const during = await as<{ node: { totalScore: number } }>(lamDong, SCORES, { id: world.assessment.id });
    expect(during).toEqual({ data: { node: { level: "ADVANCED_AVERAGE", totalScore: 62 } } });
    const viewer = await as<{ viewer: { agreementsInForce: { grantorCode: string; datasets: string[] }[] } }>(lamDong, `{ viewer { agreementsInForce { grantorCode datasets coveredProvinceCodes } } }`);
    // Đắk Lắk absorbed Phú Yên (VN-32): its agreement covers Phú Yên's records too.
    expect(viewer.data!.viewer.agreementsInForce).toEqual([{ grantorCode: "VN-33", datasets: ["TECHNOLOGY"], coveredProvinceCodes: ["VN-32", "VN-33"] }]);
    // A dataset the agreement does not name stays withheld: the training link's budget.
    const budget = await as<{ node: { budgetVnd: string | null } }>(lamDong, `query B($id: ID!) { node(id: $id) { ... on TrainingLink { budgetVnd } } }`, { id: world.trainingLink.id });
    expect(budget.data!.node.budgetVnd).toBeNull();

    await as(grantor, `mutation R($id: ID!) { revokeAgreement(input: { id: $id, reason: "Đã hoàn thành mục đích sử dụng dữ liệu" }) { status } }`, { id: requested.data!.requestAgreement.id });
    const after = await as<{ node: { totalScore: number | null } }>(lamDong, SCORES, { id: world.assessment.id });
    expect(after.data!.node.totalScore).toBeNull();
    expect(errorAt(after, ["node", "totalScore"])?.extensions?.reason).toBe("NO_AGREEMENT_IN_FORCE");
  });
});

describe("the audit log of protected reads", () => {
  const READ_COFFEE = `query ReadCoffee($search: String!) { enterprises(filter: { search: $search }) { nodes { name employees annualRevenueVnd latestAssessment { totalScore assessorRecommendations } } } }`;

  it("records a read of another province's RESTRICTED data in one entry: who, fields, owners, count, agreement — never values", async () => {
    const before = (await auditEntries()).length;
    const response = await as<{ enterprises: { nodes: { employees: number; annualRevenueVnd: string; latestAssessment: { totalScore: number; assessorRecommendations: null } }[] } }>(HCMC, READ_COFFEE, { search: world.enterprise.search });
    expect(response.data!.enterprises.nodes).toEqual([
      { name: "Công ty TNHH Cà phê Ea Pốk (mô phỏng)", employees: 42, annualRevenueVnd: "12500000000", latestAssessment: { totalScore: 62, assessorRecommendations: null } },
    ]);
    expect(errorAt(response, ["enterprises", "nodes", 0, "latestAssessment", "assessorRecommendations"])?.extensions?.reason).toBe("OWNERS_ONLY");

    const entries = (await auditEntries()).slice(before);
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry).toMatchObject({
      action: "READ",
      actorKind: "AGENCY",
      actorProvinceCode: "VN-SG",
      actorSubject: "agency-VN-SG",
      operationName: "ReadCoffee",
      documentHash: createHash("sha256").update(READ_COFFEE).digest("hex"),
      fields: ["Assessment.totalScore", "Enterprise.annualRevenueVnd", "Enterprise.employees"],
      ownerProvinceCodes: ["VN-33"],
      recordCount: 2,
      agreementReferences: [hcmcAgreement],
    });
    // What was read is never stored, only that it was.
    const stored = JSON.stringify(entry);
    for (const value of ["12500000000", "Đầu tư dây chuyền", "Ea Pốk"]) expect(stored).not.toContain(value);
  });

  it("records who read exactly, whatever characters the caller's subject holds", async () => {
    // Entries travel to the database as array literals (one statement for several requests' entries).
    const subject = `agency "VN-SG" \\ {reader}, NULL`;
    const before = (await auditEntries()).length;
    await as({ ...HCMC, subject }, READ_COFFEE, { search: world.enterprise.search });
    const entries = (await auditEntries()).slice(before);
    expect(entries.map((entry) => [entry.actorSubject, entry.operationName, entry.agreementReferences])).toEqual([[subject, "ReadCoffee", [hcmcAgreement]]]);
  });

  it("lets the owner see who read its data, and no one else", async () => {
    const LOG = `{ auditLog(first: 100, filter: { actions: [READ] }) { nodes { actorProvinceCode fields ownerProvinceCodes recordCount agreementReferences operationName } } }`;
    await as(HCMC, READ_COFFEE, { search: world.enterprise.search });
    const owner = await as<{ auditLog: { nodes: { actorProvinceCode: string; operationName: string }[] } }>(DAK_LAK, LOG);
    expect(owner.errors).toBeUndefined();
    expect(owner.data!.auditLog.nodes.some((node) => node.actorProvinceCode === "VN-SG" && node.operationName === "ReadCoffee")).toBe(true);
    const other = await as<{ auditLog: { nodes: unknown[] } }>(GIA_LAI, LOG);
    expect(other.data!.auditLog.nodes).toEqual([]);
    const byReader = await as<{ auditLog: { nodes: { actorProvinceCode: string }[] } }>(DAK_LAK, `{ auditLog(first: 100, filter: { actions: [READ], readerProvinceCodes: ["VN-35"] }) { nodes { actorProvinceCode } } }`);
    expect(byReader.data!.auditLog.nodes.every((node) => node.actorProvinceCode === "VN-35")).toBe(true);
  });

  it("writes nothing for an owner's own reads, public reads and withheld fields", async () => {
    const before = (await auditEntries()).length;
    await as(DAK_LAK, READ_COFFEE, { search: world.enterprise.search });
    await as(null, `{ enterprises(filter: { search: "ca phe ea pok" }) { nodes { name latestAssessment { level } } } }`);
    const withheld = await as(GIA_LAI, READ_COFFEE, { search: world.enterprise.search });
    expect(withheld.errors?.length).toBe(4);
    await as({ kind: "enterprise", province: "VN-33", taxCode: world.enterprise.taxCode }, READ_COFFEE, { search: world.enterprise.search });
    expect((await auditEntries()).length).toBe(before);
  });

  it("does not send data whose read it cannot record", async () => {
    const connection = hub.em().getConnection();
    await connection.execute("alter table audit_entry rename to audit_entry_unavailable");
    try {
      const response = await as(HCMC, READ_COFFEE, { search: world.enterprise.search });
      expect(response.data).toBeUndefined();
      expect(response.errors).toEqual([expect.objectContaining({ extensions: { code: "INTERNAL_SERVER_ERROR" } })]);
      // A response with nothing to record is unaffected.
      const open = await as<{ enterprises: { nodes: { name: string }[] } }>(HCMC, `{ enterprises(filter: { search: "ca phe ea pok" }) { nodes { name } } }`);
      expect(open.data!.enterprises.nodes).toHaveLength(1);
    } finally {
      await connection.execute("alter table audit_entry_unavailable rename to audit_entry");
    }
  });
});

describe("the cost of authorisation", () => {
  it("decides grants in one statement and audits in one entry, whatever the page size", async () => {
    const em = hub.em();
    for (let i = 0; i < 30; i += 1) await createEnterprise(em, { provinceCode: "VN-33", name: `Công ty TNHH Cà phê Krông Búk ${String(i).padStart(2, "0")} (mô phỏng)` });
    const PAGE = `query Page($first: Int!) { enterprises(first: $first, filter: { search: "ca phe krong buk" }) { nodes { name taxCode employees annualRevenueVnd } } }`;
    const statements = async (caller: TestCaller | null, first: number) => {
      const response = await as<{ enterprises: { nodes: unknown[] } }>(caller, PAGE, { first });
      expect(response.data!.enterprises.nodes).toHaveLength(first);
      return hub.lastStatementCount();
    };
    const counts: Record<string, number[]> = { anonymous: [], owner: [], agreement: [] };
    const entriesBefore = (await auditEntries()).length;
    for (const first of [1, 10, 30]) {
      counts.anonymous!.push(await statements(null, first));
      counts.owner!.push(await statements(DAK_LAK, first));
      counts.agreement!.push(await statements(HCMC, first));
    }
    for (const series of Object.values(counts)) expect(new Set(series).size).toBe(1);
    // The caller's access: one statement. The audit entry: none of the request's own — it is
    // inserted with the other waiting reads' entries in one statement (ReadEntryBatcher), shared
    // and so charged to no request (the entries below show it was written).
    expect(counts.owner![0]! - counts.anonymous![0]!).toBe(1);
    expect(counts.agreement![0]! - counts.owner![0]!).toBe(0);
    const entries = (await auditEntries()).slice(entriesBefore);
    expect(entries.map((entry) => entry.recordCount)).toEqual([1, 10, 30]);
    console.info(`[cost] statements per request: anonymous ${counts.anonymous![0]}, owner ${counts.owner![0]}, agreement holder (audited) ${counts.agreement![0]}`);
  });

  it("records concurrent audited reads each once, in one unbroken chain", async () => {
    const before = (await auditEntries()).length;
    const QUERY = `query Page($first: Int!) { enterprises(first: $first, filter: { search: "ca phe krong buk" }) { nodes { name taxCode employees } } }`;
    const firsts = Array.from({ length: 25 }, (_, index) => 1 + (index % 5));
    const responses = await Promise.all(firsts.map((first) => as<{ enterprises: { nodes: unknown[] } }>(HCMC, QUERY, { first })));
    expect(responses.map((response) => response.data!.enterprises.nodes.length)).toEqual(firsts);
    // Each response waited for its entries to be written, not linked: the check links what waits, then walks the chain.
    expect(await verifyAuditChain(hub.em(), hub.config.auditKey)).toEqual({ intact: true, entries: before + firsts.length });
    const entries = (await auditEntries()).slice(before);
    expect(entries.map((entry) => entry.recordCount).sort()).toEqual([...firsts].sort());
    const linked = (await hub.em().find(AuditLogEntryEntity, {}, { orderBy: { id: "asc" } })).slice(before);
    expect(linked.map((entry) => entry.id)).toEqual(entries.map((entry) => entry.id));
    expect(linked.map((entry) => entry.sequence).sort((a, b) => a - b)).toEqual(entries.map((_, index) => before + index + 1));
  });
});

describe("filters on protected values", () => {
  const BY_SCORE = `query ByScore($filter: AssessmentFilter) { assessments(filter: $filter) { nodes { id } } }`;
  const filter = { province: { codes: ["VN-33"] }, totalScore: { min: 60 } };

  it("act only on the rows whose values the caller may read, so no value is revealed", async () => {
    const ids = async (caller: TestCaller | null) => (await as<{ assessments: { nodes: { id: string }[] } }>(caller, BY_SCORE, { filter })).data!.assessments.nodes.map((node) => node.id);
    // The owner and the enterprise see its 80-point draft too.
    expect(await ids(DAK_LAK)).toEqual([world.draftAssessmentId, world.assessment.id]);
    expect(await ids({ kind: "enterprise", province: "VN-33", taxCode: world.enterprise.taxCode })).toEqual([world.draftAssessmentId, world.assessment.id]);
    // An agreement holder reads the scores (audited) but may not search them: a range narrowed step
    // by step would pin a score from `totalCount` alone, with nothing to audit.
    expect(await ids(HCMC)).toEqual([]);
    expect((await as<{ assessments: { totalCount: number } }>(HCMC, `query C($filter: AssessmentFilter) { assessments(filter: $filter) { totalCount } }`, { filter: { ...filter, totalScore: { min: 61.9, max: 62.1 } } })).data!.assessments.totalCount).toBe(0);
    expect(await ids({ kind: "enterprise", province: "VN-33", taxCode: world.otherEnterpriseTaxCode })).toEqual([]);
    // Gia Lai may not read Đắk Lắk's scores: the 62-point assessment does not match for it.
    expect(await ids(GIA_LAI)).toEqual([]);
  });

  it("are refused to callers who may read no such value at all", async () => {
    for (const caller of [null, { kind: "hub_admin" } as TestCaller]) {
      const response = await as(caller, BY_SCORE, { filter });
      expect(response.data?.assessments ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", classification: "RESTRICTED", argument: "filter.totalScore" });
    }
    const taxCode = await as(null, `{ enterprises(filter: { search: "${world.enterprise.taxCode}" }) { nodes { name } } }`);
    expect(taxCode.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", classification: "SHARED", reason: "SIGN_IN_REQUIRED" });
    const member = await as<{ enterprises: { nodes: { name: string }[] } }>(GIA_LAI, `{ enterprises(filter: { search: "${world.enterprise.taxCode}" }) { nodes { name } } }`);
    expect(member.data!.enterprises.nodes.map((node) => node.name)).toEqual(["Công ty TNHH Cà phê Ea Pốk (mô phỏng)"]);
  });
});

describe("k-anonymous statistics", () => {
  const STATISTICS = `{ technologyScoreStatistics(year: 2025, provinceCodes: ["VN-33"], sectorCodes: ["10"]) { minimumCellSize cells { sectorCode assessmentCount averageTotalScore } } }`;

  it("follow the configured k: a cell of five is withheld when k is six, except from those who may read its rows", async () => {
    const anonymous = await as<{ technologyScoreStatistics: { minimumCellSize: number; cells: { assessmentCount: number; averageTotalScore: number | null }[] } }>(null, STATISTICS);
    expect(anonymous.data!.technologyScoreStatistics).toEqual({ minimumCellSize: 6, cells: [{ sectorCode: "10", assessmentCount: 5, averageTotalScore: null }] });
    expect(errorAt(anonymous, ["technologyScoreStatistics", "cells", 0, "averageTotalScore"])?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "TOO_FEW_RECORDS" });
    const owner = await as<{ technologyScoreStatistics: { cells: { averageTotalScore: number }[] } }>(DAK_LAK, STATISTICS);
    expect(owner.data!.technologyScoreStatistics.cells[0]!.averageTotalScore).toBe(52.4);
  });

  it("records a small cell read under an agreement, and not a published one", async () => {
    const before = (await auditEntries()).length;
    const held = await as<{ technologyScoreStatistics: { cells: { averageTotalScore: number }[] } }>(HCMC, STATISTICS);
    expect(held.data!.technologyScoreStatistics.cells[0]!.averageTotalScore).toBe(52.4);
    const [entry] = (await auditEntries()).slice(before);
    expect(entry).toMatchObject({ fields: ["TechnologyScoreCell.averageTotalScore"], ownerProvinceCodes: ["VN-33"], recordCount: 5, agreementReferences: [hcmcAgreement] });
  });

  it("keeps the cells fixed: today's provinces and VSIC divisions only", async () => {
    const historical = await as(null, `{ technologyScoreStatistics(year: 2025, provinceCodes: ["VN-28"]) { cells { provinceCode } } }`);
    expect(historical.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { provinceCodes: expect.stringContaining("today's units") } });
    const finer = await as(null, `{ technologyScoreStatistics(year: 2025, sectorCodes: ["1077"]) { cells { provinceCode } } }`);
    expect(finer.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("succession", () => {
  it("lets a successor's editors decide on their predecessor's agreements, and no one else", async () => {
    const em = hub.em();
    const konTumGrant = await createAgreement(em, { grantor: "VN-28", grantee: "VN-35", decision: AgreementDecision.APPROVED, periodFrom: "2025-01-01", periodTo: "2027-12-31", datasets: [Dataset.TRAINING] });
    const REVOKE = `mutation R($id: ID!) { revokeAgreement(input: { id: $id, reason: "Rà soát sau sáp nhập tỉnh Kon Tum vào tỉnh Quảng Ngãi" }) { status } }`;
    const stranger = await as(
      { kind: "agency", province: "VN-33", agency: "VN-33-SKHCN", roles: ["agency_editor"] },
      REVOKE,
      { id: globalIdOf(konTumGrant) },
    );
    expect(stranger.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const successor = await as<{ revokeAgreement: { status: string } }>({ kind: "agency", province: "VN-29", agency: "VN-29-SKHCN", roles: ["agency_editor"] }, REVOKE, { id: globalIdOf(konTumGrant) });
    expect(successor.data!.revokeAgreement.status).toBe("REVOKED");
  });

  it("passes agreements granted to a predecessor on to its successor", async () => {
    const em = hub.em();
    await createAgreement(em, { grantor: "VN-35", grantee: "VN-28", decision: AgreementDecision.APPROVED, periodFrom: "2025-01-01", periodTo: "2027-12-31", datasets: [Dataset.TRADE] });
    const viewer = await as<{ viewer: { ownerOfProvinceCodes: string[]; agreementsInForce: { grantorCode: string }[] } }>({ kind: "agency", province: "VN-29" }, `{ viewer { ownerOfProvinceCodes agreementsInForce { grantorCode } } }`);
    expect(viewer.data!.viewer).toEqual({ ownerOfProvinceCodes: ["VN-28", "VN-29"], agreementsInForce: [{ grantorCode: "VN-35" }] });
  });

  it("starts on the merge date: before 1 July 2025 Quảng Ngãi does not own Kon Tum's records", async () => {
    const before = await startTestHub({ now: "2025-06-20T03:00:00Z" });
    try {
      const konTum = await createEnterprise(before.em(), { provinceCode: "VN-28", name: "Công ty TNHH Sâm Ngọc Linh Đăk Glei (mô phỏng)" });
      const query = `query E($id: ID!) { node(id: $id) { ... on Enterprise { employees } } } `;
      const token = await before.token({ kind: "agency", province: "VN-29" });
      const response = await before.query<{ node: { employees: number | null } }>(query, { id: globalIdOf(konTum) }, { token });
      expect(response.data!.node.employees).toBeNull();
      const viewer = await before.query<{ viewer: { ownerOfProvinceCodes: string[] } }>(`{ viewer { ownerOfProvinceCodes } }`, {}, { token });
      expect(viewer.data!.viewer.ownerOfProvinceCodes).toEqual(["VN-29"]);
      // Filters and today's units agree: Kon Tum is still a unit of its own, not part of VN-29's figures.
      const units = await before.query<{ units: { code: string }[] }>(`{ units(filter: { current: true, programmeMember: true }) { code } }`);
      expect(units.data!.units.map((unit) => unit.code)).toContain("VN-28");
      const underQuangNgai = await before.query<{ enterprises: { totalCount: number } }>(`{ enterprises(filter: { province: { codes: ["VN-29"] } }) { totalCount } }`);
      expect(underQuangNgai.data!.enterprises.totalCount).toBe(0);
    } finally {
      await before.close();
    }
  });
});

describe("over WebSocket", () => {
  it("withholds and audits exactly as over HTTP", async () => {
    const READ = `query ReadOverWebSocket($id: ID!) { node(id: $id) { ... on Enterprise { name employees } } }`;
    const overWebSocket = async (caller: TestCaller | null) => {
      const token = caller ? await hub.token(caller) : null;
      const client = createClient({ url: hub.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, connectionParams: token ? { authorization: `Bearer ${token}` } : {} });
      try {
        return await new Promise<GraphQLResponse<{ node: { name: string; employees: number | null } }>>((resolve, reject) => {
          let result: unknown;
          client.subscribe({ query: READ, variables: { id: world.enterprise.id }, operationName: "ReadOverWebSocket" }, { next: (value) => (result = value), error: reject, complete: () => resolve(result as never) });
        });
      } finally {
        await client.dispose();
      }
    };
    const before = (await auditEntries()).length;
    const anonymous = await overWebSocket(null);
    expect(anonymous.data!.node).toEqual({ name: "Công ty TNHH Cà phê Ea Pốk (mô phỏng)", employees: null });
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "SIGN_IN_REQUIRED" });
    const held = await overWebSocket(HCMC);
    expect(held).toEqual({ data: { node: { name: "Công ty TNHH Cà phê Ea Pốk (mô phỏng)", employees: 42 } } });
    const entries = (await auditEntries()).slice(before);
    expect(entries.map((entry) => [entry.actorProvinceCode, entry.operationName, entry.fields, entry.recordCount])).toEqual([["VN-SG", "ReadOverWebSocket", ["Enterprise.employees"], 1]]);
  });
});

describe("what the review of the first version found", () => {
  it("applies k to the records a caller may not read: an old agreement from an absorbed unit does not open its successor's few records", async () => {
    const em = hub.em();
    const konTum = await buildWorld(em, "VN-28", "VN-29");
    // One Quảng Ngãi assessment joins Kon Tum's five in the VN-29 food-manufacturing cell of 2025.
    const quangNgai = await createEnterprise(em, { provinceCode: "VN-29", name: "Công ty TNHH Chế biến Quế Trà Bồng (mô phỏng)", vsicCode: "1079" });
    const assessor = await createAgency(em, { provinceCode: "VN-29", sector: AgencySector.SCIENCE_TECHNOLOGY });
    const { createTestAssessment } = await import("../seeds/factories/technology.js");
    await createTestAssessment(em, { enterprise: quangNgai, assessor, assessedOn: "2025-10-01", scores: { T: 27, E: 18, O: 15, R: 12, I: 9 }, published: true });
    // Lâm Đồng holds an agreement Kon Tum granted before the merger: it reads Kon Tum's scores one by one.
    await createAgreement(em, { grantor: "VN-28", grantee: "VN-35", decision: AgreementDecision.APPROVED, periodFrom: "2025-01-01", periodTo: "2027-12-31", datasets: [Dataset.TECHNOLOGY] });
    const CELL = `{ technologyScoreStatistics(year: 2025, provinceCodes: ["VN-29"], sectorCodes: ["10"]) { cells { assessmentCount averageTotalScore } } }`;
    type Cells = { technologyScoreStatistics: { cells: { assessmentCount: number; averageTotalScore: number | null }[] } };
    const lamDong = await as<Cells>({ kind: "agency", province: "VN-35" }, CELL);
    expect(lamDong.data!.technologyScoreStatistics.cells).toEqual([{ assessmentCount: 6, averageTotalScore: null }]);
    expect(errorAt(lamDong, ["technologyScoreStatistics", "cells", 0, "averageTotalScore"])?.extensions?.reason).toBe("TOO_FEW_RECORDS");
    // Anyone who may read none of the six (k = 6 here) reads the cell; so does its owner.
    // (62 + 4 × 50 + 81) / 6 = 57.17
    expect((await as<Cells>(null, CELL)).data!.technologyScoreStatistics.cells[0]!.averageTotalScore).toBe(57.17);
    expect((await as<Cells>({ kind: "agency", province: "VN-29" }, CELL)).data!.technologyScoreStatistics.cells[0]!.averageTotalScore).toBe(57.17);
    expect(konTum.cells[0]!.records).toBe(5);
  });

  it("releases a year's cells once, so a later publication cannot be differenced", async () => {
    const notYet = await as(null, `{ technologyScoreStatistics(year: 2026) { cells { provinceCode } } }`);
    expect(notYet.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { year: "released on 2027-04-01" } });
    const STATISTICS = `{ technologyScoreStatistics(year: 2025, provinceCodes: ["VN-33"], sectorCodes: ["22"]) { releasedOn cells { assessmentCount } } }`;
    const before = await as<{ technologyScoreStatistics: { releasedOn: string; cells: { assessmentCount: number }[] } }>(DAK_LAK, STATISTICS);
    const em = hub.em();
    const late = await createEnterprise(em, { provinceCode: "VN-33", name: "Công ty TNHH Cao su Ea H'leo (mô phỏng)", vsicCode: "2212" });
    const assessor = await createAgency(em, { provinceCode: "VN-33", sector: AgencySector.SCIENCE_TECHNOLOGY });
    const { createTestAssessment } = await import("../seeds/factories/technology.js");
    await createTestAssessment(em, { enterprise: late, assessor, assessedOn: "2025-12-01", published: new Date("2026-05-04T03:00:00Z") });
    const after = await as<{ technologyScoreStatistics: { releasedOn: string; cells: { assessmentCount: number }[] } }>(DAK_LAK, STATISTICS);
    expect(after.data).toEqual(before.data);
    expect(after.data!.technologyScoreStatistics).toEqual({ releasedOn: "2026-04-01", cells: [{ assessmentCount: 1 }] });
  });

  it("writes one entry per owning province, so each owner sees only the reads of its own data", async () => {
    const em = hub.em();
    const konTumEnterprise = await createEnterprise(em, { provinceCode: "VN-28", name: "Công ty TNHH Cà phê Đăk Hà (mô phỏng)" });
    const konTumGrant = await createAgreement(em, { grantor: "VN-28", grantee: "VN-SG", decision: AgreementDecision.APPROVED, periodFrom: "2025-01-01", periodTo: "2027-12-31", datasets: [Dataset.REFERENCE] });
    const before = (await auditEntries()).length;
    const response = await as<{ nodes: { employees: number }[] }>(HCMC, `query Two($ids: [ID!]!) { nodes(ids: $ids) { ... on Enterprise { employees } } }`, { ids: [world.enterprise.id, globalIdOf(konTumEnterprise)] });
    expect(response).toEqual({ data: { nodes: [{ employees: 42 }, { employees: 42 }] } });
    const entries = (await auditEntries()).slice(before);
    expect(entries.map((entry) => [entry.ownerProvinceCodes, entry.recordCount, entry.agreementReferences])).toEqual([
      [["VN-28"], 1, [konTumGrant.reference]],
      [["VN-33"], 1, [hcmcAgreement]],
    ]);
    const dakLakLog = await as<{ auditLog: { nodes: { ownerProvinceCodes: string[]; agreementReferences: string[] }[] } }>(DAK_LAK, `{ auditLog(first: 100) { nodes { ownerProvinceCodes agreementReferences } } }`);
    expect(dakLakLog.data!.auditLog.nodes.every((node) => node.ownerProvinceCodes.includes("VN-33") && !node.agreementReferences.includes(konTumGrant.reference))).toBe(true);
  });

  it("refuses a token that names a historical unit", async () => {
    const response = await hub.query(`{ viewer { kind } }`, {}, { token: await hub.token({ kind: "agency", province: "VN-28" }) });
    expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(response.errors?.[0]?.message).toContain("VN-28 is not one of today's units");
  });

  it("answers a forged cursor as bad input, on both transports", async () => {
    const forged = Buffer.from(JSON.stringify(["not-a-date", 1])).toString("base64url");
    const response = await as(null, `query F($after: String) { assessments(after: $after) { nodes { id } } }`, { after: forged });
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("in production over WebSocket", () => {
  it("refuses introspection and masks nothing it should not, like HTTP", async () => {
    const production = await startTestHub({
      now: NOW,
      env: { HUB_MODE: "production", AUTH_JWKS_URL: "http://127.0.0.1:9/jwks.json", AUTH_ISSUER: "https://id.example.gov.vn", AUTH_AUDIENCE: "regional-data-hub", AUDIT_HMAC_KEY: "a-production-audit-key-of-at-least-thirty-two-chars" },
    });
    const client = createClient({ url: production.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
    try {
      const over = (query: string) =>
        new Promise<unknown>((resolve) => {
          let result: unknown;
          client.subscribe({ query }, { next: (value) => (result = value), error: (error) => resolve({ errors: error }), complete: () => resolve(result) });
        });
      const introspection = "{ __schema { queryType { name } } }";
      expect(JSON.stringify(await over(introspection))).toContain("introspection");
      expect(JSON.stringify(await production.query(introspection))).toContain("introspection");
      const forged = Buffer.from(JSON.stringify(["not-a-date", 1])).toString("base64url");
      const cursor = (await over(`{ assessments(after: "${forged}") { nodes { id } } }`)) as GraphQLResponse;
      expect(cursor.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(JSON.stringify(cursor)).not.toContain("select");
    } finally {
      await client.dispose();
      await production.close();
    }
  });

  it("refuses operations on a socket whose token has expired since it connected", async () => {
    let now = Date.parse(NOW);
    const timed = await startTestHub({ clock: { now: () => new Date(now) } });
    const token = await timed.token(HCMC); // valid for an hour by the hub's clock
    let connections = 0;
    // One socket for both operations (the lazy client would otherwise reconnect in between).
    const client = createClient({
      url: timed.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      lazy: true,
      lazyCloseTimeout: 60_000,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
      on: { connected: () => (connections += 1) },
    });
    try {
      const ask = () =>
        new Promise<unknown>((resolve) => {
          let result: unknown;
          client.subscribe({ query: "{ viewer { kind } }" }, { next: (value) => (result = value), error: (error) => resolve({ errors: error }), complete: () => resolve(result) });
        });
      expect(await ask()).toEqual({ data: { viewer: { kind: "AGENCY" } } });
      now += 2 * 3_600_000;
      expect(JSON.stringify(await ask())).toContain("the token has expired");
      expect(connections).toBe(1);
    } finally {
      await client.dispose();
      await timed.close();
    }
  });
});
