import "reflect-metadata";
import { ConfigError, parseConfig } from "./config.js";
import { openDatabase } from "./db/database.js";
import { clockOf, startHubServer } from "./server.js";
import { vietnamDate } from "./common/clock.js";
import { seedDemoIfEmpty } from "../seeds/demo.js";

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
  const startedAt = performance.now();
  const database = await openDatabase(config.database, config.poolSize, { logStatements: config.logLevel === "debug", statementTimeoutMilliseconds: config.limits.executionTimeoutMilliseconds });
  const info = (message: string) => {
    if (config.logLevel === "info" || config.logLevel === "debug") console.log(message);
  };
  if (config.seedDemoData) {
    const seeded = await seedDemoIfEmpty(database.orm.em.fork(), vietnamDate(clockOf(config).now()));
    if (seeded) info("Seeded the programme's demo data into an empty database.");
  }
  const server = await startHubServer({ config, database });
  const where = config.database.kind === "embedded" ? `embedded PostgreSQL (PGlite) in ${config.database.dataDir}` : "PostgreSQL server";
  info(`Regional Data Hub ready at ${server.url} on ${where} (${Math.round(performance.now() - startedAt)} ms)`);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

await main();
