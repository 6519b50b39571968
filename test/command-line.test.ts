/**
 * Every command-line script answers `--help` with its usage (exit 0), and an unknown option with
 * one line saying so and the usage (exit 2), never a stack trace. Runs the compiled scripts as
 * `npm run <script>` does (`npm test` compiles first).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/processes.js";

const SCRIPTS: [npmScript: string, compiled: string][] = [
  ["token", "dist/scripts/token.js"],
  ["audit:verify", "dist/scripts/audit-verify.js"],
  ["schema", "dist/scripts/emit-schema.js"],
  ["import", "dist/scripts/import.js"],
  ["migration:create", "dist/scripts/create-migration.js"],
  ["seed", "dist/seeds/seed.js"],
  ["bench", "dist/bench/run.js"],
  ["soak", "dist/bench/soak.js"],
];

function run(file: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // No DATABASE_URL or other settings: a script that got past its arguments would say so.
  const child = spawn(process.execPath, [path.join(ROOT, file), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

describe.each(SCRIPTS)("npm run %s", (_script, file) => {
  it("prints its usage for --help and exits 0", async () => {
    const result = await run(file, ["--help"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^usage: /i);
    expect(result.stderr).toBe("");
  });

  it("refuses an unknown option in one line, then the usage, and exits 2 without a stack trace", async () => {
    const result = await run(file, ["--no-such-option"]);
    expect(result.code, result.stderr).toBe(2);
    const [first, ...rest] = result.stderr.trim().split("\n");
    expect(first).toMatch(/no-such-option/);
    expect(rest.join("\n")).toMatch(/usage: /i);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe("");
  });
});

describe("bad values", () => {
  it("token: a bad --ttl is one line and the usage, exit 2", async () => {
    const result = await run("dist/scripts/token.js", ["--role", "hub_admin", "--ttl", "soon"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^--ttl must be a positive number of seconds, got "soon"\nusage: npm run token/);
  });

  it("seed: a bad --scale is one line and the usage, exit 2", async () => {
    const result = await run("dist/seeds/seed.js", ["--scale", "huge"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^--scale needs a number above 0 and at most 1000 \(or small, medium, largest\), got "huge"\nUsage: npm run seed/);
  });
});
