/**
 * Reporting and correcting prices through the API: one transaction per mutation (a bad row writes
 * nothing and announces nothing), retries made safe by idempotency keys, corrections that keep
 * their history under optimistic concurrency, and the live subscription that follows them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditEntryEntity } from "../src/audit/index.js";
import { AgencySector } from "../src/reference/agency.entity.js";
import { PriceObservationEntity } from "../src/trade/index.js";
import { createAgency, createCommodity, createEnterprise, createMarket } from "../seeds/factories/reference.js";
import { startTestHub, type TestCaller, type TestHub } from "./support/hub.js";
import { subscribe } from "./support/subscriber.js";

const NOW = "2026-11-23T03:00:00Z";
let hub: TestHub;
let coffee: string;
let pepper: string;
const BMT = "DL-BMT-MATRIX"; // a Đắk Lắk market
const KON_TUM = "KT-KONTUM-MATRIX"; // a Kon Tum market (VN-28, now Quảng Ngãi's)

const DAK_LAK_EDITOR: TestCaller = { kind: "agency", province: "VN-33", agency: "VN-33-SCT", roles: ["agency_editor"] };
const QUANG_NGAI_EDITOR: TestCaller = { kind: "agency", province: "VN-29", agency: "VN-29-SCT", roles: ["agency_editor"] };

beforeAll(async () => {
  hub = await startTestHub({ now: NOW });
  // The enterprise the enterprise token below names: a token must name a registered one.
  await createEnterprise(hub.em(), { provinceCode: "VN-33", taxCode: "0099100001", name: "Công ty TNHH Tiêu Cư M'gar (mô phỏng)" });
  const em = hub.em();
  await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SCT", name: "Sở Công Thương tỉnh Đắk Lắk", sector: AgencySector.INDUSTRY_TRADE });
  await createAgency(em, { provinceCode: "VN-29", code: "VN-29-SCT", name: "Sở Công Thương tỉnh Quảng Ngãi", sector: AgencySector.INDUSTRY_TRADE });
  await createAgency(em, { provinceCode: "VN-28", code: "VN-28-SCT", name: "Sở Công Thương tỉnh Kon Tum", sector: AgencySector.INDUSTRY_TRADE });
  coffee = (await createCommodity(em, { code: "COFFEE_ROBUSTA_W", name: "Cà phê Robusta nhân xô", standardUnit: "kg" })).code;
  pepper = (await createCommodity(em, { code: "PEPPER_BLACK_W", name: "Hồ tiêu đen", standardUnit: "kg" })).code;
  await createMarket(em, { provinceCode: "VN-33", code: BMT, name: "Chợ Buôn Ma Thuột" });
  await createMarket(em, { provinceCode: "VN-28", code: KON_TUM, name: "Chợ Kon Tum" });
});
afterAll(async () => {
  await hub?.close();
});

async function as<T = Record<string, unknown>>(caller: TestCaller | null, query: string, variables: Record<string, unknown> = {}) {
  return hub.query<T>(query, variables, { token: caller ? await hub.token(caller) : undefined });
}

const RECORD = `mutation Record($input: RecordPriceObservationsInput!) {
  recordPriceObservations(input: $input) { replayed observations { id priceVnd unit version ownerProvinceCodes commodity { code } market { code } sourceAgency { code } } } }`;
type Recorded = { recordPriceObservations: { replayed: boolean; observations: { id: string; priceVnd: string; version: number; ownerProvinceCodes: string[] }[] } };

const price = (overrides: Record<string, unknown> = {}) => ({ commodityCode: coffee, marketCode: BMT, observedOn: "2026-11-20", priceType: "WHOLESALE", priceVnd: "118500", ...overrides });
const countPrices = () => hub.em().count(PriceObservationEntity, {});
const latestPosition = async () => (await hub.query<{ latestEventPosition: string }>("{ latestEventPosition }")).data!.latestEventPosition;

describe("recordPriceObservations", () => {
  it("writes a batch owned by the reporting agency's province, audits it once and announces each price", async () => {
    const subscription = subscribe<{ priceObservationAdded: { kind: string; priceObservation: { priceVnd: string; commodity: { code: string } } } }>(
      hub.url,
      `subscription P($after: String) { priceObservationAdded(after: $after, commodityCodes: ["${coffee}"]) { kind priceObservation { priceVnd commodity { code } } } }`,
      { after: await latestPosition() },
    );
    try {
      const auditBefore = await hub.em().count(AuditEntryEntity, {});
      const response = await as<Recorded>(DAK_LAK_EDITOR, RECORD, {
        input: { observations: [price(), price({ commodityCode: pepper, priceVnd: "142000" }), price({ observedOn: "2026-11-21", priceVnd: "119200", note: "loại 1" })] },
      });
      expect(response.errors).toBeUndefined();
      const observations = response.data!.recordPriceObservations.observations;
      expect(observations.map((o) => [o.priceVnd, o.version, o.ownerProvinceCodes])).toEqual([
        ["118500", 1, ["VN-33"]],
        ["142000", 1, ["VN-33"]],
        ["119200", 1, ["VN-33"]],
      ]);
      const entries = await hub.em().find(AuditEntryEntity, { id: { $gt: auditBefore } });
      expect(entries.map((entry) => [entry.action, entry.actorAgencyCode, entry.ownerProvinceCodes, entry.recordCount])).toEqual([["WRITE", "VN-33-SCT", ["VN-33"], 3]]);
      // Only the coffee prices reach a coffee subscriber, in the batch's order.
      const first = await subscription.next();
      const second = await subscription.next();
      expect([first, second].map((event) => event.data!.priceObservationAdded.priceObservation.priceVnd)).toEqual(["118500", "119200"]);
    } finally {
      await subscription.close();
    }
  });

  it("rejects a batch with any bad row, naming every problem by row, and writes and announces nothing", async () => {
    const subscription = subscribe<{ priceObservationAdded: { priceObservation: { priceVnd: string } } }>(
      hub.url,
      `subscription P($after: String) { priceObservationAdded(after: $after) { priceObservation { priceVnd } } }`,
      { after: await latestPosition() },
    );
    try {
      const before = await countPrices();
      const response = await as(DAK_LAK_EDITOR, RECORD, {
        input: {
          observations: [
            price({ observedOn: "2026-10-01" }),
            price({ marketCode: "NO-SUCH-MARKET", observedOn: "2026-10-02" }),
            price({ marketCode: KON_TUM, observedOn: "2026-10-03" }),
            price({ observedOn: "2026-12-25" }),
            price({ observedOn: "2026-10-01" }),
          ],
        },
      });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        fields: {
          "observations.1.marketCode": "unknown market NO-SUCH-MARKET",
          "observations.2.marketCode": `${KON_TUM} is a market of VN-28, not of VN-33`,
          "observations.3.observedOn": "in the future (today is 2026-11-23)",
          "observations.4": "repeats observations.0 (same commodity, market, price type and day)",
        },
      });
      const invalid = await as(DAK_LAK_EDITOR, RECORD, { input: { observations: [price({ observedOn: "2026-10-05", priceVnd: "0" })] } });
      expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { "observations.0.priceVnd": expect.stringContaining("whole number") } });
      expect(await countPrices()).toBe(before);
      // The next event is the sentinel: the refused batches announced nothing.
      await as(DAK_LAK_EDITOR, RECORD, { input: { observations: [price({ observedOn: "2026-10-06", priceVnd: "111111" })] } });
      expect((await subscription.next()).data!.priceObservationAdded.priceObservation.priceVnd).toBe("111111");
    } finally {
      await subscription.close();
    }
  });

  it("makes a retry with the same idempotency key a no-op, even when the retries race", async () => {
    const input = { idempotencyKey: "a2f1c7e0-retry-0001", observations: [price({ observedOn: "2026-11-02", priceVnd: "117000" }), price({ observedOn: "2026-11-03", priceVnd: "117400" })] };
    const before = await countPrices();
    const [one, two] = await Promise.all([as<Recorded>(DAK_LAK_EDITOR, RECORD, { input }), as<Recorded>(DAK_LAK_EDITOR, RECORD, { input })]);
    expect([one.errors, two.errors]).toEqual([undefined, undefined]);
    expect(one.data!.recordPriceObservations.observations.map((o) => o.id)).toEqual(two.data!.recordPriceObservations.observations.map((o) => o.id));
    expect([one.data!.recordPriceObservations.replayed, two.data!.recordPriceObservations.replayed].sort()).toEqual([false, true]);
    const again = await as<Recorded>(DAK_LAK_EDITOR, RECORD, { input });
    expect(again.data!.recordPriceObservations.replayed).toBe(true);
    expect(await countPrices()).toBe(before + 2);
    const reused = await as(DAK_LAK_EDITOR, RECORD, { input: { ...input, observations: [price({ observedOn: "2026-11-04" })] } });
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", idempotencyKey: input.idempotencyKey });
  });

  it("refuses a price already reported (the natural key) as a CONFLICT, writing nothing of the batch", async () => {
    const before = await countPrices();
    const response = await as(DAK_LAK_EDITOR, RECORD, { input: { observations: [price({ observedOn: "2026-09-01" }), price()] } });
    expect(response.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(await countPrices()).toBe(before);
  });

  it("is for agency editors whose token names their agency", async () => {
    const input = { observations: [price({ observedOn: "2026-08-01" })] };
    expect((await as(null, RECORD, { input })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await as({ kind: "agency", province: "VN-33" }, RECORD, { input })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await as({ kind: "agency", province: "VN-33", roles: ["agency_editor"] }, RECORD, { input })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await as({ kind: "enterprise", province: "VN-33", taxCode: "0099100001" }, RECORD, { input })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await as({ kind: "hub_admin" }, RECORD, { input })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("correctPriceObservation", () => {
  const CORRECT = `mutation C($input: CorrectPriceObservationInput!) { correctPriceObservation(input: $input) { priceVnd version note corrections { revision previousPriceVnd previousNote reason } } }`;

  it("keeps the replaced value, refuses a stale version and other provinces, and lets a successor correct its predecessor's prices", async () => {
    const recorded = await as<Recorded>(DAK_LAK_EDITOR, RECORD, { input: { observations: [price({ observedOn: "2026-07-01", priceVnd: "1185" })] } });
    const id = recorded.data!.recordPriceObservations.observations[0]!.id;
    const corrected = await as<{ correctPriceObservation: unknown }>(DAK_LAK_EDITOR, CORRECT, { input: { id, version: 1, priceVnd: "118500", reason: "nhập nhầm đơn vị (nghìn đồng)" } });
    expect(corrected.data!.correctPriceObservation).toEqual({ priceVnd: "118500", version: 2, note: null, corrections: [{ revision: 1, previousPriceVnd: "1185", previousNote: null, reason: "nhập nhầm đơn vị (nghìn đồng)" }] });
    const stale = await as(DAK_LAK_EDITOR, CORRECT, { input: { id, version: 1, priceVnd: "118600", reason: "điều chỉnh lần hai" } });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", currentVersion: 2 });
    const stranger = await as(QUANG_NGAI_EDITOR, CORRECT, { input: { id, version: 2, priceVnd: "118600", reason: "không phải của tỉnh mình" } });
    expect(stranger.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    // A Kon Tum agency's price from before the merger: Quảng Ngãi's editors own it now.
    const konTum = await as<Recorded>({ kind: "agency", province: "VN-29", agency: "VN-29-SCT", roles: ["agency_editor"] }, RECORD, { input: { observations: [price({ marketCode: KON_TUM, observedOn: "2026-06-01" })] } });
    expect(konTum.data!.recordPriceObservations.observations[0]!.ownerProvinceCodes).toEqual(["VN-29"]);
    const em = hub.em();
    const old = await em.findOneOrFail(PriceObservationEntity, { id: Number(Buffer.from(konTum.data!.recordPriceObservations.observations[0]!.id, "base64url").toString().split(":")[1]) });
    old.ownerProvinceCodes = ["VN-28"]; // as Kon Tum's own agency had reported it before 1 July 2025
    await em.flush();
    const bySuccessor = await as<{ correctPriceObservation: { version: number } }>(QUANG_NGAI_EDITOR, CORRECT, { input: { id: konTum.data!.recordPriceObservations.observations[0]!.id, version: 1, priceVnd: "99000", reason: "Sở Công Thương Quảng Ngãi rà soát giá Kon Tum" } });
    expect(bySuccessor.data!.correctPriceObservation.version).toBe(2);
  });
});
