import "reflect-metadata";
import { randomBytes } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import pg from "pg";
import { inject } from "vitest";
import { fixedClock, systemClock, type Clock } from "../../src/common/clock.js";
import { signDevelopmentToken } from "../../src/auth/identity.js";
import type { Role } from "../../src/auth/viewer.js";
import { parseConfig, type HubConfig } from "../../src/config.js";
import { openDatabase, type Database } from "../../src/db/database.js";
import { startEmbeddedDatabase } from "../../src/db/embedded.js";
import { startHubServer, type HubServer } from "../../src/server.js";
import type { Logger } from "../../src/observability/logger.js";

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Who a test calls as; each kind becomes a development token the test hub accepts. */
export type TestCaller =
  | { kind: "agency"; province: string; agency?: string; roles?: Role[]; subject?: string }
  | { kind: "enterprise"; province: string; taxCode: string; subject?: string }
  | { kind: "hub_admin"; subject?: string };

export interface TestHub {
  url: string;
  server: HubServer;
  database: Database;
  /** An EntityManager for factories (a fresh fork each call). */
  em(): EntityManager;
  /** Sends an operation over HTTP, as a dashboard would. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: { token?: string }): Promise<GraphQLResponse<T>>;
  /** A token for this caller, signed as `npm run token` would for this hub, valid by the hub's clock. */
  token(caller: TestCaller): Promise<string>;
  /** SQL statements of the last HTTP operation. */
  lastStatementCount(): number;
  /** Their text as the hub wrote it, in the order they were sent. */
  lastStatements(): string[];
  /** Stops the hub (HTTP, WebSocket, dispatcher) and starts it again on the same database, at a new URL. */
  restart(): Promise<void>;
  config: HubConfig;
  close(): Promise<void>;
}

export interface TestHubOptions {
  /** A fixed "now" (ISO instant) for time-dependent rules. */
  now?: string;
  /** A clock of the test's own, to move time on while the hub runs (overrides `now`). */
  clock?: Clock;
  env?: Record<string, string>;
  /** Where the hub logs (default: nowhere, LOG_LEVEL silent). */
  logger?: Logger;
}

export function tokenFor(config: HubConfig, clock: Clock, caller: TestCaller): Promise<string> {
  const request = (() => {
    switch (caller.kind) {
      case "agency":
        return { subject: caller.subject ?? `agency-${caller.province}`, roles: caller.roles ?? (["agency_viewer"] as Role[]), province: caller.province, agency: caller.agency ?? null };
      case "enterprise":
        return { subject: caller.subject ?? `enterprise-${caller.taxCode}`, roles: ["enterprise"] as Role[], province: caller.province, taxCode: caller.taxCode };
      case "hub_admin":
        return { subject: caller.subject ?? "hub-admin", roles: ["hub_admin"] as Role[] };
    }
  })();
  return signDevelopmentToken(config.auth, { ...request, ttlSeconds: 3600 }, clock.now());
}

/** A database of this test file's own, cloned from the run's migrated template. */
async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void>; copyFromFile?: Database["copyFromFile"] }> {
  const target = inject("testDatabase");
  if (target.kind === "embedded") {
    const embedded = await startEmbeddedDatabase({ dataDir: null, loadDump: target.dump, maxConnections: 12 });
    // The hub reaches it by URL, as a server; imports still need its own COPY (the wire protocol's breaks there).
    return { url: embedded.url, drop: () => embedded.stop(), copyFromFile: embedded.copyFromFile };
  }
  const name = `hub_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: target.serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${target.template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(target.serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: target.serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Starts a hub on its own database and port, as a client sees it: over HTTP at /graphql. */
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const testDatabase = await createTestDatabase();
  // Rate limits are off unless a test turns them on: most test hubs run on a fixed clock, where a
  // bucket would never refill.
  const config = parseConfig({ DATABASE_URL: testDatabase.url, PORT: "0", LOG_LEVEL: "silent", DATABASE_POOL_SIZE: "10", RATE_LIMIT_PER_MINUTE: "0", ...options.env });
  const database = await openDatabase(config.database, config.poolSize, { statementTimeoutMilliseconds: config.limits.executionTimeoutMilliseconds });
  if (testDatabase.copyFromFile) {
    // The test's PGlite is reached by URL, so it was opened as a server; from here the hub runs as on
    // the embedded default: one shared session (no named prepared statements, no LISTEN/NOTIFY
    // between connections) and PGlite's own COPY for imports.
    Object.assign(database, { kind: "embedded", copyFromFile: testDatabase.copyFromFile });
    config.database = { kind: "embedded", dataDir: "(in memory, started by the test run)" };
  }
  const clock: Clock = options.clock ?? (options.now ? fixedClock(new Date(options.now)) : systemClock);
  let lastStatements = -1;
  let lastTexts: string[] = [];
  const start = () =>
    startHubServer({
      config,
      database,
      clock,
      logger: options.logger,
      keepStatementTexts: true,
      onOperationEnd: (statistics) => {
        lastStatements = statistics.sqlStatements;
        lastTexts = statistics.statements ?? [];
      },
    });
  let server = await start();
  const hub: TestHub = {
    url: server.url,
    server,
    database,
    config,
    em: () => database.orm.em.fork(),
    async query(query, variables, requestOptions) {
      const response = await fetch(hub.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(requestOptions?.token ? { authorization: `Bearer ${requestOptions.token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    token: (caller) => tokenFor(config, clock, caller),
    lastStatementCount: () => lastStatements,
    lastStatements: () => lastTexts,
    async restart() {
      await server.close();
      server = await start();
      hub.server = server;
      hub.url = server.url;
    },
    async close() {
      await server.close();
      await database.close();
      await testDatabase.drop();
    },
  };
  return hub;
}
