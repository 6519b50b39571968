import { mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { generate } from "@graphql-codegen/cli";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../src/common/paths.js";

/**
 * The typed client as a dashboard developer meets it: codegen refuses an operation asking for a
 * field the committed SDL lacks, and TypeScript refuses code that reads a field the operation did
 * not select. (`npm run build` generates dashboard/gql from dashboard/operations before the tests.)
 */
let scratch: string;
beforeAll(async () => {
  // Inside the repository, so the probes resolve its node_modules and dashboard/gql.
  scratch = await mkdtemp(path.join(REPOSITORY_ROOT, "dashboard", ".typed-client-test-"));
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function typeErrors(file: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(REPOSITORY_ROOT, "tsconfig.dashboard.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) throw new Error("tsconfig.dashboard.json could not be read");
  const program = ts.createProgram([file], { ...parsed.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`);
}

describe("the typed client", () => {
  it("is not generated from an operation that asks for a field the schema lacks", async () => {
    const operation = path.join(scratch, "wrong.graphql");
    await writeFile(operation, `query WrongField { priceSeries(filter: { commodityCodes: ["COFFEE_ROBUSTA"] }) { market { name } averagePrice } }\n`);
    const config = { schema: path.join(REPOSITORY_ROOT, "schema/schema.graphql"), documents: [operation], silent: true, generates: { [path.join(scratch, "gql/")]: { preset: "client" as const } } };
    await expect(generate(config, true)).rejects.toThrow(/Cannot query field "averagePrice" on type "PriceSeries"/);
    // The same operation with a real field generates.
    await writeFile(operation, `query RightField { priceSeries(filter: { commodityCodes: ["COFFEE_ROBUSTA"] }) { market { name } points { avg } } }\n`);
    await expect(generate(config, true)).resolves.toBeDefined();
  });

  it("types results and variables: reading a field the operation did not select, or a wrong variable, fails the type check", async () => {
    const probe = path.join(scratch, "probe.ts");
    const header = `import { DashboardPricesDocument, type DashboardPricesQuery, type DashboardPricesQueryVariables } from "../gql/graphql.js";\nimport type { ResultOf, VariablesOf } from "@graphql-typed-document-node/core";\n`;
    await writeFile(probe, `${header}const variables: VariablesOf<typeof DashboardPricesDocument> = { commodity: "COFFEE_ROBUSTA", provinces: ["VN-33"], from: "2026-01-01", to: "2026-11-30" };\ndeclare const result: ResultOf<typeof DashboardPricesDocument>;\nexport const avg: string = result.priceSeries[0]!.points[0]!.avg;\nexport const checked: [DashboardPricesQuery, DashboardPricesQueryVariables] = [result, variables];\n`);
    expect(typeErrors(probe)).toEqual([]);

    await writeFile(probe, `${header}declare const result: ResultOf<typeof DashboardPricesDocument>;\nexport const wrong = result.priceSeries[0]!.averagePrice;\nexport const variables: VariablesOf<typeof DashboardPricesDocument> = { commodity: 42, provinces: ["VN-33"], from: "2026-01-01", to: "2026-11-30" };\nexport const unused: DashboardPricesQuery | DashboardPricesQueryVariables | null = null;\n`);
    const errors = typeErrors(probe);
    expect(errors.some((error) => error.startsWith("TS2339") && error.includes("averagePrice"))).toBe(true);
    expect(errors.some((error) => error.startsWith("TS2322") && error.includes("number"))).toBe(true);
  });
});
