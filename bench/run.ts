/**
 * `npm run bench`: the hub's performance on the largest scale preset, published in BENCHMARKS.md.
 * Not part of `npm test`. From a fresh clone it first loads the preset (see ensureLargestPreset).
 *
 * 1. Starts the hub in this process (openDatabase + startHubServer) on BENCH_DATABASE_URL (default
 *    postgres://postgres@127.0.0.1:5432/hub_scale), checks once that each operation answers
 *    without errors, then loads it with autocannon (in a worker thread, so the load generator does
 *    not share the hub's event loop; every answer checked for GraphQL errors): one connection for
 *    unloaded latency, then BENCH_CONNECTIONS (default 10) for throughput, BENCH_DURATION seconds
 *    each (default 10) — anonymously and with an owner's token — for the dashboard's cross-dataset
 *    query, a list query and `node(id)` lookups. Then concurrent writers: editors of four
 *    provinces reporting prices (bench/price-reports.cjs).
 * 1b. Side by side with PostGraphile 5 on the same database (bench/peer.ts; alone with
 *    `npm run bench -- --peer-only --seconds 3`): hub/peer ratios per query shape, on a hub in a
 *    process of its own as deployed; on the same hub, the price of the audit log: the same scores
 *    read by their owners (not audited) and by agreement holders (one audit entry per request).
 * 2. Imports a CSV of BENCH_IMPORT_ROWS price observations (default 1,000,000) into a fresh
 *    database on the server, alternating with the floor (the same rows sent by COPY into a copy of
 *    the table with its indexes) and printing the ratio, then into the embedded database
 *    (bench/imports.ts).
 * 3. Connects BENCH_SUBSCRIBERS graphql-ws subscribers (default 10,000, from client processes of
 *    their own) to a hub process and times each event from commit to every subscriber
 *    (bench/subscribers.ts).
 * 4. (Run first, before the other parts load the machine.) Times `node dist/bundle/main.js` on a fresh
 *    EMBEDDED_DATA_DIR from spawn to its "ready" line (the first start creates the database and
 *    seeds the demo), then again on the same directory; BENCH_COLD_STARTS directories (default 3),
 *    the medians reported.
 *
 * Prints tables and writes BENCHMARKS.md with the machine it ran on (keeping its hand-written
 * record of optimisations).
 */
import "reflect-metadata";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";
import pg from "pg";
import { signDevelopmentToken } from "../src/auth/identity.js";
import { parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import { startHubServer } from "../src/server.js";
import { benchImports, type ImportBench, type ImportRound } from "./imports.js";
import { benchFanOut, benchFanOutFloor, DEFAULT_SUBSCRIBERS, type FanOutRun } from "./subscribers.js";
import { parseCommandLine, usageError } from "../scripts/command-line.js";
import { benchPeer, withPeerSection } from "./peer.js";
import { median } from "./statistics.js";
import { mainArguments } from "../test/support/processes.js";

const USAGE = `usage: npm run bench [-- --peer-only] [-- --seconds N] [-- --rounds N]   (other settings from the environment)
  --peer-only   only the comparison with PostGraphile 5 (bench/peer.ts), on whatever BENCH_DATABASE_URL holds;
                it rewrites only its own section of BENCHMARKS.md
  --seconds N   seconds per load run (default BENCH_DURATION)
  --rounds N    hub/peer rounds per shape in the comparison (default BENCH_PEER_ROUNDS, 2)
  BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/hub_scale), BENCH_DURATION (10 s), BENCH_CONNECTIONS (10),
  BENCH_PARTS (queries,peer,imports,fanout,coldstart), BENCH_NODE (the Node the bench runs on; default this one if the hub supports it, else Node 24 from npm),
  BENCH_HUB_NODE and BENCH_PEER_NODE (the comparison's hub or peer on another Node), BENCH_IMPORT_ROWS (1000000), BENCH_SUBSCRIBERS (10000), BENCH_FAN_OUT_EVENTS (30), BENCH_SUBSCRIBER_CLIENT (graphql-ws: its client object per subscriber),
  BENCH_AUDIT_ROUNDS (4: the audited pair's rounds, each side first in turn), BENCH_COLD_STARTS (3: new embedded directories, each started twice)`;
const { values: options } = parseCommandLine(USAGE, {
  options: { "peer-only": { type: "boolean" }, seconds: { type: "string" }, rounds: { type: "string" } },
});
function positiveOption(name: string, raw: string | undefined, fallback: number): number {
  const value = Number(raw ?? fallback);
  if (!Number.isInteger(value) || value <= 0) usageError(USAGE, `--${name} needs a whole number above 0, got "${raw}"`);
  return value;
}

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/hub_scale";
const DURATION = positiveOption("seconds", options.seconds, Number(process.env.BENCH_DURATION ?? 10));
const PEER_ROUNDS = positiveOption("rounds", options.rounds, Number(process.env.BENCH_PEER_ROUNDS ?? 2));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** The import beside its floor, round by round, and the embedded database's time. */
function importTableOf(bench: ImportBench): string[] {
  const ratio = (round: ImportRound) => round.importSeconds / round.floorSeconds;
  const total = (pick: (round: ImportRound) => number) => bench.rounds.reduce((sum, round) => sum + pick(round), 0);
  return [
    `${number(bench.rows)} rows, ${(bench.fileBytes / 1024 ** 2).toFixed(1)} MiB of CSV.`,
    "",
    "| database | round | import | floor: COPY into a copy of the table | import / floor | import throughput |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...bench.rounds.map((round, index) => `| PostgreSQL server | ${index + 1} | ${round.importSeconds.toFixed(1)} s | ${round.floorSeconds.toFixed(1)} s | **${ratio(round).toFixed(2)}x** | ${number(bench.rows / round.importSeconds)} rows/s |`),
    ...(bench.rounds.length > 1 ? [`| PostgreSQL server | all | ${total((round) => round.importSeconds).toFixed(1)} s | ${total((round) => round.floorSeconds).toFixed(1)} s | **${(total((round) => round.importSeconds) / total((round) => round.floorSeconds)).toFixed(2)}x** | |`] : []),
    ...(bench.embedded ? [`| embedded PGlite | 1 | ${bench.embedded.seconds.toFixed(1)} s | | | ${number(bench.embedded.rowsPerSecond)} rows/s |`] : []),
  ];
}

/** BENCH_PARTS=queries,peer,imports,fanout,coldstart (default all): a partial run prints its tables but leaves BENCHMARKS.md alone. */
const ALL_PARTS = ["queries", "peer", "imports", "fanout", "coldstart"] as const;
const PEER_ONLY = options["peer-only"] === true;
const PARTS = PEER_ONLY ? new Set(["peer"]) : new Set((process.env.BENCH_PARTS ?? ALL_PARTS.join(",")).split(",").map((part) => part.trim()));
const COMPLETE = ALL_PARTS.every((part) => PARTS.has(part));

/** The repository root, from dist/bench/run.js. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The largest preset's floor: the benchmark means nothing on a smaller database. */
const LARGEST = { enterprise: 100_000, technology_assessment: 100_000, price_observation: 1_000_000 };

/** A list dashboards page through: Đắk Lắk's latest coffee prices, with market, commodity and reporting agency. */
const LIST_QUERY = `query DakLakCoffeePrices { priceObservations(first: 50, filter: { commodityCodes: ["COFFEE_ROBUSTA"], marketProvince: { codes: ["VN-33"] } }) { totalCount nodes { id observedOn priceType priceVnd unit market { name } commodity { name } sourceAgency { name } } pageInfo { hasNextPage endCursor } } }`;

/** One record by its global id, as a dashboard opens a detail view: a different Đắk Lắk enterprise each request. */
const NODE_QUERY = `query EnterpriseById($id: ID!) { node(id: $id) { id ... on Enterprise { name vsicCode size ownerProvinceCodes province { code name } } } }`;

interface LoadRun {
  scenario: string;
  connections: number;
  statements: number;
  result: Result;
}

/** One price report: what each of the concurrent writers sends (bench/price-reports.cjs varies it). */
const PRICE_REPORT = "mutation ReportPrice($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }";

/**
 * The concurrent writers: each province's Department of Industry and Trade reporting black pepper
 * prices at one of its own markets. Writers of different provinces share no rows; what they may
 * still wait for is the hub's own log (the audit chain and the outbox positions).
 */
const PRICE_REPORTERS = [
  { province: "VN-SG", agency: "VN-SG-SCT", marketCode: "HCM-BINH-DIEN" },
  { province: "VN-33", agency: "VN-33-SCT", marketCode: "DLK-BUON-MA-THUOT" },
  { province: "VN-35", agency: "VN-35-SCT", marketCode: "LDG-DA-LAT" },
  { province: "VN-30", agency: "VN-30-SCT", marketCode: "GLA-PLEIKU" },
];
const REPORTED_COMMODITY = "PEPPER_BLACK";

interface ColdStart {
  label: string;
  /** Spawn to the "ready" line, as this process measured it. */
  wallMilliseconds: number;
  /** What the hub reported in its ready line (configuration parsed to listening). */
  reportedMilliseconds: number | null;
}

interface CrossDatasetAnswer {
  farmGate: { points: unknown[] }[];
  hcmcWholesale: { points: unknown[] }[];
  coffeeProcessors: { totalCount: number; nodes: { latestAssessment: unknown }[] };
  foodTechnologyProgrammes: { nodes: unknown[] };
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(1);
}

/** Sends the operation once and insists on an answer in every part: a benchmark of errors measures nothing. */
async function checkAnswer(url: string, query: string, token: string | null): Promise<string> {
  const response = await fetch(url, { method: "POST", headers: headersFor(token), body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: CrossDatasetAnswer | null; errors?: unknown[] };
  if (!response.ok || body.errors?.length) fail(`the query failed: ${JSON.stringify(body.errors ?? response.status).slice(0, 2_000)}`);
  const data = body.data;
  if (!data) fail("the query answered without data");
  const parts = {
    "farm-gate series": data.farmGate.length,
    "HCMC wholesale series": data.hcmcWholesale.length,
    "coffee processors": data.coffeeProcessors.nodes.length,
    "food-technology programmes": data.foodTechnologyProgrammes.nodes.length,
  };
  const empty = Object.entries(parts).filter(([, count]) => count === 0);
  if (empty.length > 0) fail(`the query answered with empty parts: ${empty.map(([name]) => name).join(", ")}`);
  const assessed = data.coffeeProcessors.nodes.filter((node) => node.latestAssessment !== null).length;
  return (
    `${parts["farm-gate series"]} farm-gate and ${parts["HCMC wholesale series"]} HCMC wholesale series, ` +
    `${data.coffeeProcessors.totalCount.toLocaleString("en-US")} coffee processors (first ${parts["coffee processors"]}, ${assessed} with a published level), ` +
    `${parts["food-technology programmes"]} food-technology programmes`
  );
}

function headersFor(token: string | null): Record<string, string> {
  return { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

/** An operation as the load sends it: one body, or several sent in turn (a `node` lookup of many ids). */
interface Operation {
  query: string;
  variables?: Record<string, unknown>[];
  /** A new request each time, made by this CommonJS module in autocannon's worker (writes, which cannot repeat); `variables` then holds the check's. */
  setupRequest?: string;
  /** Runs before each load of the operation. */
  prepare?: () => Promise<void>;
}

function bodiesOf(operation: Operation): string[] {
  return (operation.variables ?? [undefined]).map((variables) => JSON.stringify({ query: operation.query, variables }));
}

async function load(url: string, operation: Operation, connections: number, token: string | null): Promise<{ connections: number; result: Result }> {
  const bodies = bodiesOf(operation);
  const result = await autocannon({
    url,
    method: "POST",
    headers: headersFor(token),
    // Each connection sends the bodies in turn (one, unless the operation varies its variables).
    requests: operation.setupRequest ? [{ method: "POST", setupRequest: operation.setupRequest }] : bodies.map((body) => ({ method: "POST", body })),
    connections,
    duration: DURATION,
    workers: 1,
    verifyBody: path.join(ROOT, "bench/no-graphql-errors.cjs"),
  });
  const mismatches = result.mismatches ?? 0;
  if (result.errors > 0 || result.non2xx > 0 || mismatches > 0) fail(`${result.errors} errors, ${result.non2xx} non-2xx responses and ${mismatches} answers with GraphQL errors under load`);
  return { connections, result };
}

const FIRST_START = "first start (new directory: creates the database, migrates, seeds the demo)";
const SECOND_START = "second start (same directory)";
/** New data directories started, each then started again: the medians are the figures (a start is short, and one is noise). */
const COLD_START_PAIRS = Number(process.env.BENCH_COLD_STARTS ?? 3);

/** `pairs` new embedded data directories, each started twice (first and second start). */
async function coldStarts(pairs: number): Promise<ColdStart[]> {
  console.log(`Timing the embedded cold start (${pairs} new directories, each started twice)…`);
  const starts: ColdStart[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "hub-bench-embedded-"));
    try {
      starts.push(await coldStart(FIRST_START, dataDir));
      starts.push(await coldStart(SECOND_START, dataDir));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return starts;
}

/** Spawns the compiled entry point on an embedded data directory and times it to its "ready" line. */
async function coldStart(label: string, dataDir: string): Promise<ColdStart> {
  const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info" };
  delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, mainArguments(), { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const ready = await new Promise<{ wall: number; line: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label}: no "ready" line within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const line = output.split("\n").find((candidate) => candidate.includes("ready at"));
      if (line) {
        clearTimeout(timer);
        resolve({ wall: performance.now() - started, line });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${label}: the hub exited with ${code} before it was ready:\n${output}`));
    });
  });
  child.removeAllListeners("exit");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(killer);
  const reported = /\((\d+) ms\)/.exec(ready.line);
  return { label, wallMilliseconds: ready.wall, reportedMilliseconds: reported ? Number(reported[1]) : null };
}

/**
 * The largest preset in DATABASE_URL, loaded first if it is not there (a fresh clone's first run):
 * the database is created on its server if missing, then `npm run seed -- --scale 100` fills it
 * (about 90 s; a preset already loaded adds nothing).
 */
async function ensureLargestPreset(): Promise<void> {
  const target = new URL(DATABASE_URL);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(DATABASE_URL);
  maintenance.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  let counts: Record<string, number> = {};
  try {
    const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) {
      console.log(`Creating the database ${name}…`);
      await admin.query(`create database "${name.replace(/"/g, '""')}"`);
    } else {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        for (const table of Object.keys(LARGEST)) {
          const result = await client.query<{ count: number }>(`select count(*)::int as count from ${table}`).catch(() => ({ rows: [{ count: 0 }] }));
          counts[table] = result.rows[0]!.count;
        }
      } finally {
        await client.end();
      }
    }
  } finally {
    await admin.end();
  }
  if (Object.entries(LARGEST).every(([table, floor]) => (counts[table] ?? 0) >= floor)) return;
  console.log(`Loading the largest scale preset into ${name} (npm run seed -- --scale 100, about 90 s)…`);
  const started = performance.now();
  const seeding = spawn(process.execPath, [path.join(ROOT, "dist/seeds/seed.js"), "--scale", "100"], { cwd: ROOT, env: { ...process.env, DATABASE_URL }, stdio: ["ignore", "inherit", "inherit"] });
  const code = await new Promise<number | null>((resolve) => seeding.once("exit", resolve));
  if (code !== 0) fail(`seeding the largest preset failed (exit code ${code})`);
  console.log(`Seeded in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  counts = {};
}

const HAND_WRITTEN_START = "<!-- kept by npm run bench: the optimisations, before and after -->";
const HAND_WRITTEN_END = "<!-- end of the kept part -->";
const HAND_WRITTEN = new RegExp(`${HAND_WRITTEN_START}[\\s\\S]*?${HAND_WRITTEN_END}`);

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const number = (value: number) => Math.round(value).toLocaleString("en-US");

/** `--peer-only`: the comparison alone, its section of BENCHMARKS.md replaced and the rest left as it was. */
async function peerOnly(): Promise<void> {
  const section = await benchPeer({ root: ROOT, databaseUrl: DATABASE_URL, seconds: DURATION, connections: CONNECTIONS, rounds: PEER_ROUNDS, fail });
  const file = path.join(ROOT, "BENCHMARKS.md");
  await writeFile(file, withPeerSection(await readFile(file, "utf8").catch(() => "# Benchmarks\n"), section));
  console.log(`\n${section.join("\n")}\n\nWritten to BENCHMARKS.md (its section "Side by side with PostGraphile 5" only).`);
}

async function main(): Promise<void> {
  if (PEER_ONLY) return await peerOnly();
  const benchStarted = performance.now();
  // First, while nothing else runs: a start is a second or two of one process's work, which any
  // load still settling (a vacuum after the imports, 10,000 sockets closing) would be measured in.
  const starts = PARTS.has("coldstart") ? await coldStarts(COLD_START_PAIRS) : [];
  await ensureLargestPreset();
  const query = await readFile(path.join(ROOT, "dashboard/operations/cross-dataset.graphql"), "utf8");
  // The load comes from one address and one token per scenario: rate limits off, the benchmark measures the hub.
  const config = parseConfig({ ...process.env, DATABASE_URL: DATABASE_URL, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "error", SEED_DEMO: "false", RATE_LIMIT_PER_MINUTE: "0" });
  const database = await openDatabase(config.database, config.poolSize, { statementTimeoutMilliseconds: config.limits.executionTimeoutMilliseconds });
  const connection = database.orm.em.fork().getConnection();
  const sizes: Record<string, number> = {};
  for (const table of ["enterprise", "technology_assessment", "price_observation", "listing", "trade_flow", "training_link", "programme"]) {
    const [row] = await connection.execute<{ count: number }[]>(`select count(*)::int as count from ${table}`);
    sizes[table] = row!.count;
  }
  for (const [table, floor] of Object.entries(LARGEST)) {
    if (sizes[table]! < floor) {
      await database.close();
      fail(`${DATABASE_URL} holds ${number(sizes[table]!)} rows of ${table}, fewer than the largest preset's ${number(floor)}: run DATABASE_URL=${DATABASE_URL} npm run seed -- --scale 100`);
    }
  }
  const [{ version: postgres }] = (await connection.execute<{ version: string }[]>("select version()")) as [{ version: string }];

  // Statements of the benchmark's own check requests, by request id (a load's stragglers end later and must not be counted instead).
  const checked = new Map<string, number>();
  const server = await startHubServer({ config, database, onOperationEnd: (statistics) => statistics.requestId.startsWith("bench-check-") && checked.set(statistics.requestId, statistics.sqlStatements) });
  const token = (province: string) => signDevelopmentToken(config.auth, { subject: `bench-${province}`, roles: ["agency_viewer"], province, ttlSeconds: 3_600 });
  const owner = await token("VN-33");
  const enterpriseIds = await connection.execute<{ id: number }[]>(`select id from enterprise where province_code = 'VN-33' order by id limit 500`);
  const nodeLookup: Operation = { query: NODE_QUERY, variables: enterpriseIds.map(({ id }) => ({ id: Buffer.from(`Enterprise:${id}`).toString("base64url") })) };
  const crossDataset: Operation = { query };
  const list: Operation = { query: LIST_QUERY };
  // Reports on days before 1950, after any an earlier load wrote: every request is a new row (none is
  // refused as a repeat), and none appears among the dashboards' recent prices.
  const lastReportedDay = async () =>
    ((await connection.execute<{ last: string }[]>(`select coalesce(max(observed_on), date '1900-01-01')::text as last from price_observation where observed_on < date '1950-01-01'`)) as [{ last: string }])[0].last;
  const last = await lastReportedDay();
  const reporters = await Promise.all(
    PRICE_REPORTERS.map(async (reporter) => ({
      ...reporter,
      commodityCode: REPORTED_COMMODITY,
      token: await signDevelopmentToken(config.auth, { subject: `bench-editor-${reporter.province}`, roles: ["agency_editor"], province: reporter.province, agency: reporter.agency, ttlSeconds: 3_600 }),
    })),
  );
  const dayAfter = (day: string, days: number) => new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10);
  const priceReports: Operation = {
    // Each load starts a new worker, counting from past the last day written: a request still in
    // flight when the previous load stopped may commit later, a few days further on.
    prepare: async () => void (process.env.BENCH_PRICE_REPORTERS = JSON.stringify({ reporters, firstDay: dayAfter(await lastReportedDay(), CONNECTIONS + 1) })),
    query: PRICE_REPORT,
    variables: [{ input: { observations: [{ commodityCode: REPORTED_COMMODITY, marketCode: reporters[0]!.marketCode, observedOn: dayAfter(last, 1), priceType: "WHOLESALE", priceVnd: "140000" }] } }],
    setupRequest: path.join(ROOT, "bench/price-reports.cjs"),
  };
  const scenarios: { name: string; operation: Operation; token: string | null; connections: number[] }[] = [
    { name: "cross-dataset, anonymous", operation: crossDataset, token: null, connections: [1, CONNECTIONS] },
    { name: "cross-dataset, owner's token (VN-33 agency)", operation: crossDataset, token: owner, connections: [1, CONNECTIONS] },
    { name: "list: 50 Đắk Lắk coffee prices, anonymous", operation: list, token: null, connections: [1, CONNECTIONS] },
    { name: "list: 50 Đắk Lắk coffee prices, owner's token", operation: list, token: owner, connections: [1, CONNECTIONS] },
    { name: `node(id): one of ${enterpriseIds.length} Đắk Lắk enterprises in turn, anonymous`, operation: nodeLookup, token: null, connections: [1, CONNECTIONS] },
    { name: `node(id): one of ${enterpriseIds.length} Đắk Lắk enterprises in turn, owner's token`, operation: nodeLookup, token: owner, connections: [1, CONNECTIONS] },
    { name: `price reports by the editors of ${reporters.length} provinces in turn (a row, an audit entry and an event each)`, operation: priceReports, token: reporters[0]!.token, connections: [1, CONNECTIONS] },
  ];
  const runs: LoadRun[] = [];
  let answer = "(not run)";
  try {
    answer = await checkAnswer(server.url, query, null);
    console.log(`Cross-dataset query on ${DATABASE_URL}: ${answer}.`);
    for (const scenario of PARTS.has("queries") ? scenarios : []) {
      const requestId = `bench-check-${scenarios.indexOf(scenario) + 1}`;
      const reply = await fetch(server.url, { method: "POST", headers: { ...headersFor(scenario.token), "x-request-id": requestId }, body: bodiesOf(scenario.operation)[0] });
      const body = (await reply.json()) as { data?: unknown; errors?: unknown[] };
      if (body.errors?.length) fail(`${scenario.name}: ${JSON.stringify(body.errors).slice(0, 1_000)}`);
      if (JSON.stringify(body.data).includes(":null}") && scenario.operation === nodeLookup) fail(`${scenario.name}: the node was not found`);
      const perRequest = checked.get(requestId) ?? -1;
      for (const connections of scenario.connections) {
        console.log(`${scenario.name}: ${connections} connection(s) for ${DURATION} s…`);
        await scenario.operation.prepare?.();
        runs.push({ scenario: scenario.name, statements: perRequest, ...(await load(server.url, scenario.operation, connections, scenario.token)) });
      }
    }
  } finally {
    await server.close();
    await database.close();
  }

  // The comparison after the in-process hub has closed: its servers run in processes of their own.
  const peerSection = PARTS.has("peer") ? await benchPeer({ root: ROOT, databaseUrl: DATABASE_URL, seconds: DURATION, connections: CONNECTIONS, rounds: PEER_ROUNDS, fail }) : [];

  const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
  const imports = PARTS.has("imports") ? await benchImports(importRows) : null;
  const subscriberCount = Number(process.env.BENCH_SUBSCRIBERS ?? DEFAULT_SUBSCRIBERS);
  const fanOutEvents = Number(process.env.BENCH_FAN_OUT_EVENTS ?? 30);
  const fanOut = PARTS.has("fanout") ? await benchFanOut(subscriberCount, fanOutEvents) : null;
  // The floor right after, with the same clients: what the machine allowed in the same session.
  const fanOutFloor = PARTS.has("fanout") ? await benchFanOutFloor(subscriberCount, fanOutEvents) : null;

  const loadTable = [
    "| scenario | connections | SQL statements | requests | throughput | p50 | p99 | max |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...runs.map(
      ({ scenario, connections, statements: count, result }) =>
        `| ${scenario} | ${connections} | ${count} | ${number(result.requests.total)} | ${result.requests.average.toFixed(1)} req/s | ${ms(result.latency.p50)} | ${ms(result.latency.p99)} | ${ms(result.latency.max)} |`,
    ),
  ];
  const importTable = imports ? importTableOf(imports) : [];
  const fanOutRow = (origin: string, run: FanOutRun) =>
    `| ${origin} | ${number(run.subscribers)} | ${run.clientProcesses} | ${run.connectSeconds.toFixed(1)} s | ${run.events} | ${number(run.deliveries)} | ${ms(run.p50)} | ${ms(run.p99)} | ${ms(run.max)} | ${ms(run.allP50)} | ${ms(run.allP99)} | ${ms(run.firstP50)} | ${Number.isNaN(run.hubFullCollections) ? "—" : run.hubFullCollections} | ${run.rssBeforeMiB.toFixed(0)} → ${run.rssAfterMiB.toFixed(0)} MiB | ${(run.bytesPerSubscriber / 1024).toFixed(0)} KiB |`;
  const fanOutTable = [
    "| origin | subscribers | client processes | connect | events | deliveries | each delivery p50 | p99 | max | one event to all p50 | p99 | first subscriber p50 | full collections during the events | memory before → after | per subscriber |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...(fanOut ? [fanOutRow("the hub", fanOut)] : []),
    ...(fanOutFloor ? [fanOutRow("the floor (bench/fan-out-floor.ts)", fanOutFloor)] : []),
    ...(fanOut && fanOutFloor
      ? [
          "",
          `The hub / the floor, same clients, same session: each delivery p99 **${(fanOut.p99 / fanOutFloor.p99).toFixed(2)}x**, one event to all p50 ${(fanOut.allP50 / fanOutFloor.allP50).toFixed(2)}x.`,
        ]
      : []),
    ...(fanOut
      ? ["", `Each event to all its subscribers, in the order recorded (ms): the hub ${fanOut.eventsToAll.join(" ")}${fanOutFloor ? `; the floor ${fanOutFloor.eventsToAll.join(" ")}` : ""}.`]
      : []),
  ];
  const startTable = [
    "| start | spawn to ready line, median | each | reported by the hub, median |",
    "| --- | ---: | --- | ---: |",
    ...[FIRST_START, SECOND_START].flatMap((label) => {
      const these = starts.filter((start) => start.label === label);
      if (these.length === 0) return [];
      const reported = these.flatMap((start) => (start.reportedMilliseconds === null ? [] : [start.reportedMilliseconds]));
      return [`| ${label} | ${ms(median(these.map((start) => start.wallMilliseconds)))} | ${these.map((start) => ms(start.wallMilliseconds)).join(", ")} | ${reported.length > 0 ? ms(median(reported)) : "–"} |`];
    }),
  ];
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const machine = [
    `- CPUs (nproc): ${os.availableParallelism()} × ${cpu}`,
    `- memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- Node.js ${process.version} on ${os.type()} ${os.release()}`,
    `- ${postgres}`,
  ];
  // The record of optimisations (before → after) is kept by hand between these markers; the rest is rewritten each run.
  const previous = await readFile(path.join(ROOT, "BENCHMARKS.md"), "utf8").catch(() => "");
  const kept = HAND_WRITTEN.exec(previous)?.[0] ?? `${HAND_WRITTEN_START}\n${HAND_WRITTEN_END}`;
  const minutes = (performance.now() - benchStarted) / 60_000;
  const report = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString()}, in ${minutes.toFixed(1)} minutes. Hub, PostgreSQL and the load generators share the machine.`,
    "",
    "## Machine",
    "",
    ...machine,
    "",
    "## Queries on the largest preset",
    "",
    `\`dashboard/operations/cross-dataset.graphql\` (Đắk Lắk coffee farm-gate vs HCMC wholesale prices this quarter, the coffee processors with their latest level, HCMC food-technology programmes linked to the province), sent as is (default variables) over HTTP to a hub on ${DATABASE_URL.replace(/\/\/[^@]*@/, "//")}:`,
    "",
    `- database: ${Object.entries(sizes).map(([table, count]) => `${number(count)} ${table}`).join(", ")}`,
    `- answer: ${answer}`,
    `- ${DURATION} s per run; SQL statements per request as counted by the hub`,
    "",
    ...loadTable,
    "",
    ...(peerSection.length > 0 ? [...peerSection, ""] : []),
    "## CSV import",
    "",
    "A file of price observations imported as HCMC's Department of Industry and Trade into a fresh database (bench/imports.ts): read and checked row by row while streamed into a staging table, merged into the table in one statement (rows already recorded skipped, repeats and conflicting records refused by line), recorded, audited and announced in one transaction. The floor, alternating with it in the same run: the same rows, as the table stores them, sent by COPY FROM STDIN (what psql's `\\copy` sends) into a copy of `price_observation` with its indexes (`like … including all`).",
    "",
    ...importTable,
    "",
    "## Commit to subscriber",
    "",
    `One hub process on the PostgreSQL server; anonymous graphql-ws subscribers of \`priceObservationAdded\`, one socket each, opened from client processes of their own, each subscriber speaking the graphql-ws protocol itself over a lean WebSocket client of the bench's own on a plain TCP socket (bench/subscribers.ts, bench/subscriber-client.ts, bench/lean-websocket.ts; \`BENCH_SUBSCRIBER_CLIENT=graphql-ws\` for graphql-ws's client object). Prices reported one at a time; each delivery timed from the event's \`committedAt\` (stamped when the write runs, so the commit is inside the figure) to its arrival; "one event to all" is the time until the last subscriber had it. The clients share the machine's ${os.availableParallelism()} CPUs with the hub and PostgreSQL; the bench's own processes (its driver, the clients) collect their garbage before the measured events. The floor, measured right after with the same clients: a process that writes one prepared frame to every socket per event, through the hub's frame writer (bench/fan-out-floor.ts).`,
    "",
    ...fanOutTable,
    "",
    "## Embedded cold start",
    "",
    `\`node dist/bundle/main.js\` with \`EMBEDDED_DATA_DIR\` set and no \`DATABASE_URL\`, from spawn to its "ready" line; timed first, before the other parts load the machine, in ${COLD_START_PAIRS} new directories each started twice:`,
    "",
    ...startTable,
    "",
    kept,
    "",
  ].join("\n");
  if (COMPLETE) await writeFile(path.join(ROOT, "BENCHMARKS.md"), report);

  console.log(`\n${machine.join("\n")}\n\n${loadTable.join("\n")}\n\n${peerSection.length > 0 ? `${peerSection.join("\n")}\n\n` : ""}${importTable.join("\n")}\n\n${fanOutTable.join("\n")}\n\n${startTable.join("\n")}\n\n${COMPLETE ? "Written to BENCHMARKS.md" : `A partial run (BENCH_PARTS=${[...PARTS].join(",")}): BENCHMARKS.md left as it was`}; ${minutes.toFixed(1)} minutes.`);
}

await main();
