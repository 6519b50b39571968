import type { EntityManager, Knex } from "@mikro-orm/postgresql";
import type pg from "pg";
import { loggedStatement } from "./sql-statements.js";

/**
 * Runs SQL with `?` placeholders inside whatever transaction the caller holds: an EntityManager's
 * (the usual writes) or a raw `pg` client's (bulk imports, which need COPY). The audit log and the
 * outbox append through it, so both kinds of write chain and stamp the same way.
 */
export interface SqlExecutor {
  all<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
}

/**
 * The EntityManager's connection, in its transaction if it has one, with the parameters bound:
 * MikroORM's own `execute` writes every parameter into the text as a quoted literal, character by
 * character (the log sequencer's links carry two 64-character hashes an entry: 4 KiB of garbage
 * per audited read). Logged as MikroORM logs its statements, so each counts against its request.
 */
export function executorOf(tx: EntityManager): SqlExecutor {
  return {
    all: <T>(sql: string, params: readonly unknown[]) => {
      const transaction = tx.getTransactionContext<Knex.Transaction>();
      const bindings = params.map((value) => (value === undefined ? null : value)) as Knex.RawBinding[];
      const query = transaction ? transaction.raw(sql, bindings) : tx.getConnection().getKnex().raw(sql, bindings);
      return loggedStatement(tx, sql, bindings, async () => ((await query) as { rows: T[] }).rows);
    },
  };
}

/** `?` → `$1, $2…` for the pg driver (the hub's SQL never holds a literal question mark). */
export function executorOfClient(client: pg.PoolClient | pg.Client): SqlExecutor {
  return {
    all: async <T>(sql: string, params: readonly unknown[]) => {
      let index = 0;
      const text = sql.replace(/\?/g, () => `$${++index}`);
      return (await client.query(text, [...params])).rows as T[];
    },
  };
}
