import { createHash } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";

/** How many distinct statements get a name (are prepared once per connection and kept there). */
const NAMED_STATEMENTS = 500;

/** Statement text → its name, for the first NAMED_STATEMENTS texts an instance runs (never evicted). */
const names = new Map<string, string>();

/** A pg connection as the pool hands it out: what the read path calls. */
interface PgConnection {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

interface KnexClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

/** `?` → `$1, $2…` (the hub's SQL holds no literal question mark; values are always parameters). */
function positional(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < NAMED_STATEMENTS) {
    name = `hub_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a read's statement on a pooled connection as a named prepared statement: PostgreSQL parses
 * and analyses a statement text once per connection, and from its sixth run may keep a generic
 * plan, instead of planning every request anew (planning took 1.5 to 4.5 ms of the database's CPU
 * per statement of the dashboard's tour, on the same two cores as the hub). Only the first 500
 * distinct texts get names, so what a connection keeps is bounded; the rest run unnamed.
 *
 * On the embedded database every connection shares one session, where a name prepared by one
 * client would clash with another's: there statements run unnamed (`prepare: false`).
 *
 * The statement is logged and counted against its request like any other (MikroORM's logger).
 */
export async function runRead<T = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[], prepare: boolean): Promise<T[]> {
  const client = em.getConnection().getKnex().client as unknown as KnexClient;
  const logger = em.config.getLogger();
  const text = positional(sql);
  const started = Date.now();
  const pg = await client.acquireConnection();
  try {
    const name = prepare ? nameOf(text) : undefined;
    const { rows } = await pg.query(name ? { name, text, values: [...params] } : { text, values: [...params] });
    logger.logQuery({ query: sql, params: [...params], took: Date.now() - started, results: rows.length, level: "info" });
    return rows as T[];
  } catch (error) {
    logger.logQuery({ query: sql, params: [...params], took: Date.now() - started, level: "error" });
    throw error;
  } finally {
    await client.releaseConnection(pg);
  }
}
