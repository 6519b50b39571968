/**
 * What operators see: one JSON log line per operation (with its request id, never a token, a
 * subject or a value), Prometheus metrics at /metrics, and /healthz and /readyz — readiness
 * following the database and Redis as they come and go.
 */
import { createServer, type Server, type Socket } from "node:net";
import { Writable } from "node:stream";
import { inject } from "vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgencySector } from "../src/reference/agency.entity.js";
import { createLogger } from "../src/observability/logger.js";
import { createAgency, createCommodity, createEnterprise, createMarket } from "../seeds/factories/reference.js";
import { startTestHub, type GraphQLResponse, type TestHub } from "./support/hub.js";
import { subscribe } from "./support/subscriber.js";

const NOW = "2026-11-23T03:00:00Z";
const onServer = inject("testDatabase").kind === "server";

/** The log as JSON lines; a test waits for the line it expects, as it arrives. */
class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  raw = "";
  private waiters: { match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, callback) => {
      this.raw += chunk.toString();
      for (const text of chunk.toString().split("\n").filter(Boolean)) {
        const line = JSON.parse(text) as Record<string, unknown>;
        this.lines.push(line);
        this.waiters = this.waiters.filter((waiter) => !(waiter.match(line) && (waiter.resolve(line), true)));
      }
      callback();
    },
  });

  next(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

const log = new LogCapture();
let hub: TestHub;
let editorToken: string;
let enterpriseTaxCode: string;

beforeAll(async () => {
  hub = await startTestHub({ now: NOW, logger: createLogger({ logLevel: "info" }, log.stream) });
  const em = hub.em();
  await createAgency(em, { provinceCode: "VN-SG", code: "VN-SG-SCT-O", name: "Sở Công Thương Thành phố Hồ Chí Minh", sector: AgencySector.INDUSTRY_TRADE });
  await createCommodity(em, { code: "PEPPER_O", name: "Hồ tiêu đen", standardUnit: "kg" });
  await createMarket(em, { provinceCode: "VN-SG", code: "HCM-BINHDIEN-O", name: "Chợ đầu mối Bình Điền" });
  enterpriseTaxCode = (await createEnterprise(em, { provinceCode: "VN-SG", name: "Công ty Cổ phần Cà phê Quan sát" })).taxCode;
  editorToken = await hub.token({ kind: "agency", province: "VN-SG", agency: "VN-SG-SCT-O", roles: ["agency_editor"], subject: "officer-nguyen-thi-quan-sat" });
});
afterAll(async () => {
  await hub?.close();
});

async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; requestId: string | null; body: GraphQLResponse }> {
  const response = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: response.status, requestId: response.headers.get("x-request-id"), body: (await response.json()) as GraphQLResponse };
}

const FIND = `query FindEnterprise($search: String!) { enterprises(filter: { search: $search }) { nodes { name taxCode } } }`;
const RECORD = `mutation RecordPepper($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }`;
const PRICES = `subscription WatchPepper { priceObservationAdded(commodityCodes: ["PEPPER_O"]) { position priceObservation { priceVnd } } }`;

function metric(text: string, name: string, labels: Record<string, string> = {}): number | null {
  const line = text.split("\n").find((candidate) => {
    if (!candidate.startsWith(`${name}{`) && !candidate.startsWith(`${name} `)) return false;
    return Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`));
  });
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : null;
}

async function scrape(headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(new URL("/metrics", hub.url), { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
  return response.text();
}

describe("logs", () => {
  it("write one line per operation with its request id: name, type, outcome, caller, duration, statements", async () => {
    const found = await post({ query: FIND, variables: { search: enterpriseTaxCode } }, { authorization: `Bearer ${editorToken}`, "x-request-id": "dashboard-req-42" });
    expect(found.body.errors).toBeUndefined();
    expect(found.requestId).toBe("dashboard-req-42");
    const line = await log.next((entry) => entry.requestId === "dashboard-req-42");
    expect(line).toMatchObject({ msg: "operation", transport: "http", operation: "FindEnterprise", type: "query", outcome: "ok", caller: "agency", province: "VN-SG", agency: "VN-SG-SCT-O", status: 200 });
    expect(line.sqlStatements).toBeGreaterThan(0);
    expect(typeof line.durationMs).toBe("number");
    expect(log.lines.filter((entry) => entry.requestId === "dashboard-req-42")).toHaveLength(1);

    // No usable id from the client (this one could forge log lines): the hub makes one.
    const anonymous = await post({ query: "query Units { units { code } }" }, { "x-request-id": 'bad id {"forged":true}' });
    expect(anonymous.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await log.next((entry) => entry.requestId === anonymous.requestId)).toMatchObject({ operation: "Units", caller: "anonymous", outcome: "ok" });
  });

  it("log refusals too, with the reason's code: a bad token before GraphQL runs, an invalid document", async () => {
    const badToken = await post({ query: "query Me { viewer { kind } }" }, { authorization: "Bearer not-a-token" });
    expect(badToken.status).toBe(401);
    expect(await log.next((entry) => entry.requestId === badToken.requestId)).toMatchObject({ outcome: "UNAUTHENTICATED", caller: "unidentified", status: 401 });
    const invalid = await post({ query: "query Nope { nope }" });
    expect(await log.next((entry) => entry.requestId === invalid.requestId)).toMatchObject({ operation: "Nope", type: "query", outcome: "GRAPHQL_VALIDATION_FAILED", status: 400 });
  });

  it("log a subscription when it ends, with its deliveries, and never a token, a subject or a value", async () => {
    const subscription = subscribe<{ priceObservationAdded: { priceObservation: { priceVnd: string } } }>(hub.url, PRICES, {}, { token: editorToken });
    await hub.server.events.whenSubscriptions((count) => count >= 1);
    const recorded = await post(
      { query: RECORD, variables: { input: { observations: [{ commodityCode: "PEPPER_O", marketCode: "HCM-BINHDIEN-O", observedOn: "2026-11-20", priceType: "WHOLESALE", priceVnd: "147350" }] } } },
      { authorization: `Bearer ${editorToken}` },
    );
    expect(recorded.body.errors).toBeUndefined();
    expect((await subscription.next()).data!.priceObservationAdded.priceObservation.priceVnd).toBe("147350");
    await subscription.close();
    const line = await log.next((entry) => entry.operation === "WatchPepper");
    expect(line).toMatchObject({ transport: "websocket", type: "subscription", outcome: "ok", caller: "agency", deliveries: 1 });
    expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await log.next((entry) => entry.requestId === recorded.requestId)).toMatchObject({ operation: "RecordPepper", type: "mutation", outcome: "ok" });

    for (const secret of [editorToken, "officer-nguyen-thi-quan-sat", enterpriseTaxCode, "147350", "Quan sát"]) expect(log.raw).not.toContain(secret);
  });
});

describe("metrics at /metrics", () => {
  it("count operations by name and outcome, their latency and statements, sockets, subscriptions, deliveries and their lag, and audit entries", async () => {
    await hub.server.events.whenSubscriptions((count) => count === 0);
    const subscription = subscribe<{ priceObservationAdded: { priceObservation: { priceVnd: string } } }>(hub.url, PRICES, {}, { token: editorToken });
    await hub.server.events.whenSubscriptions((count) => count === 1);
    const before = await scrape();
    // (An earlier test's socket may still be closing.)
    expect(metric(before, "hub_websocket_connections")).toBeGreaterThanOrEqual(1);
    expect(metric(before, "hub_subscriptions")).toBe(1);
    const deliveredBefore = metric(before, "hub_events_delivered_total", { topic: "PRICE_OBSERVATIONS" }) ?? 0;
    const lagBefore = metric(before, "hub_event_delivery_lag_seconds_count") ?? 0;

    const variables = { input: { observations: [{ commodityCode: "PEPPER_O", marketCode: "HCM-BINHDIEN-O", observedOn: "2026-11-21", priceType: "RETAIL", priceVnd: "162000" }] } };
    const recorded = await post({ query: `mutation MetricsRecord($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }`, variables }, { authorization: `Bearer ${editorToken}` });
    expect(recorded.body.errors).toBeUndefined();
    await subscription.next();
    const refused = await post({ query: "query MetricsRefused { viewer { kind } }", operationName: "MetricsRefused" }, { authorization: "Bearer not-a-token" });
    // The metrics are counted where the line is logged: when its response has gone.
    await log.next((entry) => entry.requestId === refused.requestId);
    await log.next((entry) => entry.requestId === recorded.requestId);

    const after = await scrape();
    expect(metric(after, "hub_operations_total", { operation: "MetricsRecord", type: "mutation", outcome: "ok", transport: "http" })).toBe(1);
    expect(metric(after, "hub_operations_total", { operation: "MetricsRefused", outcome: "UNAUTHENTICATED" })).toBe(1);
    expect(metric(after, "hub_operation_duration_seconds_count", { operation: "MetricsRecord", type: "mutation" })).toBe(1);
    expect(metric(after, "hub_sql_statements_per_operation_count", { operation: "MetricsRecord" })).toBe(1);
    expect(metric(after, "hub_sql_statements_per_operation_sum", { operation: "MetricsRecord" })).toBeGreaterThan(0);
    expect(metric(after, "hub_events_delivered_total", { topic: "PRICE_OBSERVATIONS" })).toBe(deliveredBefore + 1);
    expect(metric(after, "hub_event_delivery_lag_seconds_count")).toBe(lagBefore + 1);
    const [{ entries }] = await hub.em().getConnection().execute<[{ entries: string }]>("select max(id)::text as entries from audit_entry");
    expect(metric(after, "hub_audit_entries")).toBe(Number(entries));
    expect(metric(after, "hub_process_resident_memory_bytes")).toBeGreaterThan(0);
    await subscription.close();
    await hub.server.events.whenSubscriptions((count) => count === 0);
    expect(metric(await scrape(), "hub_subscriptions")).toBe(0);
  });

  it("answer only with METRICS_TOKEN when one is configured", async () => {
    const guarded = await startTestHub({ env: { METRICS_TOKEN: "scraper-secret-of-the-operations-team" } });
    try {
      const url = new URL("/metrics", guarded.url);
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: "Bearer wrong-secret-of-the-operations-team" } })).status).toBe(401);
      const allowed = await fetch(url, { headers: { authorization: "Bearer scraper-secret-of-the-operations-team" } });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain("hub_operations_total");
    } finally {
      await guarded.close();
    }
  });
});

/** A TCP relay to Redis the test can cut, to see readiness follow Redis. */
async function redisRelay(target: { host: string; port: number }): Promise<{ port: number; cut: () => Promise<void> }> {
  const { connect } = await import("node:net");
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.once("close", () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

async function readiness(url: string): Promise<{ status: number; body: { status: string; checks: { name: string; ok: boolean; error?: string }[] } }> {
  const response = await fetch(new URL("/readyz", url));
  return { status: response.status, body: (await response.json()) as never };
}

describe("/healthz and /readyz", () => {
  it("answer while the process and its database are up", async () => {
    const health = await fetch(new URL("/healthz", hub.url));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(await readiness(hub.url)).toEqual({ status: 200, body: { status: "ready", checks: [{ name: "database", ok: true }] } });
  });

  it.skipIf(!onServer)("turn unready when the database goes away, while the process stays healthy", async () => {
    const doomed = await startTestHub();
    try {
      const { pathname } = new URL(doomed.database.url);
      const admin = hub.em().getConnection();
      // Every connection of the hub to its database is ended by the server, as in a failover.
      await admin.execute(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${pathname.slice(1)}' and pid <> pg_backend_pid()`);
      await admin.execute(`alter database ${pathname.slice(1)} with allow_connections false`);
      const unready = await readiness(doomed.url);
      expect(unready.status).toBe(503);
      expect(unready.body.checks).toEqual([{ name: "database", ok: false, error: "unavailable" }]);
      expect((await fetch(new URL("/healthz", doomed.url))).status).toBe(200);
      await admin.execute(`alter database ${pathname.slice(1)} with allow_connections true`);
      expect((await readiness(doomed.url)).status).toBe(200);
    } finally {
      await doomed.close();
    }
  });

  it.skipIf(!onServer)("check Redis when it carries the events, and turn unready when it stops answering", async () => {
    const redis = new URL(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
    const relay = await redisRelay({ host: redis.hostname, port: Number(redis.port || 6379) });
    const withRedis = await startTestHub({ env: { REDIS_URL: `redis://127.0.0.1:${relay.port}` } });
    try {
      expect(await readiness(withRedis.url)).toEqual({ status: 200, body: { status: "ready", checks: [{ name: "database", ok: true }, { name: "redis", ok: true }] } });
      await relay.cut();
      const unready = await readiness(withRedis.url);
      expect(unready.status).toBe(503);
      expect(unready.body.checks).toContainEqual({ name: "database", ok: true });
      expect(unready.body.checks.find((check) => check.name === "redis")?.ok).toBe(false);
    } finally {
      await withRedis.close();
    }
  });
});
