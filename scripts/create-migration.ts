/**
 * `npm run migration:create`: diffs the entities against the committed migrations and writes the
 * difference as a new TypeScript migration into src/db/migrations, registered in its index.ts.
 * It works on a scratch database of the PostgreSQL server (MIGRATION_DATABASE_URL, default the
 * local server), which it creates and drops.
 *
 * Read what it writes before committing it: the entity metadata does not know the indexes and
 * checks the domain migrations write in SQL, so a generated diff proposes dropping them all; keep
 * only the statements the change is about.
 *
 * `npm run migration:create -- --initial` instead rewrites the initial migration (the whole schema
 * from the entities) in place: for use only before a release, while no database depends on it.
 */
import "reflect-metadata";
import { readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { Migrator } from "@mikro-orm/migrations";
import { MikroORM } from "@mikro-orm/postgresql";
import pg from "pg";
import { ormConfig } from "../src/db/mikro-orm.config.js";
import { parseCommandLine, usageError } from "./command-line.js";

const serverUrl = process.env.MIGRATION_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const scratch = `hub_migration_scratch_${process.pid}`;
const migrationsDir = path.resolve("src/db/migrations"); // run from the repository root (npm scripts are)
const INITIAL = "Migration00000000000000_initial";
const usage = "usage: npm run migration:create [-- LABEL]   (a new migration from the entities' difference)\n       npm run migration:create -- --initial   (rewrites the initial migration; only before a release)";
const { values, positionals } = parseCommandLine(usage, { allowPositionals: true, options: { initial: { type: "boolean" } } });
if (positionals.length > 1) usageError(usage, `One label at most, got ${positionals.length}.`);
if (values.initial && positionals.length > 0) usageError(usage, "--initial takes no label.");
const rewriteInitial = values.initial === true;
const label = positionals[0];

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${scratch}`);
try {
  const url = new URL(serverUrl);
  url.pathname = `/${scratch}`;
  const base = ormConfig({ clientUrl: url.toString(), poolSize: 2 });
  // The initial migration is the whole schema, so it is made against no migrations at all.
  const migrationsList = rewriteInitial ? [] : (await import("../src/db/migrations/index.js")).migrationsList;
  const orm = await MikroORM.init({ ...base, migrations: { ...base.migrations, migrationsList, path: migrationsDir, pathTs: migrationsDir, emit: "ts" } });
  Migrator.register(orm);
  const migrator = orm.getMigrator();
  if (rewriteInitial) {
    const result = await migrator.createMigration(migrationsDir, false, true, "initial");
    await orm.close(true);
    const code = result.code.replace(/export class \w+/, `export class ${INITIAL}`);
    await writeFile(`${migrationsDir}/${INITIAL}.ts`, code);
    await unlink(`${migrationsDir}/${result.fileName}`);
    console.log(`Rewrote src/db/migrations/${INITIAL}.ts`);
    process.exitCode = 0;
  } else {
  await migrator.up();
  const result = await migrator.createMigration(migrationsDir, false, false, label);
  await orm.close(true);
  if (!result.fileName) {
    console.log("No changes: the entities match the migrations.");
  } else {
    const name = result.fileName.replace(/\.ts$/, "");
    const className = /export class (\w+)/.exec(result.code)?.[1] ?? name;
    const indexFile = `${migrationsDir}/index.ts`;
    let index = await readFile(indexFile, "utf8");
    index = index.replace(/^(import type .*\n)/m, `$1import { ${className} } from "./${name}.js";\n`);
    index = index.replace(/(\n\];\s*)$/, `\n  { name: "${name}", class: ${className} },$1`).replace("[\n\n", "[\n");
    await writeFile(indexFile, index);
    console.log(`Wrote src/db/migrations/${result.fileName}`);
  }
  }
} finally {
  await admin.query(`drop database if exists ${scratch} with (force)`);
  await admin.end();
}
