import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgencySector, type AgencyEntity } from "../src/reference/agency.entity.js";
import type { EnterpriseEntity } from "../src/reference/enterprise.entity.js";
import { createAgency, createEnterprise } from "../seeds/factories/reference.js";
import { startTestHub, type TestCaller, type TestHub } from "./support/hub.js";
import { balancedScores, createTestAssessment } from "../seeds/factories/technology.js";

let hub: TestHub;
let coffee: EnterpriseEntity; // Đắk Lắk, VSIC 1077: published 2023 (AVERAGE), published 2025 (ADVANCED_AVERAGE), draft late 2025 (ADVANCED)
let ginseng: EnterpriseEntity; // Kon Tum (historical VN-28), VSIC 1079: published 2024 (OBSOLETE)
let tea: EnterpriseEntity; // Lâm Đồng, VSIC 1076: published 2025 (ADVANCED)
let rubber: EnterpriseEntity; // Đắk Lắk, VSIC 2212: published 2025 (AVERAGE)
let dakLakScience: AgencyEntity;
const DAK_LAK_AGENCY: TestCaller = { kind: "agency", province: "VN-33" };
const QUANG_NGAI_AGENCY: TestCaller = { kind: "agency", province: "VN-29" };
const LAM_DONG_AGENCY: TestCaller = { kind: "agency", province: "VN-35" };

beforeAll(async () => {
  hub = await startTestHub({ now: "2026-02-10T03:00:00Z" });
  const em = hub.em();
  dakLakScience = await createAgency(em, { provinceCode: "VN-33", name: "Sở Khoa học và Công nghệ tỉnh Đắk Lắk", sector: AgencySector.SCIENCE_TECHNOLOGY });
  const konTumScience = await createAgency(em, { provinceCode: "VN-28", name: "Sở Khoa học và Công nghệ tỉnh Kon Tum", sector: AgencySector.SCIENCE_TECHNOLOGY });
  const lamDongScience = await createAgency(em, { provinceCode: "VN-35", name: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng", sector: AgencySector.SCIENCE_TECHNOLOGY });

  coffee = await createEnterprise(em, { provinceCode: "VN-33", name: "Công ty TNHH Cà phê Buôn Ma Thuột", vsicCode: "1077" });
  ginseng = await createEnterprise(em, { provinceCode: "VN-28", name: "Công ty Cổ phần Sâm Ngọc Linh Kon Tum", vsicCode: "1079" });
  tea = await createEnterprise(em, { provinceCode: "VN-35", name: "Công ty Cổ phần Chè Cầu Đất Đà Lạt", vsicCode: "1076" });
  rubber = await createEnterprise(em, { provinceCode: "VN-33", name: "Công ty Cổ phần Cao su Đắk Lắk", vsicCode: "2212" });

  await createTestAssessment(em, { enterprise: coffee, assessor: dakLakScience, assessedOn: "2023-06-15", scores: balancedScores(0.5), published: true });
  await createTestAssessment(em, {
    enterprise: coffee,
    assessor: dakLakScience,
    assessedOn: "2025-03-10",
    scores: { T: 24, E: 14, O: 10, R: 8, I: 6 },
    criterionScores: [
      { criterion: 26, score: 2 },
      { criterion: 1, score: 4.5 },
    ],
    assessorRecommendations: "Đầu tư hệ thống ERP và xây dựng bộ phận nghiên cứu, phát triển.",
    published: true,
  });
  await createTestAssessment(em, { enterprise: coffee, assessor: dakLakScience, assessedOn: "2025-11-20", scores: balancedScores(0.8) });
  await createTestAssessment(em, { enterprise: ginseng, assessor: konTumScience, assessedOn: "2024-09-01", scores: balancedScores(0.3), published: true });
  await createTestAssessment(em, { enterprise: tea, assessor: lamDongScience, assessedOn: "2025-05-05", scores: balancedScores(0.8), published: true });
  await createTestAssessment(em, { enterprise: rubber, assessor: dakLakScience, assessedOn: "2025-08-01", scores: balancedScores(0.4), published: true });
});

afterAll(async () => {
  await hub?.close();
});

type AssessmentNode = { assessedOn: string; status: string; level: string | null; totalScore: number | null; enterprise: { name: string } };
type AssessmentPage = { assessments: { totalCount: number; nodes: AssessmentNode[] } };

/** Assessments as `caller` sees them (default: anonymous, who sees published ones and no scores). */
async function listAssessments(filter: Record<string, unknown> | null, caller?: TestCaller): Promise<AssessmentPage["assessments"]> {
  const scores = caller ? "totalScore" : "";
  const response = await hub.query<AssessmentPage>(
    `query List($filter: AssessmentFilter) { assessments(filter: $filter, first: 50) { totalCount nodes { assessedOn status level ${scores} enterprise { name } } } }`,
    { filter },
    { token: caller ? await hub.token(caller) : undefined },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.assessments;
}

describe("technologyLevelScale", () => {
  it("returns the Circular's levels, thresholds, groups and source", async () => {
    const response = await hub.query<{
      technologyLevelScale: {
        source: { circular: string; levelsProvision: string; effectiveFrom: string };
        maxTotalScore: number;
        groups: { code: string; maxScore: number; criteria: { number: number }[] }[];
        levels: { level: string; nameVi: string; minTotalScore: number; totalScoreBelow: number | null; minSynchronyCoefficient: number }[];
        synchronyFormula: string;
      };
    }>(
      `{ technologyLevelScale { source { circular levelsProvision effectiveFrom } maxTotalScore groups { code maxScore criteria { number } }
         levels { level nameVi minTotalScore totalScoreBelow minSynchronyCoefficient } synchronyFormula } }`,
    );
    expect(response.errors).toBeUndefined();
    const scale = response.data!.technologyLevelScale;
    expect(scale.source).toEqual({ circular: "17/2019/TT-BKHCN", levelsProvision: "Điều 9 khoản 3", effectiveFrom: "2020-01-25" });
    expect(scale.maxTotalScore).toBe(100);
    expect(scale.groups.map((group) => `${group.code}${group.maxScore}/${group.criteria.length}`)).toEqual(["T30/7", "E20/5", "O19/5", "R17/5", "I14/4"]);
    expect(scale.levels).toEqual([
      { level: "OBSOLETE", nameVi: "lạc hậu", minTotalScore: 0, totalScoreBelow: 35, minSynchronyCoefficient: 0 },
      { level: "AVERAGE", nameVi: "trung bình", minTotalScore: 35, totalScoreBelow: 60, minSynchronyCoefficient: 0.3 },
      { level: "ADVANCED_AVERAGE", nameVi: "trung bình tiên tiến", minTotalScore: 60, totalScoreBelow: 75, minSynchronyCoefficient: 0.5 },
      { level: "ADVANCED", nameVi: "tiên tiến", minTotalScore: 75, totalScoreBelow: null, minSynchronyCoefficient: 0.65 },
    ]);
    expect(scale.synchronyFormula).toContain("T/30");
  });
});

describe("assessments", () => {
  it("lists a province's assessments newest first, drafts included, with values computed by the hub", async () => {
    const page = await listAssessments({ province: { codes: ["VN-33"] } }, DAK_LAK_AGENCY);
    expect(page.totalCount).toBe(4);
    expect(page.nodes).toEqual([
      { assessedOn: "2025-11-20", status: "DRAFT", level: "ADVANCED", totalScore: 80, enterprise: { name: "Công ty TNHH Cà phê Buôn Ma Thuột" } },
      { assessedOn: "2025-08-01", status: "PUBLISHED", level: "AVERAGE", totalScore: 40, enterprise: { name: "Công ty Cổ phần Cao su Đắk Lắk" } },
      { assessedOn: "2025-03-10", status: "PUBLISHED", level: "ADVANCED_AVERAGE", totalScore: 62, enterprise: { name: "Công ty TNHH Cà phê Buôn Ma Thuột" } },
      { assessedOn: "2023-06-15", status: "PUBLISHED", level: "AVERAGE", totalScore: 50, enterprise: { name: "Công ty TNHH Cà phê Buôn Ma Thuột" } },
    ]);
  });

  it("accepts a historical code (its own records) and a successor code (with its predecessors)", async () => {
    const konTum = await listAssessments({ province: { codes: ["VN-28"] } }, QUANG_NGAI_AGENCY);
    expect(konTum.nodes.map((node) => [node.enterprise.name, node.level, node.totalScore])).toEqual([["Công ty Cổ phần Sâm Ngọc Linh Kon Tum", "OBSOLETE", 30]]);
    const quangNgai = await listAssessments({ province: { codes: ["VN-29"] } });
    expect(quangNgai.nodes.map((node) => node.assessedOn)).toEqual(["2024-09-01"]);
    const quangNgaiOnly = await listAssessments({ province: { codes: ["VN-29"], includePredecessors: false } }, QUANG_NGAI_AGENCY);
    expect(quangNgaiOnly.totalCount).toBe(0);
  });

  it("filters by status, level (published only), VSIC prefix and period", async () => {
    // Drafts are rows only their owners (and their enterprise) see at all.
    expect((await listAssessments({ statuses: ["DRAFT"] }, DAK_LAK_AGENCY)).nodes.map((node) => node.assessedOn)).toEqual(["2025-11-20"]);
    expect((await listAssessments({ statuses: ["DRAFT"] })).totalCount).toBe(0);
    expect((await listAssessments({ statuses: ["DRAFT"] }, LAM_DONG_AGENCY)).totalCount).toBe(0);
    expect((await listAssessments({ statuses: ["PUBLISHED"] })).totalCount).toBe(5);
    // The coffee draft is ADVANCED too, but a draft's level is not public: filtering on it must not reveal it…
    expect((await listAssessments({ levels: ["ADVANCED"] })).nodes.map((node) => node.enterprise.name)).toEqual(["Công ty Cổ phần Chè Cầu Đất Đà Lạt"]);
    expect((await listAssessments({ levels: ["ADVANCED"] }, LAM_DONG_AGENCY)).nodes.map((node) => node.enterprise.name)).toEqual(["Công ty Cổ phần Chè Cầu Đất Đà Lạt"]);
    // …while its owner, who may read it, finds it.
    expect((await listAssessments({ levels: ["ADVANCED"], province: { codes: ["VN-33"] } }, DAK_LAK_AGENCY)).nodes.map((node) => node.assessedOn)).toEqual(["2025-11-20"]);
    expect((await listAssessments({ vsicPrefixes: ["1077"] }, DAK_LAK_AGENCY)).totalCount).toBe(3);
    expect((await listAssessments({ vsicPrefixes: ["1077"] })).totalCount).toBe(2);
    expect((await listAssessments({ vsicPrefixes: ["10"], levels: ["OBSOLETE", "AVERAGE"] })).nodes.map((node) => node.assessedOn)).toEqual(["2024-09-01", "2023-06-15"]);
    const in2025 = await listAssessments({ period: { from: "2025-01-01", to: "2025-12-31" } });
    expect(in2025.nodes.map((node) => node.assessedOn)).toEqual(["2025-08-01", "2025-05-05", "2025-03-10"]);
    const thisYear = await listAssessments({ period: { relative: "CURRENT_YEAR" } });
    expect(thisYear.totalCount).toBe(0);
  });

  it("exposes scores, coefficient, criteria, recommendations and the assessor", async () => {
    const response = await hub.query<{
      assessments: {
        nodes: {
          technologyScore: number;
          innovationScore: number;
          synchronyCoefficient: number;
          vsicCode: string;
          publishedAt: string;
          criterionScores: { criterion: number; score: number; maxScore: number; group: string }[];
          assessorRecommendations: string;
          assessorAgency: { name: string };
        }[];
      };
    }>(
      `{ assessments(filter: { period: { from: "2025-03-10", to: "2025-03-10" } }) { nodes { technologyScore innovationScore synchronyCoefficient vsicCode publishedAt
          criterionScores { criterion score maxScore group } assessorRecommendations assessorAgency { name } } } }`,
      {},
      { token: await hub.token(DAK_LAK_AGENCY) },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.assessments.nodes).toEqual([
      {
        technologyScore: 24,
        innovationScore: 6,
        synchronyCoefficient: 0.5851,
        vsicCode: "1077",
        publishedAt: "2025-03-10T05:00:00.000Z",
        criterionScores: [
          { criterion: 1, score: 4.5, maxScore: 5, group: "T" },
          { criterion: 26, score: 2, maxScore: 4, group: "I" },
        ],
        assessorRecommendations: "Đầu tư hệ thống ERP và xây dựng bộ phận nghiên cứu, phát triển.",
        assessorAgency: { name: "Sở Khoa học và Công nghệ tỉnh Đắk Lắk" },
      },
    ]);
  });

  it("resolves node(id) for an assessment, and null for an unknown one", async () => {
    const list = await hub.query<{ assessments: { nodes: { id: string }[] } }>(`{ assessments(first: 1, filter: { province: { codes: ["VN-35"] } }) { nodes { id } } }`);
    const id = list.data!.assessments.nodes[0]!.id;
    const node = await hub.query<{ node: { __typename: string; assessedOn: string; level: string; enterprise: { name: string } } }>(
      `query N($id: ID!) { node(id: $id) { __typename ... on Assessment { assessedOn level enterprise { name } } } }`,
      { id },
    );
    expect(node.errors).toBeUndefined();
    expect(node.data!.node).toEqual({ __typename: "Assessment", assessedOn: "2025-05-05", level: "ADVANCED", enterprise: { name: "Công ty Cổ phần Chè Cầu Đất Đà Lạt" } });
    const missing = await hub.query<{ node: null }>(`query N($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from("Assessment:999999").toString("base64url") });
    expect(missing.data!.node).toBeNull();
  });
});

describe("Enterprise.latestAssessment and Enterprise.assessments", () => {
  it("picks the latest PUBLISHED assessment, not a later draft, and lists all newest first", async () => {
    const response = await hub.query<{
      enterprises: {
        nodes: {
          name: string;
          latestAssessment: { assessedOn: string; level: string } | null;
          assessments: { totalCount: number; nodes: { assessedOn: string; status: string }[] };
          published: { nodes: { assessedOn: string }[] };
        }[];
      };
    }>(
      `{ enterprises(filter: { province: { codes: ["VN-33"] } }) { nodes { name latestAssessment { assessedOn level }
          assessments(first: 2) { totalCount nodes { assessedOn status } }
          published: assessments(first: 5, statuses: [PUBLISHED]) { nodes { assessedOn } } } } }`,
      {},
      { token: await hub.token(DAK_LAK_AGENCY) },
    );
    expect(response.errors).toBeUndefined();
    const byName = new Map(response.data!.enterprises.nodes.map((node) => [node.name, node]));
    expect(byName.get("Công ty TNHH Cà phê Buôn Ma Thuột")).toEqual({
      name: "Công ty TNHH Cà phê Buôn Ma Thuột",
      latestAssessment: { assessedOn: "2025-03-10", level: "ADVANCED_AVERAGE" },
      assessments: {
        totalCount: 3,
        nodes: [
          { assessedOn: "2025-11-20", status: "DRAFT" },
          { assessedOn: "2025-03-10", status: "PUBLISHED" },
        ],
      },
      published: { nodes: [{ assessedOn: "2025-03-10" }, { assessedOn: "2023-06-15" }] },
    });
    expect(byName.get("Công ty Cổ phần Cao su Đắk Lắk")!.latestAssessment).toEqual({ assessedOn: "2025-08-01", level: "AVERAGE" });
  });

  it("answers null for an enterprise without a published assessment", async () => {
    const em = hub.em();
    const draftOnly = await createEnterprise(em, { provinceCode: "VN-30", name: "Công ty TNHH Hồ tiêu Chư Sê", vsicCode: "1079" });
    const assessor = await createAgency(em, { provinceCode: "VN-30", sector: AgencySector.SCIENCE_TECHNOLOGY });
    await createTestAssessment(em, { enterprise: draftOnly, assessor, assessedOn: "2025-12-01" });
    const query = `{ enterprises(filter: { search: "ho tieu chu se" }) { nodes { latestAssessment { id } assessments { totalCount } } } }`;
    const response = await hub.query<{ enterprises: { nodes: { latestAssessment: null; assessments: { totalCount: number } }[] } }>(query, {}, { token: await hub.token({ kind: "agency", province: "VN-30" }) });
    expect(response.errors).toBeUndefined();
    expect(response.data!.enterprises.nodes).toEqual([{ latestAssessment: null, assessments: { totalCount: 1 } }]);
    // The draft is Gia Lai's: to anyone else the enterprise has no assessment at all.
    const anonymous = await hub.query<{ enterprises: { nodes: unknown[] } }>(query);
    expect(anonymous.data!.enterprises.nodes).toEqual([{ latestAssessment: null, assessments: { totalCount: 0 } }]);
  });
});

type Distribution = {
  technologyLevelDistribution: {
    total: number;
    rolledUpToCurrentUnits: boolean;
    cells: { provinceCode: string | null; sectorCode: string | null; total: number; counts: { level: string; count: number }[] }[];
  };
};

async function distribution(args: string): Promise<Distribution["technologyLevelDistribution"]> {
  const response = await hub.query<Distribution>(
    `{ technologyLevelDistribution${args} { total rolledUpToCurrentUnits cells { provinceCode sectorCode total counts { level count } } } }`,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.technologyLevelDistribution;
}

/** A cell's counts as "LEVEL:count" for the non-zero levels. */
function compact(cell: { provinceCode: string | null; sectorCode: string | null; counts: { level: string; count: number }[] }): string {
  return `${cell.provinceCode ?? "*"}/${cell.sectorCode ?? "*"} ${cell.counts
    .filter((entry) => entry.count > 0)
    .map((entry) => `${entry.level}:${entry.count}`)
    .join(" ")}`;
}

describe("technologyLevelDistribution", () => {
  it("counts published assessments per level, drafts excluded, every level listed", async () => {
    const all = await distribution(`(filter: { province: { codes: ["VN-29", "VN-33", "VN-35"] } })`);
    expect(all.total).toBe(5);
    expect(all.cells).toEqual([
      {
        provinceCode: null,
        sectorCode: null,
        total: 5,
        counts: [
          { level: "OBSOLETE", count: 1 },
          { level: "AVERAGE", count: 2 },
          { level: "ADVANCED_AVERAGE", count: 1 },
          { level: "ADVANCED", count: 1 },
        ],
      },
    ]);
  });

  it("rolls Kon Tum (VN-28) up into Quảng Ngãi (VN-29) by default, and keeps it apart when asked", async () => {
    const filter = `filter: { province: { codes: ["VN-29", "VN-33", "VN-35"] } }`;
    const rolled = await distribution(`(${filter}, groupBy: [PROVINCE])`);
    expect(rolled.rolledUpToCurrentUnits).toBe(true);
    expect(rolled.cells.map(compact)).toEqual(["VN-29/* OBSOLETE:1", "VN-33/* AVERAGE:2 ADVANCED_AVERAGE:1", "VN-35/* ADVANCED:1"]);
    const apart = await distribution(`(${filter}, groupBy: [PROVINCE], rollUpToCurrentUnits: false)`);
    expect(apart.cells.map(compact)).toEqual(["VN-28/* OBSOLETE:1", "VN-33/* AVERAGE:2 ADVANCED_AVERAGE:1", "VN-35/* ADVANCED:1"]);
  });

  it("groups by province and sector (VSIC division) within a year and a VSIC prefix", async () => {
    const cells = await distribution(`(filter: { year: 2025, province: { codes: ["VN-33", "VN-35"] } }, groupBy: [PROVINCE, SECTOR])`);
    expect(cells.cells.map(compact)).toEqual(["VN-33/10 ADVANCED_AVERAGE:1", "VN-33/22 AVERAGE:1", "VN-35/10 ADVANCED:1"]);
    const food = await distribution(`(filter: { vsicPrefixes: ["10"], province: { codes: ["VN-29", "VN-33", "VN-35"] } }, groupBy: [SECTOR])`);
    expect(food.cells.map(compact)).toEqual(["*/10 OBSOLETE:1 AVERAGE:1 ADVANCED_AVERAGE:1 ADVANCED:1"]);
  });

  it("gives each province its levels by sector, a current unit with its predecessors, in one statement for all units", async () => {
    const response = await hub.query<{ units: { code: string; technologyLevelsBySector: { sectorCode: string; total: number; counts: { level: string; count: number }[] }[] }[] }>(
      `{ units(filter: { programmeMember: true }) { code technologyLevelsBySector { provinceCode sectorCode total counts { level count } } } }`,
    );
    expect(response.errors).toBeUndefined();
    const byUnit = new Map(response.data!.units.map((unit) => [unit.code, unit.technologyLevelsBySector.map((cell) => compact({ ...cell, provinceCode: unit.code }))]));
    expect(byUnit.get("VN-33")).toEqual(["VN-33/10 AVERAGE:1 ADVANCED_AVERAGE:1", "VN-33/22 AVERAGE:1"]);
    expect(byUnit.get("VN-29")).toEqual(["VN-29/10 OBSOLETE:1"]);
    expect(byUnit.get("VN-28")).toEqual(["VN-28/10 OBSOLETE:1"]);
    expect(byUnit.get("VN-SG")).toEqual([]);
    const statements = hub.lastStatementCount();
    // units (1) + the grouped statistics for every unit (1).
    expect(statements).toBeLessThanOrEqual(2);
  });

  it("rejects an implausible year", async () => {
    const response = await hub.query(`{ technologyLevelDistribution(filter: { year: 19 }) { total } }`);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("batching", () => {
  it("loads latestAssessment and assessments for a page of 1, 10 or 50 enterprises in the same number of statements", async () => {
    const em = hub.em();
    const assessor = await createAgency(em, { provinceCode: "VN-30", name: "Sở Khoa học và Công nghệ tỉnh Gia Lai", sector: AgencySector.SCIENCE_TECHNOLOGY });
    for (let i = 0; i < 50; i += 1) {
      const enterprise = await createEnterprise(em, { provinceCode: "VN-30", name: `Công ty TNHH Cà phê Pleiku ${String(i).padStart(2, "0")}`, vsicCode: "1077" });
      await createTestAssessment(em, { enterprise, assessor, assessedOn: "2024-04-01", scores: balancedScores(0.3 + (i % 6) * 0.1), published: true });
      await createTestAssessment(em, { enterprise, assessor, assessedOn: "2025-04-01", scores: balancedScores(0.7), published: i % 2 === 0 });
    }

    const gialai = await hub.token({ kind: "agency", province: "VN-30" });
    const counts: number[] = [];
    for (const size of [1, 10, 50]) {
      const response = await hub.query<{
        enterprises: { nodes: { latestAssessment: { level: string; totalScore: number } | null; assessments: { nodes: { level: string }[] } }[] };
      }>(
        `query Page($first: Int!) { enterprises(first: $first, filter: { province: { codes: ["VN-30"] }, search: "ca phe pleiku" }) {
           nodes { latestAssessment { level totalScore } assessments(first: 3) { nodes { level } } } } }`,
        { first: size },
        { token: gialai },
      );
      expect(response.errors).toBeUndefined();
      const nodes = response.data!.enterprises.nodes;
      expect(nodes).toHaveLength(size);
      for (const node of nodes) {
        expect(node.latestAssessment?.level).toBeTruthy();
        expect(node.latestAssessment?.totalScore).toBeGreaterThan(0);
        expect(node.assessments.nodes).toHaveLength(2);
      }
      counts.push(hub.lastStatementCount());
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
    // The first enterprise (Pleiku 00) was assessed again in 2025 and published: its latest is the 2025 one.
    const first = await hub.query<{ enterprises: { nodes: { latestAssessment: { totalScore: number } }[] } }>(
      `{ enterprises(first: 2, filter: { search: "ca phe pleiku" }) { nodes { latestAssessment { totalScore } } } }`,
      {},
      { token: gialai },
    );
    expect(first.data!.enterprises.nodes.map((node) => node.latestAssessment.totalScore)).toEqual([70, 40]);
  });
});

describe("an enterprise's assessments, page by page", () => {
  it("continues after a cursor instead of repeating the first page", async () => {
    const query = `query Page($after: String) { node(id: "${Buffer.from(`Enterprise:${coffee.id}`).toString("base64url")}") {
      ... on Enterprise { assessments(first: 2, after: $after) { nodes { assessedOn } pageInfo { hasNextPage endCursor } } } } }`;
    type Result = { node: { assessments: { nodes: { assessedOn: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } };
    const owner = { token: await hub.token(DAK_LAK_AGENCY) };
    const first = await hub.query<Result>(query, { after: null }, owner);
    // Coffee has three assessments (2023, 2025, a late-2025 draft): newest first, each exactly once.
    expect(first.data!.node.assessments.nodes.map((n) => n.assessedOn)).toEqual(["2025-11-20", "2025-03-10"]);
    expect(first.data!.node.assessments.pageInfo.hasNextPage).toBe(true);
    const second = await hub.query<Result>(query, { after: first.data!.node.assessments.pageInfo.endCursor }, owner);
    expect(second.data!.node.assessments.nodes.map((n) => n.assessedOn)).toEqual(["2023-06-15"]);
    expect(second.data!.node.assessments.pageInfo.hasNextPage).toBe(false);
  });
});
