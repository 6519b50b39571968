import type { EntityName } from "@mikro-orm/core";
import type { HubContext } from "../context.js";
import { byKeys, defineLoader } from "./loaders.js";
import { entityOf, readRows, type ReadModelClass } from "./read-model.js";
import { readQuery, type ReadQuery } from "./read-query.js";
import { rowRuleOf } from "./visibility.js";

/**
 * The start of every query a service or loader runs: a read query already limited by the
 * policy to the rows the viewer may see (the entity's row rule, e.g. others' drafts hidden).
 * Nothing reads a table without it.
 */
export function visibleRows(context: HubContext, entity: EntityName<object>, alias: string): ReadQuery {
  const query = readQuery(context, entity as { name: string }, alias);
  const condition = context.visibility.rowCondition(entity as EntityName<object>, alias);
  if (condition) query.andWhere(condition.sql, condition.params);
  return query;
}

/** A query builder of a read model's visible rows (its entity's table, under the entity's row rule). */
export function visibleRowsOf(context: HubContext, model: ReadModelClass, alias: string): ReadQuery {
  return visibleRows(context, entityOf(model), alias);
}

/** A batched loader of visible records, as read models, by a unique column (the primary key unless told otherwise). */
export function defineKeyLoader<T extends object, K extends string | number>(
  name: string,
  model: ReadModelClass<T>,
  key: keyof T & string,
  column: string = key,
) {
  return defineLoader<K, T | null>(
    name,
    async (context, keys) => {
      const keysArray = keysParameter(keys);
      const query = visibleRowsOf(context, model, "r").andWhere(`r.${column} = any(?::${keysArray.type}[])`, [keysArray.literal]);
      const rows = await readRows(context, query, model, [key]);
      return byKeys(keys, rows, (row) => row[key] as unknown as K);
    },
    // Without a row rule every viewer gets the same rows (fields are still guarded one by one).
    { sameForEveryViewer: () => !rowRuleOf(entityOf(model)) },
  );
}

/**
 * A PostgreSQL array literal for a `?::text[]` parameter: the query builder would otherwise
 * expand a JavaScript array into a list of separate parameters.
 */
export function textArray(values: readonly string[]): string {
  return `{${values.map(arrayElement).join(",")}}`;
}

/** `textArray` whose elements may be null (SQL NULL, unquoted). */
export function nullableTextArray(values: readonly (string | null)[]): string {
  return `{${values.map((value) => (value === null ? "NULL" : arrayElement(value))).join(",")}}`;
}

/** One element of an array literal, quoted (its quotes and backslashes escaped). */
function arrayElement(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Keys as one array parameter (`= any(?::int[])`): integer ids, or text codes (administrative units). */
export function keysParameter(keys: readonly (string | number)[]): { literal: string; type: "int" | "text" } {
  return typeof keys[0] === "number" ? { literal: `{${keys.join(",")}}`, type: "int" } : { literal: textArray(keys as string[]), type: "text" };
}
