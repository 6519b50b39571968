import { defineConfig } from "@mikro-orm/postgresql";
import { Migrator } from "@mikro-orm/migrations";
import { StatementCountingLogger } from "../common/sql-statements.js";
import { entities } from "../domains.js";
import { migrationsList } from "./migrations/index.js";

export interface OrmOptions {
  /** A postgres:// URL (a server, or the embedded database's socket). */
  clientUrl: string;
  poolSize: number;
  /** Log every statement (debugging). */
  debug?: boolean;
  /** PostgreSQL's statement_timeout for every connection (a server only: on the embedded database connections share one session). */
  statementTimeoutMilliseconds?: number;
}

/**
 * The one MikroORM configuration. Migrations are listed explicitly (not discovered from a folder)
 * so the same list works from TypeScript sources under vitest and from compiled JavaScript.
 */
export function ormConfig(options: OrmOptions) {
  return defineConfig({
    clientUrl: options.clientUrl,
    entities,
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: options.poolSize, idleTimeoutMillis: 10_000 },
    forceUtcTimezone: true,
    loggerFactory: (loggerOptions) => new StatementCountingLogger(loggerOptions),
    debug: options.debug ?? false,
    ...(options.statementTimeoutMilliseconds ? { driverOptions: { connection: { statement_timeout: options.statementTimeoutMilliseconds } } } : {}),
    extensions: [Migrator],
    migrations: { migrationsList, silent: true, transactional: true, allOrNothing: true, snapshot: false, emit: "ts" },
    allowGlobalContext: false,
  });
}
