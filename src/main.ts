import "./common/compile-cache.js";
import "reflect-metadata";
import { setFlagsFromString } from "node:v8";
import { ConfigError, parseConfig, type HubConfig } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import type { HubServer } from "./server.js";
import { vietnamDate } from "./common/clock.js";
import { StartupFailure } from "./common/startup-failure.js";
import { createLogger, endLogs } from "./observability/logger.js";
import { missingNodeFlags } from "./common/node-flags.js";

/**
 * Composition root: configuration → database → schema → HTTP + WebSocket server.
 *
 * Whatever ends the process (a failed start, a signal during start-up or after it) closes what was
 * opened so far, the server before the database, so no embedded database process outlives the hub.
 */
async function main(): Promise<void> {
  let config: HubConfig;
  try {
    config = parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  // A process-wide setting, so the entry point's rather than the server's (tests start servers
  // inside the test runner's process). V8 reads it at each full collection; BENCHMARKS.md (stop 23, "The heap's growth") has the figures.
  if (config.heapGrowthPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowthPercent}`);
  const logger = createLogger(config);
  const startedAt = performance.now();
  const missingFlags = missingNodeFlags();
  if (missingFlags.length > 0) {
    logger.warn({ missingFlags }, `Started without Node's ${missingFlags.join(" ")}, which \`npm start\` passes: the hub serves, but its memory and its full collections are not those measured (src/common/node-flags.ts)`);
  }
  /** Exits once the log's last lines are written (at most 2 s: `endLogs`). */
  const exit = async (code: number): Promise<never> => {
    await endLogs(logger);
    process.exit(code);
  };

  // What start-up has opened so far.
  let database: Database | null = null;
  let server: HubServer | null = null;
  let ready = false;
  let stopSignal: NodeJS.Signals | null = null;

  const shutdown = async (signal: NodeJS.Signals) => {
    const began = performance.now();
    logger.info({ signal }, "Shutting down: no new connections; requests in flight finish");
    try {
      await server?.close();
      await database?.close();
      logger.info({ durationMs: Math.round(performance.now() - began) }, "Shut down cleanly");
      await exit(0);
    } catch (error) {
      logger.error({ err: error }, "Shutdown failed");
      await exit(1);
    }
  };

  // SIGTERM (an orchestrator) or SIGINT (Ctrl-C): drain, then close the database and exit 0. A
  // second signal exits at once (1): the operator insisted. The handlers are in place before the
  // database opens: Node's default would kill the hub mid-start (the first start takes seconds,
  // creating the data directory), leaving the embedded database process behind it. A signal during
  // start-up lets the step under way finish, then stops what it opened.
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  function onSignal(signal: NodeJS.Signals): void {
    if (stopSignal !== null) {
      logger.warn({ signal }, "Second signal during shutdown: exiting without waiting");
      process.exit(1);
    }
    stopSignal = signal;
    if (ready) void shutdown(signal);
    else logger.info({ signal }, "Signal during start-up: stopping once the step under way has finished (a second signal exits at once)");
  }

  try {
    if (config.database.kind === "embedded") logger.info({ dataDir: config.database.dataDir }, `Opening the embedded database in ${config.database.dataDir}`);
    // Called first: on the embedded default it forks the database's process before it returns
    // (which then takes a second or two to accept connections). The server's modules (Apollo,
    // type-graphql, express, the resolvers) and MikroORM's load on this process meanwhile, instead
    // of before it. (Awaited below; the catch only keeps a failure before then from counting as unhandled.)
    const opening = openDatabase(config.database, config.poolSize, { logStatements: config.logLevel === "debug", statementTimeoutMilliseconds: config.limits.executionTimeoutMilliseconds });
    const loading = Promise.all([import("./server.js"), import("../seeds/demo.js"), import("./schema.js")]);
    loading.catch(() => undefined);
    // The schema depends on the code alone: built as soon as its modules are in, while the database
    // is still opening, rather than after it (startHubServer takes the same one).
    void loading.then(([, , { hubSchema }]) => hubSchema()).catch(() => undefined);
    database = await opening;
    if (database.fromTemplate) logger.info("Started the new data directory as a copy of the build's migrated one (dist/embedded-template/).");
    if (stopSignal) return await shutdown(stopSignal);
    const [{ clockOf, startHubServer }, { seedDemoIfEmpty }] = await loading;
    if (config.seedDemoData) {
      const seeded = await seedDemoIfEmpty(database.orm.em.fork(), vietnamDate(clockOf(config).now()));
      if (seeded) logger.info("Seeded the programme's demo data into an empty database.");
    }
    if (stopSignal) return await shutdown(stopSignal);
    const started = await startHubServer({ config, database, logger });
    server = started;
    if (stopSignal) return await shutdown(stopSignal);
    ready = true;
    const where = config.database.kind === "embedded" ? `embedded PostgreSQL (PGlite) in ${config.database.dataDir}` : "PostgreSQL server";
    logger.info({ url: started.url, database: config.database.kind }, `Regional Data Hub ready at ${started.url} on ${where} (${Math.round(performance.now() - startedAt)} ms)`);
  } catch (error) {
    // The start failed: what it opened is closed (the embedded database stops and releases its
    // data directory), then the cause is said, on one line when it is known.
    try {
      await database?.close();
    } catch (closing) {
      logger.error({ err: closing }, "Closing the database after the failed start failed");
    }
    const known = knownCause(error, config);
    if (known) console.error(known);
    else console.error("The hub could not start:", error);
    await exit(1);
  }
}

/** The message of a start-up failure whose cause is known (no stack: it says what to do), else null. */
function knownCause(error: unknown, config: HubConfig): string | null {
  if (error instanceof StartupFailure) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (config.database.kind === "server" && (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT")) {
    const url = new URL(config.database.url);
    return `No PostgreSQL server answers at ${url.host} (DATABASE_URL); start it, or unset DATABASE_URL to use the embedded database`;
  }
  return null;
}

await main();
