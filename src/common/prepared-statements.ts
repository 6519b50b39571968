import { createHash } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import pg from "pg";
import { loggedStatement } from "./sql-statements.js";

/** How many distinct statements get a name (are prepared once per connection and kept there). */
const NAMED_STATEMENTS = 500;

/** A statement as the driver is sent it: `$n` placeholders, and its name if it has one. */
interface Statement {
  text: string;
  name: string | undefined;
}

/**
 * The hub's SQL (`?` placeholders) → the statement sent, for the first NAMED_STATEMENTS texts an
 * instance runs (never evicted): one lookup per request instead of rewriting the placeholders and
 * looking the name up by the rewritten text.
 */
const statements = new Map<string, Statement>();

/** A pg connection as the pool hands it out: what the read path calls. */
interface PgConnection {
  query(query: pg.Query): unknown;
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

function statementOf(sql: string): Statement {
  let statement = statements.get(sql);
  if (statement === undefined) {
    const text = positional(sql);
    if (statements.size >= NAMED_STATEMENTS) return { text, name: undefined };
    statement = { text, name: `hub_${createHash("sha1").update(text).digest("hex").slice(0, 20)}` };
    statements.set(sql, statement);
  }
  return statement;
}

/**
 * Sends a statement as pg's own submittable query: a plain configuration object would be copied
 * property by property for every statement (pg's `cloneQueryConfig`, 2.5 % of a `node(id)` lookup's CPU).
 */
function send(connection: PgConnection, text: string, values: unknown[], name: string | undefined): Promise<{ rows: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) => {
    const query = new pg.Query(text, values, (error, result) => (error ? reject(error) : resolve(result as unknown as { rows: Record<string, unknown>[] })));
    if (name) (query as unknown as { name: string }).name = name;
    connection.query(query);
  });
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
  const statement = statementOf(sql);
  const values = [...params];
  const connection = await client.acquireConnection();
  try {
    return await loggedStatement(em, sql, values, async () => (await send(connection, statement.text, values, prepare ? statement.name : undefined)).rows as T[]);
  } finally {
    await client.releaseConnection(connection);
  }
}
