/**
 * Prepares one migrated template database for the whole run; every test file then gets its own
 * database cloned from it (fast, and files never see each other's data).
 *
 * A PostgreSQL server is used when one answers (TEST_DATABASE_URL, default the local server). A
 * newcomer without one still gets a passing suite: the template is then an embedded PGlite
 * snapshot, each test file starts its own embedded database from it, and the run says so. In CI
 * (`CI=true`) no answering server fails the run instead: there the fallback would quietly skip the
 * server-only tests and still report green.
 */
import "reflect-metadata";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { MikroORM } from "@mikro-orm/postgresql";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../../src/db/embedded.js";
import { ormConfig } from "../../src/db/mikro-orm.config.js";
import { migrateToLatest } from "../../src/db/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { kind: "server"; serverUrl: string; template: string } | { kind: "embedded"; dump: string };
  }
}

const serverUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function serverAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** Whether the environment says this run is CI's: the services set `CI` (to `true`, some to `1`). */
export function isContinuousIntegration(env: NodeJS.ProcessEnv): boolean {
  return ["true", "1"].includes((env.CI ?? "").toLowerCase());
}

/** Where this run's tests get their databases; throws when CI has no server to run them on. */
export function chooseTestDatabase(serverAnswers: boolean, env: NodeJS.ProcessEnv, url: string = serverUrl): "server" | "embedded" {
  if (serverAnswers) return "server";
  if (isContinuousIntegration(env)) {
    throw new Error(`No PostgreSQL server answers at ${new URL(url).host} (TEST_DATABASE_URL), and CI=true: CI runs the whole suite on a server, the server-only tests included. Start PostgreSQL, or set TEST_DATABASE_URL.`);
  }
  return "embedded";
}

/** The template's name changes whenever a migration does, so a stale template is never reused. */
async function migrationsFingerprint(): Promise<string> {
  const dir = new URL("../../src/db/migrations/", import.meta.url);
  const hash = createHash("sha256");
  for (const file of (await readdir(dir)).sort()) hash.update(file).update(await readFile(new URL(file, dir)));
  return hash.digest("hex").slice(0, 12);
}

async function migrate(url: string): Promise<void> {
  const orm = await MikroORM.init(ormConfig({ clientUrl: url, poolSize: 2 }));
  try {
    await migrateToLatest(orm);
  } finally {
    await orm.close(true);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (chooseTestDatabase(await serverAnswers(), process.env) === "server") {
    const template = `hub_test_template_${await migrationsFingerprint()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    // Several runs may start at once (developers, CI): one builds the template, the others wait.
    await admin.query("select pg_advisory_lock(7191)");
    try {
      const exists = await admin.query("select 1 from pg_database where datname = $1", [template]);
      if (exists.rowCount === 0) {
        const building = `${template}_building`;
        await admin.query(`drop database if exists ${building} with (force)`);
        await admin.query(`create database ${building}`);
        const url = new URL(serverUrl);
        url.pathname = `/${building}`;
        await migrate(url.toString());
        await admin.query(`alter database ${building} rename to ${template}`);
      }
    } finally {
      await admin.query("select pg_advisory_unlock(7191)");
      await admin.end();
    }
    project.provide("testDatabase", { kind: "server", serverUrl, template });
    return async () => {};
  }

  console.warn(`\n[tests] No PostgreSQL server answers at ${serverUrl}: running on the embedded database (PGlite).\n`);
  const dir = await mkdtemp(path.join(tmpdir(), "hub-test-"));
  const dump = path.join(dir, "template.tar");
  const embedded = await startEmbeddedDatabase({ dataDir: null, maxConnections: 4 });
  try {
    await migrate(embedded.url);
    await embedded.dump(dump);
  } finally {
    await embedded.stop();
  }
  project.provide("testDatabase", { kind: "embedded", dump });
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
