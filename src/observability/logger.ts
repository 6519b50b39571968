import { pino, type DestinationStream, type Logger } from "pino";
import type { HubConfig } from "../config.js";

/**
 * JSON logs on standard output, one line per operation (and the start-up and shutdown lines). The
 * hub never logs a token, a variable or a value: operations are logged by name, caller kind,
 * province and agency, duration, statements and outcome.
 */
export function createLogger(config: Pick<HubConfig, "logLevel">, destination?: DestinationStream): Logger {
  const level = config.logLevel === "silent" ? "silent" : config.logLevel;
  const standardOutput = destination ? null : pino.destination({ fd: 1, sync: false, maxLength: BUFFERED_AT_MOST });
  const logger = pino(
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
    // of a `node(id)` lookup's CPU, BENCHMARKS.md). `endLogs` writes what is left before an exit.
    destination ?? standardOutput!,
  );
  if (standardOutput) standardOutputs.set(logger, standardOutput);
  return logger;
}

/**
 * What standard output may hold unwritten while its reader does not read (a stalled log shipper):
 * past it, lines are dropped rather than the process's memory growing without end or its requests
 * waiting on the log.
 */
const BUFFERED_AT_MOST = 16 * 1024 * 1024;

const standardOutputs = new WeakMap<Logger, ReturnType<typeof pino.destination>>();

/**
 * Writes every line still buffered, the one being written included, before the process exits
 * (`process.exit` would cut a write under way); gives up after `milliseconds` (a reader that has
 * stopped reading must not keep the process).
 */
export async function endLogs(logger: Logger, milliseconds = 2_000): Promise<void> {
  const output = standardOutputs.get(logger);
  if (!output) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    new Promise<void>((resolve) => {
      output.once("close", () => resolve());
      output.once("error", () => resolve());
      output.end();
    }),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, milliseconds))),
  ]);
  clearTimeout(timer);
}

export type { Logger };
