/**
 * `npm run soak`: does the hub hold up over time? Separate from `npm run bench`, which measures how
 * fast it is; this measures whether it stays the same — no errors, no memory that only grows — under
 * a steady, dashboard-like load at half of what it can take, for SOAK_MINUTES (default 10).
 *
 * 1. Refuses a database smaller than the largest scale preset (SOAK_DATABASE_URL, default
 *    postgres://postgres@127.0.0.1:5432/hub_scale, fewer than 1,000,000 price observations): a
 *    soak on a small database would not exercise the paths that could grow.
 * 2. Starts the compiled hub as its own process (bench/soak-hub.ts: LOG_LEVEL=info, every log line
 *    read and classified, none kept; no rate limit, since all the load comes from one address).
 * 3. Connects SOAK_SUBSCRIBERS graphql-ws subscribers (default 50, half anonymous, half with a Đắk
 *    Lắk agency viewer's token) to `priceObservationAdded`, and has HCMC's Department of Industry
 *    and Trade (VN-SG-SCT) report a coffee price every SOAK_WRITE_SECONDS (default 3) for the whole
 *    run; every write must succeed and reach every subscriber exactly once. The prices are dated a
 *    day apart in the 1900s, on days no earlier soak used, so they never conflict and never show in
 *    "this quarter" dashboards. They stay in the database (about 200 rows per 10 minutes).
 * 4. Probes the maximum: SOAK_PROBE_SECONDS (default 20) unthrottled, SOAK_CONNECTIONS connections
 *    (default 10), with the same mix (or takes SOAK_MAX_RPS and skips the probe).
 * 5. Soaks at half that rate (autocannon's overallRate). The mix, each connection in turn: the
 *    dashboard's cross-dataset query (dashboard/operations/cross-dataset.graphql), a list of 50 Đắk
 *    Lắk enterprises, and two `node(id:)` lookups of enterprises (ids collected first, rotated) —
 *    once anonymously and once with the owner's token. Every response is checked: non-2xx, or a
 *    body with GraphQL `errors` or without data, is an error (autocannon alone sees only statuses).
 * 6. Every SOAK_SAMPLE_SECONDS (default 30, or a tenth of a shorter run) records the hub's resident
 *    memory (/proc) and its heap used after a full garbage collection (scraped from /metrics; the
 *    lowest of three readings, so that a burst of requests in flight is not taken for growth),
 *    requests, errors, writes and deliveries so far, its CPU, open WebSockets, subscriptions, file
 *    descriptors, database sessions and event-loop lag, and prints a line.
 * 7. Judges growth over the second half of the run (the first is warm-up: caches, JIT, pools): see
 *    GROWTH_* below. Stops the hub with SIGTERM, which must drain and exit 0.
 *
 * Writes bench/SOAK.md (machine, settings, criterion, samples, verdict) and exits 1 on any error,
 * on growth, or when the run was too short to judge.
 */
import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createClient, type Client } from "graphql-ws";
import pg from "pg";
import WebSocket from "ws";
import { signDevelopmentToken } from "../src/auth/identity.js";
import { parseConfig } from "../src/config.js";
import { ROOT } from "../test/support/processes.js";
import { startSoakHub, type MetricsSnapshot, type SoakHub } from "./soak-hub.js";
import { parseCommandLine, usageError } from "../scripts/command-line.js";
import { HUB_NODE_FLAGS } from "../src/common/node-flags.js";

// ---------------------------------------------------------------------------------------------
// Settings

const USAGE = `usage: npm run soak   (no options; settings from the environment)
  SOAK_DATABASE_URL (postgres://postgres@127.0.0.1:5432/hub_scale), SOAK_MINUTES (10), SOAK_PROBE_SECONDS (20),
  SOAK_CONNECTIONS (10), SOAK_SUBSCRIBERS (50), SOAK_WRITE_SECONDS (3), SOAK_MAX_RPS, SOAK_SAMPLE_SECONDS — see bench/SOAK.md`;
parseCommandLine(USAGE, {});

function fail(message: string): never {
  console.error(`soak: ${message}`);
  process.exit(1);
}

function numberFromEnv(name: string, fallback: number, options: { min: number; integer?: boolean }): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < options.min || (options.integer && !Number.isInteger(value))) {
    usageError(USAGE, `soak: ${name} must be ${options.integer ? "an integer" : "a number"} of at least ${options.min}, got "${raw}"`);
  }
  return value;
}

const DATABASE_URL = process.env.SOAK_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/hub_scale";
const SOAK_SECONDS = numberFromEnv("SOAK_MINUTES", 10, { min: 0.1 }) * 60;
const PROBE_SECONDS = numberFromEnv("SOAK_PROBE_SECONDS", 20, { min: 1, integer: true });
const CONNECTIONS = numberFromEnv("SOAK_CONNECTIONS", 10, { min: 1, integer: true });
const SUBSCRIBER_COUNT = numberFromEnv("SOAK_SUBSCRIBERS", 50, { min: 1, integer: true });
const WRITE_SECONDS = numberFromEnv("SOAK_WRITE_SECONDS", 3, { min: 0.1 });
const GIVEN_MAX_RPS = process.env.SOAK_MAX_RPS ? numberFromEnv("SOAK_MAX_RPS", 0, { min: 2 }) : null;
/** 30 s as the issue asks; a shorter run samples more often, so that it still has enough samples to judge. */
const SAMPLE_SECONDS = numberFromEnv("SOAK_SAMPLE_SECONDS", Math.min(30, SOAK_SECONDS / 10), { min: 1 });

/** The largest preset's floor: a soak on a small database would not exercise the paths that can grow. */
const MINIMUM_PRICE_OBSERVATIONS = 1_000_000;

/**
 * The growth criterion, for the hub's heap used after a full collection and its resident memory,
 * over the samples of the second half of the run: the least-squares slope, times the time those
 * samples span, is the growth the trend predicts over that half. "No growth" when that is at most
 * GROWTH_FLOOR_MIB or at most GROWTH_FRACTION of the series' mean, whichever is larger: a few MiB
 * either way is allocator and JIT noise (and the JIT and caches still settling: the retained heap
 * rises 1-2 MiB a minute for the first minute or two, then levels off). In a ten-minute run this
 * catches a leak of about 1.6 MiB a minute or more; a slower one needs a longer SOAK_MINUTES.
 * Fewer than GROWTH_MINIMUM_SAMPLES samples in that half give no verdict.
 */
const GROWTH_FLOOR_MIB = 8;
const GROWTH_FRACTION = 0.05;
const GROWTH_MINIMUM_SAMPLES = 4;

/** SIGTERM drains requests in flight within the hub's SHUTDOWN_GRACE_MS (default 30 s); a little more before SIGKILL. */
const SHUTDOWN_WAIT_MILLISECONDS = 40_000;

/** Readings per sample, a little apart; the sample keeps the lowest heap and RSS (see takeSample). */
const READINGS_PER_SAMPLE = 3;
const READING_SPACING_MILLISECONDS = 500;

/** Between the probe and the soak: long enough for requests in flight when the probe stopped to finish. */
const PROBE_SETTLE_MILLISECONDS = 3_000;

/** How long every subscriber may take to receive an event before it counts as missing. */
const DELIVERY_WAIT_MILLISECONDS = 10_000;

/** The soak's prices are dated from here, one day per write: long before any real series. */
const FIRST_WRITE_DAY = "1900-01-01";
const LAST_WRITE_DAY = "1999-12-31";

// ---------------------------------------------------------------------------------------------
// The operations

const LIST_QUERY = `query DakLakEnterprises { enterprises(first: 50, filter: { province: { codes: ["VN-33"] } }) { totalCount nodes { id name vsicCode size province { name } } } }`;
const NODE_QUERY = `query EnterpriseById($id: ID!) { node(id: $id) { id ... on Enterprise { name vsicCode size province { name } } } }`;
const IDS_QUERY = `query SoakEnterpriseIds($province: String!) { enterprises(first: 100, filter: { province: { codes: [$province] } }) { nodes { id } } }`;
const RECORD_PRICE = `mutation SoakRecordPrice($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed observations { id observedOn } } }`;
const PRICE_SUBSCRIPTION = `subscription SoakPrices($after: String) { priceObservationAdded(after: $after, commodityCodes: ["COFFEE_ROBUSTA"], marketCodes: ["HCM-BINH-DIEN"]) { position committedAt priceObservation { id observedOn priceVnd } } }`;

// ---------------------------------------------------------------------------------------------
// autocannon, typed for what the soak uses (bench/autocannon.d.ts declares the benchmark's part;
// these are autocannon 9's documented options, node_modules/autocannon/README.md).

interface LoadRequest {
  method: "POST";
  headers: Record<string, string>;
  body: string;
  /** Called before each send when present: returns the request to send (here: the next id). */
  setupRequest?: (request: LoadRequest) => LoadRequest;
  /** Called with each response's status and body. Only in-process (no `workers`), which is why the soak runs none. */
  onResponse?: (status: number, body: string) => void;
}

interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  requests: LoadRequest[];
  overallRate?: number;
  /** With overallRate, autocannon otherwise adds synthetic samples for coordinated omission (with a 1 ms expected interval): raw latencies are wanted here. */
  ignoreCoordinatedOmission?: boolean;
  timeout?: number;
}

interface LoadHistogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
}

interface LoadResult {
  requests: LoadHistogram;
  latency: LoadHistogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

interface LoadInstance extends PromiseLike<LoadResult> {
  stop(): void;
  on(event: "response", listener: (client: unknown, statusCode: number, responseBytes: number, responseMilliseconds: number) => void): this;
  on(event: "reqError", listener: (error: Error) => void): this;
}

const startLoad = autocannon as unknown as (options: LoadOptions) => LoadInstance;

// ---------------------------------------------------------------------------------------------
// What the run counts

type Phase = "setup" | "probe" | "soak";

/** Responses of one kind of request in one phase. */
interface RequestTally {
  responses: number;
  /** Non-2xx, a body with GraphQL errors, or a body without data. */
  failed: number;
}

interface Sample {
  elapsedSeconds: number;
  requests: number;
  windowRequestsPerSecond: number;
  windowP99Milliseconds: number;
  /** The hub's CPU use over the window, in % of one core. */
  windowHubCpuPercent: number;
  /** The slowest commit-to-subscriber delivery in the window. */
  windowLagMaxMilliseconds: number;
  errors: number;
  writes: number;
  deliveries: number;
  hubDeliveries: number;
  webSockets: number;
  subscriptions: number;
  openFds: number;
  databaseSessions: number;
  rssMiB: number;
  heapUsedMiB: number;
  eventLoopP99Milliseconds: number;
  hubErrorLines: number;
  hubFailedOperations: number;
  /** The hub's metrics at the sample's last reading (its counters). */
  metrics: MetricsSnapshot;
  /** The hub's metrics at the reading with the lowest heap (the heap by space). */
  lowestHeapMetrics: MetricsSnapshot;
}

interface GrowthVerdict {
  series: string;
  samples: number;
  meanMiB: number;
  slopeMiBPerMinute: number;
  spanMinutes: number;
  projectedMiB: number;
  limitMiB: number;
  /** Null: too few samples to judge. */
  growing: boolean | null;
}

/** A first few examples of each kind of problem, for the report. */
class Problems {
  readonly examples: string[] = [];

  note(message: string): void {
    if (this.examples.length < 20) this.examples.push(message.slice(0, 600));
  }
}

const MIB = 1024 ** 2;
const number = (value: number) => Math.round(value).toLocaleString("en-US");
const mib = (bytes: number) => bytes / MIB;
/** A window's figure, or a dash where there was no window. */
const fixed = (value: number, digits: number, unit = "") => (Number.isNaN(value) ? "–" : `${value.toFixed(digits)}${unit}`);
const clock = (seconds: number) => {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
};

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function headersFor(token: string | null): Record<string, string> {
  return { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

/** A pause that ends early when `signal` aborts (never rejects). */
function pause(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, milliseconds));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

/** The least-squares slope of y over x. */
function leastSquaresSlope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / n;
  const covariance = points.reduce((sum, point) => sum + (point.x - meanX) * (point.y - meanY), 0);
  const variance = points.reduce((sum, point) => sum + (point.x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}

function judgeGrowth(series: string, samples: Sample[], valueOf: (sample: Sample) => number): GrowthVerdict {
  // Half a second's slack: the sample due at half-time may be taken a hair early (timers round).
  const afterWarmUp = samples.filter((sample) => sample.elapsedSeconds >= SOAK_SECONDS / 2 - 0.5);
  const points = afterWarmUp.map((sample) => ({ x: sample.elapsedSeconds / 60, y: valueOf(sample) }));
  const meanMiB = points.length ? points.reduce((sum, point) => sum + point.y, 0) / points.length : 0;
  const slopeMiBPerMinute = points.length >= 2 ? leastSquaresSlope(points) : 0;
  const spanMinutes = points.length >= 2 ? points.at(-1)!.x - points[0]!.x : 0;
  const projectedMiB = slopeMiBPerMinute * spanMinutes;
  const limitMiB = Math.max(GROWTH_FLOOR_MIB, GROWTH_FRACTION * meanMiB);
  return {
    series,
    samples: points.length,
    meanMiB,
    slopeMiBPerMinute,
    spanMinutes,
    projectedMiB,
    limitMiB,
    growing: points.length < GROWTH_MINIMUM_SAMPLES ? null : projectedMiB > limitMiB,
  };
}

/** Adds a number of days to a YYYY-MM-DD date. */
function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const crossDatasetQuery = await readFile(path.join(ROOT, "dashboard/operations/cross-dataset.graphql"), "utf8");

  // The database: big enough, and where the soak's prices may start.
  const database = new pg.Client({ connectionString: DATABASE_URL });
  try {
    await database.connect();
  } catch (error) {
    fail(`cannot connect to ${DATABASE_URL}: ${(error as Error).message}`);
  }
  const { rows: countRows } = await database
    .query<{ count: number }>("select count(*)::int as count from price_observation")
    .catch((error: Error) => fail(`${DATABASE_URL} is not a hub database (${error.message}): seed one with DATABASE_URL=${DATABASE_URL} npm run seed -- --scale 100`));
  const priceObservations = countRows[0]!.count;
  if (priceObservations < MINIMUM_PRICE_OBSERVATIONS) {
    await database.end();
    fail(
      `${DATABASE_URL} holds ${number(priceObservations)} price observations, fewer than the largest preset's ${number(MINIMUM_PRICE_OBSERVATIONS)}: ` +
        `seed it with DATABASE_URL=${DATABASE_URL} npm run seed -- --scale 100, or point SOAK_DATABASE_URL at one that is`,
    );
  }
  // Each write takes the next day; a margin for writes during setup and a run that overruns.
  const daysNeeded = Math.ceil((((GIVEN_MAX_RPS ? 0 : PROBE_SECONDS) + SOAK_SECONDS) / WRITE_SECONDS) * 1.2) + 20;
  // The first run of free days long enough, among the days earlier soaks left unused: after the
  // range's start, or after any day already taken, up to the next one taken.
  const { rows: freeRows } = await database.query<{ start: string | null }>(
    `with taken as (
       select distinct po.observed_on as day from price_observation po
         join commodity c on c.id = po.commodity_id join market m on m.id = po.market_id
        where c.code = 'COFFEE_ROBUSTA' and m.code = 'HCM-BINH-DIEN' and po.price_type = 'WHOLESALE' and po.observed_on between $1::date and $2::date
     ), candidates as (
       select $1::date as start, (select min(day) from taken) as next_taken
       union all
       select day + 1, lead(day) over (order by day) from taken
     )
     select min(start)::text as start from candidates
      where start + $3::int - 1 <= $2::date and (next_taken is null or next_taken - start >= $3::int)`,
    [FIRST_WRITE_DAY, LAST_WRITE_DAY, daysNeeded],
  );
  if (!freeRows[0]!.start) {
    await database.end();
    fail(
      `no ${daysNeeded} free days left for the soak's prices between ${FIRST_WRITE_DAY} and ${LAST_WRITE_DAY} (earlier soaks used them): ` +
        `delete them (coffee, WHOLESALE, at HCM-BINH-DIEN, observed in that range) or run shorter`,
    );
  }
  const firstDay = freeRows[0]!.start;
  const lastDay = addDays(firstDay, daysNeeded - 1);
  const { rows: versionRows } = await database.query<{ version: string }>("select version()");
  const postgresVersion = versionRows[0]!.version;
  const { rows: startRows } = await database.query<{ max: number }>("select coalesce(max(id), 0)::int as max from price_observation");
  const firstSoakRowAfter = startRows[0]!.max;

  console.log(`Database ${DATABASE_URL}: ${number(priceObservations)} price observations; the soak's prices start on ${firstDay}.`);
  console.log("Starting the hub…");
  let hub: SoakHub;
  try {
    hub = await startSoakHub({ DATABASE_URL, PORT: "0", LOG_LEVEL: "info", SEED_DEMO: "false", RATE_LIMIT_PER_MINUTE: "0" });
  } catch (error) {
    await database.end();
    fail((error as Error).message);
  }
  console.log(`Hub ${hub.url} (pid ${hub.pid}).`);

  // Whatever ends the run early — Ctrl-C, the hub exiting — aborts this; every wait watches it.
  const runAborted = new AbortController();
  let abortReason: string | null = null;
  const abortRun = (reason: string) => {
    abortReason ??= reason;
    runAborted.abort();
  };
  process.once("SIGINT", () => abortRun("interrupted (SIGINT)"));
  let stoppingHub = false;
  void hub.whenExited.then(({ code, signal }) => {
    if (!stoppingHub) abortRun(`the hub exited during the run (code ${code}, signal ${signal})`);
  });

  const problems = new Problems();
  let phase: Phase = "setup";
  const tallies = new Map<Phase, Map<string, RequestTally>>([
    ["probe", new Map()],
    ["soak", new Map()],
  ]);
  const transportErrors = new Map<Phase, number>([
    ["probe", 0],
    ["soak", 0],
  ]);
  let writeFailures = 0;
  let subscriberErrors = 0;
  let windowLatencies: number[] = [];
  let windowDeliveryLags: number[] = [];
  const deliveryLags: number[] = [];

  const clients: Client[] = [];
  let disposing = false;
  const stopWriting = new AbortController();
  let writer: Promise<void> = Promise.resolve();
  let load: LoadInstance | null = null;
  const samples: Sample[] = [];
  let probeResult: LoadResult | null = null;
  let soakResult: LoadResult | null = null;
  let successfulWrites = 0;
  let receivedBySubscriber: number[] = [];
  let hubExit: Awaited<ReturnType<SoakHub["stop"]>> | null = null;
  let soakRate = 0;
  let maxRps = 0;
  const enterpriseIds: string[] = [];

  try {
    const config = parseConfig({});
    const ttlSeconds = Math.ceil(PROBE_SECONDS + SOAK_SECONDS) + 3_600;
    const owner = await signDevelopmentToken(config.auth, { subject: "soak-dak-lak-viewer", roles: ["agency_viewer"], province: "VN-33", ttlSeconds });
    const editor = await signDevelopmentToken(config.auth, { subject: "soak-hcmc-editor", roles: ["agency_editor"], province: "VN-SG", agency: "VN-SG-SCT", ttlSeconds });

    const ask = async <T>(query: string, variables: Record<string, unknown>, token: string | null): Promise<T> => {
      const response = await fetch(hub.url, { method: "POST", headers: headersFor(token), body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(30_000) });
      const text = await response.text();
      let body: { data?: T | null; errors?: unknown[] };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        throw new Error(`HTTP ${response.status}: ${text.slice(0, 500)}`);
      }
      if (!response.ok || body.errors?.length || !body.data) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 1_000)}`);
      return body.data;
    };

    // Ids for the node lookups: enterprises of Đắk Lắk (the owner's) and of HCMC (another province's).
    for (const province of ["VN-33", "VN-SG"]) {
      const data = await ask<{ enterprises: { nodes: { id: string }[] } }>(IDS_QUERY, { province }, null);
      enterpriseIds.push(...data.enterprises.nodes.map((node) => node.id));
    }
    if (enterpriseIds.length === 0) throw new Error("no enterprises to look up");

    // Every operation of the mix answers once, anonymously and as the owner, before any load: a soak of errors measures nothing.
    for (const token of [null, owner]) {
      const crossDataset = await ask<Record<string, unknown[] | { nodes: unknown[] }>>(crossDatasetQuery, {}, token);
      const empty = Object.entries(crossDataset).filter(([, part]) => (Array.isArray(part) ? part.length : part.nodes.length) === 0);
      if (empty.length) throw new Error(`the cross-dataset query answered with empty parts: ${empty.map(([name]) => name).join(", ")}`);
      await ask(LIST_QUERY, {}, token);
      const lookedUp = await ask<{ node: unknown }>(NODE_QUERY, { id: enterpriseIds[0] }, token);
      if (!lookedUp.node) throw new Error(`node(id: "${enterpriseIds[0]}") answered null`);
    }

    // Subscribers: from the current position, so that the first write reaches every one of them
    // whether its subscription was live by then or replayed it.
    const { latestEventPosition } = await ask<{ latestEventPosition: string }>("query SoakPosition { latestEventPosition }", {}, null);
    const websocketUrl = hub.url.replace(/^http/, "ws");
    receivedBySubscriber = new Array<number>(SUBSCRIBER_COUNT).fill(0);
    for (let index = 0; index < SUBSCRIBER_COUNT; index += 1) {
      const token = index % 2 === 0 ? null : owner;
      const subscriberError = (what: string) => {
        if (disposing) return;
        subscriberErrors += 1;
        problems.note(`subscriber ${index}: ${what}`);
      };
      const client = createClient({
        url: websocketUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        connectionParams: token ? { authorization: `Bearer ${token}` } : undefined,
        on: { closed: (event) => subscriberError(`the connection closed (${(event as { code?: number }).code ?? "?"})`) },
      });
      clients.push(client);
      client.subscribe<{ priceObservationAdded: { committedAt: string; priceObservation: { id: string } | null } }>(
        { query: PRICE_SUBSCRIPTION, variables: { after: latestEventPosition } },
        {
          next: (value) => {
            if (value.errors?.length) return subscriberError(`errors: ${JSON.stringify(value.errors)}`);
            const event = value.data?.priceObservationAdded;
            if (!event?.priceObservation) return subscriberError(`an event without its price: ${JSON.stringify(value)}`);
            receivedBySubscriber[index]! += 1;
            const lag = Date.now() - Date.parse(event.committedAt);
            deliveryLags.push(lag);
            windowDeliveryLags.push(lag);
          },
          error: (error) => subscriberError(`failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`),
          complete: () => subscriberError("the subscription completed"),
        },
      );
    }

    let day = firstDay;
    const writePrice = async () => {
      const observedOn = day;
      day = addDays(day, 1);
      try {
        // Past the days set aside, a write could meet an earlier soak's price: the run overran its estimate.
        if (observedOn > lastDay) throw new Error(`past the ${daysNeeded} days set aside (${firstDay} to ${lastDay})`);
        const data = await ask<{ recordPriceObservations: { observations: { observedOn: string }[] } }>(
          RECORD_PRICE,
          { input: { observations: [{ commodityCode: "COFFEE_ROBUSTA", marketCode: "HCM-BINH-DIEN", observedOn, priceType: "WHOLESALE", priceVnd: String(100_000 + successfulWrites) }] } },
          editor,
        );
        const recorded = data.recordPriceObservations.observations.map((observation) => observation.observedOn);
        if (recorded.length !== 1 || recorded[0] !== observedOn) throw new Error(`recorded ${JSON.stringify(recorded)}, not ["${observedOn}"]`);
        successfulWrites += 1;
      } catch (error) {
        writeFailures += 1;
        problems.note(`price write for ${observedOn}: ${(error as Error).message}`);
      }
    };
    const allDelivered = () => receivedBySubscriber.every((received) => received >= successfulWrites);
    const waitForDeliveries = async (milliseconds: number) => {
      const deadline = performance.now() + milliseconds;
      while (!allDelivered() && performance.now() < deadline && !runAborted.signal.aborted) await pause(50, runAborted.signal);
      return allDelivered();
    };

    console.log(`Connecting ${SUBSCRIBER_COUNT} subscribers; the first price write must reach all of them…`);
    await writePrice();
    if (successfulWrites !== 1) throw new Error(`the first price write failed: ${problems.examples.at(-1)}`);
    if (!(await waitForDeliveries(30_000))) throw new Error(`the first price reached ${receivedBySubscriber.filter((received) => received > 0).length} of ${SUBSCRIBER_COUNT} subscribers within 30 s`);

    // From here to the end of the soak, a price every WRITE_SECONDS.
    writer = (async () => {
      while (!stopWriting.signal.aborted) {
        await pause(WRITE_SECONDS * 1000, stopWriting.signal);
        if (!stopWriting.signal.aborted) await writePrice();
      }
    })();

    // The mix. Each connection sends these in turn; a node lookup takes the next id of the list.
    let nextId = 0;
    const requestsFor = (caller: "anonymous" | "owner", token: string | null): LoadRequest[] => {
      const checked = (kind: string) => (status: number, body: string) => {
        const tallyOfPhase = tallies.get(phase);
        if (!tallyOfPhase) return;
        const tally = tallyOfPhase.get(kind) ?? { responses: 0, failed: 0 };
        tallyOfPhase.set(kind, tally);
        tally.responses += 1;
        // Apollo writes `errors` before `data`; a successful answer starts with its data.
        if (status >= 200 && status < 300 && body.startsWith('{"data":{') && !body.includes('"errors":')) return;
        tally.failed += 1;
        problems.note(`${phase}, ${kind}: HTTP ${status}: ${body.slice(0, 400)}`);
      };
      const request = (kind: string, body: string, vary?: LoadRequest["setupRequest"]): LoadRequest => ({ method: "POST", headers: headersFor(token), body, onResponse: checked(`${kind}, ${caller}`), ...(vary ? { setupRequest: vary } : {}) });
      const lookup = (template: LoadRequest): LoadRequest => ({ ...template, body: JSON.stringify({ query: NODE_QUERY, variables: { id: enterpriseIds[nextId++ % enterpriseIds.length] } }) });
      return [
        request("cross-dataset", JSON.stringify({ query: crossDatasetQuery })),
        request("enterprise list", JSON.stringify({ query: LIST_QUERY })),
        request("node lookup", JSON.stringify({ query: NODE_QUERY, variables: { id: enterpriseIds[0] } }), lookup),
        request("node lookup", JSON.stringify({ query: NODE_QUERY, variables: { id: enterpriseIds[0] } }), lookup),
      ];
    };
    const mix = [...requestsFor("anonymous", null), ...requestsFor("owner", owner)];
    const run = (options: Pick<LoadOptions, "duration" | "overallRate">): LoadInstance => {
      load = startLoad({ url: hub.url, connections: CONNECTIONS, requests: mix, timeout: 30, ...(options.overallRate ? { overallRate: options.overallRate, ignoreCoordinatedOmission: true } : {}), duration: options.duration });
      load.on("response", (_client, _status, _bytes, milliseconds) => windowLatencies.push(milliseconds));
      load.on("reqError", (error) => {
        transportErrors.set(phase, (transportErrors.get(phase) ?? 0) + 1);
        problems.note(`${phase}: ${error.message}`);
      });
      const instance = load;
      runAborted.signal.addEventListener("abort", () => instance.stop(), { once: true });
      return instance;
    };

    if (GIVEN_MAX_RPS) {
      maxRps = GIVEN_MAX_RPS;
      console.log(`SOAK_MAX_RPS=${GIVEN_MAX_RPS}: no probe.`);
    } else {
      console.log(`Probe: ${PROBE_SECONDS} s unthrottled on ${CONNECTIONS} connections, the same mix…`);
      phase = "probe";
      probeResult = await run({ duration: PROBE_SECONDS });
      maxRps = probeResult.requests.average;
      console.log(`Probe: ${maxRps.toFixed(1)} req/s (p50 ${probeResult.latency.p50} ms, p99 ${probeResult.latency.p99} ms).`);
    }
    if (runAborted.signal.aborted) throw new Error(abortReason ?? "aborted");
    soakRate = Math.max(1, Math.round(maxRps / 2));
    // The requests the probe abandoned when it stopped finish before the soak's first sample.
    await pause(PROBE_SETTLE_MILLISECONDS, runAborted.signal);

    // The soak, sampled as it runs.
    const soakRequests = () => [...tallies.get("soak")!.values()].reduce((sum, tally) => sum + tally.responses, 0);
    const clientErrors = () =>
      [...tallies.values()].flatMap((byKind) => [...byKind.values()]).reduce((sum, tally) => sum + tally.failed, 0) +
      [...transportErrors.values()].reduce((sum, count) => sum + count, 0) +
      writeFailures +
      subscriberErrors;
    let windowStartedAt = performance.now();
    let previousRequests = 0;
    let previousCpuSeconds = await hub.cpuSeconds();
    const takeSample = async (elapsedSeconds: number): Promise<Sample> => {
      // Each reading after a full collection: what remains is what the hub retains (see
      // bench/soak-hub.ts) — plus whatever the requests in flight hold at that moment, which can
      // be a sudden 10-20 MiB. The lowest of a few readings leaves that out; a leak is in all of them.
      // Event-loop lag first: prom-client measures it since the previous scrape, and this window
      // (from the previous sample's last reading) holds none of the soak's own forced collections.
      const eventLoopP99Seconds = (await hub.metrics()).sum("hub_nodejs_eventloop_lag_p99_seconds");
      const readings: { metrics: MetricsSnapshot; heapUsed: number; rss: number }[] = [];
      for (let reading = 0; reading < READINGS_PER_SAMPLE; reading += 1) {
        if (reading > 0) await pause(READING_SPACING_MILLISECONDS, runAborted.signal);
        await hub.collectGarbage();
        const metrics = await hub.metrics();
        readings.push({ metrics, heapUsed: metrics.sum("hub_nodejs_heap_size_used_bytes"), rss: await hub.residentBytes() });
      }
      const lowestHeap = readings.reduce((lowest, reading) => (reading.heapUsed < lowest.heapUsed ? reading : lowest));
      const rss = Math.min(...readings.map((reading) => reading.rss));
      // Counters from the last reading: the closest to this process's own counts, read next.
      const metrics = readings.at(-1)!.metrics;
      const cpuSeconds = await hub.cpuSeconds();
      const { rows } = await database.query<{ sessions: number }>("select count(*)::int as sessions from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()");
      const now = performance.now();
      const windowSeconds = (now - windowStartedAt) / 1000;
      // The first sample, taken as the load starts, has no window to speak of.
      const windowed = (value: () => number) => (elapsedSeconds > 0 ? value() : Number.NaN);
      const requests = soakRequests();
      const latencies = windowLatencies.sort((a, b) => a - b);
      const sample: Sample = {
        elapsedSeconds,
        requests,
        windowRequestsPerSecond: windowed(() => (requests - previousRequests) / windowSeconds),
        windowP99Milliseconds: windowed(() => percentile(latencies, 99)),
        windowHubCpuPercent: windowed(() => ((cpuSeconds - previousCpuSeconds) / windowSeconds) * 100),
        windowLagMaxMilliseconds: windowed(() => windowDeliveryLags.reduce((max, lag) => Math.max(max, lag), 0)),
        errors: clientErrors(),
        writes: successfulWrites,
        deliveries: receivedBySubscriber.reduce((sum, received) => sum + received, 0),
        hubDeliveries: metrics.sum("hub_events_delivered_total"),
        webSockets: metrics.sum("hub_websocket_connections"),
        subscriptions: metrics.sum("hub_subscriptions"),
        openFds: metrics.sum("hub_process_open_fds"),
        databaseSessions: rows[0]!.sessions,
        rssMiB: mib(rss),
        heapUsedMiB: mib(lowestHeap.heapUsed),
        lowestHeapMetrics: lowestHeap.metrics,
        eventLoopP99Milliseconds: eventLoopP99Seconds * 1000,
        hubErrorLines: hub.log.errors,
        // CLIENT_CLOSED is the load generator hanging up on requests in flight when a run stops: not the hub's failure.
        hubFailedOperations: metrics.sum("hub_operations_total", (labels) => labels.outcome !== "ok" && labels.outcome !== "CLIENT_CLOSED"),
        metrics,
      };
      windowLatencies = [];
      windowDeliveryLags = [];
      windowStartedAt = now;
      previousRequests = requests;
      previousCpuSeconds = cpuSeconds;
      console.log(
        `${clock(elapsedSeconds).padStart(6)}  ${number(sample.requests).padStart(8)} req (${fixed(sample.windowRequestsPerSecond, 1, "/s")}, p99 ${fixed(sample.windowP99Milliseconds, 0, " ms")}, hub CPU ${fixed(sample.windowHubCpuPercent, 0, "%")})  ` +
          `errors ${sample.errors}  hub errors ${sample.hubErrorLines + sample.hubFailedOperations}  writes ${sample.writes}  deliveries ${number(sample.deliveries)} (hub ${number(sample.hubDeliveries)}, lag max ${fixed(sample.windowLagMaxMilliseconds, 0, " ms")})  ` +
          `ws ${sample.webSockets}  subs ${sample.subscriptions}  fds ${sample.openFds}  db ${sample.databaseSessions}  ` +
          `RSS ${sample.rssMiB.toFixed(1)} MiB  heap ${sample.heapUsedMiB.toFixed(1)} MiB  loop p99 ${sample.eventLoopP99Milliseconds.toFixed(1)} ms`,
      );
      return sample;
    };

    console.log(`Soak: ${soakRate} req/s (half of ${maxRps.toFixed(1)}) for ${clock(SOAK_SECONDS)}, sampled every ${SAMPLE_SECONDS} s…`);
    phase = "soak";
    previousRequests = 0;
    previousCpuSeconds = await hub.cpuSeconds();
    windowLatencies = [];
    windowDeliveryLags = [];
    const soakStartedAt = performance.now();
    windowStartedAt = soakStartedAt;
    // The load runs a little past the soak's end and is stopped after the last sample, so that
    // every sample, the last one too, is taken under load: a sample after it stops would see the
    // requests it abandoned still finishing in the hub.
    const soakLoad = run({ duration: SOAK_SECONDS + 60, overallRate: soakRate });
    samples.push(await takeSample(0));
    for (let tick = 1; tick * SAMPLE_SECONDS <= SOAK_SECONDS + 0.001 && !runAborted.signal.aborted; tick += 1) {
      await pause(soakStartedAt + tick * SAMPLE_SECONDS * 1000 - performance.now(), runAborted.signal);
      if (runAborted.signal.aborted) break;
      samples.push(await takeSample((performance.now() - soakStartedAt) / 1000));
    }
    soakLoad.stop();
    soakResult = await soakLoad;
    if (runAborted.signal.aborted) throw new Error(abortReason ?? "aborted");

    // The writes stop; every one that succeeded must reach every subscriber.
    stopWriting.abort();
    await writer;
    await waitForDeliveries(DELIVERY_WAIT_MILLISECONDS);
  } catch (error) {
    // An abort has its reason already; anything else is a failure of the run, with its stack.
    if (!runAborted.signal.aborted) problems.note(`the run failed: ${(error as Error).stack ?? String(error)}`);
    console.error(`soak: ${(error as Error).message}`);
    abortReason ??= (error as Error).message;
  } finally {
    stopWriting.abort();
    (load as LoadInstance | null)?.stop();
    await writer.catch(() => undefined);
    disposing = true;
    await Promise.all(clients.map((client) => client.dispose())).catch(() => undefined);
    console.log("Stopping the hub (SIGTERM)…");
    stoppingHub = true;
    hubExit = await hub.stop(SHUTDOWN_WAIT_MILLISECONDS);
    const { rows } = await database.query<{ rows: number }>("select count(*)::int as rows from price_observation where id > $1", [firstSoakRowAfter]).catch(() => ({ rows: [{ rows: -1 }] }));
    console.log(`Hub exit: code ${hubExit.code}${hubExit.signal ? `, signal ${hubExit.signal}` : ""}${hubExit.killed ? " (killed: it did not exit in time)" : ""} after ${(hubExit.milliseconds / 1000).toFixed(1)} s; ${rows[0]!.rows} price observations added.`);
    await database.end();
  }

  // ---------------------------------------------------------------------------------------------
  // The verdict and the report.

  const missingDeliveries = receivedBySubscriber.reduce((sum, received) => sum + Math.max(0, successfulWrites - received), 0);
  const extraDeliveries = receivedBySubscriber.reduce((sum, received) => sum + Math.max(0, received - successfulWrites), 0);
  const requestFailures = (which: Phase) => [...(tallies.get(which)?.values() ?? [])].reduce((sum, tally) => sum + tally.failed, 0);
  const last = samples.at(-1);
  const errorCounts: [string, number][] = [
    ["probe: failed responses (non-2xx, GraphQL errors, no data)", requestFailures("probe")],
    ["probe: connection errors and timeouts", transportErrors.get("probe") ?? 0],
    ["soak: failed responses (non-2xx, GraphQL errors, no data)", requestFailures("soak")],
    ["soak: connection errors and timeouts", transportErrors.get("soak") ?? 0],
    ["price writes that failed", writeFailures],
    ["subscriber errors (errors, unexpected completion or close)", subscriberErrors],
    ["deliveries missing (a write that did not reach a subscriber)", missingDeliveries],
    ["deliveries repeated or unexpected", extraDeliveries],
    ["hub log lines at level error or fatal", hub.log.errors],
    ["hub operations ended with an error outcome (its /metrics; CLIENT_CLOSED excluded)", last?.hubFailedOperations ?? 0],
    ["hub exit other than 0 after SIGTERM", hubExit && (hubExit.code !== 0 || hubExit.killed) ? 1 : 0],
  ];
  const totalErrors = errorCounts.reduce((sum, [, count]) => sum + count, 0);
  const heapVerdict = judgeGrowth("heap used after a full GC", samples, (sample) => sample.heapUsedMiB);
  const rssVerdict = judgeGrowth("resident memory (RSS)", samples, (sample) => sample.rssMiB);
  const verdicts = [heapVerdict, rssVerdict];
  const failures: string[] = [];
  if (abortReason) failures.push(`the run did not complete: ${abortReason}`);
  if (totalErrors > 0) failures.push(`${number(totalErrors)} error(s)`);
  for (const verdict of verdicts) {
    if (verdict.growing === true) failures.push(`${verdict.series} grows: ${verdict.slopeMiBPerMinute.toFixed(2)} MiB/min, ${verdict.projectedMiB.toFixed(1)} MiB over the second half (limit ${verdict.limitMiB.toFixed(1)} MiB)`);
    if (verdict.growing === null) failures.push(`${verdict.series}: ${verdict.samples} sample(s) after warm-up, too few to judge (at least ${GROWTH_MINIMUM_SAMPLES}: run longer or set SOAK_SAMPLE_SECONDS lower)`);
  }
  const passed = failures.length === 0;

  const sampleTable = [
    "| time | requests | req/s | p99 | hub CPU | errors | hub errors | writes | deliveries received (hub's count) | delivery lag max | WebSockets | subscriptions | fds | DB sessions | RSS | heap used (after GC) | event-loop p99 |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...samples.map(
      (sample) =>
        `| ${clock(sample.elapsedSeconds)} | ${number(sample.requests)} | ${fixed(sample.windowRequestsPerSecond, 1)} | ${fixed(sample.windowP99Milliseconds, 0, " ms")} | ${fixed(sample.windowHubCpuPercent, 0, "%")} | ${sample.errors} | ${sample.hubErrorLines + sample.hubFailedOperations} | ${sample.writes} | ${number(sample.deliveries)} (${number(sample.hubDeliveries)}) | ${fixed(sample.windowLagMaxMilliseconds, 0, " ms")} | ${sample.webSockets} | ${sample.subscriptions} | ${sample.openFds} | ${sample.databaseSessions} | ${sample.rssMiB.toFixed(1)} MiB | ${sample.heapUsedMiB.toFixed(1)} MiB | ${sample.eventLoopP99Milliseconds.toFixed(1)} ms |`,
    ),
  ];
  const verdictTable = [
    "| series | samples after warm-up | mean | slope | over the second half | limit | verdict |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ...verdicts.map(
      (verdict) =>
        `| ${verdict.series} | ${verdict.samples} | ${verdict.meanMiB.toFixed(1)} MiB | ${verdict.slopeMiBPerMinute >= 0 ? "+" : ""}${verdict.slopeMiBPerMinute.toFixed(2)} MiB/min | ${verdict.projectedMiB >= 0 ? "+" : ""}${verdict.projectedMiB.toFixed(1)} MiB over ${verdict.spanMinutes.toFixed(1)} min | ${verdict.limitMiB.toFixed(1)} MiB | ${verdict.growing === null ? "too few samples" : verdict.growing ? "**growth**" : "no growth"} |`,
    ),
  ];
  const kinds = [...new Set([...(tallies.get("probe")?.keys() ?? []), ...(tallies.get("soak")?.keys() ?? [])])];
  const kindTable = [
    "| request | probe responses | soak responses | failed |",
    "| --- | ---: | ---: | ---: |",
    ...kinds.map((kind) => {
      const probe = tallies.get("probe")!.get(kind) ?? { responses: 0, failed: 0 };
      const soak = tallies.get("soak")!.get(kind) ?? { responses: 0, failed: 0 };
      return `| ${kind} | ${number(probe.responses)} | ${number(soak.responses)} | ${probe.failed + soak.failed} |`;
    }),
  ];
  // The hub's own time per operation over the soak (its histogram's sum and count, last sample minus first).
  const first = samples[0];
  const operationTable = ["| operation | operations in the soak | mean time in the hub |", "| --- | ---: | ---: |"];
  if (first && last && first !== last) {
    const names = [...new Set(last.metrics.samples.filter((sample) => sample.name === "hub_operation_duration_seconds_count").map((sample) => sample.labels.operation!))];
    for (const name of names.sort()) {
      const delta = (metric: string) => last.metrics.sum(metric, (labels) => labels.operation === name) - first.metrics.sum(metric, (labels) => labels.operation === name);
      const count = delta("hub_operation_duration_seconds_count");
      if (count > 0) operationTable.push(`| ${name} | ${number(count)} | ${((delta("hub_operation_duration_seconds_sum") / count) * 1000).toFixed(1)} ms |`);
    }
  }
  // Where the heap is, first sample and last (all after a full GC): growth in code space is the JIT
  // warming up; in old space, objects the hub keeps.
  const heapSpaceTable = ["| heap space | first sample | last sample | change |", "| --- | ---: | ---: | ---: |"];
  if (first && last) {
    const spaces = last.lowestHeapMetrics.samples.filter((sample) => sample.name === "hub_nodejs_heap_space_size_used_bytes").map((sample) => sample.labels.space!);
    for (const space of spaces) {
      const used = (sample: Sample) => mib(sample.lowestHeapMetrics.sum("hub_nodejs_heap_space_size_used_bytes", (labels) => labels.space === space));
      const change = used(last) - used(first);
      if (used(first) < 0.005 && used(last) < 0.005) continue;
      heapSpaceTable.push(`| ${space} | ${used(first).toFixed(2)} MiB | ${used(last).toFixed(2)} MiB | ${change >= 0 ? "+" : ""}${change.toFixed(2)} MiB |`);
    }
  }
  const sortedLags = [...deliveryLags].sort((a, b) => a - b);
  const errorTable = ["| kind | count |", "| --- | ---: |", ...errorCounts.map(([kind, count]) => `| ${kind} | ${count} |`)];
  const findings = [
    ...problems.examples.map((example) => `- ${example.replace(/\n/g, " ⏎ ")}`),
    ...hub.log.examples.map((example) => `- hub: ${example}`),
  ];
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const machine = [
    `- CPUs (nproc): ${os.availableParallelism()} × ${cpu}`,
    `- memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- Node.js ${process.version} on ${os.type()} ${os.release()}`,
    `- ${postgresVersion}`,
  ];
  const settings = [
    `- database: ${DATABASE_URL.replace(/\/\/[^@]*@/, "//")}, ${number(priceObservations)} price observations`,
    `- hub: \`node ${HUB_NODE_FLAGS.join(" ")} --inspect=127.0.0.1:0 dist/bundle/main.js\` with LOG_LEVEL=info (${number(hub.log.lines)} log lines read; ${hub.log.warnings} warnings, ${hub.log.errors} errors), RATE_LIMIT_PER_MINUTE=0, SEED_DEMO=false, other settings at their defaults`,
    `- mix, each of ${CONNECTIONS} connections in turn: the cross-dataset query (dashboard/operations/cross-dataset.graphql), \`${LIST_QUERY}\`, and two \`node(id:)\` lookups of enterprises (${enterpriseIds.length} ids of VN-33 and VN-SG, rotated) — anonymously, then with a VN-33 agency viewer's token`,
    `- ${SUBSCRIBER_COUNT} graphql-ws subscribers of \`priceObservationAdded\` (coffee at HCM-BINH-DIEN; half anonymous, half with the token), one price reported every ${WRITE_SECONDS} s by VN-SG-SCT's editor (dated from ${firstDay}, a day per write): ${number(successfulWrites)} writes, ${number(sortedLags.length)} deliveries, commit to delivery p50 ${percentile(sortedLags, 50)} ms, p99 ${percentile(sortedLags, 99)} ms, max ${sortedLags.at(-1) ?? 0} ms`,
    probeResult
      ? `- probe: ${PROBE_SECONDS} s unthrottled: ${maxRps.toFixed(1)} req/s, latency p50 ${probeResult.latency.p50} ms, p99 ${probeResult.latency.p99} ms`
      : `- maximum: SOAK_MAX_RPS=${maxRps} (no probe)`,
    soakResult
      ? `- soak: ${soakRate} req/s asked (half the maximum) for ${clock(SOAK_SECONDS)}: ${number(soakResult.requests.total)} requests, ${soakResult.requests.average.toFixed(1)} req/s, latency p50 ${soakResult.latency.p50} ms, p99 ${soakResult.latency.p99} ms, max ${soakResult.latency.max} ms`
      : `- soak: ${soakRate} req/s asked for ${clock(SOAK_SECONDS)}: did not complete`,
    "- autocannon's overallRate lets each connection send its share of every second back to back from the start of that second, so the load arrives in bursts: latency percentiles at half the maximum include that queueing",
    `- sampled every ${SAMPLE_SECONDS} s: ${READINGS_PER_SAMPLE} readings ${READING_SPACING_MILLISECONDS} ms apart, each after a full garbage collection in the hub (the inspector's HeapProfiler.collectGarbage), and the lowest heap used and RSS kept — what the hub retains, without what requests in flight hold at that instant; each collection pauses the hub for about 0.1 s, which shows in that window's p99`,
    hubExit ? `- SIGTERM: exit code ${hubExit.code}${hubExit.killed ? " (killed after the grace period)" : ""} after ${(hubExit.milliseconds / 1000).toFixed(1)} s` : "- SIGTERM: not reached",
  ];
  const report = [
    "# Soak results",
    "",
    `Written by \`npm run soak\` (bench/soak.ts) on ${new Date().toISOString()}. Hub, PostgreSQL and the load generator share the machine.`,
    "",
    `**${passed ? "PASS" : "FAIL"}**${passed ? ": no errors, no growth." : `: ${failures.join("; ")}.`}`,
    "",
    "## Machine",
    "",
    ...machine,
    "",
    "## What ran",
    "",
    ...settings,
    "",
    "## Growth criterion",
    "",
    `Over the samples of the second half of the run (the first half is warm-up), the least-squares slope of heap used after a full GC and of RSS, times the time those samples span, is the growth the trend predicts over that half. It must not exceed ${GROWTH_FLOOR_MIB} MiB or ${GROWTH_FRACTION * 100}% of the series' mean, whichever is larger: a ten-minute run catches a leak of about ${(GROWTH_FLOOR_MIB / 5).toFixed(1)} MiB a minute or more (a slower one needs a longer SOAK_MINUTES); with fewer than ${GROWTH_MINIMUM_SAMPLES} samples there is no verdict, and the run fails.`,
    "",
    ...verdictTable,
    "",
    "The heap by space (V8's), first sample and last, both after a full GC: growth in code space is the JIT warming up, in old space objects the hub keeps.",
    "",
    ...heapSpaceTable,
    "",
    "## Samples",
    "",
    "Requests, req/s and p99 are the soak's (req/s, p99, hub CPU — in % of one core, the forced collections included — and delivery lag over the window since the previous sample; event-loop p99 is the hub's, over the window without the forced collections); errors are the soak process's count so far (failed responses, connection errors, failed writes, subscriber errors); hub errors are its error log lines plus operations its /metrics counts as not ok; DB sessions are all client sessions on the database (the hub's pool and LISTEN connection, and anyone else's).",
    "",
    ...sampleTable,
    "",
    "## Requests",
    "",
    ...kindTable,
    "",
    "The hub's own time per operation during the soak (its `hub_operation_duration_seconds`):",
    "",
    ...operationTable,
    "",
    "## Errors",
    "",
    ...errorTable,
    "",
    ...(findings.length ? ["First problems seen:", "", ...findings, ""] : []),
  ].join("\n");
  await writeFile(path.join(ROOT, "bench/SOAK.md"), report);

  console.log(`\n${sampleTable.join("\n")}\n\n${verdictTable.join("\n")}\n\n${heapSpaceTable.join("\n")}\n\n${kindTable.join("\n")}\n\n${operationTable.join("\n")}\n\n${errorTable.join("\n")}`);
  if (findings.length) console.log(`\n${findings.join("\n")}`);
  console.log(`\n${passed ? "PASS: no errors, no growth." : `FAIL: ${failures.join("; ")}.`} Written to bench/SOAK.md.`);
  return passed ? 0 : 1;
}

// Exit at once with the verdict: nothing the run opened may keep the process alive.
process.exit(await main());
