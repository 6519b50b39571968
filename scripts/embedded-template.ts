/**
 * Makes the migrated database new embedded data directories start as copies of (src/db/embedded-template.ts),
 * unless the current one exists: the build runs it after tsc, so it costs a few seconds only when a
 * migration or PGlite changed.
 */
import "reflect-metadata";
import { MikroORM } from "@mikro-orm/postgresql";
import { startEmbeddedDatabase } from "../src/db/embedded.js";
import { ensureTemplate } from "../src/db/embedded-template.js";
import { ormConfig } from "../src/db/mikro-orm.config.js";
import { migrateToLatest } from "../src/db/migrate.js";

const made = await ensureTemplate(async (dataDir) => {
  const embedded = await startEmbeddedDatabase({ dataDir, maxConnections: 2 });
  try {
    const orm = await MikroORM.init(ormConfig({ clientUrl: embedded.url, poolSize: 1 }));
    try {
      await migrateToLatest(orm);
    } finally {
      await orm.close(true);
    }
  } finally {
    // A clean stop: the directory's files are consistent, and its lock is gone.
    await embedded.stop();
  }
});
if (made) console.error("[build] made the migrated embedded database new data directories start from (dist/embedded-template/)");
