/**
 * Listings through the API: an enterprise for itself, or an agency editor for an enterprise of its
 * province; optimistic concurrency between the two; each change announced, and delivered with
 * the contacts only to members.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgencySector } from "../src/reference/agency.entity.js";
import type { EnterpriseEntity } from "../src/reference/enterprise.entity.js";
import { createAgency, createCommodity, createEnterprise } from "../seeds/factories/reference.js";
import { startTestHub, type GraphQLResponse, type TestCaller, type TestHub } from "./support/hub.js";
import { subscribe } from "./support/subscriber.js";
import { globalIdOf } from "./support/global-ids.js";

let hub: TestHub;
let coop: EnterpriseEntity;
let other: EnterpriseEntity;
let avocado: string;
let coopCaller: TestCaller;

const DAK_LAK_EDITOR: TestCaller = { kind: "agency", province: "VN-33", agency: "VN-33-SCT", roles: ["agency_editor"] };

beforeAll(async () => {
  hub = await startTestHub({ now: "2026-11-23T03:00:00Z" });
  const em = hub.em();
  await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SCT", name: "Sở Công Thương tỉnh Đắk Lắk", sector: AgencySector.INDUSTRY_TRADE });
  await createAgency(em, { provinceCode: "VN-35", code: "VN-35-SCT", name: "Sở Công Thương tỉnh Lâm Đồng", sector: AgencySector.INDUSTRY_TRADE });
  coop = await createEnterprise(em, { provinceCode: "VN-33", name: "Hợp tác xã Bơ Krông Năng (mô phỏng)", taxCode: "0097331001" });
  other = await createEnterprise(em, { provinceCode: "VN-35", name: "Công ty TNHH Nông sản Đơn Dương (mô phỏng)", taxCode: "0097351001" });
  avocado = (await createCommodity(em, { code: "AVOCADO_BOOTH_W", name: "Bơ booth", standardUnit: "kg" })).code;
  coopCaller = { kind: "enterprise", province: "VN-33", taxCode: coop.taxCode };
});
afterAll(async () => {
  await hub?.close();
});

async function as<T = Record<string, unknown>>(caller: TestCaller | null, query: string, variables: Record<string, unknown> = {}) {
  return hub.query<T>(query, variables, { token: caller ? await hub.token(caller) : undefined });
}

const POST = `mutation P($input: PostListingInput!) { postListing(input: $input) { id version status title contactName enterprise { name } ownerProvinceCodes } }`;
const UPDATE = `mutation U($input: UpdateListingInput!) { updateListing(input: $input) { version quantity title } }`;
const CLOSE = `mutation C($id: ID!, $version: Int!) { closeListing(id: $id, version: $version) { status version closedAt } }`;
type Posted = { postListing: { id: string; version: number; status: string; title: string; contactName: string; enterprise: { name: string }; ownerProvinceCodes: string[] } };
const content = { kind: "OFFER", commodityCode: "AVOCADO_BOOTH_W", title: "Cung cấp 30 tấn bơ booth Krông Năng", quantity: 30000, certifications: ["VIETGAP"], contactName: "Y Bim Niê", contactPhone: "0262 3850 123", contactEmail: "hoptacxa@example.vn" };

describe("posting, changing and closing listings", () => {
  it("lets an enterprise post for itself and an editor of its province change it, one version at a time", async () => {
    const posted = await as<Posted>(coopCaller, POST, { input: content });
    expect(posted.errors).toBeUndefined();
    const listing = posted.data!.postListing;
    expect(listing).toMatchObject({ version: 1, status: "OPEN", enterprise: { name: "Hợp tác xã Bơ Krông Năng (mô phỏng)" }, ownerProvinceCodes: ["VN-33"], contactName: "Y Bim Niê" });

    const byAgency = await as<{ updateListing: { version: number; quantity: number } }>(DAK_LAK_EDITOR, UPDATE, { input: { id: listing.id, version: 1, quantity: 25000 } });
    expect(byAgency.data!.updateListing).toMatchObject({ version: 2, quantity: 25000 });
    // The enterprise still holds version 1: its change is refused rather than silently undoing the agency's.
    const stale = await as(coopCaller, UPDATE, { input: { id: listing.id, version: 1, title: "Cung cấp 40 tấn bơ booth Krông Năng" } });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", currentVersion: 2 });
    const closed = await as<{ closeListing: { status: string; version: number } }>(coopCaller, CLOSE, { id: listing.id, version: 2 });
    expect(closed.data!.closeListing).toMatchObject({ status: "CLOSED", version: 3 });
    expect((await as(coopCaller, CLOSE, { id: listing.id, version: 3 })).errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("refuses other enterprises and other provinces' editors, and posts by an agency for its own province's enterprises only", async () => {
    const listing = (await as<Posted>(coopCaller, POST, { input: { ...content, title: "Cung cấp bơ sáp Krông Năng vụ mới" } })).data!.postListing;
    const otherEnterprise = await as(
      { kind: "enterprise", province: "VN-35", taxCode: other.taxCode },
      UPDATE,
      { input: { id: listing.id, version: 1, quantity: 1 } },
    );
    expect(otherEnterprise.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const otherProvince = await as({ kind: "agency", province: "VN-35", agency: "VN-35-SCT", roles: ["agency_editor"] }, UPDATE, { input: { id: listing.id, version: 1, quantity: 1 } });
    expect(otherProvince.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const forOwnEnterprise = await as<Posted>(DAK_LAK_EDITOR, POST, { input: { ...content, enterpriseId: globalIdOf(coop), title: "Sở Công Thương đăng thay hợp tác xã" } });
    expect(forOwnEnterprise.data!.postListing.ownerProvinceCodes).toEqual(["VN-33"]);
    const forForeignEnterprise = await as(DAK_LAK_EDITOR, POST, { input: { ...content, enterpriseId: globalIdOf(other) } });
    expect(forForeignEnterprise.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const badInput = await as(coopCaller, POST, { input: { ...content, contactEmail: "không-phải-email", periodFrom: "2026-12-31", periodTo: "2026-12-01" } });
    expect(badInput.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { contactEmail: expect.any(String) } });
    expect((await as(null, POST, { input: content })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("retries", () => {
  it("returns the first listing for a repeated idempotency key, never a second one", async () => {
    const input = { ...content, title: "Bơ booth Krông Năng giao tháng 12", idempotencyKey: "5b0f8a1e-listing-retry" };
    const [one, two] = await Promise.all([as<Posted>(coopCaller, POST, { input }), as<Posted>(coopCaller, POST, { input: { ...input, contactName: "Y Bim Niê", description: null } })]);
    expect(one.data!.postListing.id).toBe(two.data!.postListing.id);
    const other = await as(coopCaller, POST, { input: { ...input, title: "Một tiêu đề khác cho cùng khóa" } });
    expect(other.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });
});

describe("listingChanged", () => {
  it("tells every subscriber, with contacts for members only", async () => {
    const SUBSCRIPTION = `subscription L($after: String) { listingChanged(after: $after, commodityCodes: ["${avocado}"]) { kind listing { title contactPhone } } }`;
    type Event = { listingChanged: { kind: string; listing: { title: string; contactPhone: string | null } } };
    const after = (await hub.query<{ latestEventPosition: string }>("{ latestEventPosition }")).data!.latestEventPosition;
    const member = subscribe<Event>(hub.url, SUBSCRIPTION, { after }, { token: await hub.token({ kind: "enterprise", province: "VN-35", taxCode: other.taxCode }) });
    const anonymous = subscribe<Event>(hub.url, SUBSCRIPTION, { after });
    try {
      const listing = (await as<Posted>(coopCaller, POST, { input: { ...content, title: "Bơ 034 Krông Năng xuất khẩu" } })).data!.postListing;
      await as(coopCaller, CLOSE, { id: listing.id, version: 1 });
      const memberEvents = [await member.next(), await member.next()];
      expect(memberEvents.map((event) => [event.data!.listingChanged.kind, event.data!.listingChanged.listing.contactPhone])).toEqual([
        ["POSTED", "0262 3850 123"],
        ["CLOSED", "0262 3850 123"],
      ]);
      const anonymousEvents: GraphQLResponse<Event>[] = [await anonymous.next(), await anonymous.next()];
      expect(anonymousEvents.map((event) => [event.data!.listingChanged.kind, event.data!.listingChanged.listing.contactPhone])).toEqual([
        ["POSTED", null],
        ["CLOSED", null],
      ]);
      expect(anonymousEvents[0]!.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", classification: "SHARED", reason: "SIGN_IN_REQUIRED" });
    } finally {
      await member.close();
      await anonymous.close();
    }
  });
});
