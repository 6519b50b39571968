/**
 * The run's closing line (test/support/summary-reporter.ts) agrees with vitest's exit code: files
 * that fail to load, failed hooks and unhandled errors count as failures. Runs vitest as a child
 * process on the tiny suite in test/fixtures/summary.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/processes.js";

const VITEST = path.join(ROOT, "node_modules/vitest/vitest.mjs");
const CONFIG = path.join(ROOT, "test/fixtures/summary/vitest.config.ts");

function runFixtures(...filters: string[]): Promise<{ code: number | null; lastLine: string; output: string }> {
  // Not this run's VITEST_* variables: the child is a run of its own.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST") && name !== "NODE_OPTIONS"));
  const child = spawn(process.execPath, [VITEST, "run", "--config", CONFIG, ...filters], { cwd: ROOT, env: { ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) =>
    child.once("close", (code) => {
      const lines = output.split("\n").filter((line) => /\d+ passed, \d+ failed/.test(line));
      resolve({ code, lastLine: lines.at(-1) ?? "", output });
    }),
  );
}

describe("the closing summary line", () => {
  it("says 0 failed when the run passes (exit code 0)", async () => {
    const run = await runFixtures("passes");
    expect(run.lastLine, run.output).toBe("1 passed, 0 failed, 1 skipped");
    expect(run.code).toBe(0);
  });

  it("counts a test file that fails at import (exit code 1)", async () => {
    const run = await runFixtures("passes", "broken-import");
    expect(run.lastLine, run.output).toBe("1 passed, 1 failed (1 file failed to load), 1 skipped");
    expect(run.code).toBe(1);
  });

  it("counts a failed hook and an unhandled error", async () => {
    const run = await runFixtures("broken-hook", "unhandled");
    expect(run.lastLine, run.output).toBe("1 passed, 2 failed (1 hook failed, 1 unhandled error), 1 skipped");
    expect(run.code).toBe(1);
  });
});
