// The embedded database's own process: PGlite (PostgreSQL compiled to WebAssembly) served over the
// PostgreSQL wire protocol by pglite-socket, so the hub's ordinary driver and SQL run unchanged.
// It lives in a child process because PGlite runs on the thread that hosts it: a heavy query would
// otherwise freeze the hub's event loop. Plain JavaScript, so it runs both from the compiled hub
// and from the TypeScript sources under vitest.
import { openAsBlob } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** @type {{ dataDir: string | null, loadDump: string | null, maxConnections: number }} */
const options = JSON.parse(process.argv[2] ?? "{}");

/** @type {PGlite | null} */
let db = null;
/** @type {PGLiteSocketServer | null} */
let server = null;

/**
 * Tells the hub something, unless it has gone: a message to a parent that went away fails with
 * EPIPE, which (without the callback) would be thrown as an unhandled error with its stack. The
 * hub's going is handled by the "disconnect" handler.
 */
function tell(message) {
  if (process.connected) process.send?.(message, () => undefined);
}

// The stop handlers are in place before the database opens: the hub may go away (Ctrl-C, a
// failed start) while PGlite is still creating the data directory.
const opening = (async () => {
  db = await PGlite.create({
    dataDir: options.dataDir ?? undefined,
    extensions: { pg_trgm },
    // PGlite's default of 128 MB of shared buffers cost half a second of every start: PostgreSQL
    // initialises the pool in WebAssembly, in one call that V8 cannot move to optimised code while
    // it runs. With 32 MB a start opens in about 0.7 s instead of 1.2 s, and the bench's import of
    // a million rows was no slower (42.5 s against 49.9 s in the same session; BENCHMARKS.md, stop 26).
    startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"],
    loadDataDir: options.loadDump ? new Blob([await readFile(options.loadDump)]) : undefined,
  });
  server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: options.maxConnections });
  await server.start();
})();

/** @type {Promise<void> | null} */
let stopping = null;
function stop() {
  stopping ??= (async () => {
    try {
      // Whatever start-up is doing finishes first: PGlite interrupted while it creates the data
      // directory would leave it half made.
      await opening.catch(() => undefined);
      await server?.stop();
      await db?.close();
    } finally {
      process.exit(0);
    }
  })();
  return stopping;
}

process.on("message", async (message) => {
  if (message?.type === "stop") await stop();
  if (message?.type === "dump" && db) {
    // A snapshot of the whole data directory, which later databases start from (test templates).
    const dump = await db.dumpDataDir("none");
    await writeFile(message.path, Buffer.from(await dump.arrayBuffer()));
    tell({ type: "dumped", path: message.path });
  }
  if (message?.type === "copy" && db) {
    // A bulk load the hub staged in a file (an import's checked rows). COPY FROM STDIN over the
    // wire protocol breaks pglite-socket's connection; `/dev/blob` is PGlite's own way in. Every
    // connection shares this one session, so the COPY runs inside the transaction the hub holds
    // open for the import, and commits or rolls back with it.
    try {
      await db.query(message.sql, [], { blob: await openAsBlob(message.path) });
      tell({ type: "copied", id: message.id });
    } catch (error) {
      tell({ type: "copied", id: message.id, error: { message: String(error?.message ?? error), code: error?.code } });
    }
  }
});
// The hub went away without saying goodbye: close cleanly so the data directory stays consistent.
process.on("disconnect", stop);
process.on("SIGTERM", stop);
// Ctrl-C in a terminal reaches every process of its group, this one too. The hub decides when the
// database stops (after its own connections have closed), and says so or disconnects: SIGINT
// itself is ignored here.
process.on("SIGINT", () => undefined);
// The hub may have gone while this process was still loading, before the handlers were in place.
if (!process.connected) void stop();

await opening;
// A hub that went away during start-up has already been answered by stop().
if (!stopping) tell({ type: "ready", url: `postgres://postgres@${server.getServerConn()}/postgres` });
