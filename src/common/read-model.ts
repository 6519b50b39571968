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
 * A read model is filled from the persisted columns of its entity: scalar properties under their
 * entity name, a many-to-one reference as its foreign-key column in camel case (`province_code` →
 * `provinceCode`, `enterprise_id` → `enterpriseId`). By default a read takes every column. A model
 * that declares what its fields read (`ColumnNeeds`) is read with only the columns the operation
 * selects, plus those it always carries: what the field guard, row rules, global ids and audit
 * keys read (id, owners, subject).
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

/**
 * What a read model's fields read of its row, so that a read selects only the columns an operation
 * asks for. A selected field that only reads the property of its own name needs no entry; a field
 * served by a resolver that is not listed, like a context without an operation's selection (a
 * command, a subscription's shared event), makes the read take every column: never less than asked.
 */
export interface ColumnNeeds {
  /** Properties every row carries besides `id` and `ownerProvinceCodes`, whatever is selected: what the field guard and the resolvers of other types read. */
  always?: readonly string[];
  /** A field served by a resolver → the properties it reads. */
  resolved: Readonly<Record<string, readonly string[]>>;
}

/** What every read model carries: its key (global id, audit key, loaders) and its owners (the field guard). */
const ALWAYS = ["id", "ownerProvinceCodes"];

const modelOfEntity = new Map<Function, ReadModelClass>();
const entityOfModel = new Map<ReadModelClass, Function>();
const mappings = new Map<ReadModelClass, Mapping>();
const needsOfModel = new Map<ReadModelClass, ColumnNeeds>();

/** Pairs a read model with the entity whose table fills it (from the domain's index.ts), and says what its fields read when it is read by selection. */
export function defineReadModel(model: ReadModelClass, entity: Function, needs?: ColumnNeeds): void {
  modelOfEntity.set(entity, model);
  entityOfModel.set(model, entity);
  if (needs) needsOfModel.set(model, needs);
}

/** "Type.field" of the fields that only read the property of their name (from the schema's build, src/schema.ts). */
let propertyFields: ReadonlySet<string> = new Set();

export function definePropertyFields(fields: ReadonlySet<string>): void {
  propertyFields = fields;
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

/** What a read needs of its context: the entity manager and, for a read by selection, the operation's selection. */
type ModelContext = Pick<HubContext, "em"> & Partial<Pick<HubContext, "selection" | "sharedLoaders">>;

/** The columns a read takes and how its rows become read models. */
interface ReadShape {
  columns: readonly string[];
  fill: Mapping["fill"];
}

/** Shapes by the selection they serve (kept while its document is) and by model and the caller's own properties. */
const shapesBySelection = new WeakMap<ReadonlySet<string>, Map<string, ReadShape>>();

/**
 * The columns to read for `model` in this context: the ones its selected fields, its `always` and
 * the caller's `properties` (sort keys, grouping keys) read, or every column when the model
 * declares no needs, the context has no selection, or a selected field is not accounted for.
 * Shared loaders (one read of an event's rows for every subscriber, each with its own document)
 * read every column.
 */
function readShape(context: ModelContext, model: ReadModelClass, properties: readonly string[]): ReadShape {
  const mapping = mappingOf(context.em.getMetadata(), model);
  const needs = needsOfModel.get(model);
  const selected = needs && context.sharedLoaders == null ? context.selection?.get(model.name) : undefined;
  if (!needs || !selected) return mapping;
  let shapes = shapesBySelection.get(selected);
  if (!shapes) shapesBySelection.set(selected, (shapes = new Map()));
  const key = `${model.name}:${properties.join(",")}`;
  let shape = shapes.get(key);
  if (!shape) {
    shape = narrowed(mapping, model, needs, selected, properties) ?? mapping;
    shapes.set(key, shape);
  }
  return shape;
}

function narrowed(mapping: Mapping, model: ReadModelClass, needs: ColumnNeeds, selected: ReadonlySet<string>, properties: readonly string[]): ReadShape | null {
  const wanted = new Set([...ALWAYS, ...(needs.always ?? []), ...properties]);
  for (const field of selected) {
    if (field.startsWith("__")) continue;
    const resolved = needs.resolved[field];
    if (resolved) for (const property of resolved) wanted.add(property);
    else if (propertyFields.has(`${model.name}.${field}`)) wanted.add(field);
    else return null;
  }
  // A property the model is not filled with (a caller's name for something else): read it all.
  for (const property of wanted) if (!mapping.properties.includes(property)) return null;
  if (wanted.size >= mapping.properties.length) return null;
  const indexes = mapping.properties.flatMap((property, index) => (wanted.has(property) ? [index] : []));
  const pick = <V>(list: readonly V[]) => indexes.map((index) => list[index]!);
  return { columns: pick(mapping.columns), fill: compileFill(pick(mapping.properties), pick(mapping.columns), pick(mapping.timestamps)) };
}

/**
 * The columns a read model is filled from, qualified by `alias`, for a select list; `properties`:
 * what the caller itself reads of the rows (see `readShape`). `fromRows` must be given the same.
 */
export function readModelColumns(context: ModelContext, model: ReadModelClass, alias: string, properties: readonly string[] = []): string[] {
  return readShape(context, model, properties).columns.map((column) => `${alias}.${column}`);
}

/** Read models from rows selected by `readModelColumns` with the same `properties`. */
export function fromRows<T extends object>(context: ModelContext, model: ReadModelClass<T>, rows: readonly Record<string, unknown>[], properties: readonly string[] = []): T[] {
  const { fill } = readShape(context, model, properties);
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
 * Runs a read query (its row rule and filters already applied) and maps each row once into a read
 * model: no entity, no identity map, no snapshot. `properties`: what the caller reads of the rows
 * beyond the selected fields (a page's sort keys, a loader's key).
 */
export async function readRows<T extends object>(context: ModelContext, query: ReadQuery, model: ReadModelClass<T>, properties: readonly string[] = []): Promise<T[]> {
  query.select(readModelColumns(context, model, query.alias, properties));
  return fromRows(context, model, await query.rows(), properties);
}

/** The entity a read model is filled from (for the query builder of its rows). */
export function entityOf<T extends object>(model: ReadModelClass<T>): EntityName<object> {
  const entity = entityOfModel.get(model);
  if (!entity) throw new Error(`${model.name} is not a read model (defineReadModel was not called for it)`);
  return entity as EntityName<object>;
}
