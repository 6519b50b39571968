import { createHash, randomBytes, type Hash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { appendAuditEntriesWith, AuditAction } from "../audit/index.js";
import { agencyEditor, type AgencyCaller } from "../auth/writers.js";
import { vietnamDate } from "../common/clock.js";
import { ErrorCode } from "../common/errors.js";
import { executorOf, executorOfClient, type SqlExecutor } from "../common/sql-executor.js";
import { textArray, visibleRowsOf } from "../common/visible-rows.js";
import type { HubContext } from "../context.js";
import { appendEvents, EventTopic } from "../events/index.js";
import { AdministrativeUnit, Commodity, Market, type Agency } from "../reference/index.js";
import { readRows } from "../common/read-model.js";
import { ImportRejected, readCsv, type ImportProblem } from "./csv.js";
import { ImportKind } from "./data-import.entity.js";
import { DataImport } from "./data-import.model.js";
import { PRICE_IMPORT, TRADE_FLOW_IMPORT, type ImportDefinition, type ImportLookups } from "./import-kinds.js";

/** The most problems one rejection lists (a file with a wrong column would otherwise list every line). */
const MAX_PROBLEMS = 100;
/** Rows per INSERT where COPY is not available (the embedded database). */
const BATCH_ROWS = 5_000;

export interface ImportProgress {
  phase: "reading" | "checking" | "writing" | "done";
  rows: number;
  problems: number;
}

/** Where the import writes: its own connection, with COPY on a server. */
export interface ImportTarget {
  url: string;
  kind: "server" | "embedded";
}

const DEFINITIONS: Record<ImportKind, ImportDefinition<{ line: number }>> = {
  [ImportKind.PRICE_OBSERVATIONS]: PRICE_IMPORT as unknown as ImportDefinition<{ line: number }>,
  [ImportKind.TRADE_FLOWS]: TRADE_FLOW_IMPORT as unknown as ImportDefinition<{ line: number }>,
};

/**
 * One transaction-scoped advisory lock per kind, held from before the import reads what is recorded
 * to its commit, so imports of a kind write one at a time and each sees what the previous one wrote.
 * Without it, two files with the same flow and different figures both found nothing recorded, both
 * inserted with ON CONFLICT DO NOTHING, and the second file's figure was dropped as "already present".
 * Per kind rather than per natural key: a file may hold a million keys, more locks than PostgreSQL's
 * lock table holds, and ordering them to avoid deadlocks would cost more than the wait.
 * (The log sequencer's lock is 7_280_001.)
 */
const IMPORT_LOCKS: Record<ImportKind, number> = {
  [ImportKind.PRICE_OBSERVATIONS]: 7_280_011,
  [ImportKind.TRADE_FLOWS]: 7_280_012,
};

/** Receives the whole file into a temporary one. */
async function spool(source: AsyncIterable<Buffer | string>): Promise<{ directory: string; file: string }> {
  const directory = await mkdtemp(path.join(tmpdir(), "hub-import-"));
  const file = path.join(directory, "upload.csv");
  try {
    await pipeline(source, createWriteStream(file));
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  return { directory, file };
}

/** A value in COPY's CSV format: NULL unquoted and empty, anything else quoted. */
function copyValue(value: string | number | null): string {
  if (value === null) return "";
  return `"${String(value).replace(/"/g, '""')}"`;
}

/**
 * Imports a CSV file, all or nothing: every row is checked as it is read and staged in the
 * import's own transaction (COPY on a PostgreSQL server, batched INSERTs on the embedded database,
 * where COPY breaks the wire protocol); rows repeated in the file and rows recorded already with
 * other values are found in SQL; one bad row rolls the whole file back with its line number. Rows
 * recorded already with the same values are left alone, so a file imported twice adds nothing.
 * Imports of one kind write one at a time (IMPORT_LOCKS): of two files giving one key different
 * values at once, the second is refused as a conflict. The import's audit entry and its one
 * announcement commit with its rows.
 */
export class ImportService {
  constructor(
    private readonly context: HubContext,
    private readonly target: ImportTarget,
  ) {}

  async run(kind: ImportKind, source: AsyncIterable<Buffer | string>, onProgress: (progress: ImportProgress) => void = () => undefined): Promise<DataImport> {
    const { viewer, agency } = await agencyEditor(this.context, "import data");
    const definition = DEFINITIONS[kind];
    // Read before the transaction opens: on the embedded database, nothing else runs while it is open.
    const lookups = await this.lookups(agency.provinceCode);
    const hash = createHash("sha256");
    // On the embedded database nothing else runs while the import's transaction is open: the file
    // is received in full first, so a slow upload does not stall the hub.
    const spooled = this.target.kind === "embedded" ? await spool(source) : null;
    const input: AsyncIterable<Buffer | string> = spooled ? createReadStream(spooled.file, { highWaterMark: 1 << 20 }) : source;
    const hashed = async function* () {
      for await (const chunk of input) {
        hash.update(chunk);
        yield chunk;
      }
    };
    try {
      return await this.write(kind, definition, lookups, viewer, agency, hash, hashed, onProgress);
    } finally {
      if (spooled) await rm(spooled.directory, { recursive: true, force: true });
    }
  }

  private async write(
    kind: ImportKind,
    definition: ImportDefinition<{ line: number }>,
    lookups: ImportLookups,
    viewer: AgencyCaller,
    agency: Agency,
    hash: Hash,
    hashed: () => AsyncIterable<Buffer | string>,
    onProgress: (progress: ImportProgress) => void,
  ): Promise<DataImport> {
    const stage = `import_${randomBytes(6).toString("hex")}`;
    let announces = false;
    const write = async (sql: SqlExecutor, stager: () => Promise<Stager>): Promise<DataImport> => {
      const problems: ImportProblem[] = [];
      let rows = 0;
      await sql.all(`create temp table ${stage} (${definition.staging.map((column) => `${column.name} ${column.type}`).join(", ")}) on commit drop`, []);
      const staged = await stager();
      try {
        for await (const row of readCsv(hashed(), definition.columns)) {
          rows += 1;
          const checked = definition.check(row, lookups, problems);
          if (checked && problems.length === 0) await staged.add(checked);
          if (problems.length >= MAX_PROBLEMS) break;
          if (rows % 10_000 === 0) onProgress({ phase: "reading", rows, problems: problems.length });
        }
      } finally {
        await staged.finish();
      }
      if (rows === 0 && problems.length === 0) problems.push({ line: 2, column: null, message: "the file has no data rows" });
      if (problems.length > 0) throw new ImportRejected(problems.slice(0, MAX_PROBLEMS));

      onProgress({ phase: "checking", rows, problems: 0 });
      await this.checkRepeated(sql, stage, definition);
      await sql.all("select pg_advisory_xact_lock(?)", [IMPORT_LOCKS[kind]]);
      onProgress({ phase: "writing", rows, problems: 0 });
      const owners = definition.ownersOf(lookups);
      const [{ inserted }] = (await sql.all<{ inserted: number }>(
        `with written as (${definition.insertSql.replaceAll("STAGE", stage)} returning 1) select count(*)::int as inserted from written`,
        definition.insertParameters(agency.id, owners),
      )) as [{ inserted: number }];
      // Compared after inserting, not before: the insert waits for any uncommitted row with one of
      // the file's keys (a GraphQL write takes no import lock), and this statement, with a snapshot
      // of its own, then sees that row. A staged row skipped by the insert is thus either recorded
      // with the same values (already present) or refused here.
      await this.checkConflicts(sql, stage, definition, agency.id);
      const [summary] = (await sql.all<{ commodity_codes: string[]; market_codes: string[]; owners: string[] | null }>(this.summarySql(stage, definition), [])) as [{ commodity_codes: string[]; market_codes: string[]; owners: string[] | null }];
      const ownerCodes = summary.owners ?? owners;
      const now = this.context.clock.now();
      const [record] = await sql.all<{ id: number; file_sha256: string }>(
        `insert into data_import (kind, file_sha256, row_count, inserted_count, already_present_count, agency_code, owner_province_codes, commodity_codes, market_codes, imported_at)
         values (?, ?, ?, ?, ?, ?, ?::text[], ?::text[], ?::text[], ?::timestamptz) returning id, file_sha256`,
        [kind, hash.digest("hex"), rows, inserted, rows - inserted, agency.code, textArray(ownerCodes), textArray(summary.commodity_codes), textArray(summary.market_codes), now.toISOString()],
      );
      const dataImport = Object.assign(new DataImport(), {
        id: record!.id,
        kind,
        fileSha256: record!.file_sha256,
        rowCount: rows,
        insertedCount: inserted,
        alreadyPresentCount: rows - inserted,
        agencyCode: agency.code,
        ownerProvinceCodes: ownerCodes,
        commodityCodes: summary.commodity_codes,
        marketCodes: summary.market_codes,
        importedAt: now,
      });
      // Both only insert: the entry is chained and the announcement stamped after the commit.
      await appendAuditEntriesWith(sql, viewer, [{ action: AuditAction.WRITE, fields: definition.auditedFields, ownerProvinceCodes: ownerCodes, recordCount: inserted, operationName: `import ${kind}` }], now);
      if (kind === ImportKind.PRICE_OBSERVATIONS && inserted > 0) {
        // One announcement for the file, not one per row: a million-row backfill must not flood dashboards.
        announces = await appendEvents(
          sql,
          [{ topic: EventTopic.PRICE_OBSERVATIONS, kind: "IMPORTED", recordType: "DataImport", recordId: dataImport.id, keys: { commodityCodes: dataImport.commodityCodes.join(","), marketCodes: dataImport.marketCodes.join(",") }, ownerProvinceCodes: ownerCodes }],
          now,
        );
      }
      return dataImport;
    };

    let dataImport: DataImport;
    if (this.target.kind === "server") {
      // A connection of its own, for COPY.
      const client = new pg.Client({ connectionString: this.target.url });
      await client.connect();
      try {
        await client.query("begin");
        dataImport = await write(executorOfClient(client), () => this.copyStager(client, stage, definition));
        await client.query("commit");
      } catch (error) {
        await client.query("rollback").catch(() => undefined);
        throw error;
      } finally {
        await client.end().catch(() => undefined);
      }
    } else {
      // The embedded database's connections share one backend session, so the import runs in the
      // pool's own transaction (another connection there would see, and could end, that session's transaction).
      dataImport = await this.context.em.fork().transactional((tx) => {
        const sql = executorOf(tx);
        return write(sql, async () => this.batchStager(sql, stage, definition));
      });
    }
    await this.context.events.afterCommit(announces);
    onProgress({ phase: "done", rows: dataImport.rowCount, problems: 0 });
    return dataImport;
  }

  /** Reference data the rows are checked against, read once (a few thousand rows at most). */
  private async lookups(agencyProvinceCode: string): Promise<ImportLookups> {
    const context = this.context;
    const [commodities, markets, units] = await Promise.all([
      readRows(context, visibleRowsOf(context, Commodity, "c"), Commodity),
      readRows(context, visibleRowsOf(context, Market, "m"), Market),
      readRows(context, visibleRowsOf(context, AdministrativeUnit, "u"), AdministrativeUnit),
    ]);
    return {
      commodities: new Map(commodities.map((commodity) => [commodity.code, commodity])),
      markets: new Map(markets.map((market) => [market.code, market])),
      units: new Set(units.map((unit) => unit.code)),
      ownCodes: this.context.access.ownCodes,
      agencyProvinceCode,
      today: vietnamDate(this.context.clock.now()),
    };
  }

  /** Rows repeated in the file reject it. */
  private async checkRepeated(sql: SqlExecutor, stage: string, definition: ImportDefinition<{ line: number }>): Promise<void> {
    const keyColumns = definition.naturalKeyColumns;
    const repeated = await sql.all<{ lines: number[] }>(`select array_agg(line order by line) as lines from ${stage} group by ${keyColumns.join(", ")} having count(*) > 1 order by min(line) limit ${MAX_PROBLEMS}`, []);
    const problems: ImportProblem[] = repeated.map(({ lines }) => ({ line: lines[1]!, column: null, message: `repeats line ${lines[0]} (the same ${keyColumns.join(", ")})` }));
    if (problems.length > 0) throw new ImportRejected(problems);
  }

  /** Rows whose natural key is recorded with other values reject the file, as a conflict, by line. */
  private async checkConflicts(sql: SqlExecutor, stage: string, definition: ImportDefinition<{ line: number }>, agencyId: number): Promise<void> {
    const conflicts = await sql.all<{ line: number }>(definition.conflictSql.replaceAll("STAGE", stage), definition.conflictParameters(agencyId));
    const problems = conflicts.map(({ line }) => ({ line, column: null, message: "already recorded with other values: correct the record instead of importing it again" }));
    if (problems.length > 0) throw new ImportRejected(problems, ErrorCode.CONFLICT);
  }

  /** What the file held, for the import's record and its announcement: commodities, markets, owners. */
  private summarySql(stage: string, definition: ImportDefinition<{ line: number }>): string {
    const codes = (table: string, column: string) => `(select coalesce(array_agg(distinct t.code order by t.code), '{}') from ${stage} s join ${table} t on t.id = s.${column})`;
    const owners =
      definition.kind === ImportKind.TRADE_FLOWS
        ? `(select coalesce(array_agg(distinct code order by code), '{}') from (select origin_code as code from ${stage} union select destination_code from ${stage}) as ends)`
        : "null::text[]";
    const markets = definition.kind === ImportKind.PRICE_OBSERVATIONS ? codes("market", "market_id") : "'{}'::text[]";
    return `select ${codes("commodity", "commodity_id")} as commodity_codes, ${markets} as market_codes, ${owners} as owners`;
  }

  /** COPY into the staging table, lines sent in chunks (a write per line costs more than the line). */
  private async copyStager(client: pg.Client, stage: string, definition: ImportDefinition<{ line: number }>): Promise<Stager> {
    const stream = client.query(copyFrom(`copy ${stage} (${definition.staging.map((column) => column.name).join(", ")}) from stdin with (format csv)`));
    // Watched from the start: PostgreSQL may refuse the COPY halfway, and an unwatched rejection would end the process.
    let failure: Error | null = null;
    const done = new Promise<void>((resolve, reject) => {
      stream.on("finish", resolve);
      stream.on("error", (error: Error) => {
        failure = error;
        reject(error);
      });
    });
    done.catch(() => undefined);
    let chunk: string[] = [];
    const send = async () => {
      if (failure) throw failure;
      if (chunk.length === 0) return;
      const text = chunk.join("");
      chunk = [];
      if (!stream.write(text)) await new Promise<void>((resolve) => { stream.once("drain", resolve); stream.once("error", () => resolve()); });
      if (failure) throw failure;
    };
    return {
      add: async (row: { line: number }) => {
        chunk.push(`${definition.staging.map((column) => copyValue(column.valueOf(row as never))).join(",")}\n`);
        if (chunk.length >= 2_000) await send();
      },
      finish: async () => {
        await send();
        stream.end();
        await done;
      },
    };
  }

  /** Where COPY is not available: INSERT … SELECT FROM unnest(…) of array literals, a batch at a time. */
  private batchStager(sql: SqlExecutor, stage: string, definition: ImportDefinition<{ line: number }>): Stager {
    let batch: { line: number }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      const columns = definition.staging;
      await sql.all(
        `insert into ${stage} (${columns.map((column) => column.name).join(", ")}) select * from unnest(${columns.map((column) => `?::${column.type}[]`).join(", ")})`,
        columns.map((column) => arrayLiteral(rows.map((row) => column.valueOf(row as never)))),
      );
    };
    return {
      add: async (row) => {
        batch.push(row);
        if (batch.length >= BATCH_ROWS) await flush();
      },
      finish: flush,
    };
  }
}

/** Rows going into the staging table. */
interface Stager {
  add(row: { line: number }): Promise<void>;
  finish(): Promise<void>;
}

/** A PostgreSQL array literal with NULLs, for any element type (the cast reads the quoted text). */
function arrayLiteral(values: readonly (string | number | null)[]): string {
  return `{${values.map((value) => (value === null ? "NULL" : `"${String(value).replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(",")}}`;
}
