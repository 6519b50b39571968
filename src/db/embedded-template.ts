import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A migrated, empty embedded database, kept as a snapshot for new data directories.
 *
 * The embedded default's first start used to create the cluster (PGlite's initdb, in WebAssembly)
 * and run every migration before seeding: most of that start, and the same work for every new data
 * directory. The build makes that database once (`scripts/embedded-template.ts`, after tsc) and
 * keeps its snapshot in `dist/embedded-template/`; a new data directory starts from it, and the
 * migrations then find nothing to do. The snapshot's name is a fingerprint of the compiled
 * migrations and of PGlite's version, so a snapshot made before a migration or an upgrade is never
 * used: without a current one, the first start creates and migrates the database as before.
 */

/** The compiled migrations, beside this module (dist/src/db/migrations, or src/db/migrations under vitest). */
const MIGRATIONS = fileURLToPath(new URL("./migrations/", import.meta.url));
/** dist/embedded-template/, from dist/src/db/. */
const DIRECTORY = fileURLToPath(new URL("../../embedded-template/", import.meta.url));

/** Changes with any migration's text or PGlite's version. */
async function fingerprint(): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`pglite ${await pgliteVersion()}\0`);
  for (const file of (await readdir(MIGRATIONS)).filter((name) => /\.(js|ts)$/.test(name) && !name.endsWith(".d.ts")).sort()) {
    hash.update(file).update("\0").update(await readFile(path.join(MIGRATIONS, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

/** The installed PGlite's version (its package.json is not among its exports: found from its entry point). */
async function pgliteVersion(): Promise<string> {
  let directory = path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  while (!existsSync(path.join(directory, "package.json")) && path.dirname(directory) !== directory) directory = path.dirname(directory);
  return (JSON.parse(await readFile(path.join(directory, "package.json"), "utf8")) as { version: string }).version;
}

/** Where the current snapshot is, or would be. */
export async function templateFile(): Promise<string> {
  return path.join(DIRECTORY, `migrated-${await fingerprint()}.tar`);
}

/** The current snapshot for a data directory that has no database yet, or null (an existing one, or no snapshot). */
export async function templateFor(dataDir: string): Promise<string | null> {
  if (existsSync(path.join(dataDir, "PG_VERSION"))) return null;
  const file = await templateFile();
  return existsSync(file) ? file : null;
}

/**
 * Makes the current snapshot unless it exists, with `dump` writing a migrated database to a file;
 * older snapshots are removed. Answers whether it made one.
 */
export async function ensureTemplate(dump: (file: string) => Promise<void>): Promise<boolean> {
  const file = await templateFile();
  if (existsSync(file)) return false;
  await mkdir(DIRECTORY, { recursive: true });
  const partial = `${file}.partial`;
  await dump(partial);
  // Renamed into place whole: a start never reads half a snapshot.
  await rename(partial, file);
  for (const old of await readdir(DIRECTORY)) if (path.join(DIRECTORY, old) !== file) await rm(path.join(DIRECTORY, old), { force: true });
  return true;
}
