import "reflect-metadata";
import { ConfigError, parseConfig } from "./config.js";
import { openDatabase } from "./db/database.js";
import { clockOf, startHubServer } from "./server.js";
import { vietnamDate } from "./common/clock.js";
import { seedDemoIfEmpty } from "../seeds/demo.js";
import { createLogger } from "./observability/logger.js";

/** Composition root: configuration → database → schema → HTTP + WebSocket server. */
async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  const startedAt = performance.now();
  const database = await openDatabase(config.database, config.poolSize, { logStatements: config.logLevel === "debug", statementTimeoutMilliseconds: config.limits.executionTimeoutMilliseconds });
  if (config.seedDemoData) {
    const seeded = await seedDemoIfEmpty(database.orm.em.fork(), vietnamDate(clockOf(config).now()));
    if (seeded) logger.info("Seeded the programme's demo data into an empty database.");
  }
  const server = await startHubServer({ config, database, logger });
  const where = config.database.kind === "embedded" ? `embedded PostgreSQL (PGlite) in ${config.database.dataDir}` : "PostgreSQL server";
  logger.info({ url: server.url, database: config.database.kind }, `Regional Data Hub ready at ${server.url} on ${where} (${Math.round(performance.now() - startedAt)} ms)`);

  // SIGTERM (an orchestrator) or SIGINT (Ctrl-C): drain, then close the database and exit 0. A
  // second signal during the drain exits at once (1): the operator insisted.
  let closing = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ signal }, "Second signal during shutdown: exiting without waiting");
      logger.flush();
      process.exit(1);
    }
    closing = true;
    const began = performance.now();
    logger.info({ signal }, "Shutting down: no new connections; requests in flight finish");
    try {
      await server.close();
      await database.close();
      logger.info({ durationMs: Math.round(performance.now() - began) }, "Shut down cleanly");
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "Shutdown failed");
      logger.flush();
      process.exit(1);
    }
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

await main();
