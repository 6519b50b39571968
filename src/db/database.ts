import type { MikroORM } from "@mikro-orm/postgresql";
import type { DatabaseConfig } from "../config.js";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded.js";
import { templateFor } from "./embedded-template.js";

/**
 * Where the ORM is told the embedded database listens until its process says on which port (the
 * ORM does not connect before then: see openDatabase).
 */
const EMBEDDED_URL_BEFORE_READY = "postgres://postgres@127.0.0.1/postgres";

export interface Database {
  orm: MikroORM;
  /** Where the driver connects (the embedded database's socket, or the server). */
  url: string;
  kind: DatabaseConfig["kind"];
  /** The embedded database only: a new data directory that started as a copy of the build's migrated one (src/db/embedded-template.ts). */
  fromTemplate?: boolean;
  /** The embedded database only: a COPY of a file, run in its own process (see EmbeddedDatabase). */
  copyFromFile?: (sql: string, file: string) => Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the configured database, starting the embedded one when no server is configured, and
 * brings its schema up to date: migrations run on every start (they are idempotent).
 */
export async function openDatabase(config: DatabaseConfig, poolSize: number, options: { logStatements?: boolean; statementTimeoutMilliseconds?: number } = {}): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let template: string | null = null;
  let url: string;
  // The embedded database's process is forked first (synchronously, in this call): MikroORM, its
  // driver and the entities load, and the entities' metadata is worked out, while it opens its files.
  let starting: Promise<EmbeddedDatabase> | null = null;
  if (config.kind === "embedded") {
    // A new data directory starts as a copy of the build's migrated one, when there is a current one.
    template = templateFor(config.dataDir);
    starting = startEmbeddedDatabase({ dataDir: config.dataDir, maxConnections: poolSize + 2, template });
  }
  const loading = Promise.all([import("@mikro-orm/postgresql"), import("./mikro-orm.config.js"), import("./pg-batched-writes.js"), import("./migrate.js")]);
  loading.catch(() => undefined);
  starting?.catch(() => undefined);
  try {
    let orm: MikroORM;
    const [{ MikroORM }, { ormConfig }, { batchQueryWrites }, { migrateToLatest }] = await loading;
    batchQueryWrites();
    if (starting) {
      // The entities' metadata needs no connection: it is worked out while the database's process
      // starts (about a tenth of a second, off the start's path), and the ORM connects once that
      // process says on which port it listens (MikroORM's reconnect, which reads the configuration afresh).
      orm = MikroORM.initSync(ormConfig({ clientUrl: EMBEDDED_URL_BEFORE_READY, poolSize, debug: options.logStatements }));
      embedded = await starting;
      url = embedded.url;
      await orm.reconnect({ clientUrl: url });
      await migrateToLatest(orm);
    } else {
      url = (config as Extract<DatabaseConfig, { kind: "server" }>).url;
      // A runaway statement is cancelled by the server itself. (Not on the embedded database: its
      // connections share one session, where a session setting would leak between them, so there
      // only the hub's own deadline applies.)
      const statementTimeoutMilliseconds = options.statementTimeoutMilliseconds;
      if (statementTimeoutMilliseconds !== undefined) {
        // Migrations are not operations: a schema change (or, on a busy server, the migrator's own
        // catalogue queries) may take longer than an operation's deadline, so they run on a
        // connection without the statement timeout.
        const migrating = await MikroORM.init(ormConfig({ clientUrl: url, poolSize: 1, debug: options.logStatements }));
        try {
          await migrateToLatest(migrating);
        } finally {
          await migrating.close(true);
        }
      }
      orm = await MikroORM.init(ormConfig({ clientUrl: url, poolSize, debug: options.logStatements, statementTimeoutMilliseconds }));
      if (statementTimeoutMilliseconds === undefined) await migrateToLatest(orm);
    }
    return {
      orm,
      url,
      kind: config.kind,
      ...(embedded ? { copyFromFile: embedded.copyFromFile, fromTemplate: template !== null } : {}),
      close: async () => {
        try {
          await orm.close(true);
        } finally {
          // The embedded database stops (and its data directory is released) even if the pool did not close cleanly.
          await embedded?.stop();
        }
      },
    };
  } catch (error) {
    // The database's process stops, also when the failure came before it was ready.
    const started = embedded ?? (await starting?.catch(() => null));
    await started?.stop();
    throw error;
  }
}
