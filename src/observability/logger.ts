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
    // Standard output, written synchronously: a line is out before the process may exit.
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

export type { Logger };
