import type { EntityManager } from "@mikro-orm/postgresql";
import type pg from "pg";

/**
 * Runs SQL with `?` placeholders inside whatever transaction the caller holds: an EntityManager's
 * (the usual writes) or a raw `pg` client's (bulk imports, which need COPY). The audit log and the
 * outbox append through it, so both kinds of write chain and stamp the same way.
 */
export interface SqlExecutor {
  all<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
}

export function executorOf(tx: EntityManager): SqlExecutor {
  return { all: (sql, params) => tx.getConnection().execute(sql, [...params], "all", tx.getTransactionContext()) as never };
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
