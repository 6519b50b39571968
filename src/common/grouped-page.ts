import type { ReadQuery } from "./read-query.js";
import type { HubContext } from "../context.js";
import { checkPageSize, cursorOf, keysetCondition, Page, withTieBreak, type SortColumn } from "./connection.js";
import { defineLoader, groupByKeys } from "./loaders.js";
import { fromRows, readModelColumns, type ReadModelClass } from "./read-model.js";
import { keysParameter, visibleRowsOf } from "./visible-rows.js";
import { readSql } from "./read-query.js";

/** A nested connection under many parents (e.g. each province's enterprises), loaded in one statement. */
export interface GroupedPageSpec<T extends object> {
  /** Distinguishes loaders: requests with different filters or sizes must not share a batch. */
  name: string;
  model: ReadModelClass<T>;
  /** The read model's property holding the parent's key (a foreign key), and its SQL column. */
  groupProperty: keyof T & string;
  groupColumn: string;
  sort: SortColumn[];
  first: number;
  /** Continue after this cursor (a previous page's `endCursor`); it applies under every parent. */
  after?: string | null;
  /** Adds the nested field's filters to the query (alias `g`). */
  filter?: (query: ReadQuery) => void | Promise<void>;
}

/**
 * Loads the first N rows of every parent in one statement and the totals (only when asked for) in
 * one grouped count, so statements per request stay constant whatever the number of parents. Each
 * parent's page is a LATERAL subquery with its own LIMIT, which an index on (parent, sort…) serves
 * directly: numbering every child row with a window function instead took 1.1 s for twenty markets
 * over a million price observations, against about 5 ms this way.
 */
export function loadGroupedPage<T extends { id: number }, K extends string | number>(
  context: HubContext,
  spec: GroupedPageSpec<T>,
  parentKey: K,
): Promise<Page<T>> {
  checkPageSize(spec.first, context.config.maxPageSize);
  const columns = withTieBreak(spec.sort);
  const rowsLoader = defineLoader<K, T[]>(`${spec.name}:${spec.first}:${spec.after ?? ""}:rows`, async (ctx, keys) => {
    const inner = visibleRowsOf(ctx, spec.model, "g").andWhere(`g.${spec.groupColumn} = parent.key`);
    await spec.filter?.(inner);
    // Besides what the operation selects: the parent's key (grouping) and the sort keys (cursors).
    const properties = [spec.groupProperty, ...columns.map((column) => column.property)];
    inner.select(readModelColumns(ctx, spec.model, "g", properties));
    if (spec.after) {
      const condition = keysetCondition("g", columns, spec.after);
      inner.andWhere(condition.sql, condition.params);
    }
    // One row more than the page, to know whether a next page exists.
    inner.orderBy(columns.map((column) => ({ [`g.${column.property}`]: column.direction }))).limit(spec.first + 1);
    const { sql, bindings } = inner.toSql();
    const parents = keysParameter(keys);
    const rows = await readSql<Record<string, unknown>>(ctx, `select page.* from unnest(?::${parents.type}[]) as parent(key) cross join lateral (${sql}) as page`, [parents.literal, ...bindings]);
    const records = fromRows(ctx, spec.model, rows, properties);
    // Rows arrive parent by parent, each in the page's order; grouping keeps that order.
    return groupByKeys(keys, records, (record) => record[spec.groupProperty] as K);
  });
  const countLoader = defineLoader<K, number>(`${spec.name}:count`, async (ctx, keys) => {
    const parents = keysParameter(keys);
    const query = visibleRowsOf(ctx, spec.model, "g").andWhere(`g.${spec.groupColumn} = any(?::${parents.type}[])`, [parents.literal]);
    await spec.filter?.(query);
    query.select([`g.${spec.groupColumn} as parent_key`, "count(*)::int as total"]).groupBy(`g.${spec.groupColumn}`);
    const rows = (await query.rows()) as { parent_key: K; total: number }[];
    const totals = new Map(rows.map((row) => [String(row.parent_key), Number(row.total)]));
    return keys.map((key) => totals.get(String(key)) ?? 0);
  });

  return rowsLoader(context)
    .load(parentKey)
    .then((rows) => new Page(rows.slice(0, spec.first), rows.length > spec.first, (node) => cursorOf(node, columns), () => countLoader(context).load(parentKey)));
}
