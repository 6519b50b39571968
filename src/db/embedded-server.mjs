// The embedded database's own process: PGlite (PostgreSQL compiled to WebAssembly) served over the
// PostgreSQL wire protocol by pglite-socket, so the hub's ordinary driver and SQL run unchanged.
// It lives in a child process because PGlite runs on the thread that hosts it: a heavy query would
// otherwise freeze the hub's event loop. Plain JavaScript, so it runs both from the compiled hub
// and from the TypeScript sources under vitest.
import { readFile, writeFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** @type {{ dataDir: string | null, loadDump: string | null, maxConnections: number }} */
const options = JSON.parse(process.argv[2] ?? "{}");

const db = await PGlite.create({
  dataDir: options.dataDir ?? undefined,
  extensions: { pg_trgm },
  loadDataDir: options.loadDump ? new Blob([await readFile(options.loadDump)]) : undefined,
});
const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: options.maxConnections });
await server.start();

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await db.close();
  process.exit(0);
}

process.on("message", async (message) => {
  if (message?.type === "stop") await stop();
  if (message?.type === "dump") {
    // A snapshot of the whole data directory, which later databases start from (test templates).
    const dump = await db.dumpDataDir("none");
    await writeFile(message.path, Buffer.from(await dump.arrayBuffer()));
    process.send?.({ type: "dumped", path: message.path });
  }
});
// The hub went away without saying goodbye: close cleanly so the data directory stays consistent.
process.on("disconnect", stop);
process.on("SIGTERM", stop);

process.send?.({ type: "ready", url: `postgres://postgres@${server.getServerConn()}/postgres` });
