/**
 * The edges of both transports (issue 11): what Express or the socket refuses is answered in
 * GraphQL's shape, the WebSocket message limit equals the HTTP body limit, and the token is found
 * in `connection_init` whatever the letter case of its key.
 */
import { request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REQUEST_BODY_MAX_BYTES } from "../src/server.js";
import { startTestHub, type GraphQLResponse, type TestHub } from "./support/hub.js";

let development: TestHub;
let production: TestHub;

beforeAll(async () => {
  [development, production] = await Promise.all([
    startTestHub(),
    startTestHub({ env: { HUB_MODE: "production", AUTH_JWKS_URL: "http://127.0.0.1:9/jwks.json", AUTH_ISSUER: "https://idp.example.gov.vn", AUTH_AUDIENCE: "regional-data-hub", AUDIT_HMAC_KEY: "a-key-of-the-tests-own-that-is-long-enough-0123456789" } }),
  ]);
});

afterAll(async () => {
  await Promise.all([development?.close(), production?.close()]);
});

const post = (hub: TestHub, body: string) => fetch(hub.url, { method: "POST", headers: { "content-type": "application/json" }, body });

/** An answer in GraphQL's error shape, with no trace of the server's files or stack. */
async function expectGraphQLError(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  const text = await response.text();
  expect(text).not.toMatch(/node_modules|\/work\/|at [A-Za-z.]+ \(|<html/i);
  const body = JSON.parse(text) as GraphQLResponse;
  expect(body.errors?.[0]?.extensions?.code).toBe(code);
  expect(body.errors?.[0]?.extensions).not.toHaveProperty("http");
}

describe("HTTP failures before GraphQL runs", () => {
  for (const mode of ["development", "production"] as const) {
    it(`answer malformed JSON and an oversized body in GraphQL's shape (${mode})`, async () => {
      const hub = mode === "development" ? development : production;
      await expectGraphQLError(await post(hub, '{"query": "{ viewer { kind } }"'), 400, "BAD_REQUEST");
      const oversized = JSON.stringify({ query: "{ viewer { kind } }", variables: { padding: "x".repeat(REQUEST_BODY_MAX_BYTES) } });
      await expectGraphQLError(await post(hub, oversized), 413, "PAYLOAD_TOO_LARGE");
    });
  }

  it("refuses a body that is not UTF-8 instead of storing U+FFFD in its place, over HTTP and WebSocket", async () => {
    // "Đắk Lắk" with its first byte replaced by one that begins no UTF-8 sequence.
    const name = Buffer.concat([Buffer.from([0xff]), Buffer.from("ắk Lắk")]);
    const body = Buffer.concat([Buffer.from('{"query":"query ($s: String!) { enterprises(filter: { search: $s }) { totalCount } }","variables":{"s":"'), name, Buffer.from('"}}')]);
    const response = await fetch(development.url, { method: "POST", headers: { "content-type": "application/json" }, body });
    await expectGraphQLError(response, 400, "BAD_REQUEST");
    // A text frame that is not UTF-8 is a protocol error for the socket itself (RFC 6455: 1007).
    const socket = new WebSocket(development.url.replace("http", "ws"), "graphql-transport-ws");
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    socket.on("error", () => undefined);
    socket.send(body, { binary: false });
    expect(await closed).toBe(1007);
  });

  it("reads every form of a JSON body: plain, with its charset, compressed; refuses what is not an object or array", async () => {
    const body = JSON.stringify({ query: "{ viewer { kind } }" });
    const send = (headers: Record<string, string>, payload: string | Buffer) => fetch(development.url, { method: "POST", headers, body: payload });
    const answers = [
      await send({ "content-type": "application/json" }, body),
      await send({ "content-type": "application/json; charset=UTF-8" }, body),
      await send({ "content-type": "application/json", "content-encoding": "gzip" }, gzipSync(body)),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ data: { viewer: { kind: "ANONYMOUS" } } });
    }
    await expectGraphQLError(await send({ "content-type": "application/json" }, "42"), 400, "BAD_REQUEST");
    await expectGraphQLError(await send({ "content-type": "application/json" }, '  "{ viewer { kind } }"'), 400, "BAD_REQUEST");
    // Not UTF-8 by its own word: refused as body-parser refuses it (415), in GraphQL's shape.
    await expectGraphQLError(await send({ "content-type": "application/json; charset=latin1" }, body), 415, "BAD_REQUEST");
    // A byte-order mark before the JSON is not part of it.
    const marked = await send({ "content-type": "application/json" }, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]));
    expect(await marked.json()).toEqual({ data: { viewer: { kind: "ANONYMOUS" } } });
    // An empty body has no operation: Apollo's own refusal (in production: development adds its stack).
    await expectGraphQLError(await fetch(production.url, { method: "POST", headers: { "content-type": "application/json" }, body: "" }), 400, "BAD_REQUEST");
  });

  it("answers a request whose target is in absolute form (RFC 9112), and closes a connection whose body it refused unread", async () => {
    const { hostname, port } = new URL(development.url);
    const exchange = (path: string, headers: Record<string, string>, body: string | null, chunked = false) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const sent = httpRequest({ hostname, port, path, method: "POST", headers }, (response) => {
          let text = "";
          response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk)).on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
        });
        sent.on("error", reject);
        if (chunked) sent.write(body ?? "");
        sent.end(chunked ? undefined : (body ?? undefined));
      });
    const query = JSON.stringify({ query: "{ viewer { kind } }" });
    const absolute = await exchange(development.url, { "content-type": "application/json" }, query);
    expect(absolute.status).toBe(200);
    expect(JSON.parse(absolute.body)).toEqual({ data: { viewer: { kind: "ANONYMOUS" } } });
    // Sent in chunks, so no Content-Length tells the size beforehand: refused once it passes the limit.
    const oversized = JSON.stringify({ query: "{ viewer { kind } }", variables: { padding: "x".repeat(REQUEST_BODY_MAX_BYTES) } });
    const refused = await exchange(new URL(development.url).pathname, { "content-type": "application/json", "transfer-encoding": "chunked" }, oversized, true);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
    expect(refused.headers.connection).toBe("close");
  });

  it("never passes `extensions.http` to the client", async () => {
    const refused = await fetch(development.url, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer not-a-token" }, body: JSON.stringify({ query: "{ viewer { kind } }" }) });
    expect(refused.status).toBe(401);
    const body = (await refused.json()) as GraphQLResponse;
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(body.errors?.[0]?.extensions).not.toHaveProperty("http");
  });
});

describe("WebSocket edges", () => {
  it("closes a socket whose message is over the HTTP body limit with 1009 (message too big), before executing it", async () => {
    const socket = new WebSocket(development.url.replace("http", "ws"), "graphql-transport-ws");
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    socket.send(JSON.stringify({ type: "connection_init", payload: {} }));
    await new Promise<void>((resolve) => socket.once("message", () => resolve()));
    socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: `{ viewer { kind } } # ${"x".repeat(2 * REQUEST_BODY_MAX_BYTES)}` } }));
    expect(await closed).toBe(1009);
  });

  it("reads the token from `Authorization` in connection_init as from `authorization`", async () => {
    const token = await development.token({ kind: "agency", province: "VN-33" });
    const client = createClient({ url: development.url.replace("http", "ws"), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` }, retryAttempts: 0 });
    try {
      const result = await new Promise<GraphQLResponse<{ viewer: { kind: string; provinceCode: string } }>>((resolve, reject) => {
        let received: unknown;
        client.subscribe({ query: "{ viewer { kind provinceCode } }" }, { next: (value) => (received = value), error: reject, complete: () => resolve(received as never) });
      });
      expect(result.data?.viewer).toEqual({ kind: "AGENCY", provinceCode: "VN-33" });
    } finally {
      await client.dispose();
    }
  });
});
