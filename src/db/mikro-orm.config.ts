import { defineConfig } from "@mikro-orm/postgresql";
import { StatementCountingLogger } from "../common/sql-statements.js";
import { entities } from "../domains.js";

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
 * The one MikroORM configuration. The migrations are not part of it: `migrateToLatest`
 * (./migrate.ts) adds their list, and MikroORM loads its migrator, only when one is pending.
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
    migrations: { silent: true, transactional: true, allOrNothing: true, snapshot: false, emit: "ts" },
    allowGlobalContext: false,
  });
}
