/**
 * The embedded default as a newcomer meets it: the real entry point, no DATABASE_URL, a fresh data
 * directory that is created and seeded on the first start and reused on the second.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface RunningHub {
  url: string;
  output: () => string;
  stop: () => Promise<number | null>;
}

/**
 * The compiled entry point `npm start` runs. `npm test` compiles before it runs vitest, so this is
 * the build a newcomer gets.
 */
const MAIN = path.resolve(import.meta.dirname, "../dist/src/main.js");

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm test\` (it compiles first) or \`npm run build\``);
});

/** Starts the hub as `npm start` does and waits for its "ready" line. */
function startMain(env: Record<string, string>): Promise<RunningHub> {
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (http:\/\/\S+\/graphql)/.exec(output);
      if (match) {
        resolve({
          url: match[1]!,
          output: () => output,
          stop: () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`the hub exited (code ${code}) before it was ready:\n${output}`)));
  });
}

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
