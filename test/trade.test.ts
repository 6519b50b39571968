import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListingKind, ListingStatus, QualityCertification } from "../src/trade/listing.entity.js";
import { InvestmentProjectStatus, InvestmentSector } from "../src/trade/investment-project.entity.js";
import { PriceType } from "../src/trade/price-observation.entity.js";
import { MemorandumPartyRole, PromotionEventKind } from "../src/trade/promotion.entity.js";
import { createAgency, createCommodity, createEnterprise, createMarket, unique } from "../seeds/factories/reference.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import {
  createInvestmentProject,
  createListing,
  createMemorandum,
  createOcopProduct,
  createPriceObservation,
  createPromotionEvent,
  createTradeFlow,
} from "../seeds/factories/trade.js";

// 10:00 on 23 November 2026 in Ho Chi Minh City: the current quarter is Q4 2026.
const NOW = "2026-11-23T03:00:00Z";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ now: NOW });
  // The enterprise the member token names: a token must name a registered one.
  await createEnterprise(hub.em(), { provinceCode: "VN-SG", taxCode: "0099100002", name: "Công ty TNHH Xuất nhập khẩu Nông sản Sài Gòn (mô phỏng)" });
});
afterAll(async () => {
  await hub?.close();
});

/** SHARED values (flow values, listing contacts) need a member; this enterprise of HCMC is one. */
const member = async () => ({ token: await hub.token({ kind: "enterprise", province: "VN-SG", taxCode: "0099100002" }) });

function ok<T>(response: { data?: T | null; errors?: unknown[] }): T {
  expect(response.errors).toBeUndefined();
  return response.data!;
}

describe("price observations", () => {
  it("filters by the market's province (historical code and successor), commodity, price type and period", async () => {
    const em = hub.em();
    const ginseng = await createCommodity(em, { code: `SAM_NGOC_LINH_${unique()}`, name: "Sâm Ngọc Linh", standardUnit: "kg", category: "Dược liệu" });
    const konTumMarket = await createMarket(em, { provinceCode: "VN-28", name: "Chợ Kon Tum" });
    const quangNgaiMarket = await createMarket(em, { provinceCode: "VN-29", name: "Chợ Quảng Ngãi" });
    const binhDien = await createMarket(em, { provinceCode: "VN-SG", name: "Chợ đầu mối Bình Điền" });
    const konTumAgency = await createAgency(em, { provinceCode: "VN-28", name: "Sở Công Thương Kon Tum" });
    const hcmcAgency = await createAgency(em, { provinceCode: "VN-SG", name: "Sở Công Thương TP.HCM" });
    await createPriceObservation(em, { commodity: ginseng, market: konTumMarket, agency: konTumAgency, observedOn: "2025-05-10", priceVnd: "120000000", priceType: PriceType.FARM_GATE });
    await createPriceObservation(em, { commodity: ginseng, market: quangNgaiMarket, agency: konTumAgency, observedOn: "2025-08-10", priceVnd: "125000000", priceType: PriceType.FARM_GATE });
    await createPriceObservation(em, { commodity: ginseng, market: binhDien, agency: hcmcAgency, observedOn: "2025-08-11", priceVnd: "150000000", priceType: PriceType.RETAIL });

    const query = `query P($filter: PriceObservationFilter) { priceObservations(filter: $filter) { totalCount nodes { observedOn priceVnd unit priceType marketProvinceCode market { name } commodity { name } sourceAgency { name } ownerProvinceCodes } } }`;
    const commodityCodes = [ginseng.code];

    const historical = ok(await hub.query<{ priceObservations: { nodes: { market: { name: string } }[] } }>(query, { filter: { commodityCodes, marketProvince: { codes: ["VN-28"] } } }));
    expect(historical.priceObservations.nodes.map((n) => n.market.name)).toEqual(["Chợ Kon Tum"]);

    const successor = ok(await hub.query<{ priceObservations: { totalCount: number; nodes: { market: { name: string }; observedOn: string }[] } }>(query, { filter: { commodityCodes, marketProvince: { codes: ["VN-29"] } } }));
    expect(successor.priceObservations.nodes.map((n) => [n.observedOn, n.market.name])).toEqual([
      ["2025-08-10", "Chợ Quảng Ngãi"],
      ["2025-05-10", "Chợ Kon Tum"],
    ]);

    const onlyToday = ok(await hub.query<{ priceObservations: { totalCount: number } }>(query, { filter: { commodityCodes, marketProvince: { codes: ["VN-29"], includePredecessors: false } } }));
    expect(onlyToday.priceObservations.totalCount).toBe(1);

    const retail = ok(await hub.query<{ priceObservations: { nodes: Record<string, unknown>[] } }>(query, { filter: { commodityCodes, priceTypes: ["RETAIL"] } }));
    expect(retail.priceObservations.nodes).toEqual([
      {
        observedOn: "2025-08-11",
        priceVnd: "150000000",
        unit: "kg",
        priceType: "RETAIL",
        marketProvinceCode: "VN-SG",
        market: { name: "Chợ đầu mối Bình Điền" },
        commodity: { name: "Sâm Ngọc Linh" },
        sourceAgency: { name: "Sở Công Thương TP.HCM" },
        ownerProvinceCodes: ["VN-SG"],
      },
    ]);

    const period = ok(await hub.query<{ priceObservations: { nodes: { observedOn: string }[] } }>(query, { filter: { commodityCodes, period: { from: "2025-08-01", to: "2025-08-10" } } }));
    expect(period.priceObservations.nodes.map((n) => n.observedOn)).toEqual(["2025-08-10"]);
  });

  it("rejects unknown commodity codes and a period with both relative and explicit ends", async () => {
    const unknown = await hub.query(`{ priceObservations(filter: { commodityCodes: ["NO_SUCH_THING"] }) { totalCount } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const both = await hub.query(`{ priceObservations(filter: { period: { relative: CURRENT_QUARTER, from: "2026-01-01" } }) { totalCount } }`);
    expect(both.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("resolves CURRENT_QUARTER and LAST_30_DAYS with the hub's clock in Asia/Ho_Chi_Minh", async () => {
    const em = hub.em();
    const pepper = await createCommodity(em, { code: `PEPPER_${unique()}`, name: "Hồ tiêu đen", standardUnit: "kg" });
    const market = await createMarket(em, { provinceCode: "VN-30", name: "Chợ Pleiku" });
    const agency = await createAgency(em, { provinceCode: "VN-30" });
    for (const [observedOn, priceVnd] of [
      ["2026-09-30", "140000"],
      ["2026-10-01", "141000"],
      ["2026-10-24", "142000"],
      ["2026-10-25", "143000"],
      ["2026-11-23", "144000"],
      ["2026-12-31", "145000"],
      ["2027-01-01", "146000"],
    ] as const) {
      await createPriceObservation(em, { commodity: pepper, market, agency, observedOn, priceVnd });
    }
    const query = `query Q($period: DateRangeInput) { priceObservations(filter: { commodityCodes: ["${pepper.code}"], period: $period }) { nodes { observedOn } } }`;
    const quarter = ok(await hub.query<{ priceObservations: { nodes: { observedOn: string }[] } }>(query, { period: { relative: "CURRENT_QUARTER" } }));
    expect(quarter.priceObservations.nodes.map((n) => n.observedOn)).toEqual(["2026-12-31", "2026-11-23", "2026-10-25", "2026-10-24", "2026-10-01"]);
    const last30 = ok(await hub.query<{ priceObservations: { nodes: { observedOn: string }[] } }>(query, { period: { relative: "LAST_30_DAYS" } }));
    expect(last30.priceObservations.nodes.map((n) => n.observedOn)).toEqual(["2026-11-23", "2026-10-25"]);
    const month = ok(await hub.query<{ priceObservations: { nodes: { observedOn: string }[] } }>(query, { period: { relative: "CURRENT_MONTH" } }));
    expect(month.priceObservations.nodes.map((n) => n.observedOn)).toEqual(["2026-11-23"]);
  });

  it("pages newest first with cursors, without gaps or repeats", async () => {
    const em = hub.em();
    const durian = await createCommodity(em, { code: `DURIAN_${unique()}`, name: "Sầu riêng Ri6", standardUnit: "kg", category: "Trái cây" });
    const market = await createMarket(em, { provinceCode: "VN-33", name: "Chợ Buôn Ma Thuột" });
    const agency = await createAgency(em, { provinceCode: "VN-33" });
    const days = ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05"];
    for (const day of days) await createPriceObservation(em, { commodity: durian, market, agency, observedOn: day, priceVnd: "85000" });
    // Two types on the same day: the id breaks the tie.
    await createPriceObservation(em, { commodity: durian, market, agency, observedOn: "2026-06-03", priceVnd: "70000", priceType: PriceType.FARM_GATE });

    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const page: { data?: { priceObservations: { nodes: { observedOn: string; priceType: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } | null } = await hub.query(
        `query P($after: String) { priceObservations(first: 2, after: $after, filter: { commodityCodes: ["${durian.code}"] }) { nodes { observedOn priceType } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...page.data!.priceObservations.nodes.map((n) => `${n.observedOn}/${n.priceType}`));
      if (!page.data!.priceObservations.pageInfo.hasNextPage) break;
      after = page.data!.priceObservations.pageInfo.endCursor;
    }
    expect(seen).toEqual([
      "2026-06-05/WHOLESALE",
      "2026-06-04/WHOLESALE",
      "2026-06-03/FARM_GATE",
      "2026-06-03/WHOLESALE",
      "2026-06-02/WHOLESALE",
      "2026-06-01/WHOLESALE",
    ]);
  });
});

describe("price series", () => {
  it("keeps price types and units apart, buckets by ISO week (Monday start) and computes min/avg/max/count", async () => {
    const em = hub.em();
    const coffee = await createCommodity(em, { code: `COFFEE_ROBUSTA_${unique()}`, name: "Cà phê Robusta nhân xô", standardUnit: "kg" });
    const market = await createMarket(em, { provinceCode: "VN-33", name: "Chợ Buôn Ma Thuột (cà phê)" });
    const agency = await createAgency(em, { provinceCode: "VN-33", name: "Sở Công Thương Đắk Lắk" });
    const add = (observedOn: string, priceVnd: string, priceType: PriceType, unit?: string) =>
      createPriceObservation(hub.em(), { commodity: coffee, market, agency, observedOn, priceVnd, priceType, unit });
    // Week of Monday 2026-10-26: Sunday 1 November still belongs to it.
    await add("2026-10-26", "126500", PriceType.FARM_GATE);
    await add("2026-10-28", "127000", PriceType.FARM_GATE);
    await add("2026-11-01", "127600", PriceType.FARM_GATE);
    // Monday 2 November starts the next ISO week.
    await add("2026-11-02", "128000", PriceType.FARM_GATE);
    // Same market and days, other price type: its own series.
    await add("2026-10-27", "131000", PriceType.WHOLESALE);
    await add("2026-11-03", "132000", PriceType.WHOLESALE);
    // Farm-gate quoted per tonne (an older standard unit): never averaged with the per-kg prices.
    await add("2026-10-29", "126000000", PriceType.FARM_GATE, "tấn");
    // Outside the period.
    await add("2026-10-25", "999999", PriceType.FARM_GATE);

    type Series = { priceType: string; unit: string; commodity: { code: string }; market: { name: string }; points: { periodStart: string; periodEnd: string; min: string; avg: string; max: string; count: number }[] };
    const response = ok(
      await hub.query<{ priceSeries: Series[] }>(
        `query S($filter: PriceObservationFilter!) { priceSeries(filter: $filter, interval: WEEK) { priceType unit commodity { code } market { name } points { periodStart periodEnd min avg max count } } }`,
        { filter: { commodityCodes: [coffee.code], period: { from: "2026-10-26", to: "2026-11-08" } } },
      ),
    );
    const byKey = new Map(response.priceSeries.map((series) => [`${series.priceType}/${series.unit}`, series]));
    expect([...byKey.keys()].sort()).toEqual(["FARM_GATE/kg", "FARM_GATE/tấn", "WHOLESALE/kg"]);
    expect(byKey.get("FARM_GATE/kg")!.points).toEqual([
      // (126500 + 127000 + 127600) / 3 = 127033.33…
      { periodStart: "2026-10-26", periodEnd: "2026-11-01", min: "126500", avg: "127033", max: "127600", count: 3 },
      { periodStart: "2026-11-02", periodEnd: "2026-11-08", min: "128000", avg: "128000", max: "128000", count: 1 },
    ]);
    expect(byKey.get("FARM_GATE/tấn")!.points).toEqual([{ periodStart: "2026-10-26", periodEnd: "2026-11-01", min: "126000000", avg: "126000000", max: "126000000", count: 1 }]);
    expect(byKey.get("WHOLESALE/kg")!.points.map((p) => [p.periodStart, p.avg])).toEqual([
      ["2026-10-26", "131000"],
      ["2026-11-02", "132000"],
    ]);
    expect(byKey.get("WHOLESALE/kg")!).toMatchObject({ commodity: { code: coffee.code }, market: { name: "Chợ Buôn Ma Thuột (cà phê)" } });
  });

  it("puts 31 December and 1 January in one ISO week, buckets days and months, and rounds half up", async () => {
    const em = hub.em();
    const avocado = await createCommodity(em, { code: `AVOCADO_${unique()}`, name: "Bơ 034", standardUnit: "kg", category: "Trái cây" });
    const market = await createMarket(em, { provinceCode: "VN-35", name: "Chợ Đà Lạt" });
    const agency = await createAgency(em, { provinceCode: "VN-35" });
    await createPriceObservation(em, { commodity: avocado, market, agency, observedOn: "2026-12-31", priceVnd: "40000" });
    await createPriceObservation(em, { commodity: avocado, market, agency, observedOn: "2027-01-01", priceVnd: "40001" });
    const query = `query S($interval: PriceInterval!) { priceSeries(filter: { commodityCodes: ["${avocado.code}"], period: { from: "2026-12-01", to: "2027-01-31" } }, interval: $interval) { points { periodStart periodEnd avg count } } }`;
    const week = ok(await hub.query<{ priceSeries: { points: unknown[] }[] }>(query, { interval: "WEEK" }));
    // (40000 + 40001) / 2 = 40000.5, rounded half away from zero.
    expect(week.priceSeries[0]!.points).toEqual([{ periodStart: "2026-12-28", periodEnd: "2027-01-03", avg: "40001", count: 2 }]);
    const month = ok(await hub.query<{ priceSeries: { points: unknown[] }[] }>(query, { interval: "MONTH" }));
    expect(month.priceSeries[0]!.points).toEqual([
      { periodStart: "2026-12-01", periodEnd: "2026-12-31", avg: "40000", count: 1 },
      { periodStart: "2027-01-01", periodEnd: "2027-01-31", avg: "40001", count: 1 },
    ]);
    const day = ok(await hub.query<{ priceSeries: { points: { periodStart: string; periodEnd: string }[] }[] }>(query, { interval: "DAY" }));
    expect(day.priceSeries[0]!.points.map((p) => [p.periodStart, p.periodEnd])).toEqual([
      ["2026-12-31", "2026-12-31"],
      ["2027-01-01", "2027-01-01"],
    ]);
  });

  it("requires a bounded period", async () => {
    const response = await hub.query(`{ priceSeries(filter: { priceTypes: [RETAIL] }) { unit } }`);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("latest prices and market prices", () => {
  it("gives the latest observation per market and price type, and a market's prices by commodity", async () => {
    const em = hub.em();
    const tea = await createCommodity(em, { code: `TEA_${unique()}`, name: "Chè Ô long", standardUnit: "kg" });
    const flowers = await createCommodity(em, { code: `FLOWER_${unique()}`, name: "Hoa cúc", standardUnit: "bó" });
    const daLat = await createMarket(em, { provinceCode: "VN-35", name: "Chợ Đà Lạt (chè)" });
    const thuDuc = await createMarket(em, { provinceCode: "VN-SG", name: "Chợ đầu mối Thủ Đức" });
    const agency = await createAgency(em, { provinceCode: "VN-35" });
    await createPriceObservation(em, { commodity: tea, market: daLat, agency, observedOn: "2026-11-01", priceVnd: "300000" });
    await createPriceObservation(em, { commodity: tea, market: daLat, agency, observedOn: "2026-11-20", priceVnd: "310000" });
    await createPriceObservation(em, { commodity: tea, market: daLat, agency, observedOn: "2026-11-21", priceVnd: "250000", priceType: PriceType.FARM_GATE });
    await createPriceObservation(em, { commodity: tea, market: thuDuc, agency, observedOn: "2026-11-18", priceVnd: "360000" });
    await createPriceObservation(em, { commodity: flowers, market: thuDuc, agency, observedOn: "2026-11-19", priceVnd: "45000" });

    const latest = ok(
      await hub.query<{ commodities: { nodes: { code: string; latestPrices: { observedOn: string; priceVnd: string; market: { name: string } }[]; wholesale: { priceVnd: string }[] }[] } }>(
        `{ commodities(filter: { codes: ["${tea.code}", "${flowers.code}"] }) { nodes { code
            latestPrices { observedOn priceVnd market { name } }
            wholesale: latestPrices(priceType: WHOLESALE) { priceVnd } } } }`,
      ),
    );
    const byCode = new Map(latest.commodities.nodes.map((node) => [node.code, node]));
    expect(byCode.get(tea.code)!.latestPrices).toEqual([
      { observedOn: "2026-11-21", priceVnd: "250000", market: { name: "Chợ Đà Lạt (chè)" } },
      { observedOn: "2026-11-20", priceVnd: "310000", market: { name: "Chợ Đà Lạt (chè)" } },
      { observedOn: "2026-11-18", priceVnd: "360000", market: { name: "Chợ đầu mối Thủ Đức" } },
    ]);
    expect(byCode.get(tea.code)!.wholesale.map((p) => p.priceVnd)).toEqual(["310000", "360000"]);
    expect(byCode.get(flowers.code)!.latestPrices.map((p) => p.priceVnd)).toEqual(["45000"]);

    const prices = ok(
      await hub.query<{ markets: { nodes: { name: string; prices: { totalCount: number; nodes: { priceVnd: string }[] }; teaOnly: { nodes: { priceVnd: string }[] } }[] } }>(
        `{ markets(filter: { codes: ["${thuDuc.code}", "${daLat.code}"] }) { nodes { name
            prices(first: 2) { totalCount nodes { priceVnd } }
            teaOnly: prices(commodityCodes: ["${tea.code}"]) { nodes { priceVnd } } } } }`,
      ),
    );
    const byName = new Map(prices.markets.nodes.map((node) => [node.name, node]));
    expect(byName.get("Chợ Đà Lạt (chè)")!.prices).toEqual({ totalCount: 3, nodes: [{ priceVnd: "250000" }, { priceVnd: "310000" }] });
    const firstPage = ok(
      await hub.query<{ markets: { nodes: { prices: { pageInfo: { endCursor: string } } }[] } }>(`{ markets(filter: { codes: ["${daLat.code}"] }) { nodes { prices(first: 2) { pageInfo { endCursor } } } } }`),
    );
    const secondPage = ok(
      await hub.query<{ markets: { nodes: { prices: { nodes: { observedOn: string; priceVnd: string }[]; pageInfo: { hasNextPage: boolean } } }[] } }>(
        `query M($after: String) { markets(filter: { codes: ["${daLat.code}"] }) { nodes { prices(first: 2, after: $after) { nodes { observedOn priceVnd } pageInfo { hasNextPage } } } } }`,
        { after: firstPage.markets.nodes[0]!.prices.pageInfo.endCursor },
      ),
    );
    expect(secondPage.markets.nodes[0]!.prices).toEqual({ nodes: [{ observedOn: "2026-11-01", priceVnd: "300000" }], pageInfo: { hasNextPage: false } });
    expect(byName.get("Chợ đầu mối Thủ Đức")!.prices.nodes.map((n) => n.priceVnd)).toEqual(["45000", "360000"]);
    expect(byName.get("Chợ đầu mối Thủ Đức")!.teaOnly.nodes.map((n) => n.priceVnd)).toEqual(["360000"]);
  });

  it("loads latest prices and market prices with a statement count that does not grow with the page", async () => {
    const em = hub.em();
    const agency = await createAgency(em, { provinceCode: "VN-SG" });
    const tag = unique();
    const codes: string[] = [];
    const marketCodes: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const commodity = await createCommodity(em, { code: `BATCH_${tag}_${i}`, name: `Nông sản lô ${tag} ${i}`, standardUnit: "kg" });
      const market = await createMarket(em, { provinceCode: "VN-SG", code: `MKT-BATCH-${tag}-${i}` });
      codes.push(commodity.code);
      marketCodes.push(market.code);
      await createPriceObservation(em, { commodity, market, agency, observedOn: "2026-11-02", priceVnd: "1000" });
      await createPriceObservation(em, { commodity, market, agency, observedOn: "2026-11-03", priceVnd: "1100" });
    }
    const counts: number[] = [];
    for (const size of [1, 6]) {
      const response = ok(
        await hub.query<{ commodities: { nodes: { latestPrices: { priceVnd: string; market: { code: string } }[] }[] }; markets: { nodes: { prices: { nodes: { priceVnd: string; commodity: { code: string } }[] } }[] } }>(
          `query B($codes: [String!], $markets: [String!], $first: Int!) {
             commodities(first: $first, filter: { codes: $codes }) { nodes { latestPrices { priceVnd market { code } } } }
             markets(first: $first, filter: { codes: $markets }) { nodes { prices(first: 5) { nodes { priceVnd commodity { code } } } } } }`,
          { codes, markets: marketCodes, first: size },
        ),
      );
      expect(response.commodities.nodes).toHaveLength(size);
      expect(response.commodities.nodes.every((node) => node.latestPrices.length === 1 && node.latestPrices[0]!.priceVnd === "1100")).toBe(true);
      expect(response.markets.nodes).toHaveLength(size);
      expect(response.markets.nodes.every((node) => node.prices.nodes.map((p) => p.priceVnd).join() === "1100,1000")).toBe(true);
      counts.push(hub.lastStatementCount());
    }
    expect(counts[1]).toBe(counts[0]);
  });
});

describe("classifications", () => {
  it("marks trade flow values and listing contacts SHARED and memorandum values RESTRICTED, the rest PUBLIC", async () => {
    const { classificationOf } = await import("../src/common/classification.js");
    const { isObjectType } = await import("graphql");
    const levelOf = (typeName: string, fieldName: string) => {
      const type = hub.server.schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
      return classificationOf(type, type.getFields()[fieldName]!);
    };
    expect(levelOf("TradeFlow", "valueVnd")).toBe("SHARED");
    expect(levelOf("TradeFlow", "volume")).toBe("PUBLIC");
    expect(["contactName", "contactPhone", "contactEmail"].map((field) => levelOf("Listing", field))).toEqual(["SHARED", "SHARED", "SHARED"]);
    expect(levelOf("Listing", "title")).toBe("PUBLIC");
    expect(levelOf("Memorandum", "valueVnd")).toBe("RESTRICTED");
    expect(levelOf("TradeBalanceMonth", "netValue")).toBe("SHARED");
    expect(levelOf("PriceObservation", "priceVnd")).toBe("PUBLIC");
    expect(levelOf("InvestmentProject", "capitalVnd")).toBe("PUBLIC");
  });
});

describe("trade flows and trade balance", () => {
  it("filters flows by origin (historical and successor), destination, commodity and months", async () => {
    const em = hub.em();
    const cassava = await createCommodity(em, { code: `CASSAVA_${unique()}`, name: "Sắn lát", standardUnit: "tấn" });
    const agency = await createAgency(em, { provinceCode: "VN-SG" });
    await createTradeFlow(em, { month: "2022-03", originCode: "VN-28", destinationCode: "VN-SG", commodity: cassava, agency, volume: 100, valueVnd: "500000000" });
    await createTradeFlow(em, { month: "2022-09", originCode: "VN-29", destinationCode: "VN-SG", commodity: cassava, agency, volume: 120, valueVnd: "600000000" });
    await createTradeFlow(em, { month: "2022-09", originCode: "VN-33", destinationCode: "VN-SG", commodity: cassava, agency, volume: 80, valueVnd: "400000000" });
    const query = `query F($filter: TradeFlowFilter) { tradeFlows(filter: $filter) { nodes { month volume unit valueVnd origin { code } destination { code } commodity { code } ownerProvinceCodes } } }`;
    const asMember = await member();
    const historical = ok(await hub.query<{ tradeFlows: { nodes: { month: string; origin: { code: string } }[] } }>(query, { filter: { commodityCodes: [cassava.code], origin: { codes: ["VN-28"] } } }, asMember));
    expect(historical.tradeFlows.nodes).toEqual([
      { month: "2022-03", volume: 100, unit: "tấn", valueVnd: "500000000", origin: { code: "VN-28" }, destination: { code: "VN-SG" }, commodity: { code: cassava.code }, ownerProvinceCodes: ["VN-28", "VN-SG"] },
    ]);
    const successor = ok(await hub.query<{ tradeFlows: { nodes: { month: string; origin: { code: string } }[] } }>(query, { filter: { commodityCodes: [cassava.code], origin: { codes: ["VN-29"] } } }, asMember));
    expect(successor.tradeFlows.nodes.map((n) => [n.month, n.origin.code])).toEqual([
      ["2022-09", "VN-29"],
      ["2022-03", "VN-28"],
    ]);
    const months = ok(await hub.query<{ tradeFlows: { nodes: { origin: { code: string } }[] } }>(query, { filter: { commodityCodes: [cassava.code], destination: { codes: ["VN-SG"] }, fromMonth: "2022-04", toMonth: "2022-12" } }, asMember));
    expect(months.tradeFlows.nodes.map((n) => n.origin.code).sort()).toEqual(["VN-29", "VN-33"]);
  });

  it("rolls Kon Tum's (VN-28) flows up to VN-29, nets A→B against B→A month by month, and keeps units apart", async () => {
    const em = hub.em();
    const ginseng = await createCommodity(em, { code: `GINSENG_${unique()}`, name: "Sâm Ngọc Linh (củ tươi)", standardUnit: "kg" });
    const vegetables = await createCommodity(em, { code: `VEG_${unique()}`, name: "Rau ăn lá", standardUnit: "tấn" });
    const agency = await createAgency(em, { provinceCode: "VN-SG" });
    // Before the merger, as Kon Tum.
    await createTradeFlow(em, { month: "2025-03", originCode: "VN-28", destinationCode: "VN-SG", commodity: ginseng, agency, volume: 50, valueVnd: "6000000000" });
    // After the merger, as Quảng Ngãi, both ways.
    await createTradeFlow(em, { month: "2025-09", originCode: "VN-29", destinationCode: "VN-SG", commodity: ginseng, agency, volume: 30, valueVnd: "3600000000" });
    await createTradeFlow(em, { month: "2025-09", originCode: "VN-SG", destinationCode: "VN-29", commodity: vegetables, agency, volume: 12.5, valueVnd: "250000000" });
    // Bình Dương (VN-57) is part of HCMC since 1 July 2025: with roll-up it counts for VN-SG.
    await createTradeFlow(em, { month: "2025-09", originCode: "VN-57", destinationCode: "VN-29", commodity: vegetables, agency, volume: 2.5, valueVnd: null });
    // Another pair: not counted.
    await createTradeFlow(em, { month: "2025-09", originCode: "VN-33", destinationCode: "VN-SG", commodity: ginseng, agency, volume: 999, valueVnd: "999" });

    type Month = { month: string; valueAToB: string; valueBToA: string; netValue: string; flowsAToB: number; flowsBToA: number; volumes: { unit: string; aToB: number; bToA: number; net: number }[] };
    type Balance = { provinceACode: string; provinceBCode: string; unitCodesA: string[]; unitCodesB: string[]; rolledUpToCurrentUnits: boolean; provinceA: { name: string }; months: Month[] };
    const query = `query B($a: String!, $b: String!, $roll: Boolean!, $commodity: String) {
      tradeBalance(provinceA: $a, provinceB: $b, fromMonth: "2025-02", toMonth: "2025-10", commodityCode: $commodity, rollUpToCurrentUnits: $roll) {
        provinceACode provinceBCode unitCodesA unitCodesB rolledUpToCurrentUnits provinceA { name }
        months { month valueAToB valueBToA netValue flowsAToB flowsBToA volumes { unit aToB bToA net } } } }`;
    const asMember = await member();
    const rolled = ok(await hub.query<{ tradeBalance: Balance }>(query, { a: "VN-29", b: "VN-SG", roll: true }, asMember)).tradeBalance;
    expect(rolled).toMatchObject({ provinceACode: "VN-29", provinceBCode: "VN-SG", rolledUpToCurrentUnits: true, provinceA: { name: "Quảng Ngãi" } });
    expect(rolled.unitCodesA).toEqual(["VN-29", "VN-28"]);
    expect(rolled.unitCodesB).toEqual(["VN-SG", "VN-43", "VN-57"]);
    expect(rolled.months.map((m) => m.month)).toEqual(["2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10"]);
    const byMonth = new Map(rolled.months.map((m) => [m.month, m]));
    expect(byMonth.get("2025-02")).toEqual({ month: "2025-02", valueAToB: "0", valueBToA: "0", netValue: "0", flowsAToB: 0, flowsBToA: 0, volumes: [] });
    expect(byMonth.get("2025-03")).toEqual({
      month: "2025-03",
      valueAToB: "6000000000",
      valueBToA: "0",
      netValue: "6000000000",
      flowsAToB: 1,
      flowsBToA: 0,
      volumes: [{ unit: "kg", aToB: 50, bToA: 0, net: 50 }],
    });
    expect(byMonth.get("2025-09")).toEqual({
      month: "2025-09",
      valueAToB: "3600000000",
      valueBToA: "250000000",
      netValue: "3350000000",
      flowsAToB: 1,
      flowsBToA: 2,
      volumes: [
        { unit: "kg", aToB: 30, bToA: 0, net: 30 },
        { unit: "tấn", aToB: 0, bToA: 15, net: -15 },
      ],
    });

    // Without roll-up: exactly VN-29 and VN-SG, so Kon Tum's March flow and Bình Dương's are left out.
    const exact = ok(await hub.query<{ tradeBalance: Balance }>(query, { a: "VN-29", b: "VN-SG", roll: false }, asMember)).tradeBalance;
    expect(exact.unitCodesA).toEqual(["VN-29"]);
    const exactMonths = new Map(exact.months.map((m) => [m.month, m]));
    expect(exactMonths.get("2025-03")!.valueAToB).toBe("0");
    expect(exactMonths.get("2025-09")).toMatchObject({ valueBToA: "250000000", flowsBToA: 1, netValue: "3350000000" });

    // Asking for Kon Tum with roll-up means today's unit.
    const konTum = ok(await hub.query<{ tradeBalance: Balance }>(query, { a: "VN-28", b: "VN-SG", roll: true, commodity: ginseng.code }, asMember)).tradeBalance;
    expect(konTum.provinceACode).toBe("VN-29");
    expect(konTum.months.filter((m) => m.flowsAToB > 0).map((m) => [m.month, m.valueAToB])).toEqual([
      ["2025-03", "6000000000"],
      ["2025-09", "3600000000"],
    ]);
    expect(konTum.months.every((m) => m.flowsBToA === 0)).toBe(true);

    // VN-28 and VN-29 are one unit once rolled up.
    const same = await hub.query(query, { a: "VN-28", b: "VN-29", roll: true });
    expect(same.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("listings and OCOP products", () => {
  it("filters listings by kind, status, commodity, certification, province (historical and successor) and title words", async () => {
    const em = hub.em();
    const coffee = await createCommodity(em, { code: `COFFEE_ARABICA_${unique()}`, name: "Cà phê Arabica Cầu Đất", standardUnit: "tấn" });
    const vegetables = await createCommodity(em, { code: `VEG_LISTING_${unique()}`, name: "Rau VietGAP", standardUnit: "tấn" });
    const konTumCoop = await createEnterprise(em, { provinceCode: "VN-28", name: "Hợp tác xã Nông nghiệp Đăk Hà" });
    const laMDongFarm = await createEnterprise(em, { provinceCode: "VN-35", name: "Công ty TNHH Nông trại Cầu Đất" });
    const coopmart = await createEnterprise(em, { provinceCode: "VN-SG", name: "Liên hiệp HTX Thương mại TP.HCM (Saigon Co.op)" });
    await createListing(em, { enterprise: konTumCoop, commodity: coffee, title: "Cung cấp 50 tấn cà phê Arabica", certifications: [QualityCertification.VIETGAP, QualityCertification.OCOP], ocopStars: 4 });
    await createListing(em, { enterprise: laMDongFarm, commodity: coffee, title: "Cà phê Arabica Cầu Đất rang xay", certifications: [QualityCertification.ORGANIC], status: ListingStatus.CLOSED });
    await createListing(em, { enterprise: coopmart, commodity: vegetables, kind: ListingKind.DEMAND, title: "Thu mua rau ăn lá đạt VietGAP cho siêu thị Co.opmart", certifications: [QualityCertification.VIETGAP] });

    type Node = { title: string; kind: string; status: string; ocopStars: number | null; certifications: string[]; contactName: string | null; enterprise: { name: string }; commodity: { code: string } };
    const query = `query L($filter: ListingFilter) { listings(filter: $filter) { totalCount nodes { title kind status ocopStars certifications contactName enterprise { name } commodity { code } } } }`;
    const asMember = await member();
    const run = async (filter: Record<string, unknown>) => ok(await hub.query<{ listings: { totalCount: number; nodes: Node[] } }>(query, { filter: { commodityCodes: [coffee.code, vegetables.code], ...filter } }, asMember)).listings;

    expect((await run({})).nodes.map((n) => n.title)).toEqual([
      "Thu mua rau ăn lá đạt VietGAP cho siêu thị Co.opmart",
      "Cà phê Arabica Cầu Đất rang xay",
      "Cung cấp 50 tấn cà phê Arabica",
    ]);
    expect((await run({ kinds: ["DEMAND"] })).nodes.map((n) => n.enterprise.name)).toEqual(["Liên hiệp HTX Thương mại TP.HCM (Saigon Co.op)"]);
    expect((await run({ statuses: ["OPEN"], commodityCodes: [coffee.code] })).nodes).toEqual([
      {
        title: "Cung cấp 50 tấn cà phê Arabica",
        kind: "OFFER",
        status: "OPEN",
        ocopStars: 4,
        certifications: ["VIETGAP", "OCOP"],
        contactName: "Nguyễn Văn An",
        enterprise: { name: "Hợp tác xã Nông nghiệp Đăk Hà" },
        commodity: { code: coffee.code },
      },
    ]);
    expect((await run({ certifications: ["ORGANIC", "GLOBALGAP"] })).nodes.map((n) => n.title)).toEqual(["Cà phê Arabica Cầu Đất rang xay"]);
    expect((await run({ province: { codes: ["VN-28"] } })).totalCount).toBe(1);
    expect((await run({ province: { codes: ["VN-29"] } })).nodes.map((n) => n.enterprise.name)).toEqual(["Hợp tác xã Nông nghiệp Đăk Hà"]);
    expect((await run({ province: { codes: ["VN-29"], includePredecessors: false } })).totalCount).toBe(0);
    expect((await run({ search: "ca phe arabica" })).totalCount).toBe(2);
    expect((await run({ search: "RAU ĂN LÁ" })).nodes.map((n) => n.kind)).toEqual(["DEMAND"]);
  });

  it("lists OCOP products by stars then Vietnamese name, filtered by stars and province", async () => {
    const em = hub.em();
    const enterprise = await createEnterprise(em, { provinceCode: "VN-33", name: "Công ty Cổ phần Cà phê Buôn Ma Thuột OCOP" });
    const other = await createEnterprise(em, { provinceCode: "VN-28", name: "Công ty TNHH Sâm Ngọc Linh Măng Đen" });
    const tag = unique();
    await createOcopProduct(em, { enterprise, name: `Đặc sản ${tag} cà phê bột`, stars: 4 });
    await createOcopProduct(em, { enterprise, name: `Đặc sản ${tag} cà phê hạt`, stars: 5 });
    await createOcopProduct(em, { enterprise, name: `Đặc sản ${tag} ca cao`, stars: 4 });
    await createOcopProduct(em, { enterprise: other, name: `Đặc sản ${tag} rượu sâm`, stars: 3 });
    const query = `query O($filter: OcopProductFilter) { ocopProducts(filter: $filter) { nodes { name stars enterprise { name } } } }`;
    const all = ok(await hub.query<{ ocopProducts: { nodes: { name: string; stars: number }[] } }>(query, { filter: { search: `dac san ${tag}` } }));
    expect(all.ocopProducts.nodes.map((n) => [n.stars, n.name])).toEqual([
      [5, `Đặc sản ${tag} cà phê hạt`],
      [4, `Đặc sản ${tag} ca cao`],
      [4, `Đặc sản ${tag} cà phê bột`],
      [3, `Đặc sản ${tag} rượu sâm`],
    ]);
    const fourStars = ok(await hub.query<{ ocopProducts: { nodes: { name: string }[] } }>(query, { filter: { search: `dac san ${tag}`, stars: [4], province: { codes: ["VN-33"] } } }));
    expect(fourStars.ocopProducts.nodes.map((n) => n.name)).toEqual([`Đặc sản ${tag} ca cao`, `Đặc sản ${tag} cà phê bột`]);
    const konTum = ok(await hub.query<{ ocopProducts: { nodes: { enterprise: { name: string } }[] } }>(query, { filter: { search: `dac san ${tag}`, province: { codes: ["VN-29"] } } }));
    expect(konTum.ocopProducts.nodes.map((n) => n.enterprise.name)).toEqual(["Công ty TNHH Sâm Ngọc Linh Măng Đen"]);
  });

  it("nests an enterprise's listings (by status) and OCOP products", async () => {
    const em = hub.em();
    const honey = await createCommodity(em, { code: `HONEY_${unique()}`, name: "Mật ong hoa cà phê", standardUnit: "lít" });
    const enterprise = await createEnterprise(em, { provinceCode: "VN-33", name: `Công ty TNHH Mật ong Đắk Lắk ${unique()}` });
    await createListing(em, { enterprise, commodity: honey, title: "Mật ong lô 1", status: ListingStatus.CLOSED });
    await createListing(em, { enterprise, commodity: honey, title: "Mật ong lô 2" });
    await createListing(em, { enterprise, commodity: honey, title: "Mật ong lô 3" });
    await createOcopProduct(em, { enterprise, name: "Mật ong hoa cà phê Ea Kar", stars: 4, commodity: honey });
    const response = ok(
      await hub.query<{ enterprises: { nodes: { open: { totalCount: number; nodes: { title: string }[] }; all: { nodes: { title: string; status: string }[] }; ocopProducts: { nodes: { name: string; commodity: { code: string } }[] } }[] } }>(
        `query E($search: String) { enterprises(filter: { search: $search }) { nodes {
            open: listings(status: OPEN) { totalCount nodes { title } }
            all: listings(first: 2) { nodes { title status } }
            ocopProducts { nodes { name commodity { code } } } } } }`,
        { search: enterprise.name },
      ),
    );
    const node = response.enterprises.nodes[0]!;
    expect(node.open).toEqual({ totalCount: 2, nodes: [{ title: "Mật ong lô 3" }, { title: "Mật ong lô 2" }] });
    expect(node.all.nodes).toEqual([
      { title: "Mật ong lô 3", status: "OPEN" },
      { title: "Mật ong lô 2", status: "OPEN" },
    ]);
    expect(node.ocopProducts.nodes).toEqual([{ name: "Mật ong hoa cà phê Ea Kar", commodity: { code: honey.code } }]);

    // The nested list pages on with the cursor of its last edge.
    const cursorResponse = ok(
      await hub.query<{ enterprises: { nodes: { listings: { pageInfo: { endCursor: string } } }[] } }>(
        `query E($search: String) { enterprises(filter: { search: $search }) { nodes { listings(first: 2) { pageInfo { endCursor } } } } }`,
        { search: enterprise.name },
      ),
    );
    const next = ok(
      await hub.query<{ enterprises: { nodes: { listings: { nodes: { title: string }[]; pageInfo: { hasNextPage: boolean } } }[] } }>(
        `query E($search: String, $after: String) { enterprises(filter: { search: $search }) { nodes { listings(first: 2, after: $after) { nodes { title } pageInfo { hasNextPage } } } } }`,
        { search: enterprise.name, after: cursorResponse.enterprises.nodes[0]!.listings.pageInfo.endCursor },
      ),
    );
    expect(next.enterprises.nodes[0]!.listings).toEqual({ nodes: [{ title: "Mật ong lô 1" }], pageInfo: { hasNextPage: false } });
  });
});

describe("promotion events, memoranda and investment projects", () => {
  it("links the December 2023 supply–demand conference to its memoranda, their parties and owners", async () => {
    const em = hub.em();
    const hcmcTrade = await createAgency(em, { provinceCode: "VN-SG", name: "Sở Công Thương TP.HCM (XTTM)" });
    const konTumTrade = await createAgency(em, { provinceCode: "VN-28", name: "Sở Công Thương tỉnh Kon Tum" });
    const event = await createPromotionEvent(em, {
      name: "Hội nghị kết nối cung cầu giữa TP.HCM và các tỉnh, thành 2023",
      startsOn: "2023-12-07",
      endsOn: "2023-12-09",
      hostProvinceCode: "VN-SG",
      organiser: hcmcTrade,
      venue: "Trung tâm Hội chợ và Triển lãm Sài Gòn (SECC)",
    });
    await createPromotionEvent(em, { name: "Hội chợ Thương mại Kon Tum 2016", kind: PromotionEventKind.TRADE_FAIR, startsOn: "2016-11-15", endsOn: "2016-11-20", hostProvinceCode: "VN-28", organiser: konTumTrade });
    const seller = await createEnterprise(em, { provinceCode: "VN-28", name: "Công ty TNHH Dược liệu Măng Đen" });
    const buyer = await createEnterprise(em, { provinceCode: "VN-SG", name: "Công ty Cổ phần Thương mại Sài Gòn (Satra)" });
    await createMemorandum(em, {
      event,
      signedOn: "2023-12-08",
      title: "Biên bản ghi nhớ tiêu thụ dược liệu Kon Tum tại TP.HCM",
      valueVnd: "2500000000",
      parties: [
        { enterprise: seller, role: MemorandumPartyRole.SELLER },
        { enterprise: buyer, role: MemorandumPartyRole.BUYER },
        { agency: konTumTrade, role: MemorandumPartyRole.WITNESS },
      ],
    });
    await createMemorandum(em, { signedOn: "2024-03-01", title: "Biên bản ghi nhớ hợp tác ngoài hội nghị", parties: [{ enterprise: buyer, role: MemorandumPartyRole.PARTNER }] });

    const events = ok(
      await hub.query<{ promotionEvents: { nodes: { name: string; kind: string; hostProvince: { code: string }; organiserAgency: { name: string }; memoranda: { nodes: { title: string }[] } }[] } }>(
        `{ promotionEvents(filter: { hostProvince: { codes: ["VN-SG"] }, period: { from: "2023-12-09", to: "2023-12-31" }, kinds: [SUPPLY_DEMAND_CONFERENCE] }) {
            nodes { name kind venue hostProvince { code } organiserAgency { name } memoranda { nodes { title } } } } }`,
      ),
    );
    expect(events.promotionEvents.nodes).toEqual([
      {
        name: "Hội nghị kết nối cung cầu giữa TP.HCM và các tỉnh, thành 2023",
        kind: "SUPPLY_DEMAND_CONFERENCE",
        venue: "Trung tâm Hội chợ và Triển lãm Sài Gòn (SECC)",
        hostProvince: { code: "VN-SG" },
        organiserAgency: { name: "Sở Công Thương TP.HCM (XTTM)" },
        memoranda: { nodes: [{ title: "Biên bản ghi nhớ tiêu thụ dược liệu Kon Tum tại TP.HCM" }] },
      },
    ]);
    const search = ok(await hub.query<{ promotionEvents: { nodes: { name: string }[] } }>(`{ promotionEvents(filter: { search: "hoi cho kon tum" }) { nodes { name } } }`));
    expect(search.promotionEvents.nodes.map((n) => n.name)).toEqual(["Hội chợ Thương mại Kon Tum 2016"]);

    const memoranda = ok(
      await hub.query<{ memoranda: { nodes: { title: string; valueVnd: string | null; ownerProvinceCodes: string[]; event: { name: string } | null; parties: { role: string; provinceCode: string; enterprise: { name: string } | null; agency: { name: string } | null }[] }[] } }>(
        `{ memoranda(filter: { province: { codes: ["VN-29"] } }) { nodes { title valueVnd ownerProvinceCodes event { name } parties { role provinceCode enterprise { name } agency { name } } } } }`,
        {},
        // The value is RESTRICTED: Quảng Ngãi's agencies read it as Kon Tum's successor.
        { token: await hub.token({ kind: "agency", province: "VN-29" }) },
      ),
    );
    expect(memoranda.memoranda.nodes).toEqual([
      {
        title: "Biên bản ghi nhớ tiêu thụ dược liệu Kon Tum tại TP.HCM",
        valueVnd: "2500000000",
        ownerProvinceCodes: ["VN-28", "VN-SG"],
        event: { name: "Hội nghị kết nối cung cầu giữa TP.HCM và các tỉnh, thành 2023" },
        parties: [
          { role: "SELLER", provinceCode: "VN-28", enterprise: { name: "Công ty TNHH Dược liệu Măng Đen" }, agency: null },
          { role: "BUYER", provinceCode: "VN-SG", enterprise: { name: "Công ty Cổ phần Thương mại Sài Gòn (Satra)" }, agency: null },
          { role: "WITNESS", provinceCode: "VN-28", enterprise: null, agency: { name: "Sở Công Thương tỉnh Kon Tum" } },
        ],
      },
    ]);
    const signed2024 = ok(await hub.query<{ memoranda: { nodes: { title: string; event: null }[] } }>(`{ memoranda(filter: { period: { from: "2024-01-01", to: "2024-12-31" } }) { nodes { title event { name } } } }`));
    expect(signed2024.memoranda.nodes).toEqual([{ title: "Biên bản ghi nhớ hợp tác ngoài hội nghị", event: null }]);
  });

  it("filters investment projects by province (Kon Tum under VN-29), sector, status and the event that announced them", async () => {
    const em = hub.em();
    const hcmcAgency = await createAgency(em, { provinceCode: "VN-SG", name: "Trung tâm Xúc tiến Thương mại và Đầu tư TP.HCM (ITPC)" });
    const konTumAgency = await createAgency(em, { provinceCode: "VN-28", name: "Sở Kế hoạch và Đầu tư Kon Tum" });
    const gialaiAgency = await createAgency(em, { provinceCode: "VN-30" });
    const conference = await createPromotionEvent(em, {
      name: "Hội nghị xúc tiến đầu tư vùng Tây Nguyên 2024",
      kind: PromotionEventKind.INVESTMENT_CONFERENCE,
      startsOn: "2024-04-13",
      hostProvinceCode: "VN-SG",
      organiser: hcmcAgency,
    });
    const tag = unique();
    await createInvestmentProject(em, { provinceCode: "VN-28", agency: konTumAgency, name: `Dự án ${tag} trồng sâm Ngọc Linh Tu Mơ Rông`, capitalVnd: "1200000000000", areaHectares: 500, announcedAt: conference });
    await createInvestmentProject(em, { provinceCode: "VN-28", agency: konTumAgency, name: `Dự án ${tag} khu du lịch Măng Đen`, sector: InvestmentSector.TOURISM, announcedAt: conference });
    await createInvestmentProject(em, { provinceCode: "VN-30", agency: gialaiAgency, name: `Dự án ${tag} nhà máy chế biến cà phê Gia Lai`, sector: InvestmentSector.AGRO_PROCESSING, status: InvestmentProjectStatus.LICENSED, announcedAt: conference });
    await createInvestmentProject(em, { provinceCode: "VN-30", agency: gialaiAgency, name: `Dự án ${tag} điện gió Ia Pết`, sector: InvestmentSector.ENERGY, status: InvestmentProjectStatus.WITHDRAWN });

    type Project = { name: string; sector: string; status: string; capitalVnd: string | null; areaHectares: number | null; province: { code: string }; announcedAt: { name: string } | null; sourceAgency: { name: string } };
    const query = `query I($filter: InvestmentProjectFilter) { investmentProjects(filter: $filter) { totalCount nodes { name sector status capitalVnd areaHectares province { code } announcedAt { name } sourceAgency { name } } } }`;
    const run = async (filter: Record<string, unknown>) => ok(await hub.query<{ investmentProjects: { totalCount: number; nodes: Project[] } }>(query, { filter: { search: `du an ${tag}`, ...filter } })).investmentProjects;

    const konTum = await run({ province: { codes: ["VN-29"] } });
    expect(konTum.nodes.map((n) => n.name)).toEqual([`Dự án ${tag} khu du lịch Măng Đen`, `Dự án ${tag} trồng sâm Ngọc Linh Tu Mơ Rông`]);
    expect(konTum.nodes[1]).toEqual({
      name: `Dự án ${tag} trồng sâm Ngọc Linh Tu Mơ Rông`,
      sector: "AGRICULTURE",
      status: "CALLING_FOR_INVESTMENT",
      capitalVnd: "1200000000000",
      areaHectares: 500,
      province: { code: "VN-28" },
      announcedAt: { name: "Hội nghị xúc tiến đầu tư vùng Tây Nguyên 2024" },
      sourceAgency: { name: "Sở Kế hoạch và Đầu tư Kon Tum" },
    });
    expect((await run({ sectors: ["AGRO_PROCESSING", "ENERGY"], statuses: ["LICENSED"] })).nodes.map((n) => n.province.code)).toEqual(["VN-30"]);
    const conferenceId = ok(await hub.query<{ promotionEvents: { nodes: { id: string }[] } }>(`{ promotionEvents(filter: { kinds: [INVESTMENT_CONFERENCE], search: "tay nguyen 2024" }) { nodes { id } } }`)).promotionEvents.nodes[0]!.id;
    expect((await run({ announcedAtEventId: conferenceId })).totalCount).toBe(3);

    const nested = ok(
      await hub.query<{ node: { investmentProjects: { totalCount: number; nodes: { name: string }[] } } }>(`query N($id: ID!) { node(id: $id) { ... on PromotionEvent { investmentProjects(first: 1) { totalCount nodes { name } } } } }`, { id: conferenceId }),
    );
    expect(nested.node.investmentProjects.totalCount).toBe(3);
    expect(nested.node.investmentProjects.nodes).toHaveLength(1);

    const badId = await hub.query(query, { filter: { announcedAtEventId: "bm9wZTox" } });
    expect(badId.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("node(id)", () => {
  it("resolves every trade type by its global id, and null for an id of nothing", async () => {
    const em = hub.em();
    const commodity = await createCommodity(em, { code: `CASHEW_${unique()}`, name: "Hạt điều", standardUnit: "kg" });
    const market = await createMarket(em, { provinceCode: "VN-30" });
    const agency = await createAgency(em, { provinceCode: "VN-30" });
    const enterprise = await createEnterprise(em, { provinceCode: "VN-30", name: "Công ty TNHH Điều Gia Lai" });
    await createPriceObservation(em, { commodity, market, agency, observedOn: "2026-07-01", priceVnd: "32000" });
    await createTradeFlow(em, { month: "2026-07", originCode: "VN-30", destinationCode: "VN-SG", commodity, agency, volume: 3, valueVnd: "90000000" });
    await createListing(em, { enterprise, commodity, title: "Hạt điều rang muối xuất khẩu" });
    await createOcopProduct(em, { enterprise, name: "Hạt điều rang củi Gia Lai", commodity });
    const event = await createPromotionEvent(em, { name: `Tuần lễ điều Gia Lai ${unique()}`, startsOn: "2026-07-10", hostProvinceCode: "VN-SG", organiser: agency, kind: PromotionEventKind.PRODUCT_WEEK });
    await createMemorandum(em, { event, signedOn: "2026-07-11", title: "Biên bản ghi nhớ điều Gia Lai", parties: [{ enterprise, role: MemorandumPartyRole.SELLER }] });
    await createInvestmentProject(em, { provinceCode: "VN-30", agency, name: `Nhà máy chế biến điều ${unique()}`, announcedAt: event });

    const ids = ok(
      await hub.query<Record<string, { nodes: { id: string; parties?: { id: string }[] }[] }>>(
        `{ priceObservations(filter: { commodityCodes: ["${commodity.code}"] }) { nodes { id } }
           tradeFlows(filter: { commodityCodes: ["${commodity.code}"] }) { nodes { id } }
           listings(filter: { commodityCodes: ["${commodity.code}"] }) { nodes { id } }
           ocopProducts(filter: { commodityCodes: ["${commodity.code}"] }) { nodes { id } }
           promotionEvents(filter: { search: "${event.name}" }) { nodes { id } }
           memoranda(filter: { eventId: "${Buffer.from(`PromotionEvent:${event.id}`).toString("base64url")}" }) { nodes { id parties { id } } }
           investmentProjects(filter: { province: { codes: ["VN-30"] }, search: "nha may che bien dieu" }) { nodes { id } } }`,
      ),
    );
    const expected: [string, string][] = [
      [ids.priceObservations!.nodes[0]!.id, "PriceObservation"],
      [ids.tradeFlows!.nodes[0]!.id, "TradeFlow"],
      [ids.listings!.nodes[0]!.id, "Listing"],
      [ids.ocopProducts!.nodes[0]!.id, "OcopProduct"],
      [ids.promotionEvents!.nodes[0]!.id, "PromotionEvent"],
      [ids.memoranda!.nodes[0]!.id, "Memorandum"],
      [ids.memoranda!.nodes[0]!.parties![0]!.id, "MemorandumParty"],
      [ids.investmentProjects!.nodes[0]!.id, "InvestmentProject"],
    ];
    const nodes = ok(await hub.query<{ nodes: ({ __typename: string; id: string; ownerProvinceCodes: string[] } | null)[] }>(`query N($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on OwnedRecord { ownerProvinceCodes } } }`, { ids: expected.map(([id]) => id) }));
    expect(nodes.nodes.map((node) => node?.__typename)).toEqual(expected.map(([, type]) => type));
    expect(nodes.nodes.map((node) => node?.id)).toEqual(expected.map(([id]) => id));
    expect(nodes.nodes[1]!.ownerProvinceCodes).toEqual(["VN-30", "VN-SG"]);

    const missing = ok(await hub.query<{ node: null }>(`query N($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from("Listing:999999999").toString("base64url") }));
    expect(missing.node).toBeNull();
  });
});

describe("batching", () => {
  it("loads enterprises' listings (with commodities) and OCOP products with the same statement count for 1, 10 and 50 enterprises", async () => {
    const em = hub.em();
    const commodities = [
      await createCommodity(em, { code: `MACCA_${unique()}`, name: "Mắc ca", standardUnit: "kg" }),
      await createCommodity(em, { code: `PASSION_${unique()}`, name: "Chanh dây", standardUnit: "kg" }),
    ];
    const prefix = `Hợp tác xã Kiểm thử Lô ${unique()}`;
    for (let i = 0; i < 50; i += 1) {
      const enterprise = await createEnterprise(em, { provinceCode: i % 2 === 0 ? "VN-33" : "VN-28", name: `${prefix} ${String(i).padStart(2, "0")}` });
      await createListing(em, { enterprise, commodity: commodities[i % 2]!, title: `Chào bán lô ${i}` }, { flush: false });
      await createListing(em, { enterprise, commodity: commodities[(i + 1) % 2]!, title: `Chào bán lô ${i}b`, kind: ListingKind.DEMAND }, { flush: false });
      await createOcopProduct(em, { enterprise, name: `Sản phẩm ${i}`, stars: 3 + (i % 3) }, { flush: false });
    }
    await em.flush();

    const counts: number[] = [];
    // The new commodities are looked up once, then served from the instance's reference cache: one
    // request first, so every counted request finds them there.
    await hub.query(`query Warm($search: String) { enterprises(first: 1, filter: { search: $search }) { nodes { listings { nodes { commodity { name } } } } } }`, { search: prefix });
    for (const size of [1, 10, 50]) {
      const response = ok(
        await hub.query<{ enterprises: { nodes: { name: string; listings: { nodes: { title: string; commodity: { name: string } }[] }; ocopProducts: { nodes: { name: string }[] } }[] } }>(
          `query B($first: Int!, $search: String) { enterprises(first: $first, filter: { search: $search }) { nodes { name
              listings { nodes { title commodity { name } } }
              ocopProducts { nodes { name stars } } } } }`,
          { first: size, search: prefix },
        ),
      );
      const nodes = response.enterprises.nodes;
      expect(nodes).toHaveLength(size);
      for (const node of nodes) {
        expect(node.listings.nodes).toHaveLength(2);
        expect(node.listings.nodes.every((listing) => ["Mắc ca", "Chanh dây"].includes(listing.commodity.name))).toBe(true);
        expect(node.ocopProducts.nodes).toHaveLength(1);
      }
      counts.push(hub.lastStatementCount());
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts).toEqual([counts[0], counts[0], counts[0]]);
  });
});
