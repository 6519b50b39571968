import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { appendAuditEntriesWith, AuditAction } from "../audit/index.js";
import { agencyEditor, type AgencyCaller } from "../auth/writers.js";
import { vietnamDate } from "../common/clock.js";
import { ErrorCode } from "../common/errors.js";
import { executorOf, executorOfClient, type SqlExecutor } from "../common/sql-executor.js";
import { textArray, visibleRowsOf } from "../common/visible-rows.js";
import type { HubContext } from "../context.js";
import type { Database } from "../db/database.js";
import { appendEvents, EventTopic } from "../events/index.js";
import { AdministrativeUnit, Commodity, Market, type Agency } from "../reference/index.js";
import { readRows } from "../common/read-model.js";
import { ImportRejected, readCsv, type ImportProblem } from "./csv.js";
import { ImportKind } from "./data-import.entity.js";
import { DataImport } from "./data-import.model.js";
import { PRICE_IMPORT, TRADE_FLOW_IMPORT, type ImportDefinition, type ImportLookups, type ImportSummary } from "./import-kinds.js";

/** The most problems one rejection lists (a file with a wrong column would otherwise list every line). */
const MAX_PROBLEMS = 100;

export interface ImportProgress {
  phase: "reading" | "checking" | "writing" | "done";
  rows: number;
  problems: number;
}

/**
 * Where the import writes: on a server, a connection of its own (for COPY FROM STDIN); on the
 * embedded database (the one with `copyFromFile`), a file its own process loads.
 */
export type ImportTarget = Pick<Database, "url" | "copyFromFile">;

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

/**
 * Imports a CSV file, all or nothing: every row is checked as it is read and streamed on into a
 * staging table (COPY FROM STDIN on a PostgreSQL server; on the embedded database, where COPY
 * breaks the wire protocol, into a file its own process then COPYs); the new rows are merged into
 * the table in one statement; rows repeated in the file and rows recorded already with other
 * values are found in SQL; one bad row rolls the whole file back with its line number. Rows
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
    const hashed = async function* () {
      for await (const chunk of source) {
        hash.update(chunk);
        yield chunk;
      }
    };
    const file: ReadFile = { definition, lookups, rows: hashed, onProgress };
    const stage = `import_${randomBytes(6).toString("hex")}`;
    const createStage = `create temp table ${stage} (${definition.staging.map((column) => `${column.name} ${column.type}`).join(", ")}) on commit drop`;
    const copyInto = (from: string) => `copy ${stage} (${definition.staging.map((column) => column.name).join(", ")}) from ${from} with (format csv)`;
    const merge = (sql: SqlExecutor, staged: StagedFile) => this.merge(sql, stage, file, staged, viewer, agency, hash.digest("hex"));

    let merged: { dataImport: DataImport; announces: boolean };
    const copyFromFile = this.target.copyFromFile;
    if (!copyFromFile) {
      // A connection of its own, for COPY: the rows stream from the request into the staging table.
      const client = new pg.Client({ connectionString: this.target.url });
      await client.connect();
      try {
        await client.query("begin");
        await client.query(createStage);
        const staged = await this.stageRows(file, copyStager(client, copyInto("stdin"), definition));
        merged = await merge(executorOfClient(client), staged);
        await client.query("commit");
      } catch (error) {
        await client.query("rollback").catch(() => undefined);
        throw error;
      } finally {
        await client.end().catch(() => undefined);
      }
    } else {
      // The embedded database runs nothing else while a transaction is open: the file is read and
      // checked first, into a staging file, and the transaction only loads and merges it. Its
      // connections share one backend session, so the transaction is the pool's own (another
      // connection there would see, and could end, that session's transaction).
      const directory = await mkdtemp(path.join(tmpdir(), "hub-import-"));
      try {
        const stagingFile = path.join(directory, "staged.csv");
        const staged = await this.stageRows(file, fileStager(stagingFile, definition));
        merged = await this.context.em.fork().transactional(async (tx) => {
          const sql = executorOf(tx);
          await sql.all(createStage, []);
          await copyFromFile(copyInto("'/dev/blob'"), stagingFile);
          return merge(sql, staged);
        });
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    }
    await this.context.events.afterCommit(merged.announces);
    onProgress({ phase: "done", rows: merged.dataImport.rowCount, problems: 0 });
    return merged.dataImport;
  }

  /**
   * Reads the file and checks each row as it comes, handing the good ones to the stager a batch at
   * a time (the database stores one batch while the next is parsed; the file is never whole in
   * memory). Every problem, up to MAX_PROBLEMS, rejects the file.
   */
  private async stageRows(file: ReadFile, stager: Stager): Promise<StagedFile> {
    const { definition, lookups, onProgress } = file;
    const problems: ImportProblem[] = [];
    const summary: ImportSummary = { commodityCodes: new Set(), marketCodes: new Set(), ownerCodes: new Set() };
    let rows = 0;
    try {
      reading: for await (const batch of readCsv(file.rows(), definition.columns)) {
        for (const row of batch) {
          rows += 1;
          const checked = definition.check(row, lookups, problems);
          if (problems.length >= MAX_PROBLEMS) break reading;
          if (checked && problems.length === 0) {
            stager.add(checked);
            definition.describe(checked, summary);
          }
        }
        await stager.flush();
        onProgress({ phase: "reading", rows, problems: problems.length });
      }
    } finally {
      await stager.finish();
    }
    if (rows === 0 && problems.length === 0) problems.push({ line: 2, column: null, message: "the file has no data rows" });
    if (problems.length > 0) throw new ImportRejected(problems.slice(0, MAX_PROBLEMS));
    return { rows, summary };
  }

  /**
   * Inserts the staged rows that are new, in one statement under the kind's lock, then records
   * the import, its audit entry and (prices) its one announcement, in the import's transaction.
   */
  private async merge(sql: SqlExecutor, stage: string, file: ReadFile, staged: StagedFile, viewer: AgencyCaller, agency: Agency, fileSha256: string): Promise<{ dataImport: DataImport; announces: boolean }> {
    const { definition, lookups, onProgress } = file;
    const kind = definition.kind;
    const { rows, summary } = staged;
    await sql.all("select pg_advisory_xact_lock(?)", [IMPORT_LOCKS[kind]]);
    onProgress({ phase: "writing", rows, problems: 0 });
    const owners = definition.ownersOf(lookups);
    const [{ inserted }] = (await sql.all<{ inserted: number }>(
      `with written as (${definition.insertSql.replaceAll("STAGE", stage)} returning 1) select count(*)::int as inserted from written`,
      definition.insertParameters(agency.id, owners),
    )) as [{ inserted: number }];
    if (inserted < rows) {
      // Some rows were skipped as recorded already: each is a repeat within the file, recorded with
      // the same values (already present), or recorded with other values (a conflict). A file all
      // of whose rows are new, the common case, needs neither check.
      onProgress({ phase: "checking", rows, problems: 0 });
      await this.checkRepeated(sql, stage, definition);
      // Compared after inserting, not before: the insert waits for any uncommitted row with one of
      // the file's keys (a GraphQL write takes no import lock), and this statement, with a snapshot
      // of its own, then sees that row. A staged row skipped by the insert is thus either recorded
      // with the same values (already present) or refused here.
      await this.checkConflicts(sql, stage, definition, agency.id);
    }
    const ownerCodes = summary.ownerCodes.size > 0 ? sorted(summary.ownerCodes) : owners;
    const [commodityCodes, marketCodes] = [sorted(summary.commodityCodes), sorted(summary.marketCodes)];
    const now = this.context.clock.now();
    const [record] = await sql.all<{ id: number; file_sha256: string }>(
      `insert into data_import (kind, file_sha256, row_count, inserted_count, already_present_count, agency_code, owner_province_codes, commodity_codes, market_codes, imported_at)
       values (?, ?, ?, ?, ?, ?, ?::text[], ?::text[], ?::text[], ?::timestamptz) returning id, file_sha256`,
      [kind, fileSha256, rows, inserted, rows - inserted, agency.code, textArray(ownerCodes), textArray(commodityCodes), textArray(marketCodes), now.toISOString()],
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
      commodityCodes,
      marketCodes,
      importedAt: now,
    });
    // Both only insert: the entry is chained and the announcement stamped after the commit.
    await appendAuditEntriesWith(sql, viewer, [{ action: AuditAction.WRITE, fields: definition.auditedFields, ownerProvinceCodes: ownerCodes, recordCount: inserted, operationName: `import ${kind}` }], now);
    let announces = false;
    if (kind === ImportKind.PRICE_OBSERVATIONS && inserted > 0) {
      // One announcement for the file, not one per row: a million-row backfill must not flood dashboards.
      announces = await appendEvents(
        sql,
        [{ topic: EventTopic.PRICE_OBSERVATIONS, kind: "IMPORTED", recordType: "DataImport", recordId: dataImport.id, keys: { commodityCodes: dataImport.commodityCodes.join(","), marketCodes: dataImport.marketCodes.join(",") }, ownerProvinceCodes: ownerCodes }],
        now,
      );
    }
    return { dataImport, announces };
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

}

/** The file being imported: its kind and how its rows are checked (`definition`), and its bytes. */
interface ReadFile {
  definition: ImportDefinition<{ line: number }>;
  lookups: ImportLookups;
  rows: () => AsyncIterable<Buffer | string>;
  onProgress: (progress: ImportProgress) => void;
}

/** What staging found: the data rows read (all good) and what they hold. */
interface StagedFile {
  rows: number;
  summary: ImportSummary;
}

/** Rows going into the staging table: added as they are checked, sent when flushed. */
interface Stager {
  add(row: { line: number }): void;
  /** Sends what was added; resolves when more may be added (the receiver has room). */
  flush(): Promise<void>;
  /** Sends the rest and resolves once all of it is stored. */
  finish(): Promise<void>;
}

/** Lines of COPY's CSV format into a writable stream, a batch per write, waiting while it is full. */
function streamStager(stream: Writable, definition: ImportDefinition<{ line: number }>, stored: Promise<void>): Stager {
  // Watched from the start: the receiver may fail halfway (PostgreSQL refusing the COPY), and an
  // unwatched rejection would end the process.
  let failure: Error | null = null;
  stored.catch((error: Error) => (failure = error));
  const lineOf = copyLineWriter(definition);
  let text = "";
  const flush = async () => {
    if (failure) throw failure;
    if (text === "") return;
    const sending = text;
    text = "";
    if (!stream.write(sending)) await Promise.race([new Promise((resolve) => stream.once("drain", resolve)), stored.catch(() => undefined)]);
    if (failure) throw failure;
  };
  return {
    add: (row) => {
      text += lineOf(row);
    },
    flush,
    finish: async () => {
      await flush();
      stream.end();
      await stored;
    },
  };
}

/** COPY FROM STDIN into the staging table, on the import's own connection. */
function copyStager(client: pg.Client, copySql: string, definition: ImportDefinition<{ line: number }>): Stager {
  const stream = client.query(copyFrom(copySql));
  return streamStager(stream, definition, finished(stream));
}

/** The staging rows into a file, for the embedded database's process to COPY. */
function fileStager(file: string, definition: ImportDefinition<{ line: number }>): Stager {
  const stream = createWriteStream(file);
  return streamStager(stream, definition, finished(stream));
}

/** COPY needs quotes only around these, and around an empty text (unquoted, it is NULL). */
const NEEDS_QUOTES = /[",\r\n\\]/;

/** A staged row as a line of COPY's CSV format: NULL unquoted and empty, text quoted where it must be. */
function copyLineWriter(definition: ImportDefinition<{ line: number }>): (row: { line: number }) => string {
  const columns = definition.staging;
  return (row) => {
    let line = "";
    for (let index = 0; index < columns.length; index += 1) {
      const value = columns[index]!.valueOf(row as never);
      if (index > 0) line += ",";
      if (value === null) continue;
      const text = String(value);
      line += text === "" || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    }
    return `${line}\n`;
  };
}

/** Texts in code-unit order (the codes are ASCII, so the database's order too). */
function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}
