import { raw, type EntityName } from "@mikro-orm/core";
import type { QueryBuilder } from "@mikro-orm/postgresql";
import type { HubContext } from "../context.js";
import { checkPageSize, cursorOf, keysetCondition, Page, withTieBreak, type SortColumn } from "./connection.js";
import { defineLoader, groupByKeys } from "./loaders.js";
import { visibleRows } from "./visible-rows.js";
import type { Dataset } from "./visibility.js";

/** A nested connection under many parents (e.g. each province's enterprises), loaded in one statement. */
export interface GroupedPageSpec<T extends object> {
  /** Distinguishes loaders: requests with different filters or sizes must not share a batch. */
  name: string;
  entity: EntityName<T>;
  dataset: Dataset;
  /** The foreign-key property that groups rows under their parent, and its SQL column. */
  groupProperty: keyof T & string;
  groupColumn: string;
  sort: SortColumn[];
  first: number;
  /** Continue after this cursor (a previous page's `endCursor`); it applies under every parent. */
  after?: string | null;
  /** Adds the nested field's filters to the query (alias `g`). */
  filter?: (query: QueryBuilder<T>) => void | Promise<void>;
}

/**
 * Loads the first N rows of every parent in one statement with a window function, and the totals
 * (only when asked for) in one grouped count: statements per request stay constant whatever the
 * number of parents.
 */
export function loadGroupedPage<T extends { id: number }, K extends string | number>(
  context: HubContext,
  spec: GroupedPageSpec<T>,
  parentKey: K,
): Promise<Page<T>> {
  checkPageSize(spec.first, context.config.maxPageSize);
  const loaderName = `${spec.name}:${spec.first}:${spec.after ?? ""}`;
  const columns = withTieBreak(spec.sort);
  const rowsLoader = defineLoader<K, T[]>(`${loaderName}:rows`, async (ctx, keys) => {
    const inner = visibleRows(ctx, spec.entity, "g", spec.dataset).andWhere({ [spec.groupProperty]: { $in: [...keys] } } as never);
    await spec.filter?.(inner);
    if (spec.after) {
      const condition = keysetCondition("g", columns, spec.after);
      inner.andWhere(condition.sql, condition.params);
    }
    const order = columns.map((c) => `g.${c.column} ${c.direction}`).join(", ");
    inner.select(["g.*", raw(`row_number() over (partition by g.${spec.groupColumn} order by ${order}) as hub_row_number`)] as never);
    // One more row than the page, to know whether a next page exists.
    const rows = await ctx.em.getConnection().execute<Record<string, unknown>[]>(
      `select * from (${inner.getFormattedQuery()}) as grouped where grouped.hub_row_number <= ? order by grouped.hub_row_number`,
      [spec.first + 1],
    );
    const entities = rows.map((row) => ctx.em.map(spec.entity, row as never) as T);
    return groupByKeys(keys, entities, (entity) => groupKeyOf(entity, spec.groupProperty) as K);
  });
  const countLoader = defineLoader<K, number>(`${spec.name}:count`, async (ctx, keys) => {
    const query = visibleRows(ctx, spec.entity, "g", spec.dataset).andWhere({ [spec.groupProperty]: { $in: [...keys] } } as never);
    await spec.filter?.(query);
    query.select([`g.${spec.groupColumn} as parent_key`, raw("count(*)::int as total")] as never).groupBy(`g.${spec.groupColumn}` as never);
    const rows = (await query.execute("all", false)) as { parent_key: K; total: number }[];
    const totals = new Map(rows.map((row) => [String(row.parent_key), Number(row.total)]));
    return keys.map((key) => totals.get(String(key)) ?? 0);
  });

  return rowsLoader(context)
    .load(parentKey)
    .then((rows) => {
      const edges = rows.slice(0, spec.first).map((node) => ({ node, cursor: cursorOf(node, columns) }));
      const pageInfo = {
        hasNextPage: rows.length > spec.first,
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      };
      return new Page(edges, pageInfo, () => countLoader(context).load(parentKey));
    });
}

function groupKeyOf<T>(entity: T, property: keyof T): unknown {
  const value = entity[property] as unknown;
  if (value && typeof value === "object") {
    // A reference: its primary key (id or code).
    const reference = value as { id?: unknown; code?: unknown; unwrap?: () => { id?: unknown; code?: unknown } };
    const target = reference.unwrap ? reference.unwrap() : reference;
    return target.id ?? target.code;
  }
  return value;
}
