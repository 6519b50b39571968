/** graphql-ws serves the same schema on the same port and path as HTTP (`/graphql`). */
import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startTestHub, type TestHub } from "./support/hub.js";

let hub: TestHub;
let client: Client;
beforeAll(async () => {
  hub = await startTestHub();
  client = createClient({ url: hub.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
});
afterAll(async () => {
  await client?.dispose();
  await hub?.close();
});

describe("graphql-ws on /graphql", () => {
  it("answers a query over WebSocket exactly as over HTTP", async () => {
    const query = "{ units(filter: { current: true }) { code name } }";
    const overWebSocket = await new Promise<unknown>((resolve, reject) => {
      let result: unknown;
      client.subscribe({ query }, { next: (value) => (result = value), error: reject, complete: () => resolve(result) });
    });
    const overHttp = await hub.query(query);
    expect(overWebSocket).toEqual(overHttp);
    expect((overHttp.data as { units: unknown[] }).units).toHaveLength(5);
  });

  it("reports invalid operations as GraphQL errors", async () => {
    const failure = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: "{ noSuchField }" }, { next: () => undefined, error: resolve, complete: () => resolve(null) });
    });
    expect(JSON.stringify(failure)).toContain("Cannot query field");
  });
});
