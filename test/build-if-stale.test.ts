/**
 * `npm start` and the scripts build only what changed (scripts/build-if-stale.mjs): a stage runs
 * when its inputs changed since it last succeeded or an output is missing, and `--force` (the
 * build `npm test` runs) runs every stage. Works on a scratch tree, with recorded commands.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, mkdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildIfStale, configProblem, STAGES } from "../scripts/build-if-stale.mjs";

let root: string;
let ran: string[];
let failing: string | null;

const write = async (file: string, content = "x") => {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), content);
};

/** Runs the build, with commands that create the stage's outputs; returns the stages that ran. */
function build(options: { force?: boolean; serverOnly?: boolean } = {}): { code: number; stages: string[] } {
  ran = [];
  const stages = new Set<string>();
  const code = buildIfStale(root, {
    ...options,
    log: () => {},
    run: (command: string[]) => {
      const stage = STAGES.find((candidate) => candidate.commands.includes(command))!;
      stages.add(stage.name);
      ran.push(command.join(" "));
      if (failing === stage.name) return 1;
      for (const output of stage.outputs) {
        mkdirSync(path.dirname(path.join(root, output)), { recursive: true });
        writeFileSync(path.join(root, output), "built");
      }
      return 0;
    },
  });
  return { code, stages: [...stages] };
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "hub-build-"));
  failing = null;
  for (const file of ["src/main.ts", "scripts/token.ts", "test/a.test.ts", "dashboard/app/main.ts", "schema/schema.graphql", "codegen.ts", "tsconfig.json", "package-lock.json"]) await write(file);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A moment between builds, so that a file written next has a later modification time. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("building only what changed", () => {
  it("builds everything the first time, then nothing while no source changes", async () => {
    expect(build().stages).toEqual(["dashboard", "server"]);
    await settle();
    expect(build().stages).toEqual([]);
  });

  it("rebuilds the server alone after a server source changes, is added or is removed", async () => {
    build();
    await settle();
    await utimes(path.join(root, "src/main.ts"), new Date(), new Date(Date.now() + 5000));
    expect(build().stages).toEqual(["server"]);
    await settle();
    await write("seeds/new.ts");
    expect(build().stages).toEqual(["server"]);
    await settle();
    await rm(path.join(root, "scripts/token.ts"));
    expect(build().stages).toEqual(["server"]);
  });

  it("rebuilds the dashboard alone after a dashboard or schema change, but not for its generated client", async () => {
    build();
    await settle();
    await write("dashboard/app/main.ts", "changed");
    expect(build().stages).toEqual(["dashboard"]);
    await settle();
    await write("dashboard/gql/graphql.ts", "generated");
    await write("dashboard/.typed-client-test-abc/op.graphql", "scratch");
    expect(build().stages).toEqual([]);
    await write("schema/schema.graphql", "type Query { x: Int }");
    expect(build().stages).toEqual(["dashboard"]);
  });

  it("rebuilds a stage whose output is missing, from scratch (without tsc's incremental record)", async () => {
    build();
    await write("dist/.tsbuildinfo", "{}");
    await settle();
    await rm(path.join(root, "dist/src/main.js"));
    expect(build().stages).toEqual(["server"]);
    expect(existsSync(path.join(root, "dist/.tsbuildinfo"))).toBe(false);
  });

  it("rebuilds everything after a dependency change (package-lock.json)", async () => {
    build();
    await settle();
    await write("package-lock.json", "{}");
    expect(build().stages).toEqual(["dashboard", "server"]);
  });

  it("--force builds every stage; --server-only leaves the dashboard alone", async () => {
    build();
    await settle();
    expect(build({ force: true }).stages).toEqual(["dashboard", "server"]);
    await settle();
    await write("dashboard/app/main.ts", "changed");
    await write("src/main.ts", "changed");
    expect(build({ serverOnly: true }).stages).toEqual(["server"]);
  });

  it("stops at a failed command with its exit code, and builds that stage again next time", async () => {
    failing = "server";
    const first = build();
    expect(first.code).toBe(1);
    expect(ran).toContain("tsc -p .");
    await settle();
    failing = null;
    expect(build().stages).toEqual(["server"]);
  });
});

describe("the configuration check before the build", () => {
  it("reports a bad PORT with the compiled parseConfig (the repository's own build)", async () => {
    const repository = path.resolve(import.meta.dirname, "..");
    expect(await configProblem(repository, { PORT: "abc" })).toMatch(/PORT must be an integer from 0 to 65535, got "abc"/);
    expect(await configProblem(repository, { PORT: "4000" })).toBeNull();
  });

  it("checks nothing while there is no compiled configuration", async () => {
    expect(await configProblem(root, { PORT: "abc" })).toBeNull();
  });
});
