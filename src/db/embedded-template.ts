import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A migrated, empty embedded database, kept for new data directories to start as copies of.
 *
 * The embedded default's first start used to create the cluster (PGlite's initdb, in WebAssembly)
 * and run every migration before seeding: most of that start, and the same work for every new data
 * directory. The build makes that database once (`scripts/embedded-template.ts`, after tsc) and
 * keeps its data directory in `dist/embedded-template/`; a new data directory starts as a copy of
 * it (a copy of files, under the directory's lock), and the migrations then find nothing to do.
 * (Loading the same database from a snapshot archive, as the tests' templates do, took PGlite
 * about 3.5 s here; opening a copied directory takes what a second start's opening takes.) The
 * template's name is a fingerprint of the compiled migrations and of PGlite's version, so one made
 * before a migration or an upgrade is never used: without a current one, the first start creates
 * and migrates the database as before.
 */

/** The compiled migrations, beside this module (dist/src/db/migrations, or src/db/migrations under vitest). */
const MIGRATIONS = fileURLToPath(new URL("./migrations/", import.meta.url));
/** dist/embedded-template/, from dist/src/db/. */
const DIRECTORY = fileURLToPath(new URL("../../embedded-template/", import.meta.url));

/**
 * Changes with any migration's text or PGlite's version. Read synchronously (a few small files): a
 * start works it out before it forks the database's process, and nothing else runs meanwhile.
 */
function fingerprint(): string {
  const hash = createHash("sha256");
  hash.update(`pglite ${pgliteVersion()}\0`);
  for (const file of readdirSync(MIGRATIONS).filter((name) => /\.(js|ts)$/.test(name) && !name.endsWith(".d.ts")).sort()) {
    hash.update(file).update("\0").update(readFileSync(path.join(MIGRATIONS, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

/** The installed PGlite's version (its package.json is not among its exports: found from its entry point). */
function pgliteVersion(): string {
  let directory = path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  while (!existsSync(path.join(directory, "package.json")) && path.dirname(directory) !== directory) directory = path.dirname(directory);
  return (JSON.parse(readFileSync(path.join(directory, "package.json"), "utf8")) as { version: string }).version;
}

/** Where the current template is, or would be: a PGlite data directory. */
export function templateDirectory(): string {
  return path.join(DIRECTORY, `migrated-${fingerprint()}`);
}

/** The current template for a data directory that has no database yet, or null (an existing one, or no template). */
export function templateFor(dataDir: string): string | null {
  if (existsSync(path.join(dataDir, "PG_VERSION"))) return null;
  const directory = templateDirectory();
  return existsSync(path.join(directory, "PG_VERSION")) ? directory : null;
}

/**
 * Makes the current template unless it exists, with `make` creating a migrated database in the
 * directory it is given; older templates are removed. Answers whether it made one.
 */
export async function ensureTemplate(make: (dataDir: string) => Promise<void>): Promise<boolean> {
  const directory = templateDirectory();
  if (existsSync(path.join(directory, "PG_VERSION"))) return false;
  await mkdir(DIRECTORY, { recursive: true });
  const partial = `${directory}.partial`;
  await rm(partial, { recursive: true, force: true });
  await make(partial);
  // Renamed into place whole: a start never copies half a template.
  await rm(directory, { recursive: true, force: true });
  await rename(partial, directory);
  for (const old of await readdir(DIRECTORY)) if (path.join(DIRECTORY, old) !== directory) await rm(path.join(DIRECTORY, old), { recursive: true, force: true });
  return true;
}
