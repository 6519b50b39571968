/**
 * `npm run seed` seeds the programme's demo into an empty database; `npm run seed -- --scale N`
 * then generates the scale preset N on top (1 small, 10 medium, 100 largest; fractions such as
 * 0.01 for quick checks). The database is the hub's own configuration: DATABASE_URL for a server,
 * else the embedded database in EMBEDDED_DATA_DIR. Progress (rows and rows/s per table) goes to
 * stderr, the summary to stdout. Re-running a preset that is already loaded adds nothing.
 */
import "reflect-metadata";
import { vietnamDate } from "../src/common/clock.js";
import { ConfigError, parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import { clockOf } from "../src/server.js";
import { usageError } from "../scripts/command-line.js";
import { seedDemoIfEmpty } from "./demo.js";
import { generateScaleData, scaleCounts, SCALE_PRESETS, type ScaleProgress, type TableReport } from "./scale.js";

const USAGE = `Usage: npm run seed [-- --scale N]

  (no options)   seed the programme's demo data into an empty database
  --scale N      then generate synthetic data at scale N on top of it:
                 ${SCALE_PRESETS.small} (small), ${SCALE_PRESETS.medium} (medium), ${SCALE_PRESETS.largest} (largest: 100,000 enterprises,
                 ~105,000 assessments, over 1,000,000 price observations); any N in (0, 1000]

The database is the hub's: DATABASE_URL (a PostgreSQL server) or EMBEDDED_DATA_DIR (embedded).`;

/** Parses the command line: the scale, or null for the demo alone. */
function parseSeedArguments(args: string[]): { scale: number | null } {
  let scale: number | null = null;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    const inline = arg.startsWith("--scale=") ? arg.slice("--scale=".length) : null;
    if (arg === "--scale" || inline !== null) {
      const raw = inline ?? args[++i];
      const named = raw && raw in SCALE_PRESETS ? SCALE_PRESETS[raw as keyof typeof SCALE_PRESETS] : Number(raw);
      if (!Number.isFinite(named) || named <= 0 || named > 1_000) usageError(USAGE, `--scale needs a number above 0 and at most 1000 (or small, medium, largest), got "${raw ?? ""}"`);
      scale = named;
      continue;
    }
    usageError(USAGE, `Unknown argument "${arg}".`);
  }
  return { scale };
}

const number = (value: number) => Math.round(value).toLocaleString("en-US");

/**
 * Progress on stderr: one line per table, rewritten in place on a terminal (every 2 s otherwise),
 * with rows written and the rate.
 */
function stderrProgress(stream: NodeJS.WriteStream = process.stderr): ScaleProgress {
  const live = stream.isTTY === true;
  let table = "";
  let expected = 0;
  let rows = 0;
  let started = 0;
  let lastPrint = 0;
  const line = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? rows / seconds : 0;
    return `${table.padEnd(22)} ${number(rows).padStart(11)} / ${number(expected).padEnd(11)} ${number(rate).padStart(9)} rows/s  ${seconds.toFixed(1).padStart(6)} s`;
  };
  return {
    begin(name, total) {
      table = name;
      expected = total;
      rows = 0;
      started = performance.now();
      lastPrint = started;
    },
    advance(count) {
      rows += count;
      const now = performance.now();
      if (live) stream.write(`\r${line()}`);
      else if (now - lastPrint > 2_000) {
        stream.write(`${line()}\n`);
        lastPrint = now;
      }
    },
    end(note) {
      stream.write(`${live ? "\r" : ""}${note ? `${table.padEnd(22)} ${note}` : line()}${live ? "\x1b[K" : ""}\n`);
    },
  };
}

function summary(reports: TableReport[], milliseconds: number): string {
  const lines = [`${"table".padEnd(22)} ${"rows in preset".padStart(14)} ${"added".padStart(11)} ${"seconds".padStart(8)} ${"rows/s".padStart(9)}`];
  for (const report of reports) {
    const seconds = report.milliseconds / 1000;
    lines.push(
      `${report.table.padEnd(22)} ${number(report.generated).padStart(14)} ${number(report.added).padStart(11)} ${seconds.toFixed(1).padStart(8)} ${(report.skipped ? "skipped" : number(report.added / Math.max(seconds, 0.001))).padStart(9)}`,
    );
  }
  const added = reports.reduce((sum, report) => sum + report.added, 0);
  lines.push(`${"total".padEnd(22)} ${number(reports.reduce((sum, r) => sum + r.generated, 0)).padStart(14)} ${number(added).padStart(11)} ${(milliseconds / 1000).toFixed(1).padStart(8)} ${number(added / Math.max(milliseconds / 1000, 0.001)).padStart(9)}`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  let config;
  let scale: number | null;
  try {
    ({ scale } = parseSeedArguments(process.argv.slice(2)));
    config = parseConfig();
    if (scale !== null) scaleCounts(scale);
  } catch (error) {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(2);
  }
  const started = performance.now();
  const database = await openDatabase(config.database, config.poolSize);
  try {
    const today = vietnamDate(clockOf(config).now());
    const where = config.database.kind === "embedded" ? `the embedded database in ${config.database.dataDir}` : "the PostgreSQL server";
    const seeded = await seedDemoIfEmpty(database.orm.em.fork(), today);
    console.log(seeded ? `Seeded the programme's demo data into ${where}.` : `The demo data is already in ${where}.`);
    if (scale !== null) {
      const scaleStarted = performance.now();
      console.error(`Generating scale ${scale} (prices up to ${today})…`);
      const reports = await generateScaleData(database.orm.em.fork(), { scale, today, progress: stderrProgress() });
      console.log(`\nScale ${scale} on ${where}:\n${summary(reports, performance.now() - scaleStarted)}`);
    }
    console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await database.close();
  }
}

await main();
