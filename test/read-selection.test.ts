/**
 * Reads take the columns an operation selects (issue 12: "only the selected columns"), plus what
 * the field guard needs: a list of names reads no addresses or financials, and whatever is selected
 * — directly, through a fragment, an inline fragment on an interface, or `node(id)` — is read and
 * answered. The statements are the ones the hub sent for the request, as PostgreSQL received them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgency, createEnterprise } from "../seeds/factories/reference.js";
import { balancedScores, createTestAssessment } from "../seeds/factories/technology.js";
import { globalIdOf } from "./support/global-ids.js";
import { startTestHub, type TestHub } from "./support/hub.js";

let hub: TestHub;
let token: string;
let enterpriseId: string;

beforeAll(async () => {
  hub = await startTestHub();
  const em = hub.em();
  const assessor = await createAgency(em, { provinceCode: "VN-35", name: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng" });
  for (const [index, employees] of [120, 85, 40].entries()) {
    const enterprise = await createEnterprise(em, { provinceCode: "VN-35", name: `Công ty Chè Bảo Lộc ${index + 1}`, employees });
    if (index === 0) enterpriseId = globalIdOf(enterprise);
    await createTestAssessment(em, { enterprise, assessor, assessedOn: "2026-05-12", scores: balancedScores(0.6), published: true });
    // The first enterprise was assessed a year before too: its assessments take two pages of one.
    if (index === 0) await createTestAssessment(em, { enterprise, assessor, assessedOn: "2025-05-12", scores: balancedScores(0.5), published: true });
  }
  // Lâm Đồng's own agency: it may read every field of its enterprises (the financials are RESTRICTED).
  token = await hub.token({ kind: "agency", province: "VN-35" });
});
afterAll(async () => {
  await hub?.close();
});

/** The request's statement that reads `table`. */
function statementReading(table: string): string {
  const statement = hub.lastStatements().find((text) => text.includes(`from "${table}"`));
  if (!statement) throw new Error(`no statement of the last request read ${table}: ${JSON.stringify(hub.lastStatements())}`);
  return statement;
}

const LIST = (selection: string, fragments = "") => `query { enterprises(first: 3, filter: { province: { codes: ["VN-35"] } }) { nodes { ${selection} } } } ${fragments}`;

describe("a read's columns", () => {
  it("are those of the selected fields and the guard's, not the whole row", async () => {
    const response = await hub.query<{ enterprises: { nodes: { name: string }[] } }>(LIST("name"), undefined, { token });
    expect(response.errors).toBeUndefined();
    expect(response.data!.enterprises.nodes.map((node) => node.name).sort()).toEqual(["Công ty Chè Bảo Lộc 1", "Công ty Chè Bảo Lộc 2", "Công ty Chè Bảo Lộc 3"]);
    const statement = statementReading("enterprise");
    expect(statement).toMatch(/\.name\b/);
    // The guard's columns are always there: the key and the owners.
    expect(statement).toMatch(/\.owner_province_codes\b/);
    for (const column of ["address", "employees", "annual_revenue_vnd", "tax_code", "search_name"]) expect(statement).not.toMatch(new RegExp(`\\.${column}\\b`));
  });

  it("include what a fragment selects, and answer it", async () => {
    const response = await hub.query<{ enterprises: { nodes: { name: string; address: string; employees: number }[] } }>(
      LIST("...Details", "fragment Details on Enterprise { name address employees }"),
      undefined,
      { token },
    );
    expect(response.errors).toBeUndefined();
    const nodes = [...response.data!.enterprises.nodes].sort((a, b) => a.name.localeCompare(b.name));
    expect(nodes.map((node) => node.employees)).toEqual([120, 85, 40]);
    for (const node of nodes) expect(node.address).toBe("Số 1, đường Thử nghiệm");
    const statement = statementReading("enterprise");
    expect(statement).toMatch(/\.address\b/);
    expect(statement).toMatch(/\.employees\b/);
    expect(statement).not.toMatch(/\.annual_revenue_vnd\b/);
  });

  it("include what node(id) selects through an interface and an inline fragment", async () => {
    const response = await hub.query<{ node: { ownerProvinceCodes: string[]; annualRevenueVnd: string } }>(
      "query($id: ID!) { node(id: $id) { ... on OwnedRecord { ownerProvinceCodes } ... on Enterprise { annualRevenueVnd } } }",
      { id: enterpriseId },
      { token },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.node).toEqual({ ownerProvinceCodes: ["VN-35"], annualRevenueVnd: "12500000000" });
    const statement = statementReading("enterprise");
    expect(statement).toMatch(/\.annual_revenue_vnd\b/);
    expect(statement).not.toMatch(/\.address\b/);
  });

  it("of a relation follow what is selected under it", async () => {
    const levels = await hub.query<{ enterprises: { nodes: { latestAssessment: { level: string } }[] } }>(LIST("latestAssessment { level }"), undefined, { token });
    expect(levels.errors).toBeUndefined();
    for (const node of levels.data!.enterprises.nodes) expect(node.latestAssessment.level).toMatch(/^[A-Z_]+$/);
    expect(statementReading("technology_assessment")).not.toMatch(/\.total_score\b/);

    const scores = await hub.query<{ enterprises: { nodes: { latestAssessment: { level: string; totalScore: number } }[] } }>(LIST("latestAssessment { level totalScore }"), undefined, { token });
    expect(scores.errors).toBeUndefined();
    for (const node of scores.data!.enterprises.nodes) expect(node.latestAssessment.totalScore).toBeGreaterThan(0);
    expect(statementReading("technology_assessment")).toMatch(/\.total_score\b/);
  });

  it("carry a page's sort keys, whatever is selected, so its cursors lead on", async () => {
    type Edges = { edges: { cursor: string; node: { assessedOn: string } }[] };
    const nested = (after: string | null) =>
      hub.query<{ node: { assessments: Edges } }>(
        "query($id: ID!, $after: String) { node(id: $id) { ... on Enterprise { assessments(first: 1, after: $after) { edges { cursor node { assessedOn } } } } } }",
        { id: enterpriseId, after },
        { token },
      );
    const first = await nested(null);
    expect(first.errors).toBeUndefined();
    expect(first.data!.node.assessments.edges.map((edge) => edge.node.assessedOn)).toEqual(["2026-05-12"]);
    expect(statementReading("technology_assessment")).not.toMatch(/\.total_score\b/);
    const second = await nested(first.data!.node.assessments.edges[0]!.cursor);
    expect(second.errors).toBeUndefined();
    expect(second.data!.node.assessments.edges.map((edge) => edge.node.assessedOn)).toEqual(["2025-05-12"]);

    const list = (after: string | null) =>
      hub.query<{ assessments: Edges }>(
        'query($after: String) { assessments(first: 2, after: $after, filter: { province: { codes: ["VN-35"] } }) { edges { cursor node { assessedOn } } } }',
        { after },
        { token },
      );
    const page = await list(null);
    expect(page.errors).toBeUndefined();
    const rest = await list(page.data!.assessments.edges.at(-1)!.cursor);
    expect(rest.errors).toBeUndefined();
    const days = [...page.data!.assessments.edges, ...rest.data!.assessments.edges].map((edge) => edge.node.assessedOn);
    expect(days).toEqual(["2026-05-12", "2026-05-12", "2026-05-12", "2025-05-12"]);
  });

  it("are every column in a batch, whose operations share the request's loaders", async () => {
    const batching = await startTestHub({ env: { ALLOW_BATCHED_REQUESTS: "true" } });
    try {
      const enterpriseId = globalIdOf(await createEnterprise(batching.em(), { provinceCode: "VN-35", name: "Công ty Chè Bảo Lộc 1" }));
      const response = await fetch(batching.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await batching.token({ kind: "agency", province: "VN-35" })}` },
        // The first operation would read the enterprise by its id alone; the second needs its name and address from the same loader.
        body: JSON.stringify([
          { query: "query Bare($id: ID!) { node(id: $id) { id } }", variables: { id: enterpriseId } },
          { query: "query Named($id: ID!) { node(id: $id) { ... on Enterprise { name address } } }", variables: { id: enterpriseId } },
        ]),
      });
      const [bare, named] = (await response.json()) as { data?: { node: Record<string, unknown> }; errors?: unknown[] }[];
      expect(bare!.errors).toBeUndefined();
      expect(bare!.data!.node).toEqual({ id: enterpriseId });
      expect(named!.errors).toBeUndefined();
      expect(named!.data!.node).toEqual({ name: "Công ty Chè Bảo Lộc 1", address: "Số 1, đường Thử nghiệm" });
    } finally {
      await batching.close();
    }
  });
});
