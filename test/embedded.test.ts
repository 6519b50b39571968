/**
 * The embedded default as a newcomer meets it: the real entry point, no DATABASE_URL, a fresh data
 * directory that is created and seeded on the first start and reused on the second.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAIN, startMain } from "./support/processes.js";

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
    const units = await ask(first.url, "{ units(filter: { current: true }) { code } }");
    expect(units.errors).toBeUndefined();
    expect((units.data!.units as unknown[]).length).toBe(5);
    const enterprisesFirst = await ask(first.url, "{ enterprises { totalCount } }");
    expect(await first.stop()).toBe(0);

    const second = await startMain(env);
    expect(second.output()).not.toContain("Seeded");
    const enterprisesSecond = await ask(second.url, "{ enterprises { totalCount } }");
    // The same data, not seeded twice.
    expect(enterprisesSecond.data).toEqual(enterprisesFirst.data);
    expect(await second.stop()).toBe(0);
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
