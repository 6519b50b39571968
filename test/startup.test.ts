/**
 * Start-ups that fail, or are interrupted, end cleanly: the real entry point on the embedded
 * database, as `npm start` runs it. Each ends with one clear line when the cause is known, stops
 * the embedded database process it forked, and releases the data directory.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { HUB_NODE_FLAGS } from "../src/common/node-flags.js";
import { LOCK_FILE_NAME } from "../src/db/data-directory-lock.js";
import { ROOT, spawnMain, startMain } from "./support/processes.js";

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function freshDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "hub-startup-"));
  directories.push(dir);
  return dir;
}

/** A stack trace's frames, or an unhandled EPIPE from the database process: none belongs in a clean exit. */
const NOISE = /EPIPE|ERR_IPC|^\s+at /m;

async function ask(url: string, query: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  return (await response.json()) as never;
}

describe("a start-up that fails", () => {
  it("on a port already taken: exits 1 with one line naming the port, and stops its embedded database", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const dataDir = await freshDataDir();
      // The outbox polled every 50 ms (its least): a poll of the events' dispatcher, started before
      // the port is taken, must not step against the database the failed start closes.
      const hub = spawnMain({ EMBEDDED_DATA_DIR: dataDir, PORT: String(port), SEED_DEMO: "false", EVENT_POLL_MS: "50" });
      expect(await hub.exited).toEqual({ code: 1, signal: null });
      expect(hub.errors().trim()).toBe(`Port ${port} on 127.0.0.1 is already in use; set PORT to another port`);
      // No database process outlives the hub, and the data directory is free again.
      await hub.released;
      expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("on a data directory another hub serves: refuses, naming the directory and that hub's pid, and the first keeps serving", async () => {
    const dataDir = await freshDataDir();
    const env = { EMBEDDED_DATA_DIR: dataDir, PORT: "0", SEED_DEMO: "false" };
    const first = await startMain(env);
    try {
      const lockFile = path.join(dataDir, LOCK_FILE_NAME);
      const lockBefore = await readFile(lockFile, "utf8");
      expect(JSON.parse(lockBefore).pid).toBe(first.pid);

      const second = spawnMain(env);
      expect(await second.exited).toEqual({ code: 1, signal: null });
      const refusal = second.errors().trim();
      expect(refusal.split("\n")).toHaveLength(1);
      expect(refusal).toContain(`The embedded data directory ${dataDir} is in use by process ${first.pid}`);
      await second.released;

      // The refusal changed nothing: the first hub's lock stands, and it still serves.
      expect(await readFile(lockFile, "utf8")).toBe(lockBefore);
      const units = await ask(first.url, "{ units { code } }");
      expect(units.errors).toBeUndefined();
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it("takes over the lock a hub killed outright left behind", async () => {
    const dataDir = await freshDataDir();
    const env = { EMBEDDED_DATA_DIR: dataDir, PORT: "0", SEED_DEMO: "false" };
    const killed = spawnMain(env);
    await killed.waitFor(/ready at/);
    killed.signal("SIGKILL");
    // Its database process notices the hub has gone, closes the data directory and exits.
    await killed.released;
    expect(killed.errors()).not.toMatch(NOISE);
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true);

    const next = await startMain(env);
    expect(await next.stop()).toBe(0);
  });
});

describe("Ctrl-C (SIGINT) during start-up", () => {
  it("while the first start creates the data directory: stops what was opened, exits 0, and leaves the directory usable", async () => {
    const dataDir = await freshDataDir();
    const env = { EMBEDDED_DATA_DIR: dataDir, PORT: "0" };
    const hub = spawnMain(env);
    await hub.waitFor(/Opening the embedded database/);
    hub.signal("SIGINT");
    expect(await hub.exited).toEqual({ code: 0, signal: null });
    await hub.released;
    expect(hub.errors()).not.toMatch(NOISE);
    expect(hub.output()).not.toMatch(/ready at/);
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);

    // The directory is consistent and free: a new start opens it.
    const next = await startMain(env);
    expect(await next.stop()).toBe(0);
  });

  it("right after the process starts: it ends without noise and leaves nothing behind", async () => {
    const dataDir = await freshDataDir();
    const hub = spawnMain({ EMBEDDED_DATA_DIR: dataDir, PORT: "0" });
    hub.signal("SIGINT");
    const ended = await hub.exited;
    // Before Node has run the hub's code the default handler ends it; after, the hub's own exits 0.
    expect(ended.code === 0 || ended.signal === "SIGINT").toBe(true);
    await hub.released;
    expect(hub.errors()).not.toMatch(NOISE);
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });
});

describe("the embedded database process", () => {
  it("exits, without an EPIPE, when the hub that forked it goes away before it is ready", async () => {
    // A parent that forks the database process as the hub does, and exits at once.
    const script = path.join(ROOT, "dist/src/db/embedded-server.mjs");
    const parentSource = `import { fork } from "node:child_process";
      fork(${JSON.stringify(script)}, [JSON.stringify({ dataDir: null, loadDump: null, maxConnections: 2 })], { stdio: ["ignore", "inherit", "inherit", "ipc"], execArgv: [] });
      process.exit(0);`;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", parentSource], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let errors = "";
    parent.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    // The pipes close once the database process, which inherited them, has exited too.
    await Promise.all([new Promise((resolve) => parent.stdout.once("close", resolve)), new Promise((resolve) => parent.stderr.once("close", resolve))]);
    expect(errors).not.toMatch(NOISE);
    expect(errors).toBe("");
  });
});

describe.skipIf(inject("testDatabase").kind !== "server")("a start on a new server database", () => {
  // A service manager starts the hub from a directory of its choosing (systemd: /): the migrator,
  // loaded only when a migration is pending, must be found from the hub's files, not from there.
  it("from another working directory: creates the schema and serves; without the Node flags `npm start` passes, it serves and warns", async () => {
    const target = inject("testDatabase");
    if (target.kind !== "server") return;
    const name = `hub_test_cwd_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: target.serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(target.serverUrl);
    url.pathname = `/${name}`;
    try {
      const hub = await startMain({ DATABASE_URL: url.toString(), PORT: "0", SEED_DEMO: "false", LOG_LEVEL: "info" }, { cwd: "/" });
      try {
        const answer = await ask(hub.url, `{ unit(code: "VN-33") { code name } }`);
        expect(answer).toEqual({ data: { unit: { code: "VN-33", name: "Đắk Lắk" } } });
        // Started as `npm start` starts it (startMain passes HUB_NODE_FLAGS): nothing to warn of.
        expect(hub.output()).not.toContain("Started without Node's");
      } finally {
        expect(await hub.stop()).toBe(0);
      }
      // `node dist/bundle/main.js` alone serves, and says which flag it lacks.
      const bare = await startMain({ DATABASE_URL: url.toString(), PORT: "0", SEED_DEMO: "false", LOG_LEVEL: "info" }, { nodeFlags: [] });
      try {
        expect(await ask(bare.url, `{ unit(code: "VN-33") { code } }`)).toEqual({ data: { unit: { code: "VN-33" } } });
        const warning = bare.output().split("\n").find((line) => line.includes("Started without Node's"));
        expect(JSON.parse(warning!)).toMatchObject({ level: 40, missingFlags: [...HUB_NODE_FLAGS] });
      } finally {
        expect(await bare.stop()).toBe(0);
      }
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
