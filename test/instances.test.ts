/**
 * Several instances: two hub processes (separate OS processes, the compiled entry point) on one
 * PostgreSQL server. A change committed through one reaches subscribers of the other — through
 * Redis when REDIS_URL is set, through LISTEN/NOTIFY when it is not. Each process polls the outbox
 * only once a minute here, so delivery within the test's wait proves the signal carried it.
 */
import { inject } from "vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgencySector } from "../src/reference/agency.entity.js";
import { createAgency, createCommodity, createMarket } from "../seeds/factories/reference.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { startMain, type RunningHub } from "./support/processes.js";
import { subscribe } from "./support/subscriber.js";

const NOW = "2026-11-23T03:00:00Z";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const onServer = inject("testDatabase").kind === "server";
let hub: TestHub;
let day = 0;

beforeAll(async () => {
  hub = await startTestHub({ now: NOW });
  const em = hub.em();
  await createAgency(em, { provinceCode: "VN-35", code: "VN-35-SCT-I", name: "Sở Công Thương tỉnh Lâm Đồng", sector: AgencySector.INDUSTRY_TRADE });
  await createCommodity(em, { code: "TEA_OOLONG_I", name: "Chè Ô Long Bảo Lộc", standardUnit: "kg" });
  await createMarket(em, { provinceCode: "VN-35", code: "LD-DALAT-I", name: "Chợ Đà Lạt" });
});
afterAll(async () => {
  await hub?.close();
});

async function twoInstances(extra: Record<string, string>): Promise<[RunningHub, RunningHub]> {
  const env = { DATABASE_URL: hub.database.url, PORT: "0", HUB_NOW: NOW, SEED_DEMO: "false", LOG_LEVEL: "info", EVENT_POLL_MS: "60000", ...extra };
  return Promise.all([startMain(env), startMain(env)]);
}

async function reportThrough(url: string, priceVnd: string): Promise<void> {
  day += 1;
  const observedOn = new Date(Date.UTC(2026, 5, day)).toISOString().slice(0, 10);
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await hub.token({ kind: "agency", province: "VN-35", agency: "VN-35-SCT-I", roles: ["agency_editor"] })}` },
    body: JSON.stringify({
      query: `mutation R($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }`,
      variables: { input: { observations: [{ commodityCode: "TEA_OOLONG_I", marketCode: "LD-DALAT-I", observedOn, priceType: "RETAIL", priceVnd }] } },
    }),
  });
  expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
}

const PRICES = `subscription P($after: String) { priceObservationAdded(after: $after, commodityCodes: ["TEA_OOLONG_I"]) { position priceObservation { priceVnd } } }`;
type Event = { priceObservationAdded: { position: string; priceObservation: { priceVnd: string } } };

async function crossDelivery(a: RunningHub, b: RunningHub, first: string, second: string): Promise<void> {
  const after = (await hub.query<{ latestEventPosition: string }>("{ latestEventPosition }")).data!.latestEventPosition;
  const onB = subscribe<Event>(b.url, PRICES, { after });
  const onA = subscribe<Event>(a.url, PRICES, { after });
  try {
    await reportThrough(a.url, first);
    expect((await onB.next()).data!.priceObservationAdded.priceObservation.priceVnd).toBe(first);
    await reportThrough(b.url, second);
    expect((await onA.next()).data!.priceObservationAdded.priceObservation.priceVnd).toBe(first);
    expect((await onA.next()).data!.priceObservationAdded.priceObservation.priceVnd).toBe(second);
    expect((await onB.next()).data!.priceObservationAdded.priceObservation.priceVnd).toBe(second);
  } finally {
    await onA.close();
    await onB.close();
  }
}

// Two processes cannot share the embedded database: this needs a server.
describe.skipIf(!onServer)("two hub processes", () => {
  it("share events through Redis", async () => {
    const [a, b] = await twoInstances({ REDIS_URL });
    try {
      await crossDelivery(a, b, "612000", "613000");
    } finally {
      expect(await a.stop()).toBe(0);
      expect(await b.stop()).toBe(0);
    }
  });

  it("share events through LISTEN/NOTIFY on a PostgreSQL server without Redis, and listen again after the connection drops", async () => {
    const [a, b] = await twoInstances({});
    try {
      await crossDelivery(a, b, "614000", "615000");
      // A database restart or an idle-connection killer ends the LISTEN connections: the hubs carry on.
      const admin = hub.em().getConnection();
      await admin.execute(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'listen hub_events'`);
      await crossDelivery(a, b, "616000", "617000");
    } finally {
      expect(await a.stop()).toBe(0);
      expect(await b.stop()).toBe(0);
    }
  });
});
