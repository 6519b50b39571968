/**
 * Graceful shutdown of the process `npm start` runs: on SIGTERM it turns unready, closes
 * WebSockets with 1001 (Going Away), stops accepting, lets a request already accepted finish and
 * commit, and exits 0.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgencySector } from "../src/reference/agency.entity.js";
import { createAgency, createCommodity, createMarket } from "../seeds/factories/reference.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { startMain } from "./support/processes.js";

const NOW = "2026-11-23T03:00:00Z";
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ now: NOW });
  const em = hub.em();
  await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SCT-S", name: "Sở Công Thương tỉnh Đắk Lắk", sector: AgencySector.INDUSTRY_TRADE });
  await createCommodity(em, { code: "COFFEE_ROBUSTA_S", name: "Cà phê nhân Robusta", standardUnit: "kg" });
  await createMarket(em, { provinceCode: "VN-33", code: "DL-BMT-S", name: "Chợ Buôn Ma Thuột" });
});
afterAll(async () => {
  await hub?.close();
});

/** A graphql-ws socket, acknowledged and subscribed; resolves `closed` with the close code the hub sent. */
async function openSubscription(url: string): Promise<{ closed: Promise<number> }> {
  const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: {} })));
    socket.once("error", reject);
    socket.on("message", (data) => {
      if (JSON.parse(String(data)).type === "connection_ack") resolve();
    });
  });
  socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: `subscription { priceObservationAdded { position } }` } }));
  return { closed };
}

/**
 * A mutation whose body the test sends in two parts: the hub has accepted the request (it answered
 * `100 Continue`) before the test sends SIGTERM, and its body arrives during the shutdown.
 */
async function acceptedRequest(url: string, token: string, body: string): Promise<{ finish: () => Promise<{ status: number; body: string }> }> {
  const request: ClientRequest = httpRequest(url, { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${token}`, expect: "100-continue" } });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.once("response", resolve);
    request.once("error", reject);
  });
  await new Promise<void>((resolve) => request.once("continue", () => resolve()));
  const half = Math.floor(body.length / 2);
  request.write(body.slice(0, half));
  return {
    finish: async () => {
      request.end(body.slice(half));
      const answer = await response;
      let text = "";
      for await (const chunk of answer) text += String(chunk);
      return { status: answer.statusCode ?? 0, body: text };
    },
  };
}

describe("on SIGTERM", () => {
  it("closes sockets with 1001, refuses new work, finishes and commits what it accepted, and exits 0", async () => {
    const running = await startMain({ DATABASE_URL: hub.database.url, PORT: "0", HUB_NOW: NOW, SEED_DEMO: "false", LOG_LEVEL: "info" });
    const token = await hub.token({ kind: "agency", province: "VN-33", agency: "VN-33-SCT-S", roles: ["agency_editor"] });
    const subscription = await openSubscription(running.url);
    const body = JSON.stringify({
      query: `mutation Record($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }`,
      variables: { input: { observations: [{ commodityCode: "COFFEE_ROBUSTA_S", marketCode: "DL-BMT-S", observedOn: "2026-11-20", priceType: "FARM_GATE", priceVnd: "118500" }] } },
    });
    const inFlight = await acceptedRequest(running.url, token, body);

    const exited = running.stop();
    await running.waitFor(/Shutting down/);
    // Sockets are told the server is going away, as RFC 6455 (and graphql-ws) have it.
    expect(await subscription.closed).toBe(1001);
    // New work is turned away: no connection, or a 503 on one still open.
    const late = await fetch(running.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ units { code } }" }) }).then(
      (response) => response.status,
      () => "refused",
    );
    expect([503, "refused"]).toContain(late);
    const readiness = await fetch(new URL("/readyz", running.url)).then((response) => response.status, () => "refused");
    expect([503, "refused"]).toContain(readiness);

    // The request accepted before the signal is answered, and its write is committed.
    const answered = await inFlight.finish();
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({ data: { recordPriceObservations: { replayed: false } } });
    expect(await exited).toBe(0);
    expect(running.output()).toMatch(/Shut down cleanly/);
    const [row] = await hub.em().getConnection().execute<{ price_vnd: string }[]>(`select price_vnd::text from price_observation where observed_on = '2026-11-20' and price_type = 'FARM_GATE'`);
    expect(row?.price_vnd).toBe("118500");
  });
});
