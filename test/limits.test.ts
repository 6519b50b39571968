/**
 * Operation limits, each at and over its bound, over HTTP and WebSocket alike: depth, aliases,
 * directives, tokens and cost (graphql-armor), page size, the execution deadline, rate limits per
 * caller; and the HTTP hygiene around them (field suggestions, CSRF, batching, CORS).
 */
import { readFileSync } from "node:fs";
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { buildSchema, parse, validate } from "graphql";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../src/common/clock.js";
import { startTestHub, type GraphQLResponse, type TestHub } from "./support/hub.js";
import { subscribe } from "./support/subscriber.js";

const sdl = buildSchema(readFileSync(new URL("../schema/schema.graphql", import.meta.url), "utf8"));

/** graphql-armor's own count, to find queries exactly at a bound. */
function costOf(query: string): number {
  let message = "";
  try {
    message = validate(sdl, parse(query), [costLimitRule({ maxCost: 0 })])[0]?.message ?? "";
  } catch (error) {
    message = (error as Error).message;
  }
  return Number(/found (\d+)/.exec(message)?.[1]);
}
function tokensOf(query: string): number {
  for (let n = 1; ; n += 1) {
    try {
      parse(query, { maxTokens: n });
      return n;
    } catch {
      // over: try one more
    }
  }
}

const DEPTH_4 = "{ units { enterprises { nodes { name } } } }";
const DEPTH_5 = "{ units { enterprises { nodes { province { code } } } } }";
const ALIASES_3 = "{ a: viewer { kind } b: viewer { kind } c: viewer { kind } }";
const ALIASES_4 = "{ a: viewer { kind } b: viewer { kind } c: viewer { kind } d: viewer { kind } }";
const DIRECTIVES_2 = "{ viewer { kind @include(if: true) roles @skip(if: false) } }";
const DIRECTIVES_3 = "{ viewer { kind @include(if: true) roles @skip(if: false) provinceCode @include(if: true) } }";
const COSTLY = "{ commodities(first: 5) { nodes { code name nameEn standardUnit } } }";
const COSTLIER = "{ commodities(first: 5) { nodes { code name nameEn standardUnit hsCode } } }";
const TOKENS = "{ viewer { kind roles } }";
const MORE_TOKENS = "{ viewer { kind roles provinceCode } }";

let limited: TestHub;
beforeAll(async () => {
  limited = await startTestHub({ env: { MAX_DEPTH: "4", MAX_ALIASES: "3", MAX_DIRECTIVES: "2", PAGE_SIZE_MAX: "25" } });
});
afterAll(async () => {
  await limited?.close();
});

/** One operation over a fresh socket: its result, or the errors it was refused with. */
async function overWebSocket(hub: TestHub, query: string, token?: string): Promise<GraphQLResponse> {
  const subscription = subscribe(hub.url, query, {}, { token });
  try {
    const ended = subscription.ended.then((how) => ({ errors: how.error as GraphQLResponse["errors"] }));
    return (await Promise.race([subscription.next(), ended])) as GraphQLResponse;
  } finally {
    await subscription.close();
  }
}

describe("graphql-armor's limits, at and over each bound, on both transports", () => {
  it.each([
    ["depth", DEPTH_4, DEPTH_5, /depth/i, null],
    ["aliases", ALIASES_3, ALIASES_4, /aliases/i, null],
    ["directives", DIRECTIVES_2, DIRECTIVES_3, /directives/i, null],
    ["cost", COSTLY, COSTLIER, /cost/i, () => ({ MAX_COST: String(costOf(COSTLY)) })],
    ["tokens", TOKENS, MORE_TOKENS, /tokens/i, () => ({ MAX_TOKENS: String(tokensOf(TOKENS)) })],
  ] as const)("%s", async (_, atBound, overBound, message, env) => {
    // Cost and token limits this low would refuse everything else: each gets a hub of its own.
    const hub = env ? await startTestHub({ env: env() }) : limited;
    try {
      for (const transport of ["HTTP", "WebSocket"] as const) {
        const send = (query: string) => (transport === "HTTP" ? hub.query(query) : overWebSocket(hub, query));
      const accepted = await send(atBound);
      expect(accepted.errors, `${transport} at the bound`).toBeUndefined();
      const refused = await send(overBound);
      expect(refused.data ?? null, `${transport} over the bound`).toBeNull();
      expect(refused.errors?.[0]?.message, transport).toMatch(message);
        expect(["GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT", "GRAPHQL_PARSE_FAILED"], transport).toContain(refused.errors?.[0]?.extensions?.code);
      }
    } finally {
      if (hub !== limited) await hub.close();
    }
  });

  it("caps a page at PAGE_SIZE_MAX", async () => {
    expect((await limited.query("{ commodities(first: 25) { totalCount } }")).errors).toBeUndefined();
    const over = await limited.query("{ commodities(first: 26) { totalCount } }");
    expect(over.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await overWebSocket(limited, "{ commodities(first: 26) { totalCount } }")).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("never suggests field names (they would map the schema where introspection is off)", async () => {
    for (const response of [await limited.query("{ viewr { kind } }"), await overWebSocket(limited, "{ viewr { kind } }")]) {
      expect(response.errors?.[0]?.message).toMatch(/Cannot query field "viewr"/);
      expect(response.errors?.[0]?.message).not.toMatch(/Did you mean|viewer/);
    }
  });
});

describe("the execution deadline", () => {
  it("stops resolving past it, on a server also cancelling the statement", async () => {
    const hub = await startTestHub({ env: { EXECUTION_TIMEOUT_MS: "10" } });
    try {
      // Two years of daily prices at a market: a day-by-day series over them takes well over 10 ms.
      const { createAgency, createCommodity, createMarket } = await import("../seeds/factories/reference.js");
      // The hub's connections cancel any statement at 10 ms, which a busy machine can reach with a
      // plain insert: the test's own rows are written in a transaction that lifts that for itself.
      const { agency, commodity, market } = await hub.em().transactional(async (em) => {
        await em.execute("set local statement_timeout = 0");
        return {
          agency: await createAgency(em, { provinceCode: "VN-SG" }),
          commodity: await createCommodity(em, { code: "DEADLINE_RICE", name: "Gạo ST25" }),
          market: await createMarket(em, { provinceCode: "VN-SG", code: "HCM-DEADLINE" }),
        };
      });
      // Loaded on a connection of its own: the hub's connections would cancel it at 10 ms.
      const setup = new pg.Client({ connectionString: hub.database.url });
      await setup.connect();
      await setup.query(
        `insert into price_observation (owner_province_codes, commodity_id, market_id, market_province_code, observed_on, price_type, price_vnd, unit, source_agency_id)
         select '{VN-SG}', $1, $2, 'VN-SG', d::date, t, 20000 + (extract(doy from d)::int * 7) % 900, 'kg', $3 from generate_series('2021-01-01'::date, '2026-10-31'::date, '1 day') as d, unnest(array['WHOLESALE','RETAIL','FARM_GATE']) as t`,
        [commodity.id, market.id, agency.id],
      );
      await setup.end();
      const response = await hub.query(`{ priceSeries(filter: { commodityCodes: ["DEADLINE_RICE"], period: { from: "2021-01-01", to: "2026-10-31" } }, interval: DAY) { market { name } points { periodStart avg } } units { code } }`);
      expect(response.errors?.some((error) => error.extensions?.code === "TIMEOUT")).toBe(true);
      const [{ statement_timeout: statementTimeout }] = (await hub.database.orm.em.fork().getConnection().execute<{ statement_timeout: string }[]>("show statement_timeout")) as [{ statement_timeout: string }];
      if (hub.database.kind === "server") expect(statementTimeout).toBe("10ms");
    } finally {
      await hub.close();
    }
    // Within the default deadline the same kind of request completes.
    expect((await limited.query("{ units { code } }")).errors).toBeUndefined();
  });
});

describe("rate limits", () => {
  it("allow a caller its rate per minute and refuse the next with 429 and Retry-After, over HTTP and WebSocket alike", async () => {
    const hub = await startTestHub({ clock: fixedClock(new Date("2026-11-23T03:00:00Z")), env: { RATE_LIMIT_PER_MINUTE: "3" } });
    try {
      const token = await hub.token({ kind: "agency", province: "VN-33" });
      const post = (authorization?: string, forwardedFor?: string) =>
        fetch(hub.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}), ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
          body: JSON.stringify({ query: "{ viewer { kind } }" }),
        });
      for (let i = 0; i < 2; i += 1) expect((await post(`Bearer ${token}`)).status).toBe(200);
      // The third of the caller's operations arrives over WebSocket: the same bucket.
      expect((await overWebSocket(hub, "{ viewer { kind } }", token)).errors).toBeUndefined();
      const refused = await post(`Bearer ${token}`);
      expect(refused.status).toBe(429);
      // Seconds until the caller's minute allows another operation.
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expect(((await refused.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      expect((await overWebSocket(hub, "{ viewer { kind } }", token)).errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      // Anonymous callers count by address; without trusted proxies a forwarded address is ignored.
      for (let i = 0; i < 3; i += 1) expect((await post(undefined, `203.0.113.${i}`)).status).toBe(200);
      expect((await post(undefined, "203.0.113.9")).status).toBe(429);
    } finally {
      await hub.close();
    }
  });

  it("count anonymous callers by the address a trusted proxy forwards", async () => {
    const hub = await startTestHub({ clock: fixedClock(new Date("2026-11-23T03:00:00Z")), env: { RATE_LIMIT_PER_MINUTE: "1", TRUSTED_PROXIES: "loopback" } });
    try {
      const post = (forwardedFor: string) => fetch(hub.url, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor }, body: JSON.stringify({ query: "{ viewer { kind } }" }) });
      expect((await post("203.0.113.1")).status).toBe(200);
      expect((await post("203.0.113.2")).status).toBe(200);
      expect((await post("203.0.113.1")).status).toBe(429);
    } finally {
      await hub.close();
    }
  });
});

describe("HTTP hygiene", () => {
  it("prevents cross-site request forgery: a simple request without a preflight header is refused", async () => {
    const get = await fetch(`${limited.url}?query=${encodeURIComponent("{ viewer { kind } }")}`);
    expect(get.status).toBe(400);
    const plain = await fetch(limited.url, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: "{ viewer { kind } }" }) });
    expect(plain.status).toBe(400);
    const preflighted = await fetch(`${limited.url}?query=${encodeURIComponent("{ viewer { kind } }")}`, { headers: { "apollo-require-preflight": "true" } });
    expect(preflighted.status).toBe(200);
  });

  it("refuses batched requests unless configured", async () => {
    const batch = JSON.stringify([{ query: "{ viewer { kind } }" }, { query: "{ units { code } }" }]);
    expect((await fetch(limited.url, { method: "POST", headers: { "content-type": "application/json" }, body: batch })).status).toBe(400);
    const hub = await startTestHub({ env: { ALLOW_BATCHED_REQUESTS: "true" } });
    try {
      const response = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json" }, body: batch });
      expect(response.status).toBe(200);
      expect(((await response.json()) as unknown[]).length).toBe(2);
    } finally {
      await hub.close();
    }
  });

  it("answers browsers of the allowed origins only", async () => {
    const hub = await startTestHub({ env: { CORS_ORIGINS: "https://dashboard.example.gov.vn" } });
    try {
      const preflight = (origin: string) => fetch(hub.url, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" } });
      const allowed = await preflight("https://dashboard.example.gov.vn");
      expect(allowed.headers.get("access-control-allow-origin")).toBe("https://dashboard.example.gov.vn");
      expect(allowed.headers.get("access-control-allow-headers")).toContain("authorization");
      expect((await preflight("https://elsewhere.example.com")).headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await hub.close();
    }
    expect((await fetch(limited.url, { method: "OPTIONS", headers: { origin: "https://dashboard.example.gov.vn", "access-control-request-method": "POST" } })).headers.get("access-control-allow-origin")).toBeNull();
  });
});
