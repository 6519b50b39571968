import type { EntityName } from "@mikro-orm/core";
import type { QueryBuilder } from "@mikro-orm/postgresql";
import type { HubContext } from "../context.js";
import { byKeys, defineLoader } from "./loaders.js";
import { rowRuleOf } from "./visibility.js";

/**
 * The start of every query a service or loader runs: a query builder already limited by the
 * policy to the rows the viewer may see (the entity's row rule, e.g. others' drafts hidden).
 * Nothing reads a table without it.
 */
export function visibleRows<T extends object>(context: HubContext, entity: EntityName<T>, alias: string): QueryBuilder<T> {
  const query = context.em.createQueryBuilder(entity, alias);
  const condition = context.visibility.rowCondition(entity as EntityName<object>, alias);
  if (condition) query.andWhere(condition.sql, condition.params);
  return query;
}

/** A batched loader of visible records by a unique key (the primary key unless told otherwise). */
export function defineKeyLoader<T extends object, K extends string | number>(
  name: string,
  entity: EntityName<T>,
  key: keyof T & string,
) {
  return defineLoader<K, T | null>(
    name,
    async (context, keys) => {
      const rows = await visibleRows(context, entity, "r")
        .andWhere({ [key]: { $in: [...keys] } } as never)
        .getResultList();
      return byKeys(keys, rows, (row) => row[key] as unknown as K);
    },
    // Without a row rule every viewer gets the same rows (fields are still guarded one by one).
    { sameForEveryViewer: () => !rowRuleOf(entity as EntityName<object>) },
  );
}

/**
 * A PostgreSQL array literal for a `?::text[]` parameter: the query builder would otherwise
 * expand a JavaScript array into a list of separate parameters.
 */
export function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

/** A query builder's SQL with `?` placeholders and its bindings, to nest inside a larger statement. */
export function sqlOf<T extends object>(query: QueryBuilder<T>): { sql: string; bindings: unknown[] } {
  const native = query.getKnexQuery().toSQL();
  return { sql: native.sql, bindings: [...native.bindings] };
}
