/**
 * Import throughput: a CSV of N price observations (default 1,000,000) imported as HCMC's
 * Department of Industry and Trade, through the same ImportService the endpoint and `npm run
 * import` use, into a fresh database: on the PostgreSQL server (COPY) and on the embedded
 * database (batched INSERTs). Run alone with `node dist/bench/imports.js [rows]`.
 */
import "reflect-metadata";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Viewer } from "../src/auth/viewer.js";
import { systemClock } from "../src/common/clock.js";
import { parseConfig } from "../src/config.js";
import { createContext } from "../src/context.js";
import { openDatabase } from "../src/db/database.js";
import { EventDispatcher } from "../src/events/dispatcher.js";
import { InProcessSignal } from "../src/events/event-signal.js";
import { ImportKind, ImportService } from "../src/imports/index.js";
import { seedDemoIfEmpty } from "../seeds/demo.js";
import { withScratchDatabase } from "./scratch-database.js";

const COMMODITIES = ["COFFEE_ROBUSTA", "COFFEE_ARABICA", "PEPPER_BLACK", "CASHEW_RAW", "RUBBER_LATEX", "MACADAMIA", "DURIAN_RI6", "DURIAN_MONTHONG", "AVOCADO_BOOTH", "PASSION_FRUIT", "CABBAGE", "POTATO", "TOMATO", "TEA_OOLONG", "TEA_FRESH_LEAF", "GINSENG_NGOC_LINH"];
const MARKETS = ["HCM-BINH-DIEN", "HCM-THU-DUC", "HCM-HOC-MON"];
const TYPES = ["WHOLESALE", "RETAIL", "FARM_GATE"];

export interface ImportRun {
  target: "server" | "embedded";
  rows: number;
  fileBytes: number;
  seconds: number;
  rowsPerSecond: number;
}

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

async function importInto(database: Awaited<ReturnType<typeof openDatabase>>, file: string): Promise<{ seconds: number; inserted: number }> {
  const config = parseConfig({ LOG_LEVEL: "silent" });
  await seedDemoIfEmpty(database.orm.em.fork(), new Date().toISOString().slice(0, 10));
  const viewer: Viewer = { kind: "agency", subject: "bench-import", provinceCode: "VN-SG", agencyCode: "VN-SG-SCT", roles: ["agency_editor"] };
  const events = new EventDispatcher(database.orm.em, new InProcessSignal(), { auditKey: config.auditKey });
  const context = await createContext({ em: database.orm.em, clock: systemClock, config, events }, viewer, { sqlStatements: 0 });
  const started = performance.now();
  let phase = "reading";
  let phaseStarted = started;
  const phases: string[] = [];
  const result = await new ImportService(context, { url: database.url, kind: database.kind }).run(ImportKind.PRICE_OBSERVATIONS, createReadStream(file, { highWaterMark: 1 << 20 }), (progress) => {
    if (progress.phase !== phase) {
      phases.push(`${phase} ${((performance.now() - phaseStarted) / 1000).toFixed(1)} s`);
      phase = progress.phase;
      phaseStarted = performance.now();
    }
  });
  if (process.env.BENCH_PHASES) console.log(`  phases: ${phases.join(", ")}`);
  const seconds = (performance.now() - started) / 1000;
  await events.close();
  return { seconds, inserted: result.insertedCount };
}

export async function benchImports(rows: number, log: (message: string) => void = console.log): Promise<ImportRun[]> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "hub-bench-import-"));
  const file = path.join(directory, "prices.csv");
  const runs: ImportRun[] = [];
  try {
    const fileBytes = await writeFile_(file, rows);
    log(`Import: ${rows.toLocaleString("en-US")} price rows, ${(fileBytes / 1024 ** 2).toFixed(1)} MiB of CSV.`);

    await withScratchDatabase("hub_bench_import", async (url) => {
      const server = await openDatabase({ kind: "server", url }, 4);
      try {
        log("Import into the PostgreSQL server (COPY)…");
        const { seconds, inserted } = await importInto(server, file);
        if (inserted !== rows) throw new Error(`imported ${inserted} of ${rows} rows`);
        runs.push({ target: "server", rows, fileBytes, seconds, rowsPerSecond: rows / seconds });
      } finally {
        await server.close();
      }
    });

    const dataDir = path.join(directory, "pglite");
    const embedded = await openDatabase({ kind: "embedded", dataDir }, 4);
    try {
      log("Import into the embedded database (batched INSERTs)…");
      const { seconds, inserted } = await importInto(embedded, file);
      if (inserted !== rows) throw new Error(`imported ${inserted} of ${rows} rows`);
      runs.push({ target: "embedded", rows, fileBytes, seconds, rowsPerSecond: rows / seconds });
    } finally {
      await embedded.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  return runs;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  for (const run of await benchImports(rows)) {
    console.log(`${run.target}: ${run.rows.toLocaleString("en-US")} rows in ${run.seconds.toFixed(1)} s = ${Math.round(run.rowsPerSecond).toLocaleString("en-US")} rows/s`);
  }
}
