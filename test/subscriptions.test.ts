/**
 * Subscriptions over graphql-ws: events are published only after their transaction commits, each
 * once and in order, resumable from the last position received, and delivered with the fields the
 * subscriber may read at delivery. Waits are on events, never on time; to show that something was
 * NOT delivered, a later sentinel event is awaited and what arrived before it is checked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgencySector } from "../src/reference/agency.entity.js";
import { createAgency } from "../seeds/factories/reference.js";
import { startTestHub, type TestCaller, type TestHub } from "./support/hub.js";
import { subscribe } from "./support/subscriber.js";

const NOW = "2026-11-23T03:00:00Z";
let hub: TestHub;

const DAK_LAK_EDITOR: TestCaller = { kind: "agency", province: "VN-33", agency: "VN-33-SKHCN", roles: ["agency_editor"] };
const LAM_DONG_EDITOR: TestCaller = { kind: "agency", province: "VN-35", agency: "VN-35-SKHCN", roles: ["agency_editor"] };

beforeAll(async () => {
  hub = await startTestHub({ now: NOW });
  const em = hub.em();
  await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Đắk Lắk", sector: AgencySector.SCIENCE_TECHNOLOGY });
  await createAgency(em, { provinceCode: "VN-35", code: "VN-35-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng", sector: AgencySector.SCIENCE_TECHNOLOGY });
});
afterAll(async () => {
  await hub?.close();
});

async function as<T>(caller: TestCaller, query: string, variables: Record<string, unknown> = {}) {
  return hub.query<T>(query, variables, { token: await hub.token(caller) });
}

async function position(): Promise<string> {
  return (await hub.query<{ latestEventPosition: string }>("{ latestEventPosition }")).data!.latestEventPosition;
}

const AGREEMENTS = `subscription Follow($after: String) { agreementChanged(after: $after) { position kind agreement { reference status grantor { code } grantee { code } } gap { missedAfter } } }`;
type AgreementEvent = { agreementChanged: { position: string; kind: string; agreement: { reference: string; status: string; grantor: { code: string }; grantee: { code: string } } | null } };

async function requestAgreement(purpose = "Theo dõi trình độ công nghệ chế biến cà phê hai tỉnh") {
  const response = await as<{ requestAgreement: { id: string; reference: string } }>(
    LAM_DONG_EDITOR,
    `mutation R($purpose: String!) { requestAgreement(input: { grantorCode: "VN-33", datasets: [TECHNOLOGY], purpose: $purpose, legalBasis: "Chương trình hợp tác TP.HCM – Tây Nguyên", periodFrom: "2026-11-01", periodTo: "2027-10-31" }) { id reference } }`,
    { purpose },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.requestAgreement;
}

describe("agreementChanged", () => {
  it("delivers each committed change once, in order, to signed-in members", async () => {
    const subscription = subscribe<AgreementEvent>(hub.url, AGREEMENTS, { after: await position() }, { token: await hub.token({ kind: "agency", province: "VN-30" }) });
    try {
      const requested = await requestAgreement();
      await as(DAK_LAK_EDITOR, `mutation A($id: ID!) { approveAgreement(id: $id) { status } }`, { id: requested.id });
      const first = await subscription.next();
      const second = await subscription.next();
      expect([first.data!.agreementChanged.kind, second.data!.agreementChanged.kind]).toEqual(["REQUESTED", "APPROVED"]);
      expect(second.data!.agreementChanged.agreement).toEqual({ reference: requested.reference, status: "APPROVED", grantor: { code: "VN-33" }, grantee: { code: "VN-35" } });
      expect(BigInt(second.data!.agreementChanged.position)).toBeGreaterThan(BigInt(first.data!.agreementChanged.position));
    } finally {
      await subscription.close();
    }
  });

  it("publishes nothing for a write that fails: the next event is the sentinel after it", async () => {
    const subscription = subscribe<AgreementEvent>(hub.url, AGREEMENTS, { after: await position() }, { token: await hub.token({ kind: "agency", province: "VN-30" }) });
    try {
      const requested = await requestAgreement();
      expect((await subscription.next()).data!.agreementChanged.kind).toBe("REQUESTED");
      // Refused inside the transaction (wrong party, then a decline without its legal basis): nothing commits.
      const wrongParty = await as(LAM_DONG_EDITOR, `mutation A($id: ID!) { approveAgreement(id: $id) { status } }`, { id: requested.id });
      expect(wrongParty.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const noBasis = await as(DAK_LAK_EDITOR, `mutation D($id: ID!) { declineAgreement(input: { id: $id, reason: "Dữ liệu chưa được công bố", legalBasis: "" }) { status } }`, { id: requested.id });
      expect(noBasis.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const sentinel = await requestAgreement("Sự kiện đánh dấu cho bài kiểm thử đăng ký");
      const next = await subscription.next();
      expect(next.data!.agreementChanged).toMatchObject({ kind: "REQUESTED", agreement: { reference: sentinel.reference } });
    } finally {
      await subscription.close();
    }
  });

  it("resumes after the last position received: what was missed first, then live, none twice", async () => {
    const start = await position();
    const missedOne = await requestAgreement("Sự kiện bị bỏ lỡ thứ nhất khi mất kết nối");
    const missedTwo = await requestAgreement("Sự kiện bị bỏ lỡ thứ hai khi mất kết nối");
    const subscription = subscribe<AgreementEvent>(hub.url, AGREEMENTS, { after: start }, { token: await hub.token({ kind: "agency", province: "VN-30" }) });
    try {
      const replayed = [await subscription.next(), await subscription.next()];
      expect(replayed.map((event) => event.data!.agreementChanged.agreement!.reference)).toEqual([missedOne.reference, missedTwo.reference]);
      const live = await requestAgreement("Sự kiện trực tiếp sau khi nối lại");
      expect((await subscription.next()).data!.agreementChanged.agreement!.reference).toBe(live.reference);
      // Resuming from the second replayed position gives only what came after it.
      const again = subscribe<AgreementEvent>(hub.url, AGREEMENTS, { after: replayed[1]!.data!.agreementChanged.position }, { token: await hub.token({ kind: "agency", province: "VN-30" }) });
      try {
        expect((await again.next()).data!.agreementChanged.agreement!.reference).toBe(live.reference);
      } finally {
        await again.close();
      }
    } finally {
      await subscription.close();
    }
  });

  it("is for signed-in members only", async () => {
    const subscription = subscribe<AgreementEvent>(hub.url, AGREEMENTS, {});
    try {
      const refusal = await subscription.next();
      expect(refusal.data ?? null).toBeNull();
      expect(refusal.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(await subscription.ended).toEqual({ completed: true });
    } finally {
      await subscription.close();
    }
  });
});

describe("unsubscribing", () => {
  it("frees the subscription at once, even while it waits for an event", async () => {
    const events = hub.server.events;
    const before = events.subscriptionCount;
    // Nothing is ever published on this topic here: the subscription is waiting when it ends.
    const waiting = subscribe(hub.url, `subscription { assessmentPublished { position } }`, {}, { token: await hub.token({ kind: "agency", province: "VN-30" }) });
    await events.whenSubscriptions((count) => count === before + 1);
    await waiting.close();
    await events.whenSubscriptions((count) => count === before);
    expect(events.subscriptionCount).toBe(before);
  });
});

describe("anonymous subscribers of one selection (they share each event's execution)", () => {
  it("each get the event with exactly what their own subscription asked for; other selections and callers are executed apart", async () => {
    const { createCommodity, createMarket } = await import("../seeds/factories/reference.js");
    const em = hub.em();
    await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SCT-SH", name: "Sở Công Thương tỉnh Đắk Lắk", sector: AgencySector.INDUSTRY_TRADE });
    await createCommodity(em, { code: "DURIAN_RI6_SH", name: "Sầu riêng Ri6", standardUnit: "kg" });
    await createCommodity(em, { code: "AVOCADO_034_SH", name: "Bơ 034", standardUnit: "kg" });
    await createMarket(em, { provinceCode: "VN-33", code: "DL-BMT-SH", name: "Chợ Buôn Ma Thuột" });
    const editor: TestCaller = { kind: "agency", province: "VN-33", agency: "VN-33-SCT-SH", roles: ["agency_editor"] };
    const PRICES = `subscription P($after: String, $codes: [String!]) { priceObservationAdded(after: $after, commodityCodes: $codes) { position priceObservation { priceVnd commodity { code } } } }`;
    const WITH_AGENCY = `subscription P($after: String, $codes: [String!]) { priceObservationAdded(after: $after, commodityCodes: $codes) { position priceObservation { priceVnd sourceAgency { code } } } }`;
    type PriceEvent = { priceObservationAdded: { position: string; priceObservation: { priceVnd: string; commodity?: { code: string }; sourceAgency?: { code: string } } } };
    const after = await position();
    const durian = { after, codes: ["DURIAN_RI6_SH"] };
    const subscribers = {
      first: subscribe<PriceEvent>(hub.url, PRICES, durian),
      second: subscribe<PriceEvent>(hub.url, PRICES, durian),
      otherVariables: subscribe<PriceEvent>(hub.url, PRICES, { after, codes: ["AVOCADO_034_SH"] }),
      otherSelection: subscribe<PriceEvent>(hub.url, WITH_AGENCY, durian),
      signedIn: subscribe<PriceEvent>(hub.url, WITH_AGENCY, durian, { token: await hub.token(editor) }),
    };
    try {
      await hub.server.events.whenSubscriptions((count) => count >= 5);
      const report = async (commodityCode: string, priceVnd: string) => {
        const response = await as(editor, `mutation R($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }`, {
          input: { observations: [{ commodityCode, marketCode: "DL-BMT-SH", observedOn: "2026-11-20", priceType: "RETAIL", priceVnd }] },
        });
        expect(response.errors).toBeUndefined();
      };
      await report("DURIAN_RI6_SH", "95000");
      await report("AVOCADO_034_SH", "38000");
      const durianEvent = { priceVnd: "95000", commodity: { code: "DURIAN_RI6_SH" } };
      expect((await subscribers.first.next()).data!.priceObservationAdded.priceObservation).toEqual(durianEvent);
      expect((await subscribers.second.next()).data!.priceObservationAdded.priceObservation).toEqual(durianEvent);
      expect((await subscribers.otherVariables.next()).data!.priceObservationAdded.priceObservation).toEqual({ priceVnd: "38000", commodity: { code: "AVOCADO_034_SH" } });
      expect((await subscribers.otherSelection.next()).data!.priceObservationAdded.priceObservation).toEqual({ priceVnd: "95000", sourceAgency: { code: "VN-33-SCT-SH" } });
      expect((await subscribers.signedIn.next()).data!.priceObservationAdded.priceObservation).toEqual({ priceVnd: "95000", sourceAgency: { code: "VN-33-SCT-SH" } });
    } finally {
      await Promise.all(Object.values(subscribers).map((subscription) => subscription.close()));
    }
  });
});
