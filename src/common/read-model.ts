import { ReferenceKind, type EntityMetadata, type EntityName, type MetadataStorage } from "@mikro-orm/core";
import type { ReadQuery } from "./read-query.js";
import type { HubContext } from "../context.js";

/**
 * Reads are served by read models: plain classes named as their GraphQL type, filled from a row of
 * their entity's table and never tracked by the ORM. MikroORM keeps what it is good at — writes
 * through the unit of work, migrations, the schema — while a list of 50 enterprises costs a
 * statement and 50 small objects instead of 50 change-tracked entities with snapshots, reference
 * proxies and validation (a third of the hub's CPU time before; see BENCHMARKS.md).
 *
 * A read model carries every persisted column of its entity (so it always carries what the field
 * guard reads: owners, subject, id): scalar properties under their entity name, a many-to-one
 * reference as its foreign-key column in camel case (`province_code` → `provinceCode`,
 * `enterprise_id` → `enterpriseId`).
 */
export interface ReadModelClass<T extends object = object> {
  readonly name: string;
  readonly prototype: T;
}

/** How one read model is filled: each of its properties with the column it comes from. */
interface Mapping {
  readonly properties: readonly string[];
  readonly columns: readonly string[];
  /** The entity properties behind them (references are unwrapped to their key). */
  readonly sources: readonly { name: string; reference: boolean }[];
  /** Which of them are timestamps: the driver hands raw rows' `timestamptz` over as text. */
  readonly timestamps: readonly boolean[];
  /** Fills a read model from a row: compiled once per model (one assignment per column, no loop). */
  readonly fill: (prototype: object, row: Record<string, unknown>) => object;
}

/**
 * The row-to-read-model function of a mapping, generated as straight-line code: a list of 50 rows
 * of 15 columns is 750 assignments, and a loop over parallel arrays was a visible share of a
 * list's CPU time. Property and column names come from the ORM's metadata, quoted as JSON.
 */
function compileFill(properties: readonly string[], columns: readonly string[], timestamps: readonly boolean[]): Mapping["fill"] {
  const assignments = properties.map((property, index) => {
    const value = `row[${JSON.stringify(columns[index])}]`;
    const read = timestamps[index] ? `typeof ${value} === "string" ? new Date(${value}) : (${value} ?? null)` : `${value} ?? null`;
    return `record[${JSON.stringify(property)}] = ${read};`;
  });
  return new Function("prototype", "row", `const record = Object.create(prototype);\n${assignments.join("\n")}\nreturn record;`) as Mapping["fill"];
}

const modelOfEntity = new Map<Function, ReadModelClass>();
const entityOfModel = new Map<ReadModelClass, Function>();
const mappings = new Map<ReadModelClass, Mapping>();

/** Pairs a read model with the entity whose table fills it (from the domain's index.ts). */
export function defineReadModel(model: ReadModelClass, entity: Function): void {
  modelOfEntity.set(entity, model);
  entityOfModel.set(model, entity);
}

/** The read model an entity's rows are served as (its GraphQL type); undefined for tables no type shows. */
export function readModelOf(entity: Function): ReadModelClass | undefined {
  return modelOfEntity.get(entity);
}

const camelCase = (column: string) => column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

function mappingOf(metadata: MetadataStorage, model: ReadModelClass): Mapping {
  let mapping = mappings.get(model);
  if (mapping) return mapping;
  const entity = entityOfModel.get(model);
  if (!entity) throw new Error(`${model.name} is not a read model (defineReadModel was not called for it)`);
  const meta: EntityMetadata = metadata.get(entity.name);
  const properties: string[] = [];
  const columns: string[] = [];
  const sources: { name: string; reference: boolean }[] = [];
  const timestamps: boolean[] = [];
  for (const prop of meta.props) {
    if (prop.persist === false || !prop.fieldNames?.length) continue;
    if (prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.EMBEDDED) {
      properties.push(prop.name);
      columns.push(prop.fieldNames[0]!);
      sources.push({ name: prop.name, reference: false });
      timestamps.push(prop.runtimeType === "Date" || /^timestamp/.test(String(prop.columnTypes?.[0] ?? prop.type)));
    } else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      properties.push(camelCase(prop.fieldNames[0]!));
      columns.push(prop.fieldNames[0]!);
      sources.push({ name: prop.name, reference: true });
      timestamps.push(false);
    }
  }
  mapping = { properties, columns, sources, timestamps, fill: compileFill(properties, columns, timestamps) };
  mappings.set(model, mapping);
  return mapping;
}

/** The columns a read model is filled from, qualified by `alias`, for a select list. */
export function readModelColumns(context: Pick<HubContext, "em">, model: ReadModelClass, alias: string): string[] {
  return mappingOf(context.em.getMetadata(), model).columns.map((column) => `${alias}.${column}`);
}

/** Read models from rows. */
export function fromRows<T extends object>(context: Pick<HubContext, "em">, model: ReadModelClass<T>, rows: readonly Record<string, unknown>[]): T[] {
  const { fill } = mappingOf(context.em.getMetadata(), model);
  return rows.map((row) => fill(model.prototype, row) as T);
}

/**
 * The read model of an entity a write has just made or changed, so a mutation answers with the
 * same type its queries do (without reading the row again).
 */
export function toReadModel<T extends object>(context: Pick<HubContext, "em">, model: ReadModelClass<T>, entity: object): T {
  const { properties, sources } = mappingOf(context.em.getMetadata(), model);
  const record = Object.create(model.prototype) as Record<string, unknown>;
  const values = entity as Record<string, unknown>;
  for (let index = 0; index < properties.length; index += 1) {
    const source = sources[index]!;
    const value = values[source.name];
    record[properties[index]!] = source.reference ? referenceKey(value) : (value ?? null);
  }
  return record as T;
}

/** The primary key a reference (or an entity) stands for: `id`, or `code` for administrative units. */
function referenceKey(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const target = (value as { unwrap?: () => unknown }).unwrap ? (value as { unwrap: () => unknown }).unwrap() : value;
  const keyed = target as { id?: unknown; code?: unknown };
  return keyed.id ?? keyed.code ?? null;
}

/**
 * Runs a read query (its row rule and filters already applied) and maps each row
 * once into a read model: no entity, no identity map, no snapshot.
 */
export async function readRows<T extends object>(context: Pick<HubContext, "em">, query: ReadQuery, model: ReadModelClass<T>): Promise<T[]> {
  query.select(readModelColumns(context, model, query.alias));
  return fromRows(context, model, await query.rows());
}

/** The entity a read model is filled from (for the query builder of its rows). */
export function entityOf<T extends object>(model: ReadModelClass<T>): EntityName<object> {
  const entity = entityOfModel.get(model);
  if (!entity) throw new Error(`${model.name} is not a read model (defineReadModel was not called for it)`);
  return entity as EntityName<object>;
}
