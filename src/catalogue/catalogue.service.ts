import type { EntityMetadata } from "@mikro-orm/core";
import { type GraphQLEnumType, type GraphQLSchema, isObjectType } from "graphql";
import { classificationOf } from "../common/classification.js";
import { OwnedRecord } from "../common/owned-record.js";
import { readModelOf, type ReadModelClass } from "../common/read-model.js";
import type { Dataset } from "../common/visibility.js";
import type { HubContext } from "../context.js";
import { Agreement } from "../sharing/index.js";
import type { CatalogueDataset, CatalogueField, CatalogueRecordType, ProvinceFreshness } from "./catalogue.types.js";

/** A record type of the catalogue: its entity (for the table and the row rule) and its read model's GraphQL type. */
interface CatalogueEntry {
  meta: EntityMetadata;
  dataset: Dataset;
  typeName: string;
}

/** One row of the counting statement: a type's total (province null) or one province's share. */
interface CountRow {
  type_name: string;
  province_code: string | null;
  records: number;
  last_updated_at: Date | null;
}

/**
 * Agreements are how provinces share datasets, not a dataset themselves: they are listed by the
 * `agreements` query to their parties, not in the catalogue.
 */
const NOT_SHARED_DATA = new Set<ReadModelClass>([Agreement]);

/** How many callers' counts (distinct statements) one database's cache holds. */
const CACHED_STATEMENTS = 500;

/** Counts by statement, per database connection (see `countByProvince`). */
const CACHES = new WeakMap<object, Map<string, { until: number; rows: Promise<CountRow[]> }>>();

/**
 * The data catalogue: every record type of the hub grouped by the dataset agreements name, with
 * each field's classification read back from the schema (the SDL is the only place they are
 * declared), and the records the caller may see counted by owning province. Counting respects the
 * row rules (others' draft assessments, participant rosters stay hidden, even as a number); what
 * fields the caller may read is not a matter of counting, so everything else is counted.
 */
export class CatalogueService {
  constructor(private readonly context: HubContext) {}

  async datasets(schema: GraphQLSchema, only: readonly Dataset[] | null): Promise<CatalogueDataset[]> {
    const entries = this.entries(schema).filter((entry) => !only || only.includes(entry.dataset));
    const counts = await this.countByProvince(entries);
    const datasetType = schema.getType("Dataset") as GraphQLEnumType;
    const datasets: CatalogueDataset[] = [];
    for (const value of datasetType.getValues()) {
      const dataset = value.value as Dataset;
      const recordTypes = entries.filter((entry) => entry.dataset === dataset).map((entry) => this.recordType(schema, entry, counts.get(entry.typeName) ?? []));
      if (recordTypes.length === 0) continue;
      datasets.push({
        dataset,
        description: value.description ?? dataset,
        recordTypes,
        recordCount: recordTypes.reduce((sum, type) => sum + type.recordCount, 0),
        ownerProvinceCodes: [...new Set(recordTypes.flatMap((type) => type.freshness.map((share) => share.provinceCode)))].sort(),
        lastUpdatedAt: latest(recordTypes.map((type) => type.lastUpdatedAt)),
      });
    }
    return datasets;
  }

  /** The hub's records shown as an `OwnedRecord` type, by type name. */
  private entries(schema: GraphQLSchema): CatalogueEntry[] {
    const entries: CatalogueEntry[] = [];
    for (const meta of Object.values(this.context.em.getMetadata().getAll())) {
      const model = meta.abstract ? undefined : readModelOf(meta.class);
      if (!model || !(model.prototype instanceof OwnedRecord) || NOT_SHARED_DATA.has(model) || !isObjectType(schema.getType(model.name))) continue;
      entries.push({ meta, typeName: model.name, dataset: (Object.create(model.prototype) as OwnedRecord).dataset });
    }
    return entries.sort((a, b) => a.typeName.localeCompare(b.typeName));
  }

  private recordType(schema: GraphQLSchema, entry: CatalogueEntry, rows: CountRow[]): CatalogueRecordType {
    const type = schema.getType(entry.typeName);
    if (!isObjectType(type)) throw new Error(`${entry.typeName} is not an object type of the schema`);
    const fields: CatalogueField[] = Object.values(type.getFields())
      .map((field) => ({ name: field.name, type: String(field.type), description: field.description ?? null, classification: classificationOf(type, field) }))
      .filter((field): field is CatalogueField => field.classification !== null)
      .sort((a, b) => a.name.localeCompare(b.name));
    const total = rows.find((row) => row.province_code === null);
    const freshness: ProvinceFreshness[] = rows
      .filter((row): row is CountRow & { province_code: string; last_updated_at: Date } => row.province_code !== null && row.last_updated_at !== null)
      .map((row) => ({ provinceCode: row.province_code, recordCount: Number(row.records), lastUpdatedAt: new Date(row.last_updated_at) }))
      .sort((a, b) => a.provinceCode.localeCompare(b.provinceCode));
    return {
      typeName: entry.typeName,
      description: type.description ?? null,
      fields,
      recordCount: Number(total?.records ?? 0),
      lastUpdatedAt: total?.last_updated_at ? new Date(total.last_updated_at) : null,
      freshness,
    };
  }

  /**
   * The counts, reused for `CATALOGUE_CACHE_SECONDS` by callers whose row rules are the same (the
   * key is the statement and its parameters, so callers who see different rows never share). The
   * promise is cached, so callers arriving while it runs wait for the same statement.
   */
  private async countByProvince(entries: CatalogueEntry[]): Promise<Map<string, CountRow[]>> {
    if (entries.length === 0) return new Map();
    const statement = this.countingStatement(entries);
    const seconds = this.context.config.catalogueCacheSeconds;
    const run = () => this.context.em.getConnection().execute<CountRow[]>(statement.sql, statement.params, "all");
    let rows: Promise<CountRow[]>;
    if (seconds === 0) {
      rows = run();
    } else {
      // One cache per database (its connection), so hubs on different databases in one process never mix.
      const connection = this.context.em.getConnection();
      let cache = CACHES.get(connection);
      if (!cache) CACHES.set(connection, (cache = new Map()));
      const key = `${statement.sql}\u0000${JSON.stringify(statement.params)}`;
      const now = this.context.clock.now().getTime();
      const cached = cache.get(key);
      if (cached && cached.until > now) {
        rows = cached.rows;
      } else {
        rows = run();
        // Bounded: enterprises each see their own rows, so keys can be many; the oldest go first.
        if (cache.size >= CACHED_STATEMENTS) {
          for (const [stale, entry] of cache) if (entry.until <= now) cache.delete(stale);
          if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
        }
        cache.set(key, { until: now + seconds * 1000, rows });
        rows.catch(() => cache!.delete(key));
      }
    }
    const byType = new Map<string, CountRow[]>();
    for (const row of await rows) {
      const list = byType.get(row.type_name) ?? [];
      list.push(row);
      byType.set(row.type_name, list);
    }
    return byType;
  }

  /**
   * One statement for the whole catalogue: per type, its total (one row per record) and its share
   * per owning province (one row per owner, so a record of two provinces counts for each).
   */
  private countingStatement(entries: CatalogueEntry[]): { sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    for (const entry of entries) {
      const condition = this.context.visibility.rowCondition(entry.meta.class, "r");
      const where = condition ? condition.sql : "true";
      const table = `"${entry.meta.tableName}"`;
      parts.push(`select ?::text as type_name, null::text as province_code, count(*)::int as records, max(r.updated_at) as last_updated_at from ${table} r where ${where}`);
      params.push(entry.typeName, ...(condition?.params ?? []));
      parts.push(
        `select ?::text, p.code, count(*)::int, max(r.updated_at) from ${table} r cross join lateral unnest(r.owner_province_codes) as p(code) where ${where} group by p.code`,
      );
      params.push(entry.typeName, ...(condition?.params ?? []));
    }
    return { sql: parts.join("\nunion all\n"), params };
  }
}

function latest(dates: (Date | null)[]): Date | null {
  let result: Date | null = null;
  for (const date of dates) if (date && (!result || date > result)) result = date;
  return result;
}
