import { fork, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";

export interface EmbeddedDatabaseOptions {
  /** Where PGlite keeps its files; null for a database in memory (tests). */
  dataDir: string | null;
  /** Start from a snapshot made by `dump` (test templates). */
  loadDump?: string | null;
  /** At least the hub's pool size: pglite-socket refuses connections past it. */
  maxConnections: number;
}

export interface EmbeddedDatabase {
  /** The postgres:// URL the ordinary driver connects to. */
  url: string;
  /** Writes a snapshot of the data directory to `file`. */
  dump(file: string): Promise<void>;
  stop(): Promise<void>;
}

type ChildMessage = { type: "ready"; url: string } | { type: "dumped"; path: string };

/** Starts PGlite behind the wire protocol in a child process and waits until it accepts connections. */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : null;
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const script = new URL("./embedded-server.mjs", import.meta.url);
  const child: ChildProcess = fork(script, [JSON.stringify({ dataDir, loadDump: options.loadDump ?? null, maxConnections: options.maxConnections })], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: [],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    child.on("message", (message: ChildMessage) => {
      if (message.type === "ready") resolve(message.url);
    });
    child.once("error", reject);
    void exited.then((code) => reject(new Error(`The embedded database exited during start-up (code ${code})`)));
  });

  return {
    url,
    dump: (file) =>
      new Promise<void>((resolve) => {
        const onMessage = (message: ChildMessage) => {
          if (message.type === "dumped" && message.path === file) {
            child.off("message", onMessage);
            resolve();
          }
        };
        child.on("message", onMessage);
        child.send({ type: "dump", path: file });
      }),
    stop: async () => {
      if (child.exitCode === null && child.connected) child.send({ type: "stop" });
      await exited;
    },
  };
}
