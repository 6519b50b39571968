import { ReferenceKind, type EntityMetadata } from "@mikro-orm/core";
import type { HubContext } from "../context.js";
import { runRead } from "./prepared-statements.js";

/** What a read needs of its context: the entity manager, and the configuration when there is one (whether statements are prepared). */
export type ReadContext = Pick<HubContext, "em"> & Partial<Pick<HubContext, "config">>;

/** A SQL expression with its `?` parameters (a select item, a condition). */
export interface SqlFragment {
  sql: string;
  params?: readonly unknown[];
}

type Direction = "asc" | "desc";

/** Property names of an entity → their columns (a many-to-one reference → its foreign key). */
const columnsByEntity = new WeakMap<EntityMetadata, Map<string, string>>();

function columnsOf(meta: EntityMetadata): Map<string, string> {
  let columns = columnsByEntity.get(meta);
  if (!columns) {
    columns = new Map();
    for (const prop of meta.props) {
      if (prop.persist === false || !prop.fieldNames?.length) continue;
      if (prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) columns.set(prop.name, prop.fieldNames[0]!);
    }
    columnsByEntity.set(meta, columns);
  }
  return columns;
}

const IDENTIFIER = /^(?:(\w+)\.)?(\w+)$/;

/** Names as `ReadQuery.column` resolves them, per table and alias (both written in the hub's code: a bounded set). */
const qualifiedColumns = new WeakMap<EntityMetadata, Map<string, Map<string, string>>>();

function qualifiedColumnsOf(meta: EntityMetadata, alias: string): Map<string, string> {
  let byAlias = qualifiedColumns.get(meta);
  if (!byAlias) qualifiedColumns.set(meta, (byAlias = new Map()));
  let names = byAlias.get(alias);
  if (!names) byAlias.set(alias, (names = new Map()));
  return names;
}

/**
 * The statement a read runs, built as plain text: the hub's read path in place of MikroORM's
 * query builder, which spent a quarter of a list's CPU time compiling criteria objects through
 * knex on every request (BENCHMARKS.md). It takes what the services give it — raw conditions with
 * `?` parameters, equality and `$in` conditions on entity properties, an order, a limit — and
 * nothing else: a read that needs more writes its SQL.
 *
 * Property names (`sortName`, `a.enterprise`) are mapped to columns from the entity's metadata
 * whatever their alias (a joined table's are written as columns, `l.partner_province_code`); any
 * other text is SQL, written by the hub (never by a caller: their values are parameters).
 */
export class ReadQuery {
  private readonly conditions: SqlFragment[] = [];
  private selection: SqlFragment[] = [];
  private order: string[] = [];
  private distinct: string[] = [];
  private grouping: string[] = [];
  private joins: string[] = [];
  private rowLimit: number | null = null;

  constructor(
    private readonly context: ReadContext,
    private readonly meta: EntityMetadata,
    readonly alias: string,
  ) {}

  /** A column of this query's table by property name (or column name), qualified by the alias. */
  column(name: string): string {
    // Remembered per table and alias: a request builds its statements from the same few names.
    const known = qualifiedColumnsOf(this.meta, this.alias);
    let column = known.get(name);
    if (column === undefined) {
      const match = IDENTIFIER.exec(name);
      column = match ? `${match[1] ?? this.alias}.${columnsOf(this.meta).get(match[2]!) ?? match[2]!}` : name;
      known.set(name, column);
    }
    return column;
  }

  /** An inner join along a many-to-one reference (`o.link`), its table under `alias`. */
  join(path: string, alias: string): this {
    const property = IDENTIFIER.exec(path)?.[2];
    const prop = property ? this.meta.properties[property as never] : undefined;
    const target = prop?.targetMeta;
    if (!prop || !target || prop.kind !== ReferenceKind.MANY_TO_ONE) throw new Error(`${path} is not a many-to-one reference of ${this.meta.className}`);
    const key = target.properties[target.primaryKeys[0] as never]!.fieldNames[0];
    this.joins.push(`join "${target.tableName}" as ${alias} on ${alias}.${key} = ${this.alias}.${prop.fieldNames[0]}`);
    return this;
  }

  /** ANDs a condition: SQL with `?` parameters, or `{ property: value }` / `{ property: { $in: [...] } }`. */
  andWhere(condition: string | Record<string, unknown>, params: readonly unknown[] = []): this {
    if (typeof condition === "string") {
      this.conditions.push({ sql: condition, params });
      return this;
    }
    for (const [property, value] of Object.entries(condition)) {
      const column = this.column(property);
      const operator = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as { $in?: unknown[] }) : null;
      if (operator && "$in" in operator) {
        const values = operator.$in ?? [];
        // An empty list matches nothing; `in ()` would not parse.
        this.conditions.push(values.length === 0 ? { sql: "false" } : { sql: `${column} in (${values.map(() => "?").join(", ")})`, params: values });
      } else if (value === null) {
        this.conditions.push({ sql: `${column} is null` });
      } else {
        this.conditions.push({ sql: `${column} = ?`, params: [value] });
      }
    }
    return this;
  }

  where(condition: string | Record<string, unknown>, params: readonly unknown[] = []): this {
    return this.andWhere(condition, params);
  }

  /** The select list: property names, or SQL expressions (`count(*)::int as total`). */
  select(items: string | SqlFragment | readonly (string | SqlFragment)[]): this {
    const list = Array.isArray(items) ? items : [items];
    this.selection = list.map((item: string | SqlFragment) => (typeof item === "string" ? { sql: IDENTIFIER.test(item) ? this.column(item) : item } : item));
    return this;
  }

  /** Orders by properties (`{ sortName: "asc" }`, `[{ enterprise: "asc" }, { id: "desc" }]`). */
  orderBy(spec: Record<string, Direction> | readonly Record<string, Direction>[]): this {
    const list = Array.isArray(spec) ? spec : [spec];
    for (const entry of list as Record<string, Direction>[]) for (const [property, direction] of Object.entries(entry)) this.order.push(`${this.column(property)} ${direction}`);
    return this;
  }

  limit(count: number): this {
    this.rowLimit = Math.trunc(count);
    return this;
  }

  /** `distinct on (…)` over properties. */
  distinctOn(properties: readonly string[]): this {
    this.distinct = properties.map((property) => this.column(property));
    return this;
  }

  groupBy(column: string): this {
    this.grouping.push(this.column(column));
    return this;
  }

  /** A copy to build on separately (the count of a page, beside the page itself). */
  clone(): ReadQuery {
    const copy = new ReadQuery(this.context, this.meta, this.alias);
    copy.conditions.push(...this.conditions);
    copy.selection = [...this.selection];
    copy.order = [...this.order];
    copy.distinct = [...this.distinct];
    copy.grouping = [...this.grouping];
    copy.joins = [...this.joins];
    copy.rowLimit = this.rowLimit;
    return copy;
  }

  /** The statement and its parameters, to run or to nest in a larger statement. */
  toSql(): { sql: string; bindings: unknown[] } {
    const bindings: unknown[] = [];
    const selection = this.selection.length === 0 ? [{ sql: `${this.alias}.*` }] : this.selection;
    for (const item of selection) if (item.params) bindings.push(...item.params);
    const parts = [`select ${this.distinct.length ? `distinct on (${this.distinct.join(", ")}) ` : ""}${selection.map((item) => item.sql).join(", ")}`, `from "${this.meta.tableName}" as ${this.alias}`, ...this.joins];
    if (this.conditions.length > 0) {
      parts.push(`where ${this.conditions.map((condition) => `(${condition.sql})`).join(" and ")}`);
      for (const condition of this.conditions) if (condition.params) bindings.push(...condition.params);
    }
    if (this.grouping.length > 0) parts.push(`group by ${this.grouping.join(", ")}`);
    if (this.order.length > 0) parts.push(`order by ${this.order.join(", ")}`);
    if (this.rowLimit !== null) parts.push(`limit ${this.rowLimit}`);
    return { sql: parts.join(" "), bindings };
  }

  /** Runs the statement: the rows as PostgreSQL gives them (column names). */
  async rows(): Promise<Record<string, unknown>[]> {
    const { sql, bindings } = this.toSql();
    return readSql(this.context, sql, bindings);
  }

  /** How many rows the conditions match (order, limit and selection aside). */
  async count(): Promise<number> {
    const counting = this.clone();
    counting.selection = [{ sql: "count(*)::int as total" }];
    counting.order = [];
    counting.rowLimit = null;
    counting.distinct = [];
    const [row] = await counting.rows();
    return Number(row?.total ?? 0);
  }
}

/**
 * Runs a read written as SQL (`?` parameters) — a read query's own statement, or one that nests
 * it (grouped pages, series, statistics) — as the read path runs every read: prepared on a server
 * (src/common/prepared-statements.ts), counted against its request.
 */
export function readSql<T = Record<string, unknown>>(context: ReadContext, sql: string, params: readonly unknown[]): Promise<T[]> {
  return runRead<T>(context.em, sql, params, context.config?.database.kind === "server");
}

/** A read of an entity's table (no row rule applied: `visibleRows` applies it). */
export function readQuery(context: ReadContext, entity: { name: string }, alias: string): ReadQuery {
  return new ReadQuery(context, context.em.getMetadata().get(entity.name), alias);
}
