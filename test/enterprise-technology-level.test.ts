import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgencySector, type AgencyEntity } from "../src/reference/agency.entity.js";
import type { EnterpriseEntity } from "../src/reference/enterprise.entity.js";
import { AgreementDecision } from "../src/sharing/agreement.entity.js";
import { createAgency, createCommodity, createEnterprise, createMarket, unique } from "../seeds/factories/reference.js";
import { createAgreement } from "../seeds/factories/sharing.js";
import { balancedScores, createTestAssessment } from "../seeds/factories/technology.js";
import { createPriceObservation } from "../seeds/factories/trade.js";
import { startTestHub, type TestCaller, type TestHub } from "./support/hub.js";

// 10:00 on 10 February 2026 in Ho Chi Minh City: the previous month is January 2026, the previous
// quarter Q4 2025, the previous year 2025.
const NOW = "2026-02-10T03:00:00Z";

const ADVANCED = balancedScores(0.8); // 80 points, K 0.8
const AVERAGE = balancedScores(0.5); // 50 points, K 0.5

let hub: TestHub;
let science: AgencyEntity;
// Đắk Lắk coffee processors (VSIC 1077), all named "… Kiểm Lọc …" so the lists below are this file's:
let advanced: EnterpriseEntity; // published 2024 AVERAGE, published 2025 ADVANCED: ADVANCED
let fellBack: EnterpriseEntity; // published 2024 ADVANCED, published 2025 AVERAGE: AVERAGE (an earlier level does not count)
let drafted: EnterpriseEntity; // published 2025 AVERAGE, draft late 2025 ADVANCED: AVERAGE (drafts never count)
let draftOnly: EnterpriseEntity; // a draft ADVANCED only: no level
let sameDay: EnterpriseEntity; // AVERAGE assessed 8 July, published first; ADVANCED assessed 7 July, published later: AVERAGE (by assessment day, as latestAssessment)
let neverAssessed: EnterpriseEntity;
let rubber: EnterpriseEntity; // Đắk Lắk, VSIC 2212, published ADVANCED: not a coffee processor
let lamDong: EnterpriseEntity; // Lâm Đồng coffee, published ADVANCED: not Đắk Lắk's

const ENTERPRISE_OF_DRAFT = (): TestCaller => ({ kind: "enterprise", province: "VN-33", taxCode: drafted.taxCode });
const OWNER: TestCaller = { kind: "agency", province: "VN-33" };
const OTHER_PROVINCE: TestCaller = { kind: "agency", province: "VN-35" }; // Lâm Đồng, no agreement with Đắk Lắk
const AGREEMENT_HOLDER: TestCaller = { kind: "agency", province: "VN-30" }; // Gia Lai, holding Đắk Lắk's TECHNOLOGY agreement
const HUB_ADMIN: TestCaller = { kind: "hub_admin" };

beforeAll(async () => {
  hub = await startTestHub({ now: NOW });
  const em = hub.em();
  science = await createAgency(em, { provinceCode: "VN-33", name: "Sở Khoa học và Công nghệ tỉnh Đắk Lắk", sector: AgencySector.SCIENCE_TECHNOLOGY });
  const lamDongScience = await createAgency(em, { provinceCode: "VN-35", name: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng", sector: AgencySector.SCIENCE_TECHNOLOGY });
  const coffee = (name: string, provinceCode = "VN-33", vsicCode = "1077") => createEnterprise(em, { provinceCode, vsicCode, name: `Công ty TNHH Cà phê Kiểm Lọc ${name} (mô phỏng)` });
  advanced = await coffee("Ea Kao");
  fellBack = await coffee("Buôn Đôn");
  drafted = await coffee("Cư M'gar");
  draftOnly = await coffee("Krông Pắc");
  sameDay = await coffee("Ea H'leo");
  neverAssessed = await coffee("Lắk");
  rubber = await coffee("Cao su", "VN-33", "2212");
  lamDong = await coffee("Cầu Đất", "VN-35");

  await createTestAssessment(em, { enterprise: advanced, assessor: science, assessedOn: "2024-05-02", scores: AVERAGE, published: true });
  await createTestAssessment(em, { enterprise: advanced, assessor: science, assessedOn: "2025-05-02", scores: ADVANCED, published: true });
  await createTestAssessment(em, { enterprise: fellBack, assessor: science, assessedOn: "2024-06-01", scores: ADVANCED, published: true });
  await createTestAssessment(em, { enterprise: fellBack, assessor: science, assessedOn: "2025-06-01", scores: AVERAGE, published: true });
  await createTestAssessment(em, { enterprise: drafted, assessor: science, assessedOn: "2025-03-01", scores: AVERAGE, published: true });
  await createTestAssessment(em, { enterprise: drafted, assessor: science, assessedOn: "2025-12-01", scores: ADVANCED });
  await createTestAssessment(em, { enterprise: draftOnly, assessor: science, assessedOn: "2025-12-02", scores: ADVANCED });
  await createTestAssessment(em, { enterprise: sameDay, assessor: science, assessedOn: "2025-07-08", scores: AVERAGE, published: true });
  await createTestAssessment(em, { enterprise: sameDay, assessor: science, assessedOn: "2025-07-07", scores: ADVANCED, published: new Date("2025-08-01T03:00:00Z") });
  await createTestAssessment(em, { enterprise: rubber, assessor: science, assessedOn: "2025-04-04", scores: ADVANCED, published: true });
  await createTestAssessment(em, { enterprise: lamDong, assessor: lamDongScience, assessedOn: "2025-04-04", scores: ADVANCED, published: true });

  await createAgreement(em, { grantor: "VN-33", grantee: "VN-30", decision: AgreementDecision.APPROVED, periodTo: "2026-12-31" });
});

afterAll(async () => {
  await hub?.close();
});

type Node = { name: string; latestAssessment: { level: string; assessedOn: string } | null };

async function listAs(caller: TestCaller | null, filter: Record<string, unknown>, first = 50): Promise<{ totalCount: number; nodes: Node[] }> {
  const response = await hub.query<{ enterprises: { totalCount: number; nodes: Node[] } }>(
    `query L($filter: EnterpriseFilter, $first: Int!) { enterprises(filter: $filter, first: $first) { totalCount nodes { name latestAssessment { level assessedOn } } } }`,
    { filter: { search: "kiem loc", ...filter }, first },
    { token: caller ? await hub.token(caller) : undefined },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.enterprises;
}

const names = (page: { nodes: Node[] }) => page.nodes.map((node) => node.name).sort();
const CALLERS: [string, () => TestCaller | null][] = [
  ["anonymous", () => null],
  ["the enterprise whose draft is ADVANCED", ENTERPRISE_OF_DRAFT],
  ["an agency of the owning province", () => OWNER],
  ["an agency of another province without an agreement", () => OTHER_PROVINCE],
  ["an agency holding an agreement in force", () => AGREEMENT_HOLDER],
  ["a hub administrator", () => HUB_ADMIN],
];

describe("EnterpriseFilter.technologyLevels", () => {
  it("answers \"which Đắk Lắk coffee processors are ADVANCED\" by the latest published assessment", async () => {
    const page = await listAs(null, { province: { codes: ["VN-33"] }, vsicPrefixes: ["1077"], technologyLevels: ["ADVANCED"] });
    expect(names(page)).toEqual([advanced.name]);
    expect(page.totalCount).toBe(1);
    expect(page.nodes[0]!.latestAssessment).toEqual({ level: "ADVANCED", assessedOn: "2025-05-02" });
  });

  it("matches exactly the enterprises whose latestAssessment shows one of the levels (by assessment day, not publication)", async () => {
    const average = await listAs(null, { province: { codes: ["VN-33"] }, technologyLevels: ["AVERAGE"] });
    expect(names(average)).toEqual([fellBack.name, drafted.name, sameDay.name].sort());
    for (const node of average.nodes) expect(node.latestAssessment?.level).toBe("AVERAGE");
    const both = await listAs(null, { technologyLevels: ["AVERAGE", "ADVANCED"] });
    expect(names(both)).toEqual([advanced.name, fellBack.name, drafted.name, sameDay.name, rubber.name, lamDong.name].sort());
    // Never assessed and draft-only enterprises have no level: no level filter matches them.
    const all = await listAs(null, { technologyLevels: ["OBSOLETE", "AVERAGE", "ADVANCED_AVERAGE", "ADVANCED"] });
    expect(names(all)).not.toContain(neverAssessed.name);
    expect(names(all)).not.toContain(draftOnly.name);
    expect(all.totalCount).toBe(6);
    // Omitted or empty, the filter does not narrow the list.
    expect((await listAs(null, { technologyLevels: [] })).totalCount).toBe(8);
    expect((await listAs(null, {})).totalCount).toBe(8);
  });

  for (const [who, caller] of CALLERS) {
    it(`gives ${who} the same answer: published levels are PUBLIC and drafts never count`, async () => {
      const advancedOnes = await listAs(caller(), { province: { codes: ["VN-33"] }, vsicPrefixes: ["1077"], technologyLevels: ["ADVANCED"] });
      expect(names(advancedOnes)).toEqual([advanced.name]);
      expect(advancedOnes.totalCount).toBe(1);
      const average = await listAs(caller(), { province: { codes: ["VN-33"] }, technologyLevels: ["AVERAGE"] });
      expect(names(average)).toEqual([fellBack.name, drafted.name, sameDay.name].sort());
    });
  }

  it("ignores a draft's level even for callers who may read it", async () => {
    // The owner and the enterprise do read the ADVANCED draft…
    const query = `query D($id: ID!) { node(id: $id) { ... on Enterprise { assessments(statuses: [DRAFT]) { nodes { level } } } } }`;
    const draftId = (await hub.query<{ enterprises: { nodes: { id: string }[] } }>(`{ enterprises(filter: { search: "kiem loc cu m'gar" }) { nodes { id } } }`)).data!.enterprises.nodes[0]!.id;
    for (const caller of [OWNER, ENTERPRISE_OF_DRAFT()]) {
      const response = await hub.query<{ node: { assessments: { nodes: { level: string }[] } } }>(query, { id: draftId }, { token: await hub.token(caller) });
      expect(response.errors).toBeUndefined();
      expect(response.data!.node.assessments.nodes).toEqual([{ level: "ADVANCED" }]);
      // …and still the filter goes by the published level alone.
      const page = await listAs(caller, { technologyLevels: ["ADVANCED"], province: { codes: ["VN-33"] }, vsicPrefixes: ["1077"] });
      expect(names(page)).not.toContain(drafted.name);
      expect(names(page)).not.toContain(draftOnly.name);
    }
  });

  it("applies to a unit's nested enterprise list too", async () => {
    const response = await hub.query<{ unit: { enterprises: { nodes: { name: string }[] } } }>(
      `{ unit(code: "VN-33") { enterprises(filter: { search: "kiem loc", technologyLevels: [ADVANCED] }) { nodes { name } } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.unit.enterprises.nodes.map((node) => node.name).sort()).toEqual([advanced.name, rubber.name].sort());
  });

  it("keeps to the classification the committed SDL gives Assessment.level (PUBLIC)", () => {
    // src/technology/enterprise-level.ts lets every caller filter because of this; a change of
    // the field's classification must revisit it.
    const sdl = readFileSync(new URL("../schema/schema.graphql", import.meta.url), "utf8");
    expect(sdl).toMatch(/\n {2}level: TechnologyLevel @classification\(level: PUBLIC\)\n/);
    const enterpriseFilter = sdl.slice(sdl.indexOf("input EnterpriseFilter {"), sdl.indexOf("\n}\n", sdl.indexOf("input EnterpriseFilter {")));
    expect(enterpriseFilter).toContain("\n  technologyLevels: [TechnologyLevel!]\n");
  });

  it("costs no statement more for a bigger page", async () => {
    const em = hub.em();
    for (let i = 0; i < 8; i += 1) {
      const enterprise = await createEnterprise(em, { provinceCode: "VN-33", vsicCode: "1077", name: `Công ty TNHH Cà phê Đếm Câu ${i} (mô phỏng)` });
      await createTestAssessment(em, { enterprise, assessor: science, assessedOn: "2025-09-09", scores: ADVANCED, published: true });
    }
    const query = `query P($first: Int!) { enterprises(first: $first, filter: { search: "dem cau", technologyLevels: [ADVANCED] }) { totalCount nodes { name latestAssessment { level } } } }`;
    const counts: number[] = [];
    for (const caller of [null, OWNER]) {
      const token = caller ? await hub.token(caller) : undefined;
      await hub.query(query, { first: 1 }, { token }); // warms the instance's reference cache
      for (const first of [1, 8]) {
        const response = await hub.query<{ enterprises: { totalCount: number; nodes: unknown[] } }>(query, { first }, { token });
        expect(response.errors).toBeUndefined();
        expect(response.data!.enterprises.nodes).toHaveLength(first);
        expect(response.data!.enterprises.totalCount).toBe(8);
        counts.push(hub.lastStatementCount());
      }
      expect(counts.at(-1)).toBe(counts.at(-2));
    }
  });
});

describe("RelativePeriod PREVIOUS_MONTH, PREVIOUS_QUARTER and PREVIOUS_YEAR", () => {
  it("resolve with the hub's clock in Asia/Ho_Chi_Minh, across a year's end", async () => {
    const em = hub.em();
    const pepper = await createCommodity(em, { code: `PEPPER_${unique()}`, name: "Hồ tiêu đen", standardUnit: "kg" });
    const market = await createMarket(em, { provinceCode: "VN-33", name: "Chợ Buôn Ma Thuột" });
    const agency = await createAgency(em, { provinceCode: "VN-33" });
    const days = ["2024-12-31", "2025-01-01", "2025-09-30", "2025-10-01", "2025-12-31", "2026-01-01", "2026-01-31", "2026-02-01", "2026-02-10"];
    for (const observedOn of days) await createPriceObservation(em, { commodity: pepper, market, agency, observedOn, priceVnd: "140000" });
    const query = `query Q($period: DateRangeInput) { priceObservations(first: 50, filter: { commodityCodes: ["${pepper.code}"], period: $period }) { nodes { observedOn } } }`;
    const daysOf = async (relative: string) => {
      const response = await hub.query<{ priceObservations: { nodes: { observedOn: string }[] } }>(query, { period: { relative } });
      expect(response.errors).toBeUndefined();
      return response.data!.priceObservations.nodes.map((node) => node.observedOn).sort();
    };
    expect(await daysOf("PREVIOUS_MONTH")).toEqual(["2026-01-01", "2026-01-31"]);
    expect(await daysOf("PREVIOUS_QUARTER")).toEqual(["2025-10-01", "2025-12-31"]);
    expect(await daysOf("PREVIOUS_YEAR")).toEqual(["2025-01-01", "2025-09-30", "2025-10-01", "2025-12-31"]);
    expect(await daysOf("CURRENT_MONTH")).toEqual(["2026-02-01", "2026-02-10"]);
  });

  it("in January, PREVIOUS_MONTH is December of the previous year", async () => {
    // 06:30 on 1 January 2027 in Ho Chi Minh City, still 31 December 2026 in UTC.
    const january = await startTestHub({ now: "2026-12-31T23:30:00Z" });
    try {
      const em = january.em();
      const pepper = await createCommodity(em, { code: `PEPPER_${unique()}`, name: "Hồ tiêu đen", standardUnit: "kg" });
      const market = await createMarket(em, { provinceCode: "VN-33", name: "Chợ Buôn Ma Thuột" });
      const agency = await createAgency(em, { provinceCode: "VN-33" });
      for (const observedOn of ["2026-11-30", "2026-12-01", "2026-12-31", "2027-01-01"]) await createPriceObservation(em, { commodity: pepper, market, agency, observedOn, priceVnd: "140000" });
      const response = await january.query<{ priceObservations: { nodes: { observedOn: string }[] } }>(
        `{ priceObservations(filter: { commodityCodes: ["${pepper.code}"], period: { relative: PREVIOUS_MONTH } }) { nodes { observedOn } } }`,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.priceObservations.nodes.map((node) => node.observedOn).sort()).toEqual(["2026-12-01", "2026-12-31"]);
    } finally {
      await january.close();
    }
  });
});
