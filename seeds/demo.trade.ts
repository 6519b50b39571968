/**
 * Trade demo data. Facts from the programme: the supply–demand conferences of November 2016 and
 * December 2023 where 22 Kon Tum enterprises signed memoranda with HCMC enterprises, and the April
 * 2024 investment-promotion conference in HCMC that announced 558 projects in the region, 157 of
 * them in Kon Tum. Everything else — prices, flows, listings, the projects' names and capitals,
 * how the 22 memoranda split between the two conferences — is synthetic and marked as such.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import { addDays } from "../src/common/period.js";
import type { AgencyEntity, EnterpriseEntity } from "../src/reference/index.js";
import { ListingKind, QualityCertification } from "../src/trade/listing.entity.js";
import { PriceType } from "../src/trade/price-observation.entity.js";
import { InvestmentSector } from "../src/trade/investment-project.entity.js";
import { MemorandumPartyRole, PromotionEventKind } from "../src/trade/promotion.entity.js";
import { bulkInsert } from "./bulk-insert.js";
import { forgetAllButReference } from "./forget-written.js";
import type { DemoReference } from "./demo.js";
import { createEnterprise } from "./factories/reference.js";
import { createInvestmentProject, createListing, createMemorandum, createOcopProduct, createPromotionEvent, createTradeFlow, provinceCodeOf } from "./factories/trade.js";
import { SeededRandom } from "./random.js";

export const SYNTHETIC_NOTE = "Số liệu mô phỏng (synthetic demo figure)";

/** Price series of the demo: where each commodity is quoted, at which price type, around which level (VND per standard unit). */
const PRICE_SERIES: { commodity: string; market: string; priceType: PriceType; level: number }[] = [
  { commodity: "COFFEE_ROBUSTA", market: "DLK-CU-MGAR", priceType: PriceType.FARM_GATE, level: 112_000 },
  { commodity: "COFFEE_ROBUSTA", market: "DLK-KRONG-PAC", priceType: PriceType.FARM_GATE, level: 111_500 },
  { commodity: "COFFEE_ROBUSTA", market: "DLK-BUON-MA-THUOT", priceType: PriceType.WHOLESALE, level: 116_000 },
  { commodity: "COFFEE_ROBUSTA", market: "LDG-DI-LINH", priceType: PriceType.FARM_GATE, level: 111_000 },
  { commodity: "COFFEE_ROBUSTA", market: "GLA-CHU-SE", priceType: PriceType.FARM_GATE, level: 111_200 },
  { commodity: "COFFEE_ROBUSTA", market: "HCM-BINH-DIEN", priceType: PriceType.WHOLESALE, level: 121_000 },
  { commodity: "COFFEE_ROBUSTA", market: "HCM-THU-DUC", priceType: PriceType.WHOLESALE, level: 122_500 },
  { commodity: "COFFEE_ARABICA", market: "LDG-DA-LAT", priceType: PriceType.WHOLESALE, level: 135_000 },
  { commodity: "PEPPER_BLACK", market: "GLA-CHU-SE", priceType: PriceType.FARM_GATE, level: 141_000 },
  { commodity: "PEPPER_BLACK", market: "DLK-CU-MGAR", priceType: PriceType.FARM_GATE, level: 142_000 },
  { commodity: "PEPPER_BLACK", market: "HCM-BINH-DIEN", priceType: PriceType.WHOLESALE, level: 152_000 },
  { commodity: "DURIAN_RI6", market: "DLK-KRONG-PAC", priceType: PriceType.FARM_GATE, level: 68_000 },
  { commodity: "DURIAN_RI6", market: "HCM-THU-DUC", priceType: PriceType.WHOLESALE, level: 85_000 },
  { commodity: "DURIAN_MONTHONG", market: "HCM-THU-DUC", priceType: PriceType.WHOLESALE, level: 98_000 },
  { commodity: "AVOCADO_BOOTH", market: "DLK-KRONG-PAC", priceType: PriceType.FARM_GATE, level: 27_000 },
  { commodity: "AVOCADO_BOOTH", market: "HCM-THU-DUC", priceType: PriceType.WHOLESALE, level: 38_000 },
  { commodity: "CABBAGE", market: "LDG-DA-LAT", priceType: PriceType.WHOLESALE, level: 7_500 },
  { commodity: "CABBAGE", market: "HCM-BINH-DIEN", priceType: PriceType.WHOLESALE, level: 11_000 },
  { commodity: "POTATO", market: "LDG-DA-LAT", priceType: PriceType.WHOLESALE, level: 18_000 },
  { commodity: "POTATO", market: "HCM-HOC-MON", priceType: PriceType.WHOLESALE, level: 23_000 },
  { commodity: "TOMATO", market: "LDG-DA-LAT", priceType: PriceType.WHOLESALE, level: 12_000 },
  { commodity: "TOMATO", market: "HCM-HOC-MON", priceType: PriceType.WHOLESALE, level: 16_000 },
  { commodity: "ROSE", market: "LDG-DA-LAT", priceType: PriceType.WHOLESALE, level: 2_500 },
  { commodity: "CHRYSANTHEMUM", market: "LDG-DA-LAT", priceType: PriceType.WHOLESALE, level: 3_000 },
  { commodity: "TEA_FRESH_LEAF", market: "LDG-BAO-LOC", priceType: PriceType.FARM_GATE, level: 9_000 },
  { commodity: "MACADAMIA", market: "DLK-CU-MGAR", priceType: PriceType.FARM_GATE, level: 75_000 },
];

/** The department of industry and trade that reports a province's figures on a day (Đắk Nông's and Kon Tum's merged away on 1 July 2025). */
function reportingAgency(reference: DemoReference, provinceCode: string, day: string): AgencyEntity {
  const successors: Record<string, string> = { "VN-72": "VN-35", "VN-28": "VN-29" };
  const current = day >= "2025-07-01" ? (successors[provinceCode] ?? provinceCode) : provinceCode;
  const agency = reference.agencies.get(`${current}-SCT`);
  if (!agency) throw new Error(`the demo has no department of industry and trade for ${current}`);
  return agency;
}

/** Daily prices for the 240 days up to `today` around each series' level, rounded to 100 VND. */
async function seedPrices(em: EntityManager, reference: DemoReference, today: string, random: SeededRandom): Promise<void> {
  const rows: unknown[][] = [];
  for (const series of PRICE_SERIES) {
    const commodity = reference.commodities.get(series.commodity)!;
    const market = reference.markets.get(series.market)!;
    let price = series.level;
    for (let day = 239; day >= 0; day -= 1) {
      const observedOn = addDays(today, -day);
      // A mean-reverting walk: daily moves of about ±1%, pulled back towards the series' level.
      price += (series.level - price) * 0.05 + (random.next() - 0.5) * 0.02 * series.level;
      const agency = reportingAgency(reference, provinceCodeOf(market), observedOn);
      rows.push([commodity.id, market.id, provinceCodeOf(market), observedOn, series.priceType, String(Math.round(price / 100) * 100), commodity.standardUnit, agency.id, SYNTHETIC_NOTE, provinceCodeOf(agency)]);
    }
  }
  await bulkInsert(
    em,
    "price_observation",
    [
      { name: "commodity_id", type: "int" },
      { name: "market_id", type: "int" },
      { name: "market_province_code", type: "text" },
      { name: "observed_on", type: "date" },
      { name: "price_type", type: "text" },
      { name: "price_vnd", type: "numeric" },
      { name: "unit", type: "text" },
      { name: "source_agency_id", type: "int" },
      { name: "note", type: "text" },
      { name: "owner_province_codes", type: "text", expression: (v) => `array[${v}]` },
    ],
    rows,
  );
}

/** Monthly flows between the provinces and HCMC for the 24 months before `today`'s month. */
async function seedTradeFlows(em: EntityManager, reference: DemoReference, today: string, random: SeededRandom): Promise<void> {
  const routes: { origin: string; destination: string; commodity: string; tonnes: number }[] = [
    { origin: "VN-33", destination: "VN-SG", commodity: "COFFEE_ROBUSTA", tonnes: 5_200 },
    { origin: "VN-33", destination: "VN-SG", commodity: "DURIAN_RI6", tonnes: 2_100 },
    { origin: "VN-33", destination: "VN-SG", commodity: "AVOCADO_BOOTH", tonnes: 900 },
    { origin: "VN-35", destination: "VN-SG", commodity: "CABBAGE", tonnes: 7_800 },
    { origin: "VN-35", destination: "VN-SG", commodity: "ROSE", tonnes: 0 },
    { origin: "VN-30", destination: "VN-SG", commodity: "PEPPER_BLACK", tonnes: 1_300 },
    { origin: "VN-28", destination: "VN-SG", commodity: "COFFEE_ROBUSTA", tonnes: 800 },
    { origin: "VN-SG", destination: "VN-33", commodity: "COFFEE_ROBUSTA", tonnes: 300 },
    { origin: "VN-SG", destination: "VN-35", commodity: "POTATO", tonnes: 450 },
  ];
  const firstOfMonth = `${today.slice(0, 7)}-01`;
  for (let back = 24; back >= 1; back -= 1) {
    const date = new Date(Date.parse(`${firstOfMonth}T00:00:00Z`));
    date.setUTCMonth(date.getUTCMonth() - back);
    const month = date.toISOString().slice(0, 7);
    const afterMerger = month >= "2025-07";
    for (const route of routes) {
      // Kon Tum's flows are reported under Kon Tum until the merger and under Quảng Ngãi after it.
      const origin = route.origin === "VN-28" && afterMerger ? "VN-29" : route.origin;
      const commodity = reference.commodities.get(route.commodity)!;
      const reporter = reportingAgency(reference, origin === "VN-SG" ? route.destination : origin, `${month}-01`);
      const quantity = commodity.standardUnit === "cành" ? 1_500_000 * (0.8 + random.next() * 0.4) : route.tonnes * 1000 * (0.8 + random.next() * 0.4);
      const unitPrice = PRICE_SERIES.find((series) => series.commodity === route.commodity)?.level ?? 10_000;
      await createTradeFlow(
        em,
        { month, originCode: origin, destinationCode: route.destination, commodity, agency: reporter, volume: Math.round(quantity), valueVnd: String(Math.round(quantity * unitPrice)) },
        { flush: false },
      );
    }
  }
  await em.flush();
}

const LISTINGS: { enterprise: string; kind: ListingKind; commodity: string; title: string; quantity: number; certifications: QualityCertification[]; ocopStars?: number }[] = [
  { enterprise: "dlk-coffee-1", kind: ListingKind.OFFER, commodity: "COFFEE_ROBUSTA", title: "Cà phê Robusta nhân xô đạt chuẩn 4C, giao tại Đắk Lắk", quantity: 200_000, certifications: [QualityCertification.FOUR_C] },
  { enterprise: "dlk-coffee-2", kind: ListingKind.OFFER, commodity: "COFFEE_ROBUSTA", title: "Cà phê Robusta hữu cơ Cư M'gar", quantity: 30_000, certifications: [QualityCertification.ORGANIC, QualityCertification.VIETGAP] },
  { enterprise: "dlk-durian", kind: ListingKind.OFFER, commodity: "DURIAN_RI6", title: "Sầu riêng Ri6 VietGAP Krông Pắc cho siêu thị TP.HCM", quantity: 50_000, certifications: [QualityCertification.VIETGAP] },
  { enterprise: "dlk-pepper", kind: ListingKind.OFFER, commodity: "PEPPER_BLACK", title: "Hồ tiêu đen hữu cơ Ea H'leo", quantity: 8_000, certifications: [QualityCertification.ORGANIC] },
  { enterprise: "lam-veg", kind: ListingKind.OFFER, commodity: "CABBAGE", title: "Bắp cải Đà Lạt GlobalGAP, giao hằng ngày", quantity: 120_000, certifications: [QualityCertification.GLOBALGAP, QualityCertification.VIETGAP] },
  { enterprise: "lam-tea", kind: ListingKind.OFFER, commodity: "TEA_OOLONG", title: "Trà ô long Bảo Lộc OCOP 4 sao", quantity: 5_000, certifications: [QualityCertification.OCOP], ocopStars: 4 },
  { enterprise: "lam-flower", kind: ListingKind.OFFER, commodity: "ROSE", title: "Hoa hồng Đà Lạt cho chợ hoa Tết", quantity: 400_000, certifications: [QualityCertification.VIETGAP] },
  { enterprise: "gla-pepper", kind: ListingKind.OFFER, commodity: "PEPPER_BLACK", title: "Hồ tiêu Chư Sê xuất khẩu, đạt chuẩn Rainforest Alliance", quantity: 100_000, certifications: [QualityCertification.RAINFOREST_ALLIANCE] },
  { enterprise: "ktm-ginseng", kind: ListingKind.OFFER, commodity: "GINSENG_NGOC_LINH", title: "Sâm Ngọc Linh tươi OCOP 5 sao", quantity: 50, certifications: [QualityCertification.OCOP], ocopStars: 5 },
  { enterprise: "hcm-retail", kind: ListingKind.DEMAND, commodity: "AVOCADO_BOOTH", title: "Chuỗi siêu thị cần bơ booth VietGAP", quantity: 20_000, certifications: [QualityCertification.VIETGAP] },
  { enterprise: "hcm-retail", kind: ListingKind.DEMAND, commodity: "CABBAGE", title: "Chuỗi siêu thị cần rau củ Đà Lạt đạt GlobalGAP", quantity: 60_000, certifications: [QualityCertification.GLOBALGAP] },
  { enterprise: "hcm-coffee", kind: ListingKind.DEMAND, commodity: "COFFEE_ROBUSTA", title: "Nhà rang xay cần cà phê Robusta chế biến ướt", quantity: 150_000, certifications: [] },
  { enterprise: "hcm-wholesale", kind: ListingKind.DEMAND, commodity: "DURIAN_MONTHONG", title: "Thu mua sầu riêng Monthong cho chợ Thủ Đức", quantity: 80_000, certifications: [] },
];

const OCOP_PRODUCTS: { enterprise: string; name: string; commodity: string | null; stars: number; year: number }[] = [
  { enterprise: "ktm-ginseng", name: "Sâm Ngọc Linh Kon Tum tươi", commodity: "GINSENG_NGOC_LINH", stars: 5, year: 2023 },
  { enterprise: "lam-tea", name: "Trà ô long Bảo Lộc", commodity: "TEA_OOLONG", stars: 4, year: 2022 },
  { enterprise: "dlk-coffee-3", name: "Cà phê rang xay Buôn Ma Thuột", commodity: "COFFEE_ROBUSTA", stars: 4, year: 2024 },
  { enterprise: "dlk-pepper", name: "Hồ tiêu hữu cơ Ea H'leo", commodity: "PEPPER_BLACK", stars: 3, year: 2023 },
  { enterprise: "gla-pepper", name: "Hồ tiêu Chư Sê", commodity: "PEPPER_BLACK", stars: 4, year: 2021 },
  { enterprise: "ktm-coffee", name: "Cà phê Đăk Hà", commodity: "COFFEE_ROBUSTA", stars: 3, year: 2022 },
];

/** The memoranda of the two Kon Tum–HCMC conferences: 22 Kon Tum enterprises, each with an HCMC partner. */
async function seedConferences(em: EntityManager, reference: DemoReference): Promise<void> {
  const konTumTrade = reference.agencies.get("VN-28-SCT")!;
  const hcmcTrade = reference.agencies.get("VN-SG-SCT")!;
  const conference2016 = await createPromotionEvent(em, {
    name: "Hội nghị kết nối cung cầu hàng hóa giữa TP. Hồ Chí Minh và tỉnh Kon Tum năm 2016",
    kind: PromotionEventKind.SUPPLY_DEMAND_CONFERENCE,
    startsOn: "2016-11-25",
    hostProvinceCode: "VN-SG",
    organiser: hcmcTrade,
    venue: "TP. Hồ Chí Minh",
  });
  const conference2023 = await createPromotionEvent(em, {
    name: "Hội nghị kết nối cung cầu giữa TP. Hồ Chí Minh và tỉnh Kon Tum năm 2023",
    kind: PromotionEventKind.SUPPLY_DEMAND_CONFERENCE,
    startsOn: "2023-12-08",
    hostProvinceCode: "VN-28",
    organiser: konTumTrade,
    venue: "Thành phố Kon Tum",
  });
  const buyers = ["hcm-wholesale", "hcm-retail", "hcm-coffee"].map((key) => reference.enterprises.get(key)!);
  const konTumEnterprises: EnterpriseEntity[] = [reference.enterprises.get("ktm-ginseng")!, reference.enterprises.get("ktm-coffee")!];
  for (let i = konTumEnterprises.length + 1; i <= 22; i += 1) {
    konTumEnterprises.push(
      await createEnterprise(em, {
        provinceCode: "VN-28",
        name: `Doanh nghiệp nông sản Kon Tum số ${String(i).padStart(2, "0")} (mô phỏng)`,
        taxCode: `00988${String(i).padStart(5, "0")}`,
        vsicCode: i % 3 === 0 ? "1077" : i % 3 === 1 ? "0128" : "4632",
      }),
    );
  }
  // The articles give 22 signatories over both conferences, not the split: 10 in 2016 and 12 in 2023 is synthetic.
  for (const [index, seller] of konTumEnterprises.entries()) {
    const event = index < 10 ? conference2016 : conference2023;
    await createMemorandum(em, {
      title: `Biên bản ghi nhớ hợp tác tiêu thụ nông sản giữa ${seller.name} và ${buyers[index % 3]!.name}`,
      signedOn: event.startsOn,
      event,
      valueVnd: String((index + 3) * 1_000_000_000),
      parties: [
        { enterprise: seller, role: MemorandumPartyRole.SELLER },
        { enterprise: buyers[index % 3]!, role: MemorandumPartyRole.BUYER },
      ],
    });
  }
}

/** The April 2024 conference's 558 announced projects: 157 in Kon Tum, the rest spread over the other provinces (synthetic split). */
async function seedInvestmentProjects(em: EntityManager, reference: DemoReference, random: SeededRandom): Promise<void> {
  const conference = await createPromotionEvent(em, {
    name: "Hội nghị xúc tiến đầu tư vùng Tây Nguyên tại TP. Hồ Chí Minh năm 2024",
    kind: PromotionEventKind.INVESTMENT_CONFERENCE,
    startsOn: "2024-04-13",
    hostProvinceCode: "VN-SG",
    organiser: reference.agencies.get("VN-SG-ITPC")!,
    venue: "TP. Hồ Chí Minh",
  });
  const perProvince: [string, number, string][] = [
    ["VN-28", 157, "Kon Tum"],
    ["VN-33", 120, "Đắk Lắk"],
    ["VN-30", 105, "Gia Lai"],
    ["VN-35", 98, "Lâm Đồng"],
    ["VN-72", 78, "Đắk Nông"],
  ];
  const sectors = Object.values(InvestmentSector);
  for (const [provinceCode, count, provinceName] of perProvince) {
    // Announced in April 2024, before the mergers: each province's own department contributed them.
    const agency = reference.agencies.get(`${provinceCode}-SCT`);
    if (!agency) throw new Error(`the demo has no department of industry and trade for ${provinceCode}`);
    for (let i = 1; i <= count; i += 1) {
      const sector = random.pick(sectors);
      await createInvestmentProject(
        em,
        {
          provinceCode,
          agency,
          name: `Dự án ${sector.toLowerCase().replace(/_/g, " ")} ${provinceName} số ${String(i).padStart(3, "0")} (mô phỏng)`,
          sector,
          capitalVnd: String(random.integer(20, 5_000) * 1_000_000_000),
          areaHectares: random.integer(2, 800),
          announcedAt: conference,
        },
        { flush: false },
      );
    }
  }
  await em.flush();
}

export async function seedTrade(em: EntityManager, reference: DemoReference, today: string): Promise<void> {
  const random = new SeededRandom(2016);
  await seedPrices(em, reference, today, random);
  await seedTradeFlows(em, reference, today, random);
  forgetAllButReference(em);
  for (const listing of LISTINGS) {
    await createListing(
      em,
      {
        enterprise: reference.enterprises.get(listing.enterprise)!,
        commodity: reference.commodities.get(listing.commodity)!,
        kind: listing.kind,
        title: listing.title,
        quantity: listing.quantity,
        certifications: listing.certifications,
        ocopStars: listing.ocopStars ?? null,
        periodFrom: today,
        periodTo: addDays(today, 90),
      },
      { flush: false },
    );
  }
  for (const product of OCOP_PRODUCTS) {
    await createOcopProduct(
      em,
      {
        enterprise: reference.enterprises.get(product.enterprise)!,
        name: product.name,
        commodity: product.commodity ? reference.commodities.get(product.commodity)! : null,
        stars: product.stars,
        certifiedYear: product.year,
      },
      { flush: false },
    );
  }
  await em.flush();
  forgetAllButReference(em);
  await seedConferences(em, reference);
  forgetAllButReference(em);
  await seedInvestmentProjects(em, reference, random);
}
