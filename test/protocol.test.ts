/**
 * Protocol compliance: the GraphQL-over-HTTP audit suite of graphql-http (pinned) against the hub
 * in its default configuration — no MUST fails, and the SHOULDs it does not meet are exactly those
 * the README explains — and graphql-ws's close codes as its protocol defines them.
 */
import { auditServer } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startTestHub, type TestHub } from "./support/hub.js";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ env: { WS_INIT_TIMEOUT_MS: "300" } });
});
afterAll(async () => {
  await hub?.close();
});

/**
 * The SHOULDs the hub does not meet, each explained in the README ("Protocol compliance"): Apollo
 * Server answers parse, validation and variable errors with 400 whatever the Accept header.
 */
const EXPLAINED_WARNINGS = ["572B", "FDE2", "7B9B"];

describe("GraphQL over HTTP (graphql-http's audits)", () => {
  it("fails no MUST, and no SHOULD beyond those explained", async () => {
    const results = await auditServer({ url: hub.url });
    expect(results.length).toBeGreaterThan(50);
    const failures = results.filter((result) => result.status === "error").map((result) => `${result.id} ${result.name}: ${"reason" in result ? result.reason : ""}`);
    expect(failures).toEqual([]);
    const warnings = results.filter((result) => result.status === "warn").map((result) => result.id);
    expect(warnings.sort()).toEqual([...EXPLAINED_WARNINGS].sort());
  });
});

/** A raw graphql-transport-ws socket: what the client sends, and the close code the server ends with. */
function socket(): { ws: WebSocket; closed: Promise<number>; opened: Promise<void> } {
  const ws = new WebSocket(hub.url.replace(/^http/, "ws"), "graphql-transport-ws");
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  const opened = new Promise<void>((resolve) => ws.once("open", () => resolve()));
  return { ws, closed, opened };
}
const send = (ws: WebSocket, message: object) => ws.send(JSON.stringify(message));
const acknowledged = (ws: WebSocket) => new Promise<void>((resolve) => ws.on("message", (data) => JSON.parse(String(data)).type === "connection_ack" && resolve()));

describe("graphql-ws close codes", () => {
  it("4401 for a subscribe before the connection is acknowledged", async () => {
    const { ws, closed, opened } = socket();
    await opened;
    send(ws, { id: "1", type: "subscribe", payload: { query: "{ viewer { kind } }" } });
    expect(await closed).toBe(4401);
  });

  it("4408 when connection_init does not come in time", async () => {
    const { closed } = socket();
    expect(await closed).toBe(4408);
  });

  it("4409 for a second subscription with an id already in use", async () => {
    const { ws, closed, opened } = socket();
    await opened;
    const ack = acknowledged(ws);
    send(ws, { type: "connection_init", payload: {} });
    await ack;
    // A subscription stays open, so the second message with its id is a duplicate.
    const query = "subscription { assessmentPublished { position } }";
    send(ws, { id: "same", type: "subscribe", payload: { query } });
    send(ws, { id: "same", type: "subscribe", payload: { query } });
    expect(await closed).toBe(4409);
  });

  it("4403 for a bad token in connection_init, 4400 for a message the protocol does not know", async () => {
    const bad = socket();
    await bad.opened;
    send(bad.ws, { type: "connection_init", payload: { authorization: "Bearer not.a.token" } });
    expect(await bad.closed).toBe(4403);
    const odd = socket();
    await odd.opened;
    send(odd.ws, { type: "shout", payload: {} });
    expect(await odd.closed).toBe(4400);
  });
});
