import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { MikroORM } from "@mikro-orm/postgresql";

/** The migrations beside this module (dist/src/db/migrations, or src/db/migrations under vitest). */
const MIGRATIONS = fileURLToPath(new URL("./migrations/", import.meta.url));

/** The names of the migrations the build holds (their files' names), read without loading them. */
export function migrationNames(): string[] {
  return readdirSync(MIGRATIONS)
    .filter((file) => /^Migration\d{14}(_\w+)?\.(js|ts)$/.test(file))
    .map((file) => file.replace(/\.(js|ts)$/, ""))
    .sort();
}

/**
 * Brings the schema up to date: runs the migrations the database has not applied yet.
 *
 * Every start calls it, and nearly every start finds nothing to do: so it first reads which
 * migrations are applied, and loads the migrator and the migrations (MikroORM's migrator, umzug
 * and its command line: about 300 modules, a tenth of a start's loading) only when one is pending.
 */
export async function migrateToLatest(orm: MikroORM): Promise<void> {
  if (await appliedAll(orm, migrationNames())) return;
  const [{ Migrator }, { migrationsList }] = await Promise.all([import("@mikro-orm/migrations"), import("./migrations/index.js")]);
  orm.config.set("migrations", { ...orm.config.get("migrations"), migrationsList });
  // Registered from here: MikroORM's own fallback would look for the package from the working
  // directory, which a service manager may set anywhere (systemd: /).
  Migrator.register(orm);
  await orm.getMigrator().up();
}

/** Whether the database records every one of `names` as applied (a new database has no record at all). */
async function appliedAll(orm: MikroORM, names: string[]): Promise<boolean> {
  const table = orm.config.get("migrations").tableName ?? "mikro_orm_migrations";
  const connection = orm.em.getConnection();
  const [exists] = await connection.execute<{ present: boolean }[]>("select to_regclass(?) is not null as present", [table]);
  if (!exists?.present) return false;
  const applied = new Set((await connection.execute<{ name: string }[]>(`select name from "${table}"`)).map((row) => row.name));
  return names.every((name) => applied.has(name));
}
