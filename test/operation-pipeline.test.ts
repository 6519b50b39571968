/**
 * One operation pipeline for both transports (issue 11): identity (token claims and the registry),
 * admission (rate limits counting each operation of a batch, shared through Redis between
 * instances) and limit messages are the same over HTTP and WebSocket.
 */
import { randomBytes } from "node:crypto";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signDevelopmentToken, type TokenRequest } from "../src/auth/identity.js";
import { createEnterprise } from "../seeds/factories/reference.js";
import { startTestHub, type GraphQLResponse, type TestHub } from "./support/hub.js";

const NOW = "2026-11-23T03:00:00Z";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ now: NOW });
});

afterAll(async () => {
  await hub?.close();
});

function sign(target: TestHub, request: Omit<TokenRequest, "ttlSeconds">): Promise<string> {
  return signDevelopmentToken(target.config.auth, { ...request, ttlSeconds: 3600 }, new Date(NOW));
}

function post(target: TestHub, body: unknown, token?: string): Promise<Response> {
  return fetch(target.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** Opens a socket, sends `connection_init` with the token, and says how the server answered: acknowledged, or closed with a code. */
async function connectionOutcome(target: TestHub, token: string): Promise<{ acknowledged: boolean; closeCode?: number; socket: WebSocket }> {
  const socket = new WebSocket(target.url.replace("http", "ws"), "graphql-transport-ws");
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const outcome = new Promise<{ acknowledged: boolean; closeCode?: number; socket: WebSocket }>((resolve) => {
    socket.once("message", (data) => resolve({ acknowledged: JSON.parse(String(data)).type === "connection_ack", socket }));
    socket.once("close", (code) => resolve({ acknowledged: false, closeCode: code, socket }));
  });
  socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }));
  return outcome;
}

/** Runs one operation on an open, acknowledged socket and returns its first result (or error message). */
function runOn(socket: WebSocket, id: string, query: string): Promise<GraphQLResponse> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as { id?: string; type: string; payload: unknown };
      if (message.id !== id) return;
      socket.off("message", onMessage);
      resolve(message.type === "error" ? { errors: message.payload as GraphQLResponse["errors"] } : (message.payload as GraphQLResponse));
    };
    socket.on("message", onMessage);
    socket.send(JSON.stringify({ id, type: "subscribe", payload: { query } }));
  });
}

async function expectRefusedOnBothTransports(target: TestHub, token: string, reason: RegExp): Promise<void> {
  const response = await post(target, { query: "{ viewer { kind } }" }, token);
  expect(response.status).toBe(401);
  const body = (await response.json()) as GraphQLResponse;
  expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  expect(body.errors?.[0]?.message).toMatch(reason);
  expect(body.data ?? null).toBeNull();
  const connection = await connectionOutcome(target, token);
  expect(connection).toMatchObject({ acknowledged: false, closeCode: 4403 });
}

describe("identity, the same on both transports", () => {
  it("refuses a token naming a historical unit (VN-28, merged into VN-29) at connect, and leaves nothing counted in flight", async () => {
    // A long grace: were the refused connection still counted as running, close() in `finally`
    // would wait it out, past the test's timeout.
    const strict = await startTestHub({ now: NOW, env: { SHUTDOWN_GRACE_MS: "600000" } });
    try {
      const token = await sign(strict, { subject: "kon-tum-editor", roles: ["agency_viewer"], province: "VN-28" });
      await expectRefusedOnBothTransports(strict, token, /VN-28 is not one of today's units/);
      // Today's unit is accepted on both.
      const successor = await sign(strict, { subject: "quang-ngai-viewer", roles: ["agency_viewer"], province: "VN-29" });
      const connection = await connectionOutcome(strict, successor);
      expect(connection.acknowledged).toBe(true);
      expect((await runOn(connection.socket, "1", "{ viewer { kind provinceCode } }")).data).toEqual({ viewer: { kind: "AGENCY", provinceCode: "VN-29" } });
      connection.socket.close();
    } finally {
      await strict.close();
    }
  });

  it("refuses role sets no identity provider should issue", async () => {
    const contradictory: [Omit<TokenRequest, "ttlSeconds">, RegExp][] = [
      [{ subject: "admin-with-province", roles: ["hub_admin"], province: "VN-28" }, /hub_admin. token carries no/],
      [{ subject: "admin-with-province-today", roles: ["hub_admin"], province: "VN-33" }, /hub_admin. token carries no/],
      [{ subject: "admin-and-viewer", roles: ["hub_admin", "agency_viewer"], province: "VN-33" }, /cannot be combined/],
      [{ subject: "admin-and-enterprise", roles: ["hub_admin", "enterprise"], province: "VN-33", taxCode: "0099000001" }, /cannot be combined/],
      [{ subject: "enterprise-and-editor", roles: ["enterprise", "agency_editor"], province: "VN-33", taxCode: "0099000001" }, /cannot carry agency roles/],
      [{ subject: "viewer-with-tax-code", roles: ["agency_viewer"], province: "VN-33", taxCode: "0099000001" }, /carries no .tax_code./],
    ];
    for (const [request, reason] of contradictory) await expectRefusedOnBothTransports(hub, await sign(hub, request), reason);
  });

  it("runs nothing for a refused token: hub_admin + agency_viewer cannot read RESTRICTED fields or create an agency", async () => {
    const token = await sign(hub, { subject: "admin-and-viewer-writes", roles: ["hub_admin", "agency_viewer"], province: "VN-33" });
    const input = { code: "VN-33-SNN", name: "Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk", nameEn: "Dak Lak Department of Agriculture and Environment", provinceCode: "VN-33", sector: "AGRICULTURE" };
    const created = await post(hub, { query: "mutation Create($input: CreateAgencyInput!) { createAgency(input: $input) { code } }", variables: { input } }, token);
    expect(created.status).toBe(401);
    const read = await post(hub, { query: "{ enterprises { nodes { annualRevenueVnd } } }" }, token);
    expect(read.status).toBe(401);
    const admin = await hub.token({ kind: "hub_admin" });
    const agencies = (await (await post(hub, { query: `{ agencies(first: 100) { nodes { code } } }` }, admin)).json()) as GraphQLResponse<{ agencies: { nodes: { code: string }[] } }>;
    expect(agencies.errors).toBeUndefined();
    expect(agencies.data!.agencies.nodes.map((agency) => agency.code)).not.toContain("VN-33-SNN");
  });

  it("refuses an enterprise token whose province is not the one the enterprise is registered in", async () => {
    const enterprise = await createEnterprise(hub.em(), { provinceCode: "VN-33", name: "Công ty Cổ phần Cà phê Buôn Ma Thuột (mô phỏng)" });
    const elsewhere = await sign(hub, { subject: "coffee-elsewhere", roles: ["enterprise"], province: "VN-35", taxCode: enterprise.taxCode });
    await expectRefusedOnBothTransports(hub, elsewhere, /registered in VN-33, not in the token's province VN-35/);
    const registered = await sign(hub, { subject: "coffee-home", roles: ["enterprise"], province: "VN-33", taxCode: enterprise.taxCode });
    const response = (await (await post(hub, { query: "{ viewer { kind provinceCode } }" }, registered)).json()) as GraphQLResponse;
    expect(response.data).toEqual({ viewer: { kind: "ENTERPRISE", provinceCode: "VN-33" } });
  });
});

describe("rate limits", () => {
  it("count every operation of a batch", async () => {
    const limited = await startTestHub({ now: NOW, env: { ALLOW_BATCHED_REQUESTS: "true", RATE_LIMIT_PER_MINUTE: "10" } });
    try {
      const token = await limited.token({ kind: "agency", province: "VN-33", subject: `batch-${randomBytes(4).toString("hex")}` });
      const batch = (size: number) => Array.from({ length: size }, () => ({ query: "{ viewer { kind } }" }));
      // Eleven operations in one request are over a rate of ten: refused whole, nothing run.
      const over = await post(limited, batch(11), token);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
      // (The refused batch used the minute's quota: the refusal counts, as it would for a flood.)
      const next = await post(limited, batch(1), token);
      expect(next.status).toBe(429);
      const body = (await next.json()) as GraphQLResponse | GraphQLResponse[];
      const first = Array.isArray(body) ? body[0]! : body;
      expect(first.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      // Another caller: six, then five more, is over ten.
      const other = await limited.token({ kind: "agency", province: "VN-35", subject: `batch-${randomBytes(4).toString("hex")}` });
      expect((await post(limited, batch(6), other)).status).toBe(200);
      expect((await post(limited, batch(5), other)).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it("are shared by instances through Redis: two instances allow a caller its rate once", async () => {
    const env = { REDIS_URL, RATE_LIMIT_PER_MINUTE: "3" };
    const [a, b] = await Promise.all([startTestHub({ now: NOW, env }), startTestHub({ now: NOW, env })]);
    try {
      // A subject of this run's own: Redis outlives test runs.
      const token = await a.token({ kind: "agency", province: "VN-33", subject: `shared-${randomBytes(6).toString("hex")}` });
      expect((await post(a, { query: "{ viewer { kind } }" }, token)).status).toBe(200);
      expect((await post(b, { query: "{ viewer { kind } }" }, token)).status).toBe(200);
      expect((await post(a, { query: "{ viewer { kind } }" }, token)).status).toBe(200);
      const refused = await post(b, { query: "{ viewer { kind } }" }, token);
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      // The same count over WebSocket on either instance.
      const connection = await connectionOutcome(a, token);
      expect(connection.acknowledged).toBe(true);
      expect((await runOn(connection.socket, "1", "{ viewer { kind } }")).errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      connection.socket.close();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe("limit messages", () => {
  it("say which limit an operation is over, not that its syntax is wrong, on both transports", async () => {
    const tooLong = `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: __typename`).join(" ")} }`;
    const overHttp = (await (await post(hub, { query: tooLong })).json()) as GraphQLResponse;
    const connection = await connectionOutcome(hub, await hub.token({ kind: "agency", province: "VN-33" }));
    const overWebSocket = await runOn(connection.socket, "1", tooLong);
    connection.socket.close();
    for (const answer of [overHttp, overWebSocket]) {
      expect(answer.errors?.[0]?.message).toMatch(/^The operation has more than \d+ tokens/);
      expect(answer.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    }
  });
});
