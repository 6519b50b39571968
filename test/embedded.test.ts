/**
 * The embedded default as a newcomer meets it: the real entry point, no DATABASE_URL, a fresh data
 * directory that is created and seeded on the first start and reused on the second.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { signDevelopmentToken } from "../src/auth/identity.js";
import { fromGlobalId } from "../src/common/node.js";
import { parseConfig } from "../src/config.js";
import { MAIN, ROOT, startMain } from "./support/processes.js";

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function ask(url: string, query: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  return (await response.json()) as never;
}

describe("npm start on the embedded database", () => {
  it("creates and seeds its data directory on the first start, and reuses it on the second", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "hub-embedded-"));
    directories.push(dataDir);
    const env = { EMBEDDED_DATA_DIR: dataDir, PORT: "0" };

    const first = await startMain(env);
    expect(first.output()).toContain("embedded PostgreSQL (PGlite)");
    expect(first.output()).toContain("Seeded the programme's demo data");
    // The build (npm test runs it) made the migrated database a new directory starts as a copy of.
    expect(first.output()).toContain("Started the new data directory as a copy of the build's migrated one");
    const units = await ask(first.url, "{ units(filter: { current: true }) { code } }");
    expect(units.errors).toBeUndefined();
    expect((units.data!.units as unknown[]).length).toBe(5);
    const enterprisesFirst = await ask(first.url, "{ enterprises { totalCount } }");
    expect(await first.stop()).toBe(0);

    const second = await startMain(env);
    expect(second.output()).not.toContain("Seeded");
    expect(second.output()).not.toContain("a copy of the build's migrated one");
    const enterprisesSecond = await ask(second.url, "{ enterprises { totalCount } }");
    // The same data, not seeded twice.
    expect(enterprisesSecond.data).toEqual(enterprisesFirst.data);

    // What `npm start` runs is the bundle (scripts/bundle-server.mjs). It keeps the names the schema,
    // the entities and the global ids take from classes: the SDL it serves is the committed one,
    // and a record's global id leads back to it through node(id).
    const served = await (await fetch(new URL("/schema.graphql", second.url))).text();
    expect(served).toBe(await readFile(path.join(ROOT, "schema/schema.graphql"), "utf8"));
    const listed = await ask(second.url, `{ enterprises(first: 1) { nodes { id name } } }`);
    const [enterprise] = (listed.data!.enterprises as { nodes: { id: string; name: string }[] }).nodes;
    expect(fromGlobalId(enterprise!.id)?.typeName).toBe("Enterprise");
    const found = await ask(second.url, `{ node(id: ${JSON.stringify(enterprise!.id)}) { __typename ... on Enterprise { name } } }`);
    expect(found).toEqual({ data: { node: { __typename: "Enterprise", name: enterprise!.name } } });
    expect(await second.stop()).toBe(0);
  });

  it("imports a price file through PGlite's own COPY, all or nothing, every problem by line", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "hub-embedded-"));
    directories.push(dataDir);
    const hub = await startMain({ EMBEDDED_DATA_DIR: dataDir, PORT: "0" });
    try {
      // HCMC's Department of Industry and Trade, signed with the development secret the hub runs on.
      const token = await signDevelopmentToken(parseConfig({}).auth, { subject: "sct-hcmc", roles: ["agency_editor"], province: "VN-SG", agency: "VN-SG-SCT", ttlSeconds: 600 });
      const post = async (lines: string[]) => {
        const response = await fetch(hub.url.replace("/graphql", "/imports/price-observations"), { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: lines.join("\n") });
        return { status: response.status, body: (await response.json()) as { data?: { import: Record<string, unknown> }; errors?: { extensions: { code: string; problems: { line: number; message: string }[] } }[] } };
      };
      const header = "commodity_code,market_code,observed_on,price_type,price_vnd,note";
      // Days long before the demo's prices, so only this file's rows are counted.
      const rows = ["COFFEE_ROBUSTA,HCM-BINH-DIEN,2001-03-01,WHOLESALE,21500,", "COFFEE_ROBUSTA,HCM-BINH-DIEN,2001-03-02,WHOLESALE,21700,", 'PEPPER_BLACK,HCM-THU-DUC,2001-03-02,RETAIL,"32,000","hạt, loại 1"'];
      const countQuery = `{ priceObservations(first: 10, filter: { period: { from: "2001-03-01", to: "2001-03-31" } }) { nodes { observedOn priceVnd note commodity { code } } } }`;
      const stored = async () => ((await ask(hub.url, countQuery)).data!.priceObservations as { nodes: unknown[] }).nodes;

      const first = await post([header, ...rows]);
      expect(first.status).toBe(200);
      expect(first.body.data!.import).toMatchObject({ rowCount: 3, insertedCount: 3, alreadyPresentCount: 0, commodityCodes: ["COFFEE_ROBUSTA", "PEPPER_BLACK"], marketCodes: ["HCM-BINH-DIEN", "HCM-THU-DUC"] });
      expect(await stored()).toEqual(
        expect.arrayContaining([{ observedOn: "2001-03-02", priceVnd: "32000", note: "hạt, loại 1", commodity: { code: "PEPPER_BLACK" } }]),
      );
      expect(await stored()).toHaveLength(3);

      // The same file again adds nothing; a repeat inside a file and a changed figure each refuse the whole file, by line.
      expect((await post([header, ...rows])).body.data!.import).toMatchObject({ insertedCount: 0, alreadyPresentCount: 3 });
      const repeated = await post([header, "COFFEE_ROBUSTA,HCM-BINH-DIEN,2001-03-09,WHOLESALE,21900,", "COFFEE_ROBUSTA,HCM-BINH-DIEN,2001-03-09,WHOLESALE,21900,"]);
      expect(repeated.status).toBe(400);
      expect(repeated.body.errors![0]!.extensions.problems[0]).toMatchObject({ line: 3, message: expect.stringContaining("repeats line 2") });
      const changed = await post([header, "COFFEE_ROBUSTA,HCM-BINH-DIEN,2001-03-10,WHOLESALE,22000,", "COFFEE_ROBUSTA,HCM-BINH-DIEN,2001-03-01,WHOLESALE,99999,"]);
      expect(changed.body.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", problems: [{ line: 3 }] });
      const unknown = await post([header, "COFFEE_ROBUSTA,HCM-BINH-DIEN,2001-03-11,WHOLESALE,22000,", "TEA_UNKNOWN,HCM-BINH-DIEN,2001-03-11,WHOLESALE,22000,"]);
      expect(unknown.body.errors![0]!.extensions.problems[0]).toMatchObject({ line: 3, message: "unknown commodity TEA_UNKNOWN" });
      expect(await stored()).toHaveLength(3);
    } finally {
      expect(await hub.stop()).toBe(0);
    }
  });

  it("fails fast on bad configuration and lists every problem", async () => {
    const child = spawn(process.execPath, [MAIN], {
      cwd: path.resolve(import.meta.dirname, ".."),
      env: { PATH: process.env.PATH ?? "", PORT: "eighty", DATABASE_URL: "mysql://x", HUB_MODE: "staging" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(output).toContain("PORT must be an integer");
    expect(output).toContain("DATABASE_URL must be a postgres://");
    expect(output).toContain('HUB_MODE must be "development" or "production"');
  });
});
