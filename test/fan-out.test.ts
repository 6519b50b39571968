/**
 * Fan-out: subscribers who read alike share each event's execution and frame, whoever they are —
 * every guarantee still per subscriber: the fields each may read, the audit entry of each one's
 * protected reads — and a subscriber whose connection stops taking its events is ended, to resume
 * with `after`, while the others go on receiving theirs. Waits are on events, never on time.
 */
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { AuditAction, AuditEntryEntity } from "../src/audit/index.js";
import { signDevelopmentToken } from "../src/auth/identity.js";
import { AgencySector } from "../src/reference/agency.entity.js";
import type { EnterpriseEntity } from "../src/reference/enterprise.entity.js";
import { createAgency, createCommodity, createEnterprise, createMarket } from "../seeds/factories/reference.js";
import { globalIdOf } from "./support/global-ids.js";
import { startTestHub, type GraphQLResponse, type TestCaller, type TestHub } from "./support/hub.js";
import { subscribe } from "./support/subscriber.js";

const NOW = "2026-11-23T03:00:00Z";
/** Small, so that a client that stops reading passes it within a few batches of events. */
const MAX_BUFFERED_BYTES = 65_536;
let hub: TestHub;
let roaster: EnterpriseEntity;

const DAK_LAK_EDITOR: TestCaller = { kind: "agency", province: "VN-33", agency: "VN-33-SKHCN-F", roles: ["agency_editor"] };
const LAM_DONG_EDITOR: TestCaller = { kind: "agency", province: "VN-35", agency: "VN-35-SKHCN-F", roles: ["agency_editor"] };
const PRICE_EDITOR: TestCaller = { kind: "agency", province: "VN-33", agency: "VN-33-SCT-F", roles: ["agency_editor"] };

beforeAll(async () => {
  // More aliases than the default 40, for a frame longer than 65,535 bytes (see "frames of every length").
  hub = await startTestHub({ now: NOW, env: { WS_MAX_BUFFERED_BYTES: String(MAX_BUFFERED_BYTES), MAX_ALIASES: "200" } });
  const em = hub.em();
  await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SKHCN-F", name: "Sở Khoa học và Công nghệ tỉnh Đắk Lắk", sector: AgencySector.SCIENCE_TECHNOLOGY });
  await createAgency(em, { provinceCode: "VN-35", code: "VN-35-SKHCN-F", name: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng", sector: AgencySector.SCIENCE_TECHNOLOGY });
  await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SCT-F", name: "Sở Công Thương tỉnh Đắk Lắk", sector: AgencySector.INDUSTRY_TRADE });
  await createCommodity(em, { code: "PEPPER_FAN_OUT", name: "Hồ tiêu đen", standardUnit: "kg" });
  await createMarket(em, { provinceCode: "VN-33", code: "DL-FAN-OUT", name: "Chợ nông sản Cư M'gar" });
  roaster = await createEnterprise(em, { provinceCode: "VN-33", name: "Công ty TNHH Rang xay Cư M'gar (mô phỏng)", vsicCode: "1077" });
});
afterAll(async () => {
  await hub?.close();
});

async function as<T = Record<string, unknown>>(caller: TestCaller | null, query: string, variables: Record<string, unknown> = {}) {
  const response = await hub.query<T>(query, variables, { token: caller ? await hub.token(caller) : undefined });
  return response;
}

const latest = async () => (await hub.query<{ latestEventPosition: string }>("{ latestEventPosition }")).data!.latestEventPosition;

describe("subscribers of one access class", () => {
  const SUBSCRIPTION = `subscription S($after: String) { assessmentPublished(after: $after, provinceCodes: ["VN-33"]) { position assessment { assessedOn totalScore } } }`;
  type Event = { assessmentPublished: { position: string; assessment: { assessedOn: string; totalScore: number | null } } };
  const totalScoreError = (event: GraphQLResponse<Event>) => event.errors?.find((error) => error.path?.join(".") === "assessmentPublished.assessment.totalScore")?.extensions;

  it("share each event, each is sent what its class may read, and each one's protected reads are audited as its own", async () => {
    // Lâm Đồng holds an agreement for Đắk Lắk's technology data.
    const requested = await as<{ requestAgreement: { id: string } }>(
      LAM_DONG_EDITOR,
      `mutation { requestAgreement(input: { grantorCode: "VN-33", datasets: [TECHNOLOGY], purpose: "So sánh trình độ công nghệ rang xay", legalBasis: "Chương trình hợp tác TP.HCM – Tây Nguyên", periodFrom: "2026-11-01", periodTo: "2027-10-31" }) { id } }`,
    );
    await as(DAK_LAK_EDITOR, `mutation A($id: ID!) { approveAgreement(id: $id) { status } }`, { id: requested.data!.requestAgreement.id });

    const before = await latest();
    const holders = [
      subscribe<Event>(hub.url, SUBSCRIPTION, { after: before }, { token: await hub.token({ kind: "agency", province: "VN-35", subject: "lam-dong-viewer-1" }) }),
      subscribe<Event>(hub.url, SUBSCRIPTION, { after: before }, { token: await hub.token({ kind: "agency", province: "VN-35", subject: "lam-dong-viewer-2" }) }),
    ];
    const other = subscribe<Event>(hub.url, SUBSCRIPTION, { after: before }, { token: await hub.token({ kind: "agency", province: "VN-30", subject: "binh-phuoc-viewer" }) });
    const anonymous = subscribe<Event>(hub.url, SUBSCRIPTION, { after: before });
    const subscribers = [...holders, other, anonymous];
    try {
      await hub.server.events.whenSubscriptions((count) => count >= subscribers.length);
      const drafted = await as<{ draftAssessment: { id: string } }>(
        DAK_LAK_EDITOR,
        `mutation D($input: DraftAssessmentInput!) { draftAssessment(input: $input) { id } }`,
        { input: { enterpriseId: globalIdOf(roaster), assessedOn: "2026-11-07", scores: { T: 24, E: 14, O: 10, R: 8, I: 6 } } },
      );
      const auditBefore = await hub.em().count(AuditEntryEntity, {});
      await as(DAK_LAK_EDITOR, `mutation P($id: ID!) { publishAssessment(id: $id, version: 1) { status } }`, { id: drafted.data!.draftAssessment.id });

      for (const holder of holders) {
        const event = await holder.next();
        expect(event.errors).toBeUndefined();
        expect(event.data!.assessmentPublished.assessment).toEqual({ assessedOn: "2026-11-07", totalScore: 62 });
      }
      const withheld = await other.next();
      expect(withheld.data!.assessmentPublished.assessment).toEqual({ assessedOn: "2026-11-07", totalScore: null });
      expect(totalScoreError(withheld)).toMatchObject({ code: "FORBIDDEN", reason: "NO_AGREEMENT_IN_FORCE" });
      const signIn = await anonymous.next();
      expect(totalScoreError(signIn)).toMatchObject({ code: "FORBIDDEN", reason: "SIGN_IN_REQUIRED" });

      // One entry per holder, each with its own subject, written before its event was sent; none for the others.
      const reads = async () => (await hub.em().find(AuditEntryEntity, { id: { $gt: auditBefore }, action: AuditAction.READ }, { orderBy: { id: "asc" } })).map((entry) => [entry.actorSubject, entry.fields, entry.ownerProvinceCodes]);
      expect((await reads()).sort()).toEqual([
        ["lam-dong-viewer-1", ["Assessment.totalScore"], ["VN-33"]],
        ["lam-dong-viewer-2", ["Assessment.totalScore"], ["VN-33"]],
      ]);

      // Two more of the class resume from before the event: they replay it (sharing its execution
      // on that path) and are audited, each as itself, too.
      const late = [
        subscribe<Event>(hub.url, SUBSCRIPTION, { after: before }, { token: await hub.token({ kind: "agency", province: "VN-35", subject: "lam-dong-viewer-3" }) }),
        subscribe<Event>(hub.url, SUBSCRIPTION, { after: before }, { token: await hub.token({ kind: "agency", province: "VN-35", subject: "lam-dong-viewer-4" }) }),
      ];
      subscribers.push(...late);
      for (const subscriber of late) expect((await subscriber.next()).data!.assessmentPublished.assessment).toEqual({ assessedOn: "2026-11-07", totalScore: 62 });
      expect((await reads()).map(([subject]) => subject).sort()).toEqual(["lam-dong-viewer-1", "lam-dong-viewer-2", "lam-dong-viewer-3", "lam-dong-viewer-4"]);
      // Their replay reached their registration: they join the group now, before any live event
      // (a whole audience reconnecting after a restart would otherwise take its first event one by one).
      await hub.server.events.whenSubscriptions((count, readingAlone) => count === subscribers.length && readingAlone === 0);
    } finally {
      await Promise.all(subscribers.map((subscriber) => subscriber.close()));
    }
  });
});

describe("a member of a shared group whose token expires", () => {
  it("is ended with UNAUTHENTICATED before the next event; the others of its class receive it", async () => {
    let now = Date.parse(NOW);
    const timed = await startTestHub({ clock: { now: () => new Date(now) } });
    const prices = `subscription P($after: String) { priceObservationAdded(after: $after, commodityCodes: ["PEPPER_EXPIRY"]) { priceObservation { priceVnd } } }`;
    type Event = { priceObservationAdded: { priceObservation: { priceVnd: string } } };
    const viewer = (subject: string, ttlSeconds: number) => signDevelopmentToken(timed.config.auth, { subject, roles: ["agency_viewer"], province: "VN-33", agency: null, ttlSeconds }, new Date(now));
    try {
      const em = timed.em();
      await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SCT-X", name: "Sở Công Thương tỉnh Đắk Lắk", sector: AgencySector.INDUSTRY_TRADE });
      await createCommodity(em, { code: "PEPPER_EXPIRY", name: "Hồ tiêu đỏ", standardUnit: "kg" });
      await createMarket(em, { provinceCode: "VN-33", code: "DL-EXPIRY", name: "Chợ Ea Súp" });
      const after = (await timed.query<{ latestEventPosition: string }>("{ latestEventPosition }")).data!.latestEventPosition;
      const brief = subscribe<Event>(timed.url, prices, { after }, { token: await viewer("short-lived", 60) });
      const lasting = subscribe<Event>(timed.url, prices, { after }, { token: await viewer("long-lived", 3_600) });
      try {
        await timed.server.events.whenSubscriptions((count) => count === 2);
        const report = async (priceVnd: string, observedOn: string) => {
          const response = await timed.query(
            `mutation R($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }`,
            { input: { observations: [{ commodityCode: "PEPPER_EXPIRY", marketCode: "DL-EXPIRY", observedOn, priceType: "RETAIL", priceVnd }] } },
            { token: await timed.token({ kind: "agency", province: "VN-33", agency: "VN-33-SCT-X", roles: ["agency_editor"] }) },
          );
          expect(response.errors).toBeUndefined();
        };
        await report("160000", "2026-11-01");
        expect((await brief.next()).data!.priceObservationAdded.priceObservation.priceVnd).toBe("160000");
        expect((await lasting.next()).data!.priceObservationAdded.priceObservation.priceVnd).toBe("160000");
        now += 120_000;
        await report("160001", "2026-11-02");
        expect((await lasting.next()).data!.priceObservationAdded.priceObservation.priceVnd).toBe("160001");
        const ended = await brief.ended;
        expect(JSON.stringify(ended.error)).toContain("the token has expired");
        expect(JSON.stringify(ended.error)).toContain("UNAUTHENTICATED");
      } finally {
        await brief.close();
        await lasting.close();
      }
    } finally {
      await timed.close();
    }
  });
});

describe("a subscriber whose connection stops taking its events", () => {
  // About 20 KB a frame (39 notes of 500 characters): a few batches fill what the kernel buffers.
  const NOTES = Array.from({ length: 39 }, (_, index) => `n${index}: priceObservation { note }`).join(" ");
  const HEAVY = `subscription H($after: String) { priceObservationAdded(after: $after, commodityCodes: ["PEPPER_FAN_OUT"]) { position ${NOTES} } }`;
  const LIGHT = `subscription L($after: String) { priceObservationAdded(after: $after, commodityCodes: ["PEPPER_FAN_OUT"]) { position priceObservation { priceVnd } } }`;
  type Light = { priceObservationAdded: { position: string; priceObservation: { priceVnd: string } } };
  let day = 0;

  /** Reports `count` prices in one write (one event each), each with a note of 500 characters. */
  async function report(count: number, priceOf: (index: number) => string): Promise<void> {
    const observations = Array.from({ length: count }, (_, index) => {
      day += 1;
      return { commodityCode: "PEPPER_FAN_OUT", marketCode: "DL-FAN-OUT", observedOn: new Date(Date.UTC(2010, 0, day)).toISOString().slice(0, 10), priceType: "WHOLESALE", priceVnd: priceOf(index), note: "x".repeat(500) };
    });
    const response = await as(PRICE_EDITOR, `mutation R($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }`, { input: { observations } });
    expect(response.errors).toBeUndefined();
  }

  /** A graphql-transport-ws client spoken by hand, whose TCP socket the test can stop reading. */
  async function rawClient(): Promise<{ ws: WebSocket; tcp: Socket; messages: { id?: string; type: string; payload?: unknown }[]; arrived: (until: (message: { id?: string; type: string; payload?: unknown }) => boolean) => Promise<void> }> {
    const ws = new WebSocket(hub.url.replace(/^http/, "ws"), "graphql-transport-ws");
    const upgraded = new Promise<Socket>((resolve) => ws.once("upgrade", (response) => resolve(response.socket as Socket)));
    const opened = new Promise<void>((resolve) => ws.once("open", () => resolve()));
    const messages: { id?: string; type: string; payload?: unknown }[] = [];
    const waiters = new Set<() => void>();
    ws.on("message", (data) => {
      messages.push(JSON.parse(String(data)));
      for (const waiter of waiters) waiter();
    });
    const arrived = (until: (message: { id?: string; type: string; payload?: unknown }) => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (messages.some(until)) {
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
      });
    const [tcp] = await Promise.all([upgraded, opened]);
    ws.send(JSON.stringify({ type: "connection_init", payload: {} }));
    await arrived((message) => message.type === "connection_ack");
    return { ws, tcp, messages, arrived };
  }

  it("is told to resume once the hub holds too much for it, and resumes from its last position; the others receive every event meanwhile", async () => {
    const after = await latest();
    const events = hub.server.events;
    const before = events.subscriptionCount;
    const stuck = await rawClient();
    stuck.ws.send(JSON.stringify({ id: "stuck", type: "subscribe", payload: { query: HEAVY, variables: { after } } }));
    const reading = subscribe<Light>(hub.url, LIGHT, { after });
    try {
      await events.whenSubscriptions((count) => count === before + 2);
      // The client stops reading: what the hub writes to it piles up in the kernel, then in the hub.
      stuck.tcp.pause();
      const stuckEnded = events.whenSubscriptions((count) => count === before + 1).then(() => true);
      let batches = 0;
      while (!(await Promise.race([stuckEnded, Promise.resolve(false)]))) {
        expect(batches).toBeLessThan(40);
        await report(100, (index) => String(200_000 + batches * 100 + index));
        batches += 1;
        // Each batch waits for the reading subscriber's last event of it, so the hub has written the batch's frames.
        await reading.collectUntil((event) => event.data!.priceObservationAdded.priceObservation.priceVnd === String(200_000 + batches * 100 - 1));
      }
      // The hub goes on delivering to the others: the reading subscriber has every event, in order.
      await report(1, () => "299999");
      const last = await reading.collectUntil((event) => event.data!.priceObservationAdded.priceObservation.priceVnd === "299999");
      expect(last.at(-1)!.errors).toBeUndefined();

      // Reading again, the stuck client finds what was written before the hub gave up on it, then the reason.
      stuck.tcp.resume();
      await stuck.arrived((message) => message.id === "stuck" && message.type === "error");
      const received = stuck.messages.filter((message) => message.id === "stuck" && message.type === "next").map((message) => (message.payload as { data: { priceObservationAdded: { position: string } } }).data.priceObservationAdded.position);
      const error = stuck.messages.find((message) => message.id === "stuck" && message.type === "error")!.payload as { extensions?: { code?: string } }[];
      expect(error[0]!.extensions?.code).toBe("RESUME_REQUIRED");
      expect(received.length).toBeGreaterThan(0);
      expect(received.length).toBeLessThan(batches * 100);
      // It resumes after the last position it received, and gets every later event once, in order, up to the last.
      stuck.ws.send(JSON.stringify({ id: "resumed", type: "subscribe", payload: { query: LIGHT, variables: { after: received.at(-1) } } }));
      await stuck.arrived((message) => message.id === "resumed" && (message.payload as { data?: Light })?.data?.priceObservationAdded.priceObservation.priceVnd === "299999");
      const resumed = stuck.messages.filter((message) => message.id === "resumed").map((message) => (message.payload as { data: Light }).data.priceObservationAdded.position);
      const all = [...received, ...resumed].map(BigInt);
      expect(all.every((position, index) => index === 0 || position > all[index - 1]!)).toBe(true);
      expect(all).toHaveLength(batches * 100 + 1);
    } finally {
      stuck.ws.terminate();
      await reading.close();
    }
  });
});

describe("frames of every length", () => {
  // A group writes its frames itself (src/pipeline/websocket-frames.ts): the WebSocket header's
  // three length forms (under 126 bytes, to 65,535, beyond), and results over 4 KB written in two
  // parts. graphql-ws's client, over ws, closes the socket on any malformed frame.
  const notes = (count: number) => Array.from({ length: count }, (_, index) => `n${index}: priceObservation { note }`).join(" ");
  // Aliased short, so its frame stays under 126 bytes whatever the position's digits.
  const TINY = `subscription T($after: String) { p: priceObservationAdded(after: $after, commodityCodes: ["PEPPER_FAN_OUT"]) { position } }`;
  const SMALL = `subscription S($after: String) { priceObservationAdded(after: $after, commodityCodes: ["PEPPER_FAN_OUT"]) { position priceObservation { priceVnd note } } }`;
  const LARGE = `subscription L($after: String) { priceObservationAdded(after: $after, commodityCodes: ["PEPPER_FAN_OUT"]) { position ${notes(20)} } }`;
  const HUGE = `subscription H($after: String) { priceObservationAdded(after: $after, commodityCodes: ["PEPPER_FAN_OUT"]) { position ${notes(150)} } }`;
  type Event = { priceObservationAdded: Record<string, unknown> & { position: string } };

  it("reach each member whole: under 126 bytes, up to 65,535 bytes and beyond", async () => {
    const after = await latest();
    const events = hub.server.events;
    // The other tests' subscriptions gone first: their sockets close after those tests end.
    await events.whenSubscriptions((count) => count === 0);
    const subscriptions = [TINY, SMALL, LARGE, HUGE].map((query) => subscribe<Event>(hub.url, query, { after }));
    try {
      // Every one delivered by its group, none on its own path.
      await events.whenSubscriptions((count, readingAlone) => count === 4 && readingAlone === 0);
      const note = "Hồ tiêu đen loại 1, 500 g/l. ".repeat(17).slice(0, 500);
      const response = await as(PRICE_EDITOR, `mutation R($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }`, {
        input: { observations: [{ commodityCode: "PEPPER_FAN_OUT", marketCode: "DL-FAN-OUT", observedOn: "2011-06-01", priceType: "WHOLESALE", priceVnd: "151515", note }] },
      });
      expect(response.errors).toBeUndefined();
      const [tiny, small, large, huge] = await Promise.all(subscriptions.map((subscription) => subscription.next()));
      for (const result of [tiny, small, large, huge]) expect(result!.errors).toBeUndefined();
      const position = small!.data!.priceObservationAdded.position;
      expect(tiny!.data).toEqual({ p: { position } });
      expect(small!.data).toEqual({ priceObservationAdded: { position, priceObservation: { priceVnd: "151515", note } } });
      const noteOf = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`n${index}`, { note }]));
      expect(large!.data).toEqual({ priceObservationAdded: { position, ...noteOf(20) } });
      expect(huge!.data).toEqual({ priceObservationAdded: { position, ...noteOf(150) } });
      // The lengths the test means to cover: a frame's payload is the result and 70 bytes around it
      // (`{"id":"<graphql-ws's 36-character id>","type":"next","payload":` and `}`).
      expect(JSON.stringify(tiny).length + 70).toBeLessThan(126);
      expect(Buffer.byteLength(JSON.stringify(small)) + 70).toBeGreaterThanOrEqual(126);
      expect(JSON.stringify(large).length).toBeGreaterThan(4_096);
      expect(Buffer.byteLength(JSON.stringify(huge))).toBeGreaterThan(65_536);
    } finally {
      await Promise.all(subscriptions.map((subscription) => subscription.close()));
    }
  });
});
