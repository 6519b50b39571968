/**
 * `npm run bench`: the dashboard's cross-dataset query (dashboard/operations/cross-dataset.graphql)
 * against the largest scale preset, and the embedded database's cold start. Not part of `npm test`.
 *
 * 1. Starts the hub in this process (openDatabase + startHubServer) on BENCH_DATABASE_URL (default
 *    postgres://postgres@127.0.0.1:5432/hub_scale, seeded with `npm run seed -- --scale 100`),
 *    checks once that the query answers without errors and with data in every part, then loads it
 *    with autocannon (in a worker thread, so the load generator does not share the hub's event
 *    loop): one connection for unloaded latency, then BENCH_CONNECTIONS (default 10) for
 *    throughput, BENCH_DURATION seconds each (default 15) — anonymously and with an owner's token.
 *    Then the price of the audit log: the same scores read by their owner (not audited) and by an
 *    agreement holder (one audit entry per request).
 * 2. Times `node dist/src/main.js` on a fresh EMBEDDED_DATA_DIR from spawn to its "ready" line
 *    (the first start creates the database and seeds the demo), then again on the same directory.
 *
 * 3. Imports a CSV of BENCH_IMPORT_ROWS price observations (default 1,000,000) into a fresh
 *    database on the server and on the embedded database (bench/imports.ts).
 * 4. Connects BENCH_SUBSCRIBERS graphql-ws subscribers (default 1,000) to a hub process and times
 *    each event from commit to every subscriber (bench/subscribers.ts).
 *
 * Prints tables and writes bench/RESULTS.md with the machine it ran on. The whole run takes about
 * six minutes.
 */
import "reflect-metadata";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";
import { signDevelopmentToken } from "../src/auth/identity.js";
import { parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import { startHubServer } from "../src/server.js";
import { benchImports } from "./imports.js";
import { benchFanOut } from "./subscribers.js";

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/hub_scale";
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

/** The repository root, from dist/bench/run.js. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The largest preset's floor: the benchmark means nothing on a smaller database. */
const LARGEST = { enterprise: 100_000, technology_assessment: 100_000, price_observation: 1_000_000 };

interface LoadRun {
  scenario: string;
  connections: number;
  statements: number;
  result: Result;
}

/**
 * Scores of Đắk Lắk's assessments: read by Đắk Lắk's own agency (an owner: no audit entry) and by
 * HCMC's under the demo's agreement TTDL-2026-VN33-VNSG-001 (every request writes one audit entry),
 * to price the audit log.
 */
const SCORES_QUERY = `query DakLakScores { assessments(first: 20, filter: { province: { codes: ["VN-33"] }, statuses: [PUBLISHED] }) { nodes { assessedOn level totalScore technologyScore enterprise { name } } } }`;

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

async function load(url: string, query: string, connections: number, token: string | null): Promise<{ connections: number; result: Result }> {
  const result = await autocannon({
    url,
    method: "POST",
    headers: headersFor(token),
    body: JSON.stringify({ query }),
    connections,
    duration: DURATION,
    workers: 1,
  });
  if (result.errors > 0 || result.non2xx > 0) fail(`${result.errors} errors and ${result.non2xx} non-2xx responses under load`);
  return { connections, result };
}

/** Spawns the compiled entry point on an embedded data directory and times it to its "ready" line. */
async function coldStart(label: string, dataDir: string): Promise<ColdStart> {
  const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info" };
  delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, "dist/src/main.js")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
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

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const number = (value: number) => Math.round(value).toLocaleString("en-US");

async function main(): Promise<void> {
  const query = await readFile(path.join(ROOT, "dashboard/operations/cross-dataset.graphql"), "utf8");
  const config = parseConfig({ ...process.env, DATABASE_URL: DATABASE_URL, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "error", SEED_DEMO: "false" });
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

  let statements = 0;
  const server = await startHubServer({ config, database, onOperationEnd: (statistics) => (statements = statistics.sqlStatements) });
  const token = (province: string) => signDevelopmentToken(config.auth, { subject: `bench-${province}`, roles: ["agency_viewer"], province, ttlSeconds: 3_600 });
  const owner = await token("VN-33");
  const holder = await token("VN-SG");
  const scenarios: { name: string; query: string; token: string | null; connections: number[] }[] = [
    { name: "cross-dataset, anonymous", query, token: null, connections: [1, CONNECTIONS] },
    { name: "cross-dataset, owner's token (VN-33 agency)", query, token: owner, connections: [1, CONNECTIONS] },
    { name: "20 assessments' scores, owner (not audited)", query: SCORES_QUERY, token: owner, connections: [CONNECTIONS] },
    { name: "20 assessments' scores, HCMC under an agreement (one audit entry per request)", query: SCORES_QUERY, token: holder, connections: [CONNECTIONS] },
  ];
  const runs: LoadRun[] = [];
  let answer: string;
  try {
    answer = await checkAnswer(server.url, query, null);
    console.log(`Cross-dataset query on ${DATABASE_URL}: ${answer}; ${statements} SQL statements.`);
    for (const scenario of scenarios) {
      const reply = await fetch(server.url, { method: "POST", headers: headersFor(scenario.token), body: JSON.stringify({ query: scenario.query }) });
      const body = (await reply.json()) as { errors?: unknown[] };
      if (body.errors?.length) fail(`${scenario.name}: ${JSON.stringify(body.errors).slice(0, 1_000)}`);
      const perRequest = statements;
      for (const connections of scenario.connections) {
        console.log(`${scenario.name}: ${connections} connection(s) for ${DURATION} s…`);
        runs.push({ scenario: scenario.name, statements: perRequest, ...(await load(server.url, scenario.query, connections, scenario.token)) });
      }
    }
  } finally {
    await server.close();
    await database.close();
  }

  const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
  const imports = await benchImports(importRows);
  const subscriberCount = Number(process.env.BENCH_SUBSCRIBERS ?? 1_000);
  const fanOut = await benchFanOut(subscriberCount, Number(process.env.BENCH_FAN_OUT_EVENTS ?? 30));

  console.log("Timing the embedded cold start…");
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "hub-bench-embedded-"));
  const starts: ColdStart[] = [];
  try {
    starts.push(await coldStart("first start (new directory: creates the database, migrates, seeds the demo)", dataDir));
    starts.push(await coldStart("second start (same directory)", dataDir));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }

  const loadTable = [
    "| scenario | connections | SQL statements | requests | throughput | p50 | p99 | max |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...runs.map(
      ({ scenario, connections, statements: count, result }) =>
        `| ${scenario} | ${connections} | ${count} | ${number(result.requests.total)} | ${result.requests.average.toFixed(1)} req/s | ${ms(result.latency.p50)} | ${ms(result.latency.p99)} | ${ms(result.latency.max)} |`,
    ),
  ];
  const importTable = [
    "| database | rows | CSV | time | throughput |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...imports.map((run) => `| ${run.target === "server" ? "PostgreSQL server (COPY)" : "embedded PGlite (batched INSERTs)"} | ${number(run.rows)} | ${(run.fileBytes / 1024 ** 2).toFixed(1)} MiB | ${run.seconds.toFixed(1)} s | ${number(run.rowsPerSecond)} rows/s |`),
  ];
  const fanOutTable = [
    "| subscribers | events | deliveries | p50 | p99 | max | hub memory before → after connecting | per subscriber |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${number(fanOut.subscribers)} | ${fanOut.events} | ${number(fanOut.deliveries)} | ${ms(fanOut.p50)} | ${ms(fanOut.p99)} | ${ms(fanOut.max)} | ${fanOut.rssBeforeMiB.toFixed(0)} → ${fanOut.rssAfterMiB.toFixed(0)} MiB | ${(fanOut.bytesPerSubscriber / 1024).toFixed(0)} KiB |`,
  ];
  const startTable = [
    "| start | spawn to ready line | reported by the hub |",
    "| --- | ---: | ---: |",
    ...starts.map((start) => `| ${start.label} | ${ms(start.wallMilliseconds)} | ${start.reportedMilliseconds === null ? "–" : ms(start.reportedMilliseconds)} |`),
  ];
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const machine = [
    `- CPUs (nproc): ${os.availableParallelism()} × ${cpu}`,
    `- memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- Node.js ${process.version} on ${os.type()} ${os.release()}`,
    `- ${postgres}`,
  ];
  const report = [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString()}. Hub, PostgreSQL and the load generator share the machine.`,
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
    `- the scores query: \`${SCORES_QUERY}\``,
    "",
    ...loadTable,
    "",
    "## CSV import",
    "",
    "A file of price observations imported as HCMC's Department of Industry and Trade into a fresh database (bench/imports.ts): read, checked row by row, staged, checked for repeats and conflicting records, inserted, audited and announced in one transaction.",
    "",
    ...importTable,
    "",
    "## Commit to subscriber",
    "",
    "A hub process on the PostgreSQL server; graphql-ws subscribers of `priceObservationAdded` connected from the benchmark process (bench/subscribers.ts). Prices reported one at a time; each delivery timed from the event's `committedAt` (stamped when the write runs, so the commit is inside the figure) to its arrival. The subscribers' process shares the machine's 2 CPUs with the hub and PostgreSQL.",
    "",
    ...fanOutTable,
    "",
    "## Embedded cold start",
    "",
    "`node dist/src/main.js` with `EMBEDDED_DATA_DIR` set and no `DATABASE_URL`, from spawn to its \"ready\" line:",
    "",
    ...startTable,
    "",
  ].join("\n");
  await writeFile(path.join(ROOT, "bench/RESULTS.md"), report);

  console.log(`\n${machine.join("\n")}\n\n${loadTable.join("\n")}\n\n${importTable.join("\n")}\n\n${fanOutTable.join("\n")}\n\n${startTable.join("\n")}\n\nWritten to bench/RESULTS.md.`);
}

await main();
