import type { HubContext } from "../context.js";
import { entityOf, readRows, type ReadModelClass } from "../common/read-model.js";
import { readQuery, type ReadContext } from "../common/read-query.js";
import { keysParameter } from "../common/visible-rows.js";
import { rowRuleOf } from "../common/visibility.js";
import type { EventDispatcher } from "../events/dispatcher.js";
import { EventTopic } from "../events/hub-event.entity.js";
import type { NewEvent } from "../events/event-log.js";
import { AdministrativeUnit, Agency, Commodity, Market } from "./reference.models.js";

/** The small reference tables a hub instance keeps in memory: they change a few times a year. */
const CACHED = new Set<ReadModelClass>([AdministrativeUnit, Agency, Commodity, Market]);

/** A cached table serves every request: it is read whole, whatever the request that reads it selects. */
function wholeRows(context: HubContext): ReadContext {
  return { em: context.em, config: context.config };
}

/** One cached table: every row, and indexes by the columns lookups use. */
interface CachedTable<T> {
  all: T[];
  by: Map<string, Map<unknown, T>>;
}

/** A cached table's read, and the table once it has been read (what `peek` answers from without a promise). */
interface CachedRead<T> {
  read: Promise<CachedTable<T>>;
  table?: CachedTable<T>;
}

/** The announcement of a change of reference data (agencies; mergers announce on UNITS): every instance forgets its cache. */
export function referenceChanged(recordType: string, ownerProvinceCodes: string[]): NewEvent {
  return { topic: EventTopic.REFERENCE, kind: "CHANGED", recordType, recordId: 0, keys: {}, ownerProvinceCodes };
}

/**
 * Reference data — units, agencies, commodities, markets — read once per hub instance instead of
 * once per request: the province of 50 enterprises, the market of a price series, the agency of an
 * assessment are map lookups. A change made through the hub (a merger, a new agency, a renamed
 * agency) is announced in the outbox, and each instance forgets its tables when the announcement
 * reaches it (the writing instance at once, before it answers). A key the cache does not hold is
 * looked up in SQL (one statement for a request's misses) and kept, so rows added since the table
 * was read are found; a key that does not exist costs that one indexed lookup, as it did before.
 * These tables have no row rules (checked): every caller sees the same rows, and fields are still
 * guarded one by one.
 */
export class ReferenceCache {
  private readonly tables = new Map<ReadModelClass, CachedRead<object>>();
  private generation = 0;

  constructor(dispatcher: EventDispatcher) {
    dispatcher.on(EventTopic.REFERENCE, () => this.clear());
    dispatcher.on(EventTopic.UNITS, () => this.clear());
  }

  clear(): void {
    this.generation += 1;
    this.tables.clear();
  }

  /**
   * The row of `key` by `property` when its table is in memory and holds it; undefined otherwise
   * (not read yet, forgotten, or a key to look up). Synchronous, so a resolver answers a relation
   * of 50 rows without 50 promises.
   */
  peek<T extends object>(model: ReadModelClass<T>, property: keyof T & string, key: string | number): T | undefined {
    const table = this.tables.get(model)?.table as CachedTable<T> | undefined;
    return table && this.index(table, property).get(key);
  }

  /** Every row of a cached table, in its table's sort order. */
  async all<T extends object>(context: HubContext, model: ReadModelClass<T>): Promise<T[]> {
    return (await this.table(context, model)).all;
  }

  /** The rows of `keys` by `column` (a unique column), null for keys that do not exist. */
  async lookup<T extends object>(context: HubContext, model: ReadModelClass<T>, property: keyof T & string, column: string, keys: readonly (string | number)[]): Promise<(T | null)[]> {
    const table = await this.table(context, model);
    const index = this.index(table, property);
    const missing = keys.filter((key) => !index.has(key));
    if (missing.length > 0) {
      const generation = this.generation;
      const parameter = keysParameter(missing);
      const whole = wholeRows(context);
      const found = await readRows(whole, readQuery(whole, entityOf(model) as { name: string }, "r").where(`r.${column} = any(?::${parameter.type}[])`, [parameter.literal]), model);
      // Kept only if the table was not forgotten meanwhile (a change may have arrived while reading).
      if (generation === this.generation) for (const record of found) this.add(table, record);
      const byKey = new Map(found.map((record) => [record[property] as unknown, record]));
      return keys.map((key) => index.get(key) ?? byKey.get(key) ?? null);
    }
    return keys.map((key) => index.get(key) ?? null);
  }

  private table<T extends object>(context: HubContext, model: ReadModelClass<T>): Promise<CachedTable<T>> {
    if (!CACHED.has(model)) throw new Error(`${model.name} is not cached reference data`);
    const held = this.tables.get(model) as CachedRead<T> | undefined;
    if (held) return held.read;
    // A row rule would make the rows differ by caller: such a table must never be cached.
    if (rowRuleOf(entityOf(model))) throw new Error(`${model.name} has a row rule: it cannot be cached per instance`);
    const whole = wholeRows(context);
    const entry: CachedRead<T> = {
      // (Should the cache be forgotten meanwhile, the table lands on an entry no longer held.)
      read: readRows(whole, readQuery(whole, entityOf(model) as { name: string }, "r").orderBy({ sortName: "asc" }), model).then((all) => (entry.table = { all, by: new Map() })),
    };
    this.tables.set(model, entry as CachedRead<object>);
    // A failed read is not kept: the next request tries again.
    entry.read.catch(() => this.tables.get(model) === entry && this.tables.delete(model));
    return entry.read;
  }

  private index<T extends object>(table: CachedTable<T>, property: string): Map<unknown, T> {
    let index = table.by.get(property);
    if (!index) {
      index = new Map(table.all.map((record) => [(record as Record<string, unknown>)[property], record]));
      table.by.set(property, index);
    }
    return index;
  }

  private add<T extends object>(table: CachedTable<T>, record: T): void {
    table.all.push(record);
    for (const [property, index] of table.by) index.set((record as Record<string, unknown>)[property], record);
  }
}

const caches = new WeakMap<EventDispatcher, ReferenceCache>();

/** The cache of the hub instance the request runs on (one per dispatcher, i.e. per instance). */
export function referenceCache(context: Pick<HubContext, "events">): ReferenceCache {
  let cache = caches.get(context.events);
  if (!cache) {
    cache = new ReferenceCache(context.events);
    caches.set(context.events, cache);
  }
  return cache;
}
