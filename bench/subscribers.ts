/**
 * Commit-to-subscriber latency at scale: a hub process (the compiled entry point, on a fresh
 * database on the PostgreSQL server, demo seeded) with N graphql-ws subscribers (default 10,000),
 * all following new coffee prices, connected from K separate client processes
 * (bench/subscriber-client.ts, default max(2, CPUs), BENCH_SUBSCRIBER_PROCESSES), one socket per
 * subscriber — so the hub serves them as it would serve N browsers, and no client event loop is
 * shared with the hub's or with the benchmark's bookkeeping.
 *
 * - Connect: the clients open their sockets BENCH_SUBSCRIBER_BATCH (default 200) at a time per
 *   process, each batch waiting until its subscriptions deliver, so the hub is never asked to
 *   accept thousands of sockets (and run their subscriptions' first reads) at once. A warm-up price
 *   is recorded before anyone connects and every subscription resumes from `after` just before it:
 *   a subscriber counts as connected when that price reaches it, i.e. its subscription is
 *   registered and live. The connect time runs from the order to connect to the last of them.
 * - Latency: prices are then reported one at a time; each is timed from its commit (`committedAt`,
 *   stamped by the hub when the write runs, so the commit itself is counted) to its arrival at
 *   each subscriber (`Date.now()` in the client process: the same machine's clock). p50/p99/max are
 *   over all deliveries; `allP50`/`allP99` are over events of the time until the LAST subscriber
 *   had the event — the delivery of one event to all — and `firstP50` of the time until the first
 *   had it (the commit and the hub's work before its first write). The hub's and the clients' CPU
 *   time over the events is logged, to tell which side the time goes to.
 * - Memory: the hub's RSS (VmRSS) before connecting and once all are subscribed and the warm-up
 *   price delivered, the difference divided by N.
 *
 * Run alone with `node dist/bench/subscribers.js [subscribers] [events]` (after `tsc -p .`);
 * `BENCH_FAN_OUT_ORIGIN=floor` measures the floor (bench/fan-out-floor.ts) instead of the hub.
 */
import "reflect-metadata";
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { signDevelopmentToken } from "../src/auth/identity.js";
import { parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import { seedDemoIfEmpty } from "../seeds/demo.js";
import { startMain, type RunningHub } from "../test/support/processes.js";
import { collectGarbage } from "./collect-garbage.js";
import { withScratchDatabase } from "./scratch-database.js";
import type { FromFanOutFloor, ToFanOutFloor } from "./fan-out-floor.js";
import type { FromSubscriberClient, ToSubscriberClient } from "./subscriber-client.js";

/** What the issue asks about: 10,000 subscribers on one instance. */
export const DEFAULT_SUBSCRIBERS = 10_000;

/** A positive whole number from the environment, or `fallback`; anything else is a mistake worth stopping for. */
function countFromEnvironment(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new Error(`${name} must be a positive whole number, got "${value}"`);
  return count;
}

/** Client processes: at least two by default, so the subscribers' side is never a single event loop. */
const CLIENT_PROCESSES = countFromEnvironment("BENCH_SUBSCRIBER_PROCESSES", Math.max(2, os.availableParallelism()));

/** Sockets a client process opens at once before waiting for them to be subscribed. */
const BATCH_SIZE = countFromEnvironment("BENCH_SUBSCRIBER_BATCH", 200);

/** The compiled client script, next to this one in dist/bench/. */
const CLIENT_SCRIPT = fileURLToPath(new URL("./subscriber-client.js", import.meta.url));

/** Prices are told apart by value; the warm-up is the first, the measured events follow it. */
const WARM_UP_PRICE = 100_000;

const SUBSCRIPTION = `subscription S($after: String) { priceObservationAdded(after: $after, commodityCodes: ["COFFEE_ROBUSTA"]) { committedAt priceObservation { priceVnd market { code } } } }`;

/** Bounds that turn a lost delivery or a stuck process into an error instead of a hang. */
const BATCH_TIMEOUT_MILLISECONDS = 120_000;
const EVENT_TIMEOUT_MILLISECONDS = 120_000;
const STOP_TIMEOUT_MILLISECONDS = 60_000;

export interface FanOutRun {
  subscribers: number;
  events: number;
  /** Subscriber processes the sockets were spread over. */
  clientProcesses: number;
  deliveries: number;
  /** Commit to arrival, over all deliveries (ms). */
  p50: number;
  p99: number;
  max: number;
  /** Commit to the last subscriber's arrival, per event: p50 and p99 over events (ms). */
  allP50: number;
  allP99: number;
  /** Commit to the FIRST subscriber's arrival, p50 over events (ms): what precedes the fan-out itself. */
  firstP50: number;
  /**
   * The hub's full (mark-compact) collections during the events, from its own metrics: each one
   * slows the event it lands on (its marking shares the two cores), so a slow event is told apart
   * from a slow fan-out.
   */
  hubFullCollections: number;
  /** Each event's time to the last subscriber, in the order recorded (ms). */
  eventsToAll: number[];
  /** From the order to connect to the last subscriber live (s). */
  connectSeconds: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  bytesPerSubscriber: number;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (clock ticks of 10 ms). */
async function cpuMillisecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces; fields 14 and 15 count from after its ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The hub's full collections so far, from prom-client's default metrics on its `/metrics`. */
async function fullCollectionsOf(hub: RunningHub): Promise<number> {
  const text = await (await fetch(new URL("/metrics", hub.url))).text();
  // The histogram is listed from the start, its series once a collection of that kind was observed.
  if (!text.includes("# TYPE hub_nodejs_gc_duration_seconds histogram")) throw new Error("the hub's /metrics has no garbage collection histogram");
  return Number(/^hub_nodejs_gc_duration_seconds_count\{kind="major"\} (\d+)/m.exec(text)?.[1] ?? 0);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Rejects after `milliseconds` with `message`; `cancel` clears the timer once the race is decided. */
function deadline(milliseconds: number, message: string): { expired: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), milliseconds)));
  return { expired, cancel: () => clearTimeout(timer) };
}

/** Resolves once `child` has exited (at once if it already has). */
function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Asks each child (a client process, the floor) to close its sockets and exit; whichever does not in time is killed. */
async function stopChildren(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      const exited = exitOf(child);
      if (child.connected) child.send({ type: "stop" } satisfies ToSubscriberClient & ToFanOutFloor);
      const timeout = deadline(STOP_TIMEOUT_MILLISECONDS, "");
      await Promise.race([exited, timeout.expired]).catch(() => child.kill("SIGKILL"));
      timeout.cancel();
      await exited;
    }),
  );
}

/** SIGTERM (the hub drains), then SIGKILL if it has not exited in time. */
async function stopHub(hub: RunningHub): Promise<void> {
  const timeout = deadline(STOP_TIMEOUT_MILLISECONDS, "");
  await Promise.race([hub.stop(), timeout.expired]).catch(() => {
    // Never pid 0: that would signal this whole process group.
    if (hub.pid > 0) {
      try {
        process.kill(hub.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  });
  timeout.cancel();
}

export async function benchFanOut(subscriberCount: number, eventCount: number, log: (message: string) => void = console.log): Promise<FanOutRun> {
  if (!existsSync(CLIENT_SCRIPT)) throw new Error(`${CLIENT_SCRIPT} is missing: run \`npx tsc -p .\` and the benchmark from dist/`);
  return withScratchDatabase("hub_bench_events", async (databaseUrl) => {
    const database = await openDatabase({ kind: "server", url: databaseUrl }, 2);
    await seedDemoIfEmpty(database.orm.em.fork(), new Date().toISOString().slice(0, 10));
    await database.close();
    // Every subscriber is anonymous from 127.0.0.1, i.e. one caller to the rate limiter (600
    // operations a minute by default): unlimited here, the benchmark measures fan-out, not refusals.
    // BENCH_HUB_NODE_ARGUMENTS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/hub-profile`) profiles the hub.
    const nodeArguments = process.env.BENCH_HUB_NODE_ARGUMENTS?.split(" ").filter(Boolean) ?? [];
    const hub = await startMain({ DATABASE_URL: databaseUrl, PORT: "0", LOG_LEVEL: "info", SEED_DEMO: "false", DATABASE_POOL_SIZE: "20", RATE_LIMIT_PER_MINUTE: "0" }, { nodeArguments });
    try {
      const run = await measureFanOut(await hubOrigin(hub), subscriberCount, eventCount, log);
      // A refused operation or a failed audit write is logged, not thrown at a subscriber: say so.
      const complaints = hub.output().split("\n").filter((line) => /"level":(40|50|60)\b/.test(line));
      if (complaints.length > 0) log(`Fan-out: the hub logged ${complaints.length} warnings or errors, the first: ${complaints[0]!.slice(0, 500)}`);
      return run;
    } catch (error) {
      // The hub's warnings and errors usually say why (a refused subscription, a full pool, a
      // crash); without any, its last lines (each closed subscription logs one: not the cause).
      const lines = hub.output().trimEnd().split("\n");
      const complaints = lines.filter((line) => /"level":(40|50|60)\b/.test(line));
      const tail = (complaints.length > 0 ? complaints : lines).slice(-5).join("\n");
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nthe hub's last ${complaints.length > 0 ? "warnings and errors" : "lines"}:\n${tail}`, { cause: error });
    } finally {
      await stopHub(hub);
    }
  });
}

/** The floor's script, next to this one in dist/bench/. */
const FLOOR_SCRIPT = fileURLToPath(new URL("./fan-out-floor.js", import.meta.url));

/**
 * The same measurement against the fan-out's floor (bench/fan-out-floor.ts): the same client
 * processes and subscriptions, each event one prepared frame written to every socket — what this
 * machine allows in the same session, for the hub's figures to be read as a ratio.
 */
export async function benchFanOutFloor(subscriberCount: number, eventCount: number, log: (message: string) => void = console.log): Promise<FanOutRun> {
  const floor = fork(FLOOR_SCRIPT, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  try {
    const recorded: (() => void)[] = [];
    const listening = new Promise<number>((resolve, reject) => {
      floor.on("message", (message: FromFanOutFloor) => {
        if (message.type === "listening") resolve(message.port);
        else recorded.shift()?.();
      });
      floor.once("exit", (code) => reject(new Error(`the fan-out floor exited (${code})`)));
    });
    const port = await listening;
    const origin: EventOrigin = {
      url: `http://127.0.0.1:${port}/graphql`,
      pid: floor.pid ?? 0,
      latestPosition: async () => null,
      record: (price) =>
        new Promise<void>((resolve) => {
          recorded.push(resolve);
          floor.send({ type: "record", price } satisfies ToFanOutFloor);
        }),
      fullCollections: async () => Number.NaN,
    };
    return await measureFanOut(origin, subscriberCount, eventCount, (message) => log(message.replace(/^Fan-out:/, "Fan-out floor:")));
  } finally {
    await stopChildren([floor]);
  }
}

/**
 * Where the measured events come from: the hub, whose prices are recorded through its API, or the
 * floor (bench/fan-out-floor.ts), which writes a prepared frame to every socket.
 */
interface EventOrigin {
  /** Its GraphQL endpoint (the WebSocket's, as http://). */
  url: string;
  pid: number;
  /** What the subscriptions resume after, read before the warm-up price is recorded. */
  latestPosition(): Promise<string | null>;
  /** Records a price; resolves once it is committed (the hub) or written (the floor). */
  record(price: string): Promise<unknown>;
  /** Its full garbage collections so far (NaN where not known). */
  fullCollections(): Promise<number>;
}

/** The hub as an origin: prices recorded as HCMC's Department of Industry and Trade, one a day. */
async function hubOrigin(hub: RunningHub): Promise<EventOrigin> {
  const config = parseConfig({});
  const editor = await signDevelopmentToken(config.auth, { subject: "bench-editor", roles: ["agency_editor"], province: "VN-SG", agency: "VN-SG-SCT", ttlSeconds: 3_600 });
  const ask = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> => {
    const response = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  let day = 0;
  return {
    url: hub.url,
    pid: hub.pid,
    latestPosition: async () => (await ask<{ latestEventPosition: string }>("{ latestEventPosition }")).latestEventPosition,
    record: (price) => {
      day += 1;
      const observedOn = new Date(Date.UTC(2001, 0, day)).toISOString().slice(0, 10);
      return ask(
        `mutation R($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }`,
        { input: { observations: [{ commodityCode: "COFFEE_ROBUSTA", marketCode: "HCM-BINH-DIEN", observedOn, priceType: "WHOLESALE", priceVnd: price }] } },
        editor,
      );
    },
    fullCollections: () => fullCollectionsOf(hub),
  };
}

/** The run proper, on a started origin; the client processes it forks are gone when it returns or throws. */
async function measureFanOut(origin: EventOrigin, subscriberCount: number, eventCount: number, log: (message: string) => void): Promise<FanOutRun> {
  // No process without a subscriber: each must report every event for it to count as delivered.
  const processCount = Math.max(1, Math.min(CLIENT_PROCESSES, subscriberCount));

  // The warm-up price lies after `after`, so every subscription replays it first, whenever it
  // registers: a subscriber has it exactly when it is live. Recorded before the "before" RSS, so
  // the first write's one-off costs are not charged to the subscribers.
  const after = await origin.latestPosition();
  await origin.record(String(WARM_UP_PRICE));
  const rssBefore = origin.pid ? await rssOf(origin.pid) : 0;

  // Any client's failure (or exit) voids the run: every wait below races with it.
  let failRun: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (failRun = reject));
  failed.catch(() => undefined);
  const waitFor = async <T>(promise: Promise<T>, milliseconds: number, what: string): Promise<T> => {
    const timeout = deadline(milliseconds, `${what}: not done after ${milliseconds / 1000} s`);
    try {
      return await Promise.race([promise, failed, timeout.expired]);
    } finally {
      timeout.cancel();
    }
  };

  // Each event's latencies, gathered from the processes; it is done when every process has reported.
  const events = new Map<string, { latencies: number[]; reports: number; done: () => void }>();
  const connections: Extract<FromSubscriberClient, { type: "connected" }>[] = [];
  let allConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (allConnected = resolve));
  let allCollected: () => void = () => undefined;
  const collected = new Promise<void>((resolve) => (allCollected = resolve));
  let collectedCount = 0;
  let allReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (allReady = resolve));
  let readyCount = 0;
  const shares = Array.from({ length: processCount }, (_, index) => Math.floor(subscriberCount / processCount) + (index < subscriberCount % processCount ? 1 : 0));

  const children: ChildProcess[] = [];
  let stopping = false;
  try {
    for (const [index] of shares.entries()) {
      const child = fork(CLIENT_SCRIPT, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
      children.push(child);
      child.on("message", (message: FromSubscriberClient) => {
        switch (message.type) {
          case "ready":
            if (++readyCount === processCount) allReady();
            return;
          case "connected":
            connections.push(message);
            if (connections.length === processCount) allConnected();
            return;
          case "collected":
            if (++collectedCount === processCount) allCollected();
            return;
          case "event": {
            const event = events.get(message.price);
            if (!event) return failRun(new Error(`client ${index} reported price ${message.price}, which was never recorded`));
            for (const latency of message.latencies) event.latencies.push(latency);
            if (++event.reports === processCount) event.done();
            return;
          }
          case "failed":
            return failRun(new Error(`client ${index}: ${message.message}`));
        }
      });
      // A failed fork or a message that could not be sent: without a listener, an uncaught exception.
      child.on("error", (error) => {
        if (!stopping) failRun(new Error(`client ${index}: ${error.message}`));
      });
      child.once("exit", (code, signal) => {
        if (!stopping) failRun(new Error(`client ${index} (pid ${child.pid}) exited (${signal ?? code}) during the run`));
      });
    }
    await waitFor(ready, 30_000, "starting the client processes");

    log(`Fan-out: connecting ${subscriberCount.toLocaleString("en-US")} subscribers from ${processCount} processes, ${BATCH_SIZE} at a time each…`);
    const connectStarted = performance.now();
    for (const [index, child] of children.entries()) {
      child.send({
        type: "connect",
        url: origin.url.replace(/^http/, "ws"),
        query: SUBSCRIPTION,
        variables: { after },
        subscribers: shares[index]!,
        batchSize: BATCH_SIZE,
        firstPrice: String(WARM_UP_PRICE),
        batchTimeoutMilliseconds: BATCH_TIMEOUT_MILLISECONDS,
      } satisfies ToSubscriberClient);
    }
    // Each process fails itself if a batch stalls; this bound only catches a silent one.
    await waitFor(connected, BATCH_TIMEOUT_MILLISECONDS * Math.ceil(Math.max(...shares) / BATCH_SIZE), "connecting");
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    const rssAfter = origin.pid ? await rssOf(origin.pid) : 0;
    const slowestBatch = Math.max(...connections.map((connection) => connection.slowestBatchMilliseconds));
    const clientMemory = connections.reduce((sum, connection) => sum + connection.rssBytes, 0);
    log(
      `Fan-out: all subscribed in ${connectSeconds.toFixed(1)} s (slowest batch ${(slowestBatch / 1000).toFixed(2)} s); ` +
        `hub ${(rssBefore / 1024 ** 2).toFixed(0)} → ${(rssAfter / 1024 ** 2).toFixed(0)} MiB; client processes ${(clientMemory / 1024 ** 2).toFixed(0)} MiB in all`,
    );

    // The client processes' garbage from opening their sockets, and this process's own (seeding,
    // earlier parts of the bench), are collected before the events, not during them.
    for (const child of children) child.send({ type: "collect" } satisfies ToSubscriberClient);
    await waitFor(collected, 60_000, "collecting the client processes' garbage");
    collectGarbage();
    log(`Fan-out: ${eventCount} events to each of ${subscriberCount.toLocaleString("en-US")} subscribers…`);
    const latestToAll: number[] = [];
    const firstToAny: number[] = [];
    // CPU over the events, to tell a busy hub from busy clients (or neither: waiting on the database).
    const cpuOf = async (pids: number[]) => (await Promise.all(pids.map((pid) => cpuMillisecondsOf(pid).catch(() => 0)))).reduce((sum, value) => sum + value, 0);
    const clientPids = children.map((child) => child.pid ?? 0);
    const fullCollectionsBefore = await origin.fullCollections();
    const [hubCpuBefore, clientCpuBefore, eventsStarted] = [await cpuOf([origin.pid]), await cpuOf(clientPids), performance.now()];
    for (let i = 1; i <= eventCount; i += 1) {
      const price = String(WARM_UP_PRICE + i);
      const everyone = new Promise<void>((resolve) => events.set(price, { latencies: [], reports: 0, done: resolve }));
      await waitFor(origin.record(price), EVENT_TIMEOUT_MILLISECONDS, `recording price ${price}`);
      await waitFor(everyone, EVENT_TIMEOUT_MILLISECONDS, `price ${price} reaching all subscribers`);
      const { latencies } = events.get(price)!;
      latestToAll.push(latencies.reduce((latest, latency) => Math.max(latest, latency), 0));
      firstToAny.push(latencies.reduce((first, latency) => Math.min(first, latency), Infinity));
    }
    const eventsWall = performance.now() - eventsStarted;
    const hubCpu = (await cpuOf([origin.pid])) - hubCpuBefore;
    const clientCpu = (await cpuOf(clientPids)) - clientCpuBefore;
    const hubFullCollections = (await origin.fullCollections()) - fullCollectionsBefore;
    log(
      `Fan-out: per event ${(eventsWall / eventCount).toFixed(0)} ms wall, hub CPU ${(hubCpu / eventCount).toFixed(0)} ms ` +
        `(${((hubCpu * 1000) / (eventCount * subscriberCount)).toFixed(0)} µs per delivery), client processes' CPU ${(clientCpu / eventCount).toFixed(0)} ms`,
    );
    // In order, to tell one slow event (a pause of the hub, a neighbour's load) from a steady cost.
    log(`Fan-out: each event to all, in order (ms): ${latestToAll.join(" ")}; the hub's full collections meanwhile: ${hubFullCollections}`);
    const eventsToAll = [...latestToAll];
    const latencies = [...events.values()].flatMap((event) => event.latencies).sort((a, b) => a - b);
    latestToAll.sort((a, b) => a - b);
    firstToAny.sort((a, b) => a - b);
    return {
      subscribers: subscriberCount,
      events: eventCount,
      clientProcesses: processCount,
      deliveries: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
      allP50: percentile(latestToAll, 50),
      allP99: percentile(latestToAll, 99),
      firstP50: percentile(firstToAny, 50),
      hubFullCollections,
      eventsToAll,
      connectSeconds,
      rssBeforeMiB: rssBefore / 1024 ** 2,
      rssAfterMiB: rssAfter / 1024 ** 2,
      bytesPerSubscriber: (rssAfter - rssBefore) / subscriberCount,
    };
  } finally {
    stopping = true;
    await stopChildren(children);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const run = await (process.env.BENCH_FAN_OUT_ORIGIN === "floor" ? benchFanOutFloor : benchFanOut)(Number(process.argv[2] ?? DEFAULT_SUBSCRIBERS), Number(process.argv[3] ?? 30));
  console.log(run);
}
