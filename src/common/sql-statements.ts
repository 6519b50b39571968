import { AsyncLocalStorage } from "node:async_hooks";
import { DefaultLogger, type EntityManager, type LogContext } from "@mikro-orm/core";

/** Statistics of one GraphQL request, collected while it runs. */
export interface RequestStatistics {
  /** SQL statements sent to the database on behalf of this request. */
  sqlStatements: number;
  /** Their text as the hub wrote it, kept only when asked for (the tests' hub). */
  statements?: string[];
}

const currentRequest = new AsyncLocalStorage<RequestStatistics>();

/** Runs `work` with `statistics` as the request that SQL statements are counted against. */
export function withRequestStatistics<T>(statistics: RequestStatistics, work: () => T): T {
  return currentRequest.run(statistics, work);
}

/**
 * Runs `work` counted against no request: work shared by many requests (a sequencing step of the
 * event and audit log) is charged to none of them, rather than to whichever happened to start it.
 */
export function withoutRequestStatistics<T>(work: () => T): T {
  return currentRequest.exit(work);
}

/**
 * MikroORM calls `logQuery` for every statement it sends (ORM queries and raw `execute` alike), in
 * the async context of the code that sent it, so an AsyncLocalStorage attributes each statement to
 * its request without threading a counter through every call.
 */
export class StatementCountingLogger extends DefaultLogger {
  override logQuery(context: { query: string } & LogContext): void {
    const statistics = currentRequest.getStore();
    if (statistics) {
      statistics.sqlStatements += 1;
      statistics.statements?.push(context.query);
    }
    super.logQuery(context);
  }
}

/**
 * Runs a statement the hub sends past MikroORM's own query methods (prepared reads, bound writes)
 * and logs it as MikroORM logs its own, failed or not, so it counts against its request too.
 */
export async function loggedStatement<T>(em: EntityManager, sql: string, params: unknown[], run: () => Promise<T[]>): Promise<T[]> {
  const logger = em.config.getLogger();
  const started = Date.now();
  try {
    const rows = await run();
    logger.logQuery({ query: sql, params, took: Date.now() - started, results: rows.length, level: "info" });
    return rows;
  } catch (error) {
    logger.logQuery({ query: sql, params, took: Date.now() - started, level: "error" });
    throw error;
  }
}
