/**
 * Import throughput beside its floor: a CSV of N price observations (default 1,000,000) imported
 * as HCMC's Department of Industry and Trade, through the same ImportService the endpoint and `npm
 * run import` use, into a fresh database on the PostgreSQL server; and, alternately in the same
 * run, the floor: the same rows, as the table stores them, sent by COPY FROM STDIN (what psql's
 * `\copy` sends) into a copy of the table with its indexes. Then the same file into the embedded
 * database. Run alone with `node dist/bench/imports.js [rows] [rounds]`.
 */
import "reflect-metadata";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import type { Viewer } from "../src/auth/viewer.js";
import { systemClock } from "../src/common/clock.js";
import { parseConfig } from "../src/config.js";
import { createContext } from "../src/context.js";
import { openDatabase, type Database } from "../src/db/database.js";
import { EventDispatcher } from "../src/events/dispatcher.js";
import { InProcessSignal } from "../src/events/event-signal.js";
import { ImportKind, ImportService } from "../src/imports/index.js";
import { seedDemoIfEmpty } from "../seeds/demo.js";
import { withScratchDatabase } from "./scratch-database.js";

const COMMODITIES = ["COFFEE_ROBUSTA", "COFFEE_ARABICA", "PEPPER_BLACK", "CASHEW_RAW", "RUBBER_LATEX", "MACADAMIA", "DURIAN_RI6", "DURIAN_MONTHONG", "AVOCADO_BOOTH", "PASSION_FRUIT", "CABBAGE", "POTATO", "TOMATO", "TEA_OOLONG", "TEA_FRESH_LEAF", "GINSENG_NGOC_LINH"];
const MARKETS = ["HCM-BINH-DIEN", "HCM-THU-DUC", "HCM-HOC-MON"];
const TYPES = ["WHOLESALE", "RETAIL", "FARM_GATE"];

/** The import into the embedded database (no floor to compare with there). */
export interface EmbeddedImport {
  seconds: number;
  rowsPerSecond: number;
}

/** One round on the server: the import, then the floor on the same rows. */
export interface ImportRound {
  importSeconds: number;
  floorSeconds: number;
}

export interface ImportBench {
  rows: number;
  fileBytes: number;
  /** The server's rounds, import and floor alternating. */
  rounds: ImportRound[];
  embedded: EmbeddedImport | null;
}

/** The table's columns a price row fills (the rest take their defaults). */
const TABLE_COLUMNS = "owner_province_codes, commodity_id, market_id, market_province_code, observed_on, price_type, price_vnd, unit, source_agency_id, note";

/** Writes N rows: every commodity × market × price type on consecutive days from 2000-01-01, before any demo price. */
async function writeFile_(file: string, rows: number): Promise<number> {
  const lines = ["commodity_code,market_code,observed_on,price_type,price_vnd,note"];
  const combinations = COMMODITIES.length * MARKETS.length * TYPES.length;
  const start = Date.UTC(2000, 0, 1);
  for (let i = 0; i < rows; i += 1) {
    const combination = i % combinations;
    const day = new Date(start + Math.floor(i / combinations) * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${COMMODITIES[combination % COMMODITIES.length]},${MARKETS[Math.floor(combination / COMMODITIES.length) % MARKETS.length]},${day},${TYPES[Math.floor(combination / (COMMODITIES.length * MARKETS.length))]},${50_000 + ((i * 7919) % 90_000)},`);
  }
  await writeFile(file, `${lines.join("\n")}\n`);
  return (await stat(file)).size;
}

async function importInto(database: Database, file: string): Promise<{ seconds: number; inserted: number }> {
  const config = parseConfig({ LOG_LEVEL: "silent" });
  const viewer: Viewer = { kind: "agency", subject: "bench-import", provinceCode: "VN-SG", agencyCode: "VN-SG-SCT", roles: ["agency_editor"] };
  const events = new EventDispatcher(database.orm.em, new InProcessSignal(), { auditKey: config.auditKey });
  const context = await createContext({ em: database.orm.em, clock: systemClock, config, events }, viewer, { sqlStatements: 0 });
  const started = performance.now();
  let phase = "reading";
  let phaseStarted = started;
  const phases: string[] = [];
  const result = await new ImportService(context, database).run(ImportKind.PRICE_OBSERVATIONS, createReadStream(file, { highWaterMark: 1 << 20 }), (progress) => {
    if (progress.phase !== phase) {
      phases.push(`${phase} ${((performance.now() - phaseStarted) / 1000).toFixed(1)} s`);
      phase = progress.phase;
      phaseStarted = performance.now();
    }
  });
  if (process.env.BENCH_PHASES) console.log(`  phases: ${phases.join(", ")}`);
  const seconds = (performance.now() - started) / 1000;
  await events.close();
  if (result.insertedCount !== result.rowCount) throw new Error(`imported ${result.insertedCount} of ${result.rowCount} rows`);
  return { seconds, inserted: result.insertedCount };
}

/** The rows an import inserted (ids above `afterId`), as the table stores them, into a CSV file. */
async function exportRows(url: string, afterId: number, file: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await pipeline(client.query(copyTo(`copy (select ${TABLE_COLUMNS} from price_observation where id > ${afterId} order by id) to stdout with (format csv)`)), createWriteStream(file));
  } finally {
    await client.end();
  }
}

/**
 * The floor: COPY FROM STDIN of the rows into a new copy of price_observation with its indexes,
 * defaults and checks (`like … including all`), as `psql -c "\copy …"` sends it; timed from the
 * COPY's start to its end.
 */
async function copyFloor(url: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("drop table if exists price_observation_floor");
    await client.query("create table price_observation_floor (like price_observation including all)");
    const started = performance.now();
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom(`copy price_observation_floor (${TABLE_COLUMNS}) from stdin with (format csv)`)));
    const seconds = (performance.now() - started) / 1000;
    await client.query("drop table price_observation_floor");
    return seconds;
  } finally {
    await client.end();
  }
}

/** A fresh database on the server, migrated and seeded with the demo. */
async function seededServer(url: string): Promise<Database> {
  const database = await openDatabase({ kind: "server", url }, 4);
  await seedDemoIfEmpty(database.orm.em.fork(), new Date().toISOString().slice(0, 10));
  return database;
}

export async function benchImports(rows: number, rounds = 2, log: (message: string) => void = console.log): Promise<ImportBench> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "hub-bench-import-"));
  const file = path.join(directory, "prices.csv");
  const tableRows = path.join(directory, "table-rows.csv");
  const bench: ImportBench = { rows, fileBytes: 0, rounds: [], embedded: null };
  try {
    bench.fileBytes = await writeFile_(file, rows);
    log(`Import: ${rows.toLocaleString("en-US")} price rows, ${(bench.fileBytes / 1024 ** 2).toFixed(1)} MiB of CSV; ${rounds} round(s) of import and floor alternating on the server.`);
    for (let round = 1; round <= rounds; round += 1) {
      await withScratchDatabase("hub_bench_import", async (url) => {
        const server = await seededServer(url);
        try {
          const [{ max }] = (await server.orm.em.getConnection().execute("select coalesce(max(id), 0)::int as max from price_observation")) as [{ max: number }];
          const { seconds } = await importInto(server, file);
          await exportRows(url, max, tableRows);
          const floorSeconds = await copyFloor(url, tableRows);
          bench.rounds.push({ importSeconds: seconds, floorSeconds });
          log(`  round ${round}: import ${seconds.toFixed(1)} s, floor (COPY into a copy of the table) ${floorSeconds.toFixed(1)} s: ${(seconds / floorSeconds).toFixed(2)}x`);
        } finally {
          await server.close();
        }
      });
    }

    const dataDir = path.join(directory, "pglite");
    const embedded = await openDatabase({ kind: "embedded", dataDir }, 4);
    try {
      await seedDemoIfEmpty(embedded.orm.em.fork(), new Date().toISOString().slice(0, 10));
      log("Import into the embedded database (PGlite's own COPY of the checked rows)…");
      const { seconds } = await importInto(embedded, file);
      bench.embedded = { seconds, rowsPerSecond: rows / seconds };
      log(`  embedded: ${seconds.toFixed(1)} s`);
    } finally {
      await embedded.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  return bench;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchImports(Number(process.argv[2] ?? 1_000_000), Number(process.argv[3] ?? 2));
}
