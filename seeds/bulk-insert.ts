import type { EntityManager } from "@mikro-orm/postgresql";

/** One column of a bulk insert: its SQL type, and optionally an expression over the unnested value `v`. */
export interface BulkColumn {
  name: string;
  /** The PostgreSQL type of the parameter array's elements (text, int, numeric, date, float8, bool, timestamptz). */
  type: string;
  /** SQL computing the stored value from the unnested one, e.g. `string_to_array(v, ',')` for a text[] column. */
  expression?: (v: string) => string;
}

/**
 * Inserts rows in batches as `insert … select … from unnest($1::t[], $2::t[], …)`: one statement
 * and one parameter per column per batch. It needs no COPY, so it runs unchanged on the embedded
 * database (pglite-socket loses protocol sync on COPY) and on a server.
 */
export async function bulkInsert(
  em: EntityManager,
  table: string,
  columns: BulkColumn[],
  rows: unknown[][],
  options: { batchSize?: number; onConflict?: string } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 5_000;
  const connection = em.getConnection();
  let inserted = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const arrays = columns.map((_, index) => batch.map((row) => row[index] ?? null));
    const aliases = columns.map((_, index) => `c${index}`);
    const select = columns.map((column, index) => (column.expression ? column.expression(`u.${aliases[index]}`) : `u.${aliases[index]}`)).join(", ");
    const unnest = columns.map((column) => `?::${column.type}[]`).join(", ");
    const sql = `insert into ${table} (${columns.map((c) => `"${c.name}"`).join(", ")}) select ${select} from unnest(${unnest}) as u(${aliases.join(", ")}) ${options.onConflict ?? ""}`;
    // knex would expand a JavaScript array into a list of parameters: bind each as one array literal.
    // Inside the caller's transaction when there is one (the demo seeds all-or-nothing).
    await connection.execute(sql, arrays.map(arrayLiteral), "run", em.getTransactionContext());
    inserted += batch.length;
  }
  return inserted;
}

/** A PostgreSQL array literal ('{a,"b c",NULL}') of any scalar values. */
export function arrayLiteral(values: unknown[]): string {
  const element = (value: unknown): string => {
    if (value === null || value === undefined) return "NULL";
    if (typeof value === "number" || typeof value === "bigint") return String(value);
    if (typeof value === "boolean") return value ? "t" : "f";
    const text = value instanceof Date ? value.toISOString() : String(value);
    return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  };
  return `{${values.map(element).join(",")}}`;
}
