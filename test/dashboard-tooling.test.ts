import { readFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { GraphQLResponse } from "./support/hub.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { startMain } from "./support/processes.js";
import { createEnterprise } from "../seeds/factories/reference.js";

/**
 * What dashboard developers get besides the schema's types: the SDL at a public URL, the built
 * dashboard and explorer, and registered (persisted) operations that some roles are held to, on
 * HTTP and WebSocket alike. The manifest is the one `npm run build` generated from
 * dashboard/operations (`npm test` builds first).
 */
const PRODUCTION = { HUB_MODE: "production", AUTH_JWKS_URL: "http://127.0.0.1:9/jwks.json", AUTH_ISSUER: "https://id.example.gov.vn", AUTH_AUDIENCE: "regional-data-hub", AUDIT_HMAC_KEY: "a-production-audit-key-of-at-least-thirty-two-chars" };
const FREE_TEXT = "query FreeText { viewer { kind } }";

/** A GET sent with its request target exactly as given (a `#` included, which fetch would cut off): the answer's body. */
function rawGet(url: string, target: string): Promise<string> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const sent = httpRequest({ hostname, port, path: `${pathname}${target}`, headers: { "apollo-require-preflight": "true" } }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk)).on("end", () => resolve(body));
    });
    sent.on("error", reject).end();
  });
}

let manifest: Record<string, string>;
/** The registered id of the dashboard's operation of that name. */
function registered(name: string): { id: string; text: string } {
  const entry = Object.entries(manifest).find(([, text]) => new RegExp(`^(query|subscription|mutation) ${name}\\b`, "m").test(text));
  if (!entry) throw new Error(`${name} is not in the manifest`);
  return { id: entry[0], text: entry[1] };
}

async function post(hub: TestHub, body: unknown, token?: string): Promise<{ status: number; body: GraphQLResponse<Record<string, unknown>> }> {
  const response = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<Record<string, unknown>> };
}

/** One operation over a socket of its own: its first result, or the error that ended it. */
function overWebSocket(hub: TestHub, payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> }, token?: string): Promise<GraphQLResponse<Record<string, unknown>>> {
  const client = createClient({ url: hub.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: token ? { authorization: `Bearer ${token}` } : {} });
  return new Promise<GraphQLResponse<Record<string, unknown>>>((resolve) => {
    const stop = client.subscribe(payload, {
      next: (value) => {
        stop();
        resolve(value as GraphQLResponse<Record<string, unknown>>);
      },
      error: (error) => resolve({ errors: Array.isArray(error) ? error : [{ message: String(error) }] }),
      complete: () => undefined,
    });
  }).finally(() => client.dispose());
}

beforeAll(async () => {
  manifest = JSON.parse(await readFile("dashboard/gql/persisted-documents.json", "utf8")) as Record<string, string>;
});

describe("the SDL, the dashboard and the explorer over HTTP", () => {
  let development: TestHub;
  let production: TestHub;
  beforeAll(async () => {
    [development, production] = await Promise.all([startTestHub(), startTestHub({ env: PRODUCTION })]);
  });
  afterAll(async () => {
    await Promise.all([development?.close(), production?.close()]);
  });
  const page = (hub: TestHub, path: string) => fetch(new URL(path, hub.url));

  it("serves the committed SDL at /schema.graphql, also in production where introspection is off", async () => {
    const committed = await readFile("schema/schema.graphql", "utf8");
    for (const hub of [development, production]) {
      const response = await page(hub, "/schema.graphql");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      expect(await response.text()).toBe(committed);
    }
    expect(JSON.stringify(await production.query("{ __schema { queryType { name } } }"))).toContain("introspection");
  });

  it("serves the built dashboard and its assets from local files, under a same-origin content security policy", async () => {
    const response = await page(production, "/dashboard/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("connect-src 'self'");
    const html = await response.text();
    expect(html).toContain('<html lang="vi">');
    const scripts = [...html.matchAll(/src="(\/dashboard\/assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    // No CDN: every script and stylesheet the page names is on this hub.
    expect(html).not.toMatch(/(src|href)="https?:/);
    for (const script of scripts) {
      const asset = await page(production, script);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("cache-control")).toContain("immutable");
    }
    expect((await page(production, "/dashboard/nothing-here.js")).status).toBe(404);
  });

  it("serves GraphiQL from local files in development, and not in production", async () => {
    const explorer = await page(development, "/graphiql/");
    expect(explorer.status).toBe(200);
    const html = await explorer.text();
    expect(html).toContain("GraphiQL");
    expect(html).not.toMatch(/(src|href)="https?:/);
    const script = /src="(\/graphiql\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await page(development, script!)).status).toBe(200);
    expect((await page(production, "/graphiql/")).status).toBe(404);
  });
});

describe("registered operations", () => {
  let restricted: TestHub;
  let open: TestHub;
  beforeAll(async () => {
    [restricted, open] = await Promise.all([startTestHub({ env: { PERSISTED_OPERATIONS_ONLY_FOR: "anonymous,agency_viewer", ALLOW_BATCHED_REQUESTS: "true" } }), startTestHub()]);
  });
  afterAll(async () => {
    await Promise.all([restricted?.close(), open?.close()]);
  });

  it("runs a registered operation named by documentId, by Apollo's persistedQuery extension, or sent as its text", async () => {
    const technology = registered("DashboardTechnology");
    const byId = await post(restricted, { documentId: technology.id });
    expect(byId.status).toBe(200);
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body.data).toHaveProperty("technologyLevelDistribution.total");
    const byExtension = await post(restricted, { query: "", extensions: { persistedQuery: { version: 1, sha256Hash: technology.id } } });
    expect(byExtension.body).toEqual(byId.body);
    const byText = await post(restricted, { query: technology.text });
    expect(byText.body).toEqual(byId.body);
    // Without the allow-list, ids work for everyone too: the dashboard sends nothing else.
    expect((await post(open, { documentId: technology.id })).body.errors).toBeUndefined();
  });

  it("refuses an unknown id, and an id sent with a different text", async () => {
    const unknown = await post(restricted, { documentId: "0".repeat(64) });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const mismatched = await post(open, { documentId: registered("DashboardTechnology").id, query: FREE_TEXT });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("holds the configured roles to registered operations over HTTP (POST and GET), and no one else", async () => {
    const viewer = await restricted.token({ kind: "agency", province: "VN-33", roles: ["agency_viewer"] });
    const editor = await restricted.token({ kind: "agency", province: "VN-33", roles: ["agency_editor"] });
    const admin = await restricted.token({ kind: "hub_admin" });
    // A token must name a registered enterprise.
    await createEnterprise(restricted.em(), { provinceCode: "VN-33", taxCode: "6000123456", name: "Công ty TNHH Cà phê Krông Năng (mô phỏng)" });
    const enterprise = await restricted.token({ kind: "enterprise", province: "VN-33", taxCode: "6000123456" });
    for (const token of [undefined, viewer]) {
      const refused = await post(restricted, { query: FREE_TEXT }, token);
      expect(refused.status).toBe(403);
      expect(refused.body.data).toBeUndefined();
      expect(refused.body.errors?.[0]?.extensions?.code).toBe("OPERATION_NOT_REGISTERED");
    }
    const get = await fetch(`${restricted.url}?query=${encodeURIComponent(FREE_TEXT)}`, { headers: { "apollo-require-preflight": "true" } });
    expect(get.status).toBe(403);
    expect(((await get.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe("OPERATION_NOT_REGISTERED");
    // Past express's 1,000-parameter limit the query is still read as Apollo reads it.
    const padded = Array.from({ length: 1_000 }, (_, index) => `p${index}=`).join("&");
    const hidden = await fetch(`${restricted.url}?${padded}&query=${encodeURIComponent(FREE_TEXT)}`, { headers: { "apollo-require-preflight": "true" } });
    expect(hidden.status).toBe(403);
    // A fragment is no part of the query (fetch would strip it; a raw client need not): Apollo reads
    // the query the allow-list read — the registered text — never an operation hidden after `#`.
    const smuggled = await rawGet(restricted.url, `?query=${encodeURIComponent(registered("DashboardTechnology").text)}#${encodeURIComponent("\nquery Smuggled { viewer { kind } }")}&operationName=Smuggled`);
    expect(smuggled).not.toContain("viewer");
    // A batch runs only if every operation in it is registered.
    const technology = registered("DashboardTechnology");
    const mixed = await post(restricted, [{ documentId: technology.id }, { query: FREE_TEXT }]);
    expect(mixed.status).toBe(403);
    expect((mixed.body as unknown as GraphQLResponse).errors?.[0]?.extensions?.code).toBe("OPERATION_NOT_REGISTERED");
    const registeredBatch = await post(restricted, [{ documentId: technology.id }, { query: technology.text }]);
    expect(registeredBatch.status).toBe(200);
    expect((registeredBatch.body as unknown as GraphQLResponse[]).map((one) => one.errors)).toEqual([undefined, undefined]);
    for (const token of [editor, admin, enterprise]) {
      const allowed = await post(restricted, { query: FREE_TEXT }, token);
      expect(allowed.status).toBe(200);
      expect(allowed.body.errors).toBeUndefined();
    }
    expect((await post(open, { query: FREE_TEXT })).body.errors).toBeUndefined();
  });

  it("does the same over WebSocket: registered operations by id or text pass, free text is refused", async () => {
    const technology = registered("DashboardTechnology");
    const byHash = await overWebSocket(restricted, { query: "", extensions: { persistedQuery: { version: 1, sha256Hash: technology.id } } });
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data).toHaveProperty("technologyLevelDistribution.total");
    expect((await overWebSocket(restricted, { query: technology.text })).errors).toBeUndefined();
    const refused = await overWebSocket(restricted, { query: "subscription Free { priceObservationAdded { position } }" });
    expect(refused.errors?.[0]?.extensions?.code).toBe("OPERATION_NOT_REGISTERED");
    const unknown = await overWebSocket(restricted, { query: "", extensions: { persistedQuery: { version: 1, sha256Hash: "f".repeat(64) } } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const viewer = await restricted.token({ kind: "agency", province: "VN-33", roles: ["agency_viewer"] });
    expect((await overWebSocket(restricted, { query: FREE_TEXT }, viewer)).errors?.[0]?.extensions?.code).toBe("OPERATION_NOT_REGISTERED");
    const editor = await restricted.token({ kind: "agency", province: "VN-33", roles: ["agency_editor"] });
    expect((await overWebSocket(restricted, { query: FREE_TEXT }, editor)).errors).toBeUndefined();
  });

  it("will not start when a configured role depends on a manifest that is not there", async () => {
    const env = { DATABASE_URL: open.database.url, PORT: "0", SEED_DEMO: "false", LOG_LEVEL: "info", PERSISTED_OPERATIONS_ONLY_FOR: "anonymous", PERSISTED_OPERATIONS_MANIFEST: "dashboard/gql/missing.json" };
    await expect(startMain(env)).rejects.toThrow(/persisted operations manifest \S*dashboard\/gql\/missing\.json cannot be read/);
  });
});
