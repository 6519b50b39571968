/**
 * What "nothing lost" rests on: positions stamped in commit order even when transactions overlap,
 * resumes across a dropped connection and a hub restart that deliver every event exactly once in
 * order, and an explicit gap notice when a resume reaches back past retention.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { Viewer } from "../src/auth/viewer.js";
import { fixedClock } from "../src/common/clock.js";
import { createContext } from "../src/context.js";
import { appendAuditEntries, AuditAction, verifyAuditChain } from "../src/audit/index.js";
import { executorOf } from "../src/common/sql-executor.js";
import { appendEvents, pruneEvents } from "../src/events/event-log.js";
import { AgencySector } from "../src/reference/agency.entity.js";
import { AgencyEntity, CommodityEntity, MarketEntity } from "../src/reference/index.js";
import { PriceObservationEntity, PriceType } from "../src/trade/price-observation.entity.js";
import { priceEvent } from "../src/trade/price.writes.js";
import { runWrite } from "../src/writes/write.js";
import { createAgency, createCommodity, createMarket } from "../seeds/factories/reference.js";
import { createPriceObservation } from "../seeds/factories/trade.js";
import { startTestHub, type TestCaller, type TestHub } from "./support/hub.js";
import { subscribe } from "./support/subscriber.js";

const NOW = "2026-11-23T03:00:00Z";
let hub: TestHub;
let agency: AgencyEntity;
let commodity: CommodityEntity;
let market: MarketEntity;
let day = 0;

const EDITOR: TestCaller = { kind: "agency", province: "VN-33", agency: "VN-33-SCT-E", roles: ["agency_editor"] };
const PRICES = `subscription P($after: String) { priceObservationAdded(after: $after, commodityCodes: ["PEPPER_EVENTS"]) { position priceObservation { priceVnd } gap { missedAfter resumedAfter } } }`;
type Event = { priceObservationAdded: { position: string | null; priceObservation: { priceVnd: string } | null; gap: { missedAfter: string; resumedAfter: string } | null } };

beforeAll(async () => {
  // The outbox is polled once a minute here: deliveries in these tests ride on signals, and an
  // event written behind the dispatcher's back stays unread until the test makes it read.
  hub = await startTestHub({ now: NOW, env: { EVENT_POLL_MS: "60000" } });
  const em = hub.em();
  agency = await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SCT-E", name: "Sở Công Thương tỉnh Đắk Lắk", sector: AgencySector.INDUSTRY_TRADE });
  commodity = await createCommodity(em, { code: "PEPPER_EVENTS", name: "Hồ tiêu đen Chư Sê", standardUnit: "kg" });
  market = await createMarket(em, { provinceCode: "VN-33", code: "DL-EVENTS", name: "Chợ nông sản Ea Kar" });
});
afterAll(async () => {
  await hub?.close();
});

/** Reports one price through the API (a new day each time, so the natural key never repeats). */
async function report(priceVnd: string): Promise<void> {
  day += 1;
  const observedOn = new Date(Date.UTC(2026, 0, day)).toISOString().slice(0, 10);
  const response = await hub.query(
    `mutation R($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }`,
    { input: { observations: [{ commodityCode: commodity.code, marketCode: market.code, observedOn, priceType: "WHOLESALE", priceVnd }] } },
    { token: await hub.token(EDITOR) },
  );
  expect(response.errors).toBeUndefined();
}

const latest = async () => (await hub.query<{ latestEventPosition: string }>("{ latestEventPosition }")).data!.latestEventPosition;
const priceOf = (event: { data?: Event | null }) => event.data!.priceObservationAdded.priceObservation?.priceVnd;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe("positions", () => {
  // The embedded database runs one transaction at a time, so two cannot overlap there.
  it.skipIf(inject("testDatabase").kind === "embedded")("follow commit order: a transaction that wrote first but commits last gets the larger position, and a resume misses nothing", async () => {
    const viewer: Viewer = { kind: "agency", subject: "editor-overlap", provinceCode: "VN-33", agencyCode: agency.code, roles: ["agency_editor"] };
    const dependencies = { em: hub.database.orm.em, clock: fixedClock(new Date(NOW)), config: hub.config, events: hub.server.events };
    const write = async (priceVnd: string, observedOn: string, pause?: { reached: () => void; release: Promise<void> }) =>
      runWrite(await createContext(dependencies, viewer, { sqlStatements: 0 }), async ({ tx, audited, emit }) => {
        const observation = Object.assign(new PriceObservationEntity(), {
          commodity: tx.getReference(CommodityEntity, commodity.id),
          market: tx.getReference(MarketEntity, market.id),
          marketProvinceCode: "VN-33",
          observedOn,
          priceType: PriceType.RETAIL,
          priceVnd,
          unit: "kg",
          sourceAgency: tx.getReference(AgencyEntity, agency.id),
          note: null,
          ownerProvinceCodes: ["VN-33"],
        });
        tx.persist(observation);
        await tx.flush();
        if (pause) {
          pause.reached();
          await pause.release;
        }
        audited(["PriceObservation.priceVnd"], ["VN-33"]);
        emit(priceEvent(observation, commodity.code, market.code, "ADDED"));
        return observation;
      });

    const start = await latest();
    const reached = deferred();
    const release = deferred();
    // The first transaction inserts its row, then waits, open.
    const first = write("150001", "2026-02-01", { reached: reached.resolve, release: release.promise });
    await reached.promise;
    // The second writes and commits meanwhile.
    await write("150002", "2026-02-02");
    const afterSecond = await latest();
    const seen = subscribe<Event>(hub.url, PRICES, { after: start });
    try {
      expect(priceOf(await seen.next())).toBe("150002");
      release.resolve();
      await first;
      expect(BigInt(await latest())).toBeGreaterThan(BigInt(afterSecond));
      expect(priceOf(await seen.next())).toBe("150001");
    } finally {
      await seen.close();
    }
    // A client that had seen the second and resumes after it still receives the first.
    const resumed = subscribe<Event>(hub.url, PRICES, { after: afterSecond });
    try {
      expect(priceOf(await resumed.next())).toBe("150001");
    } finally {
      await resumed.close();
    }
  });
});

describe("writers", () => {
  // Overlapping transactions need a server: the embedded database runs one at a time.
  it.skipIf(inject("testDatabase").kind === "embedded")("do not wait for each other: a write answers while another transaction holds its audit entry and event uncommitted, and both are chained and delivered in commit order", async () => {
    const hcmc: Viewer = { kind: "agency", subject: "editor-hcmc-open", provinceCode: "VN-SG", agencyCode: "VN-SG-SCT", roles: ["agency_editor"] };
    const observation = await createPriceObservation(hub.em(), { commodity, market, agency, observedOn: "2025-06-01", priceVnd: "150009" });
    const start = await latest();
    const seen = subscribe<Event>(hub.url, PRICES, { after: start });
    const reached = deferred();
    const release = deferred();
    // What a write's transaction holds just before it commits: its audit entry and its event, appended.
    const open = hub.em().transactional(async (tx) => {
      await appendAuditEntries(tx, hcmc, [{ action: AuditAction.WRITE, fields: ["PriceObservation.priceVnd"], ownerProvinceCodes: ["VN-SG"], recordCount: 1 }], new Date(NOW));
      await appendEvents(executorOf(tx), [priceEvent(observation, commodity.code, market.code, "ADDED")], new Date(NOW));
      reached.resolve();
      await release.promise;
    });
    try {
      await reached.promise;
      // Another province's editor writes meanwhile, and is answered (one lock held to commit by every writer would hold it up here).
      await report("150010");
      expect(priceOf(await seen.next())).toBe("150010");
      release.resolve();
      await open;
      await hub.server.events.afterCommit(true);
      expect(priceOf(await seen.next())).toBe("150009");
    } finally {
      release.resolve();
      await seen.close();
    }
    const check = await verifyAuditChain(hub.em(), hub.config.auditKey);
    expect(check.intact).toBe(true);
    const [last, previous] = await hub.em().getConnection().execute<{ actor_subject: string }[]>("select actor_subject from audit_log order by sequence desc limit 2");
    expect([previous!.actor_subject, last!.actor_subject]).toEqual([expect.stringMatching(/VN-33/), "editor-hcmc-open"]);
  });
});

describe("order", () => {
  it("replays and delivers a backlog larger than a read, across digit boundaries, in numeric order", async () => {
    const start = await latest();
    const observations = Array.from({ length: 620 }, (_, index) => ({
      commodityCode: commodity.code,
      marketCode: market.code,
      observedOn: new Date(Date.UTC(2020, 0, 1) + index * 86_400_000).toISOString().slice(0, 10),
      priceType: "FARM_GATE",
      priceVnd: String(140_000 + index),
    }));
    const live = subscribe<Event>(hub.url, PRICES, { after: start });
    const response = await hub.query(`mutation R($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }`, { input: { observations } }, { token: await hub.token(EDITOR) });
    expect(response.errors).toBeUndefined();
    const replay = subscribe<Event>(hub.url, PRICES, { after: start });
    try {
      for (const stream of [live, replay]) {
        const received: string[] = [];
        const positions: bigint[] = [];
        for (let i = 0; i < observations.length; i += 1) {
          const event = await stream.next();
          received.push(priceOf(event)!);
          positions.push(BigInt(event.data!.priceObservationAdded.position!));
        }
        expect(received).toEqual(observations.map((observation) => observation.priceVnd));
        expect(positions.every((position, index) => index === 0 || position > positions[index - 1]!)).toBe(true);
      }
    } finally {
      await live.close();
      await replay.close();
    }
  });

  it("does not deliver twice what a client saw on another instance before this one read it", async () => {
    // A price and its event that this instance's dispatcher has not read (as if committed through
    // another instance whose signal is late), and that the client already received from there.
    const elsewhere = await createPriceObservation(hub.em(), { commodity, market, agency, observedOn: "2019-05-05", priceVnd: "153999" });
    const [{ position }] = (await hub.em().getConnection().execute<{ position: string }[]>(
      `insert into hub_event (position, topic, kind, record_type, record_id, keys, owner_province_codes, committed_at)
       values (nextval('hub_event_position'), 'PRICE_OBSERVATIONS', 'ADDED', 'PriceObservation', ?, '{"commodityCode":"PEPPER_EVENTS"}', '{VN-33}', now()) returning position::text`,
      [elsewhere.id],
    )) as [{ position: string }];
    const resumed = subscribe<Event>(hub.url, PRICES, { after: position });
    try {
      await report("154000");
      const next = await resumed.next();
      expect(priceOf(next)).toBe("154000");
      expect(BigInt(next.data!.priceObservationAdded.position!)).toBeGreaterThan(BigInt(position));
    } finally {
      await resumed.close();
    }
  });
});

describe("resuming", () => {
  it("after a dropped connection: what was missed, then live, each once and in order", async () => {
    const first = subscribe<Event>(hub.url, PRICES, { after: await latest() });
    await report("151000");
    const last = (await first.next()).data!.priceObservationAdded.position!;
    await first.close(); // the connection drops
    await report("151001");
    await report("151002");
    const again = subscribe<Event>(hub.url, PRICES, { after: last });
    try {
      expect([priceOf(await again.next()), priceOf(await again.next())]).toEqual(["151001", "151002"]);
      await report("151003");
      expect(priceOf(await again.next())).toBe("151003");
    } finally {
      await again.close();
    }
  });

  it("after the hub restarts: every event committed meanwhile, exactly once, in order", async () => {
    const before = subscribe<Event>(hub.url, PRICES, { after: await latest() });
    await report("152000");
    const last = (await before.next()).data!.priceObservationAdded.position!;
    await hub.restart();
    // The old socket ends with the old server.
    await before.ended;
    await before.close();
    await report("152001");
    await report("152002");
    const after = subscribe<Event>(hub.url, PRICES, { after: last });
    try {
      const delivered = [await after.next(), await after.next()];
      expect(delivered.map(priceOf)).toEqual(["152001", "152002"]);
      await report("152003");
      const sentinel = await after.next();
      expect(priceOf(sentinel)).toBe("152003");
      const positions = [...delivered, sentinel].map((event) => BigInt(event.data!.priceObservationAdded.position!));
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    } finally {
      await after.close();
    }
  });

  it("reaching back past retention: a gap notice first, then what is still kept", async () => {
    const old = await latest();
    await report("153000");
    // Retention prunes everything committed so far.
    await pruneEvents(hub.em(), new Date(Date.now() + 86_400_000));
    await report("153001");
    const late = subscribe<Event>(hub.url, PRICES, { after: old });
    try {
      const notice = await late.next();
      expect(notice.data!.priceObservationAdded).toMatchObject({ position: null, priceObservation: null, gap: { missedAfter: old } });
      expect(BigInt(notice.data!.priceObservationAdded.gap!.resumedAfter)).toBeGreaterThan(BigInt(old));
      expect(priceOf(await late.next())).toBe("153001");
    } finally {
      await late.close();
    }
    const bad = subscribe<Event>(hub.url, PRICES, { after: "not-a-position" });
    try {
      expect((await bad.next()).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    } finally {
      await bad.close();
    }
  });
});
