import { fork, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { LOCK_FILE_NAME, lockDataDirectory, type DataDirectoryLock } from "./data-directory-lock.js";

export interface EmbeddedDatabaseOptions {
  /** Where PGlite keeps its files; null for a database in memory (tests). */
  dataDir: string | null;
  /** Start from a snapshot made by `dump` (test templates). */
  loadDump?: string | null;
  /** A data directory to copy into `dataDir` when that holds no database yet (the build's migrated one). */
  template?: string | null;
  /** At least the hub's pool size: pglite-socket refuses connections past it. */
  maxConnections: number;
}

export interface EmbeddedDatabase {
  /** The postgres:// URL the ordinary driver connects to. */
  url: string;
  /** Writes a snapshot of the data directory to `file`. */
  dump(file: string): Promise<void>;
  /**
   * Runs `sql`, a `COPY … FROM '/dev/blob'`, on `file` inside the database's process: the bulk load
   * that the wire protocol cannot carry here. It runs in the session's open transaction, if any.
   */
  copyFromFile(sql: string, file: string): Promise<void>;
  /** Stops the database process, waits for it to exit, then releases the data directory. */
  stop(): Promise<void>;
}

type ChildMessage =
  | { type: "ready"; url: string }
  | { type: "dumped"; path: string }
  | { type: "copied"; id: number; error?: { message: string; code?: string } };

/**
 * Starts PGlite behind the wire protocol in a child process and waits until it accepts connections.
 * A data directory is locked first (see lockDataDirectory): a second process on it is refused
 * before it starts a database there.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : null;
  // Synchronous up to the fork: the caller loads its heavy modules once this call returns, while
  // the database's process starts (see openDatabase).
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lock: DataDirectoryLock | null = dataDir ? lockDataDirectory(dataDir) : null;
  // Copied under the lock, so no other process can be starting a database there meanwhile.
  if (dataDir && options.template && !existsSync(path.join(dataDir, "PG_VERSION"))) {
    try {
      cpSync(options.template, dataDir, { recursive: true, filter: (source) => path.basename(source) !== LOCK_FILE_NAME });
    } catch (error) {
      lock?.release();
      throw error;
    }
  }
  const script = new URL("./embedded-server.mjs", import.meta.url);
  let child: ChildProcess;
  try {
    child = fork(script, [JSON.stringify({ dataDir, loadDump: options.loadDump ?? null, maxConnections: options.maxConnections })], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      execArgv: [],
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  if (child.pid !== undefined) lock?.recordDatabasePid(child.pid);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  // The hub may end without stopping the database (a second Ctrl-C exits at once): the lock goes
  // with it if the database has gone too; otherwise the database is still closing its files, and
  // the lock, naming it, stays until it has (then it is stale, and the next start takes it over).
  const releaseOnExit = () => {
    if (hasExited()) lock?.release();
  };
  if (lock) process.once("exit", releaseOnExit);
  const releaseLock = () => {
    process.off("exit", releaseOnExit);
    lock?.release();
  };

  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      child.on("message", (message: ChildMessage) => {
        if (message.type === "ready") resolve(message.url);
      });
      child.once("error", reject);
      void exited.then((code) => reject(new Error(`The embedded database exited during start-up (code ${code})`)));
    });
  } catch (error) {
    await stopChild(child, exited);
    releaseLock();
    throw error;
  }

  let copies = 0;
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
    copyFromFile: (sql, file) => {
      const id = (copies += 1);
      return new Promise<void>((resolve, reject) => {
        const onMessage = (message: ChildMessage) => {
          if (message.type !== "copied" || message.id !== id) return;
          child.off("message", onMessage);
          // The database's own error, with its SQLSTATE (a value it cannot store is the file's fault).
          if (message.error) reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
          else resolve();
        };
        child.on("message", onMessage);
        // A database that exits meanwhile never answers (once settled, a promise ignores this).
        void exited.then(() => reject(new Error("The embedded database exited during a bulk load")));
        child.send({ type: "copy", id, sql, path: file });
      });
    },
    stop: async () => {
      await stopChild(child, exited);
      releaseLock();
    },
  };
}

/** Asks the database process to close its files and exit, and waits until it has. */
async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    // A failed send means the process is already going: its exit is still awaited.
    if (child.connected) child.send({ type: "stop" }, () => undefined);
    else child.kill("SIGTERM");
  }
  await exited;
}
