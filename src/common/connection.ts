import type { ReadQuery } from "./read-query.js";
import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import type { HubContext } from "../context.js";
import { badUserInput } from "./errors.js";
import { readRows, type ReadModelClass } from "./read-model.js";
import { isCalendarDate } from "./scalars.js";

/** Relay's page information for forward pagination. */
@ObjectType({ description: "Where a page of a connection stands in the whole list." })
export class PageInfo {
  @Field({ description: "Whether more records follow this page." })
  hasNextPage!: boolean;

  @Field({ description: "Always false: connections page forward only (pass `after`)." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The cursor of the first edge of this page." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "The cursor of the last edge; pass it as `after` for the next page." })
  endCursor!: string | null;
}

/** Page arguments of every connection. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    defaultValue: 20,
    description: "How many records to return, from 0 up to the hub's maximum page size (100 unless configured).",
  })
  first: number = 20;

  @Field(() => String, { nullable: true, description: "Return records after this cursor (a previous page's `endCursor`)." })
  after?: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

/**
 * The value a connection resolver returns: a page of records, their edges and page information
 * made only when a client selects them (a cursor is encoded per edge, so a client reading `nodes`
 * pays for none), and the total computed only when asked for.
 */
export class Page<T> {
  // Made once when first read: graphql-jit's compiled code reads a field's property several times
  // (its null, error and list checks), and each read of a getter would encode the cursors again.
  #edges: Edge<T>[] | undefined;
  #pageInfo: PageInfo | undefined;

  constructor(
    readonly nodes: T[],
    private readonly hasNextPage: boolean,
    private readonly cursorOf: (node: T) => string,
    /** Runs the count query; called only when a client selects `totalCount`. */
    readonly countAll: () => Promise<number>,
  ) {}

  get edges(): Edge<T>[] {
    return (this.#edges ??= this.nodes.map((node) => ({ node, cursor: this.cursorOf(node) })));
  }

  get pageInfo(): PageInfo {
    if (!this.#pageInfo) {
      const first = this.nodes[0];
      const last = this.nodes.at(-1);
      this.#pageInfo = {
        hasNextPage: this.hasNextPage,
        hasPreviousPage: false,
        startCursor: first === undefined ? null : this.cursorOf(first),
        endCursor: last === undefined ? null : this.cursorOf(last),
      };
    }
    return this.#pageInfo;
  }
}

/** Declares `<Name>Connection` and `<Name>Edge` for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, description: string) {
  const name = nodeType.name;

  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class EdgeType {
    @Field(() => nodeType, { description: `The ${name}.` })
    node!: T;

    @Field({ description: "Opaque cursor of this edge; pass it as `after` to continue after it." })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { description })
  class ConnectionClass {
    @Field(() => [EdgeType], { description: "The page's records with their cursors." })
    edges!: EdgeType[];

    @Field(() => [nodeType], { description: "The page's records, without cursors." })
    nodes!: T[];

    @Field(() => PageInfo, { description: "Where this page stands in the whole list." })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "How many records match the filter in all (the caller's visible rows only)." })
    totalCount(): Promise<number> {
      // type-graphql calls field methods on a copy of the resolved Page, so read its own property.
      return (this as unknown as Page<T>).countAll();
    }
  }
  return ConnectionClass;
}

/** One column of a stable sort order; the primary key is always appended as the final tie-break. */
export interface SortColumn {
  /** The entity property sorted on (e.g. `sortName`). */
  property: string;
  /** Its column in SQL (e.g. `sort_name`), for the cursor's keyset condition. */
  column: string;
  /** Reads the sort value from a loaded record, to build its cursor. */
  valueOf: (record: never) => string | number | null;
  /** What its values are, so a cursor's values are checked before they reach SQL. */
  kind: "integer" | "smallint" | "date" | "text";
  direction: "asc" | "desc";
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** The sort columns followed by the primary key, which makes every order total and stable. */
export function withTieBreak(sort: SortColumn[]): SortColumn[] {
  const id: SortColumn = { property: "id", column: "id", valueOf: (record: { id: number }) => record.id, kind: "integer", direction: sort.at(-1)?.direction ?? "asc" };
  return [...sort, id];
}

/** The cursor of a record under a sort order (with its tie-break). */
export function cursorOf(record: object, columns: SortColumn[]): string {
  return encodeCursor(columns.map((column) => column.valueOf(record as never)));
}

/** The longest cursor the hub writes is well under this: a longer one is forged, and not decoded at all. */
const CURSOR_MAX_CHARACTERS = 2_000;

/** Text PostgreSQL can compare: no NUL (22021), no lone surrogate (stored as U+FFFD), bounded. */
const isSafeText = (value: string) => value.length <= 1_000 && !value.includes("\u0000") && !/\p{Cs}/u.test(value);

const CURSOR_VALUE: Record<SortColumn["kind"], (value: unknown) => boolean> = {
  // Within the column's type (ids are integer, OCOP stars smallint): past it PostgreSQL refuses the comparison (22003).
  integer: (value) => Number.isInteger(value) && (value as number) >= -2_147_483_648 && (value as number) <= 2_147_483_647,
  smallint: (value) => Number.isInteger(value) && (value as number) >= -32_768 && (value as number) <= 32_767,
  // A real calendar date (2026-02-31 is not; PostgreSQL refuses it, and year 0, with 22008).
  date: (value) => isCalendarDate(value) && value >= "0001-01-01",
  text: (value) => typeof value === "string" && isSafeText(value),
};

/** A cursor's values, each checked against its column's kind: a forged cursor is bad input, never SQL's problem. */
function decodeCursor(cursor: string, columns: SortColumn[]): unknown[] {
  // base64url only: Buffer.from skips characters outside the alphabet instead of refusing them.
  if (cursor.length <= CURSOR_MAX_CHARACTERS && /^[A-Za-z0-9_-]+$/.test(cursor)) {
    try {
      const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
      if (Array.isArray(values) && values.length === columns.length && values.every((value, index) => CURSOR_VALUE[columns[index]!.kind](value))) return values;
    } catch {
      // fall through to the error below
    }
  }
  throw badUserInput("`after` is an invalid cursor: it is not a cursor of this list", { after: "invalid cursor" });
}

/**
 * The rows after a cursor under a sort order: (c1 > v1) or (c1 = v1 and c2 > v2) or …, each
 * comparison in its column's direction, so mixed ascending/descending orders page correctly.
 */
export function keysetCondition(alias: string, columns: SortColumn[], cursor: string): { sql: string; params: unknown[] } {
  const values = decodeCursor(cursor, columns);
  const alternatives: string[] = [];
  const params: unknown[] = [];
  columns.forEach((column, index) => {
    const equalities = columns.slice(0, index).map((previous, i) => {
      params.push(values[i]);
      return `${alias}.${previous.column} = ?`;
    });
    params.push(values[index]);
    alternatives.push([...equalities, `${alias}.${column.column} ${column.direction === "asc" ? ">" : "<"} ?`].join(" and "));
  });
  return { sql: `(${alternatives.map((a) => `(${a})`).join(" or ")})`, params };
}

/** Rejects a `first` outside 0…max with a clear error rather than silently returning less. */
export function checkPageSize(first: number, maxPageSize: number): void {
  if (!Number.isInteger(first) || first < 0 || first > maxPageSize) {
    throw badUserInput(`first must be between 0 and ${maxPageSize}`, { first: `at most ${maxPageSize}` });
  }
}

/**
 * Keyset pagination over a MikroORM query builder: a stable order (the sort columns, then the
 * primary key) and a cursor holding the last row's sort values, so pages neither skip nor repeat
 * rows when others are inserted, and deep pages cost the same as the first (no OFFSET).
 */
export async function paginate<T extends { id: number }>(
  context: HubContext,
  query: ReadQuery,
  model: ReadModelClass<T>,
  args: PageArgs,
  sort: SortColumn[],
): Promise<Page<T>> {
  const alias = query.alias;
  const maxPageSize = context.config.maxPageSize;
  checkPageSize(args.first, maxPageSize);
  const countQuery = query.clone();
  const columns = withTieBreak(sort);

  if (args.after) {
    const condition = keysetCondition(alias, columns, args.after);
    query.andWhere(condition.sql, condition.params);
  }
  query.orderBy(columns.map((column) => ({ [`${alias}.${column.property}`]: column.direction })));
  query.limit(args.first + 1);

  // The cursor is made from the sort keys, whatever the operation selects.
  const rows = await readRows(context, query, model, columns.map((column) => column.property));
  let total: Promise<number> | undefined;
  return new Page(rows.slice(0, args.first), rows.length > args.first, (node) => cursorOf(node, columns), () => (total ??= countQuery.count()));
}
