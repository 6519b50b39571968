import { pino, type DestinationStream, type Logger } from "pino";
import type { HubConfig } from "../config.js";

/**
 * JSON logs on standard output, one line per operation (and the start-up and shutdown lines). The
 * hub never logs a token, a variable or a value: operations are logged by name, caller kind,
 * province and agency, duration, statements and outcome.
 */
export function createLogger(config: Pick<HubConfig, "logLevel">, destination?: DestinationStream): Logger {
  const level = config.logLevel === "silent" ? "silent" : config.logLevel;
  return pino(
    {
      level,
      base: { service: "regional-data-hub" },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Belt and braces: should a header ever be logged, its secrets are not.
      redact: { paths: ["authorization", "*.authorization", "headers.authorization", "token", "*.token"], remove: true },
    },
    // Standard output, written asynchronously: a line is handed to the kernel at once when no write
    // is under way, and the lines that come while one is are written together after it. Written
    // synchronously, the line of every operation was a system call on the request's path (a tenth
    // of a `node(id)` lookup's CPU, BENCHMARKS.md). What is still buffered is written at exit
    // (pino flushes its destination then; `main.ts` flushes before it exits).
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

export type { Logger };
