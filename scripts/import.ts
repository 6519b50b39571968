/**
 * `npm run import -- <price-observations|trade-flows> <file.csv> --agency <agency code>`
 * Imports a CSV file as an agency editor of that agency would through `POST /imports/…`, with a
 * progress display, straight into the configured database (DATABASE_URL, or the embedded data
 * directory — stop the hub first there: the embedded database serves one process). The file
 * format is in the README. All or nothing: a bad row rejects the file with every problem by line
 * (exit code 1); a file imported twice adds nothing. Exit code 2 on bad usage or configuration.
 */
import "reflect-metadata";
import { createReadStream } from "node:fs";
import { userInfo } from "node:os";
import type { Viewer } from "../src/auth/viewer.js";
import { ConfigError, parseConfig } from "../src/config.js";
import { createContext } from "../src/context.js";
import { openDatabase } from "../src/db/database.js";
import { EventDispatcher } from "../src/events/dispatcher.js";
import { signalFor } from "../src/events/event-signal.js";
import { ImportKind, ImportRejected, ImportService, type ImportProgress } from "../src/imports/index.js";
import { AgencyEntity } from "../src/reference/index.js";
import { clockOf } from "../src/server.js";
import { parseCommandLine, usageError } from "./command-line.js";

const usage = "usage: npm run import -- <price-observations|trade-flows> <file.csv> --agency <agency code>";
const KINDS: Record<string, ImportKind> = { "price-observations": ImportKind.PRICE_OBSERVATIONS, "trade-flows": ImportKind.TRADE_FLOWS };

function fail(message: string): never {
  return usageError(usage, message);
}

const { positionals, values } = parseCommandLine(usage, { allowPositionals: true, options: { agency: { type: "string" } } });
const [kindName, file] = positionals;
const kind = KINDS[kindName ?? ""];
if (!kindName || !file) fail("Name what to import and the file.");
if (!kind) fail(`Unknown import "${kindName}".`);
if (positionals.length > 2) fail(`Unexpected argument "${positionals[2]}".`);
if (!values.agency) fail("Name the importing agency (--agency): the records belong to its province.");

let config;
try {
  config = parseConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "error", SEED_DEMO: "false" });
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const database = await openDatabase(config.database, 3);
const events = new EventDispatcher(database.orm.em, signalFor(config, database), { auditKey: config.auditKey });
try {
  const agency = await database.orm.em.fork().findOne(AgencyEntity, { code: values.agency });
  if (!agency) fail(`There is no agency ${values.agency}.`);
  const viewer: Viewer = { kind: "agency", subject: `import-command:${userInfo().username}`, provinceCode: agency.province.code, agencyCode: agency.code, roles: ["agency_editor"] };
  const context = await createContext({ em: database.orm.em, clock: clockOf(config), config, events }, viewer, { sqlStatements: 0 });
  const started = performance.now();
  const show = (progress: ImportProgress) => {
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`\r${progress.phase.padEnd(8)} ${progress.rows.toLocaleString("en-US")} rows  ${Math.round(progress.rows / Math.max(seconds, 0.001)).toLocaleString("en-US")} rows/s  ${seconds.toFixed(1)} s   `);
    if (progress.phase === "done") process.stderr.write("\n");
  };
  try {
    const result = await new ImportService(context, database).run(kind, createReadStream(file), show);
    console.log(
      `Imported ${file}: ${result.rowCount.toLocaleString("en-US")} rows, ${result.insertedCount.toLocaleString("en-US")} new, ${result.alreadyPresentCount.toLocaleString("en-US")} already recorded (import ${result.id}, ${((performance.now() - started) / 1000).toFixed(1)} s).`,
    );
  } catch (error) {
    process.stderr.write("\n");
    if (!(error instanceof ImportRejected)) throw error;
    console.error(`${error.message}\n${error.problems.map((problem) => `  line ${problem.line}${problem.column ? ` (${problem.column})` : ""}: ${problem.message}`).join("\n")}`);
    process.exitCode = 1;
  }
} finally {
  await events.close();
  await database.close();
}
