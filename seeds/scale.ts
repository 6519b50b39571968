/**
 * The scale generator: synthetic data on top of the demo, in volumes that show how the hub's
 * queries behave on a realistic database. `--scale 100` (the largest preset) makes 100,000
 * enterprises, about 105,000 assessments and over a million daily price observations; every other
 * table grows in proportion (`scaleCounts`). `--scale 1` and `--scale 10` are the small and medium
 * presets; fractional scales (e.g. 0.01) exist for tests.
 *
 * Rules the data follows, as the hub's own code would write it:
 * - owners as the brief's "Who owns what" table says; records made under an absorbed unit (Kon Tum,
 *   Đắk Nông before 1 July 2025) keep its code, and reports after the merger come from the successor;
 * - `search_name`/`sort_name` from `foldForSearch`/`vietnameseSortKey`, assessment totals,
 *   coefficients and levels from the technology domain's pure functions;
 * - synthetic throughout: enterprises carry `synthetic = true` and tax codes from the reserved
 *   00… range (`generatedTaxCode`), markets, institutions and projects say "(mô phỏng)" in their
 *   names, price observations carry the demo's synthetic note, training links `synthetic = true`.
 *
 * Deterministic: every record is drawn from a random stream seeded by its table and its index, not
 * by the preset, so record i is the same in every preset (a larger preset is a superset of a
 * smaller one, apart from the per-day price window). Idempotent: every table has a natural key and
 * rows are inserted with `on conflict do nothing`; the big tables (enterprises, prices, assessments,
 * listings) are counted first and skipped when complete, so re-running a loaded preset takes seconds.
 */
import "reflect-metadata";
import type { EntityManager } from "@mikro-orm/postgresql";
import { addDays } from "../src/common/period.js";
import { foldForSearch, vietnameseSortKey } from "../src/common/text.js";
import { Dataset } from "../src/common/visibility.js";
import { AgreementDecision } from "../src/sharing/agreement.entity.js";
import { assessLevel, CRITERIA_GROUPS, type GroupScores } from "../src/technology/levels.js";
import { InvestmentProjectStatus, InvestmentSector } from "../src/trade/investment-project.entity.js";
import { ListingKind, ListingStatus, QualityCertification } from "../src/trade/listing.entity.js";
import { PriceType } from "../src/trade/price-observation.entity.js";
import { InstitutionKind } from "../src/training/institution.entity.js";
import { ProgrammeLevel } from "../src/training/programme.entity.js";
import { TrainingLinkKind, TrainingLinkStatus, trainingLinkOwners } from "../src/training/training-link.entity.js";
import { TrainingOutcomeKind } from "../src/training/training-outcome.entity.js";
import { arrayLiteral, bulkInsert, type BulkColumn } from "./bulk-insert.js";
import { SYNTHETIC_NOTE } from "./demo.trade.js";
import { SeededRandom } from "./random.js";
import { AGENCIES } from "./reference.data.js";
import { generatedTaxCode } from "./tax-codes.js";

// ---------------------------------------------------------------------------------------------
// Presets and volumes
// ---------------------------------------------------------------------------------------------

/** The named presets of `npm run seed -- --scale N`. */
export const SCALE_PRESETS = { small: 1, medium: 10, largest: 100 } as const;

/** Records per unit of scale: the largest preset (100) multiplies these by 100. */
const PER_SCALE = {
  enterprises: 1_000,
  /** Markets with ~6 price series each, observed daily over 730 days: ~11,000 observations per unit. */
  markets: 2.6,
  listings: 500,
  ocopProducts: 100,
  tradeFlows: 100,
  investmentProjects: 50,
  institutions: 5,
  trainingLinks: 100,
} as const;

/** Days of daily prices up to today: two years for real presets, four months for tiny test scales. */
function priceDays(scale: number): number {
  return scale >= 1 ? 730 : 120;
}

export interface ScaleCounts {
  enterprises: number;
  markets: number;
  priceDays: number;
  listings: number;
  ocopProducts: number;
  tradeFlowRoutes: number;
  investmentProjects: number;
  institutions: number;
  trainingLinks: number;
  agreements: number;
}

/** How many records of each kind a scale generates (derived tables, e.g. prices and assessments, follow from these). */
export function scaleCounts(scale: number): ScaleCounts {
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1_000) throw new RangeError(`scale must be a number above 0 and at most 1000, got ${scale}`);
  const count = (perScale: number, minimum = 1) => Math.max(minimum, Math.round(perScale * scale));
  return {
    enterprises: count(PER_SCALE.enterprises, 5),
    markets: count(PER_SCALE.markets),
    priceDays: priceDays(scale),
    listings: count(PER_SCALE.listings),
    ocopProducts: count(PER_SCALE.ocopProducts),
    // Each route is a (origin, destination, commodity) reported for 24 months.
    tradeFlowRoutes: Math.min(ROUTES.length, count(PER_SCALE.tradeFlows / 24)),
    investmentProjects: count(PER_SCALE.investmentProjects),
    institutions: count(PER_SCALE.institutions),
    trainingLinks: count(PER_SCALE.trainingLinks),
    agreements: scale >= 100 ? 12 : scale >= 10 ? 6 : scale >= 1 ? 3 : 1,
  };
}

// ---------------------------------------------------------------------------------------------
// Random streams
// ---------------------------------------------------------------------------------------------

/** One independent stream per table (and purpose): record i of a table always draws the same numbers. */
enum Stream {
  ENTERPRISE = 1,
  MARKET,
  PRICE_SERIES,
  ASSESSMENT,
  LISTING,
  OCOP,
  ROUTES,
  TRADE_FLOW,
  PROJECT,
  INSTITUTION,
  PROGRAMME,
  LINK,
  AGREEMENT,
}

/** A well-mixed 32-bit seed for (stream, index): neighbouring indexes give unrelated streams. */
function seedOf(stream: Stream, index: number): number {
  let h = Math.imul(stream ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function randomFor(stream: Stream, index: number): SeededRandom {
  return new SeededRandom(seedOf(stream, index));
}

/** A standard normal draw (Box–Muller). */
function gaussian(random: SeededRandom): number {
  const u = Math.max(random.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** Distinct picks from a list, in list order. */
function sample<T>(random: SeededRandom, items: readonly T[], count: number): T[] {
  const chosen = new Set<number>();
  const wanted = Math.min(count, items.length);
  while (chosen.size < wanted) chosen.add(random.integer(0, items.length - 1));
  return [...chosen].sort((a, b) => a - b).map((index) => items[index]!);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

// ---------------------------------------------------------------------------------------------
// Geography: the programme's units, their places, and who reports for them
// ---------------------------------------------------------------------------------------------

/** The programme's units: the five current ones and the two absorbed on 1 July 2025 (records made before keep their codes). */
interface ProvinceProfile {
  code: string;
  name: string;
  /** Weight among enterprises (registrations). */
  enterpriseWeight: number;
  /** Weight among synthetic markets. */
  marketWeight: number;
  /** Real districts, towns and communes, for names and addresses. */
  places: string[];
  /** Commodities bought at purchasing points there (farm-gate prices). */
  commodities: string[];
  /** Business lines (VSIC 2018) with their weights. */
  vsic: [string, number][];
  /** Telephone area code. */
  areaCode: string;
}

const PRODUCER_VSIC: [string, number][] = [
  ["1077", 18], // coffee processing
  ["0126", 10], // coffee growing
  ["1030", 8], // fruit and vegetable processing
  ["1079", 6], // other food (tea, pepper, macadamia processing)
  ["0121", 8], // fruit growing (durian, avocado)
  ["0124", 4], // pepper growing
  ["0128", 4], // spice and medicinal crops
  ["0118", 4], // vegetables and flowers
  ["0125", 2], // rubber
  ["0123", 2], // cashew
  ["4620", 8], // wholesale of agricultural raw materials
  ["4632", 6], // wholesale of food
  ["1080", 2], // animal feed
];

const PROVINCES: ProvinceProfile[] = [
  {
    code: "VN-SG",
    name: "TP. Hồ Chí Minh",
    enterpriseWeight: 26,
    marketWeight: 16,
    places: ["Thủ Đức", "Bình Chánh", "Hóc Môn", "Củ Chi", "Tân Bình", "Gò Vấp", "Bình Tân", "Tân Phú", "Bình Thạnh", "Phú Nhuận", "Nhà Bè", "Bình Điền", "Dĩ An", "Thủ Dầu Một", "Bến Cát", "Bà Rịa"],
    commodities: [],
    vsic: [
      ["4632", 22],
      ["4711", 10],
      ["4620", 10],
      ["1077", 10],
      ["1030", 8],
      ["1079", 8],
      ["1080", 4],
      ["1050", 3],
      ["1010", 3],
      ["5210", 4],
    ],
    areaCode: "028",
  },
  {
    code: "VN-33",
    name: "Đắk Lắk",
    enterpriseWeight: 20,
    marketWeight: 24,
    places: ["Buôn Ma Thuột", "Ea Kar", "Krông Pắc", "Cư M'gar", "Krông Năng", "Ea H'leo", "Krông Búk", "Buôn Hồ", "Lắk", "Krông Ana", "M'Drắk", "Cư Kuin", "Ea Tu", "Tuy Hòa"],
    commodities: ["COFFEE_ROBUSTA", "PEPPER_BLACK", "DURIAN_RI6", "DURIAN_MONTHONG", "AVOCADO_BOOTH", "MACADAMIA", "CASHEW_RAW", "PASSION_FRUIT"],
    vsic: PRODUCER_VSIC,
    areaCode: "0262",
  },
  {
    code: "VN-35",
    name: "Lâm Đồng",
    enterpriseWeight: 17,
    marketWeight: 20,
    places: ["Đà Lạt", "Bảo Lộc", "Di Linh", "Lâm Hà", "Đức Trọng", "Đơn Dương", "Lạc Dương", "Đạ Huoai", "Bảo Lâm", "Đam Rông", "Cát Tiên", "Phan Thiết"],
    commodities: ["COFFEE_ROBUSTA", "COFFEE_ARABICA", "CABBAGE", "POTATO", "TOMATO", "ROSE", "CHRYSANTHEMUM", "TEA_FRESH_LEAF", "AVOCADO_BOOTH", "DURIAN_MONTHONG", "MACADAMIA"],
    vsic: [
      ["0118", 16],
      ["1077", 12],
      ["0126", 8],
      ["0127", 6],
      ["1079", 8],
      ["1030", 8],
      ["0121", 6],
      ["4620", 6],
      ["4632", 6],
    ],
    areaCode: "0263",
  },
  {
    code: "VN-30",
    name: "Gia Lai",
    enterpriseWeight: 13,
    marketWeight: 15,
    places: ["Pleiku", "Chư Sê", "Chư Păh", "Ia Grai", "Đăk Đoa", "Chư Prông", "Mang Yang", "Kbang", "An Khê", "Ayun Pa", "Đức Cơ", "Quy Nhơn"],
    commodities: ["COFFEE_ROBUSTA", "PEPPER_BLACK", "RUBBER_LATEX", "CASHEW_RAW", "MACADAMIA", "PASSION_FRUIT", "DURIAN_RI6"],
    vsic: PRODUCER_VSIC,
    areaCode: "0269",
  },
  {
    code: "VN-29",
    name: "Quảng Ngãi",
    enterpriseWeight: 8,
    marketWeight: 7,
    places: ["Kon Tum", "Đăk Hà", "Sa Thầy", "Ngọc Hồi", "Đăk Tô", "Kon Plông", "Tu Mơ Rông", "Đăk Glei", "Ba Tơ", "Tư Nghĩa", "Mộ Đức", "Bình Sơn"],
    commodities: ["COFFEE_ROBUSTA", "GINSENG_NGOC_LINH", "RUBBER_LATEX", "CASHEW_RAW", "PASSION_FRUIT"],
    vsic: PRODUCER_VSIC,
    areaCode: "0255",
  },
  {
    code: "VN-28",
    name: "Kon Tum",
    enterpriseWeight: 7,
    marketWeight: 7,
    places: ["Kon Tum", "Đăk Hà", "Sa Thầy", "Ngọc Hồi", "Đăk Tô", "Kon Plông", "Kon Rẫy", "Tu Mơ Rông", "Đăk Glei", "Ia H'Drai"],
    commodities: ["COFFEE_ROBUSTA", "GINSENG_NGOC_LINH", "RUBBER_LATEX", "CASHEW_RAW", "PASSION_FRUIT"],
    vsic: PRODUCER_VSIC,
    areaCode: "0260",
  },
  {
    code: "VN-72",
    name: "Đắk Nông",
    enterpriseWeight: 9,
    marketWeight: 11,
    places: ["Gia Nghĩa", "Đắk Mil", "Đắk Song", "Cư Jút", "Krông Nô", "Đắk R'lấp", "Tuy Đức", "Đắk Glong"],
    commodities: ["COFFEE_ROBUSTA", "PEPPER_BLACK", "DURIAN_RI6", "MACADAMIA", "CASHEW_RAW", "AVOCADO_BOOTH"],
    vsic: PRODUCER_VSIC,
    areaCode: "0261",
  },
];

const PROVINCE_BY_CODE = new Map(PROVINCES.map((province) => [province.code, province]));

function province(code: string): ProvinceProfile {
  const found = PROVINCE_BY_CODE.get(code);
  if (!found) throw new Error(`no province profile for ${code}`);
  return found;
}

/** The unit that reports for `code` on `date`: an absorbed unit's successor from the merger on. */
type Successors = Map<string, { successor: string; validTo: string }>;

function reportingUnit(successors: Successors, code: string, date: string): string {
  const absorbed = successors.get(code);
  return absorbed && date > absorbed.validTo ? absorbed.successor : code;
}

/**
 * Departments the generator reports through: industry and trade (prices, flows, projects) and
 * science and technology (assessments) of every programme unit. The demo has most of them; the
 * others are the real departments of the absorbed provinces, as they were until 30 June 2025.
 */
const EXTRA_AGENCIES = [
  { code: "VN-72-SCT", name: "Sở Công Thương tỉnh Đắk Nông", nameEn: "Dak Nong Department of Industry and Trade (until 30 June 2025)", provinceCode: "VN-72", sector: "INDUSTRY_TRADE" },
  { code: "VN-72-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Đắk Nông", nameEn: "Dak Nong Department of Science and Technology (until 30 June 2025)", provinceCode: "VN-72", sector: "SCIENCE_TECHNOLOGY" },
  { code: "VN-28-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Kon Tum", nameEn: "Kon Tum Department of Science and Technology (until 30 June 2025)", provinceCode: "VN-28", sector: "SCIENCE_TECHNOLOGY" },
] as const;

const REQUIRED_AGENCIES = PROVINCES.flatMap((p) => [`${p.code}-SCT`, `${p.code}-SKHCN`]);

// ---------------------------------------------------------------------------------------------
// Commodities and prices
// ---------------------------------------------------------------------------------------------

/** Farm-gate price bands, VND per the commodity's standard unit (kg, or stem for flowers), that the walks stay within. */
const FARM_GATE_BANDS: Record<string, { min: number; max: number }> = {
  COFFEE_ROBUSTA: { min: 90_000, max: 130_000 },
  COFFEE_ARABICA: { min: 110_000, max: 160_000 },
  PEPPER_BLACK: { min: 120_000, max: 160_000 },
  CASHEW_RAW: { min: 28_000, max: 42_000 },
  RUBBER_LATEX: { min: 11_000, max: 16_000 },
  MACADAMIA: { min: 60_000, max: 95_000 },
  DURIAN_RI6: { min: 50_000, max: 120_000 },
  DURIAN_MONTHONG: { min: 60_000, max: 130_000 },
  AVOCADO_BOOTH: { min: 20_000, max: 50_000 },
  PASSION_FRUIT: { min: 10_000, max: 30_000 },
  CABBAGE: { min: 5_000, max: 15_000 },
  POTATO: { min: 12_000, max: 25_000 },
  TOMATO: { min: 8_000, max: 22_000 },
  TEA_OOLONG: { min: 250_000, max: 450_000 },
  TEA_FRESH_LEAF: { min: 6_000, max: 12_000 },
  ROSE: { min: 1_500, max: 4_000 },
  CHRYSANTHEMUM: { min: 2_000, max: 5_000 },
  GINSENG_NGOC_LINH: { min: 80_000_000, max: 150_000_000 },
};

/** Wholesale and retail sit above farm-gate by a typical margin; series of different types are never mixed. */
const PRICE_TYPE_MARKUP: Record<PriceType, number> = { [PriceType.FARM_GATE]: 1, [PriceType.WHOLESALE]: 1.12, [PriceType.RETAIL]: 1.35 };

/** What HCMC's wholesale and retail markets trade (everything that reaches the city's consumers). */
const CITY_COMMODITIES = [
  "COFFEE_ROBUSTA",
  "COFFEE_ARABICA",
  "PEPPER_BLACK",
  "MACADAMIA",
  "DURIAN_RI6",
  "DURIAN_MONTHONG",
  "AVOCADO_BOOTH",
  "PASSION_FRUIT",
  "CABBAGE",
  "POTATO",
  "TOMATO",
  "TEA_OOLONG",
  "ROSE",
  "CHRYSANTHEMUM",
];

/** Rounds a price the way markets quote it. */
function quote(price: number): number {
  const step = price >= 10_000_000 ? 100_000 : price >= 100_000 ? 500 : price >= 10_000 ? 100 : price >= 1_000 ? 50 : 10;
  return Math.max(step, Math.round(price / step) * step);
}

/** The random walks start here whatever the run's date, so the price of a series on a day never depends on when the seed ran. */
const WALK_EPOCH = "2022-01-01";

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

interface CommodityRow {
  id: number;
  code: string;
  name: string;
  standardUnit: string;
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

const BRANDS = [
  "Phúc Thịnh", "Minh Phát", "Hoàng Long", "An Khang", "Tân Tiến", "Thành Đạt", "Đại Ngàn", "Hưng Thịnh", "Nam Phong", "Bảo Ngọc",
  "Kim Long", "Phú Quý", "Thiên Ân", "Sao Mai", "Hòa Bình", "Trường Sơn", "Ngọc Lan", "Đồng Xanh", "Lộc Phát", "Vạn Lợi",
  "Gia Huy", "Hải Đăng", "Thái Sơn", "Quang Minh", "Mai Anh", "Hồng Phúc", "Đức Tín", "Thảo Nguyên", "Việt Úc", "Tây Nguyên Xanh",
  "Cao Nguyên", "Bình An", "Phước Lộc", "Hiệp Thành", "Trung Nguyên Xanh", "Ê Đê", "Langbiang", "Chư Yang Sin", "Sông Sêrêpốk", "Hữu Nghị",
];

const ACTIVITIES: Record<string, string[]> = {
  "1077": ["Cà phê", "Chế biến Cà phê", "Cà phê Rang xay", "Xuất nhập khẩu Cà phê"],
  "0126": ["Cà phê", "Nông nghiệp Cà phê", "Dịch vụ Nông nghiệp"],
  "1030": ["Chế biến Nông sản", "Chế biến Rau quả", "Trái cây Sấy", "Thực phẩm Xanh"],
  "1079": ["Thực phẩm", "Trà", "Chế biến Gia vị", "Mắc ca"],
  "0121": ["Sầu riêng", "Trái cây", "Nông sản Sạch"],
  "0124": ["Hồ tiêu", "Nông nghiệp"],
  "0128": ["Hồ tiêu", "Dược liệu", "Nông sản Hữu cơ"],
  "0118": ["Rau sạch", "Nông nghiệp Công nghệ cao", "Hoa", "Rau Hoa"],
  "0125": ["Cao su", "Nông lâm nghiệp"],
  "0123": ["Điều", "Nông sản"],
  "0127": ["Chè", "Trà"],
  "4620": ["Thu mua Nông sản", "Nông sản", "Thương mại Nông sản"],
  "4632": ["Thương mại Nông sản", "Phân phối Thực phẩm", "Thực phẩm"],
  "4711": ["Siêu thị", "Bán lẻ"],
  "1080": ["Thức ăn Chăn nuôi"],
  "1050": ["Sữa"],
  "1010": ["Thực phẩm Chế biến"],
  "5210": ["Kho vận", "Logistics Nông sản"],
};

/** What an enterprise of a business line grows, makes or trades (for listings and OCOP products); empty = anything. */
const VSIC_COMMODITIES: Record<string, string[]> = {
  "1077": ["COFFEE_ROBUSTA", "COFFEE_ARABICA"],
  "0126": ["COFFEE_ROBUSTA", "COFFEE_ARABICA"],
  "1030": ["DURIAN_RI6", "DURIAN_MONTHONG", "AVOCADO_BOOTH", "PASSION_FRUIT", "MACADAMIA"],
  "1079": ["PEPPER_BLACK", "TEA_OOLONG", "MACADAMIA"],
  "0121": ["DURIAN_RI6", "DURIAN_MONTHONG", "AVOCADO_BOOTH", "PASSION_FRUIT"],
  "0124": ["PEPPER_BLACK"],
  "0128": ["PEPPER_BLACK", "GINSENG_NGOC_LINH"],
  "0118": ["CABBAGE", "POTATO", "TOMATO", "ROSE", "CHRYSANTHEMUM"],
  "0125": ["RUBBER_LATEX"],
  "0123": ["CASHEW_RAW"],
  "0127": ["TEA_FRESH_LEAF", "TEA_OOLONG"],
};

const TRADER_VSIC = new Set(["4620", "4632", "4711", "5210"]);

const FAMILY_NAMES: [string, number][] = [
  ["Nguyễn", 38], ["Trần", 11], ["Lê", 9], ["Phạm", 7], ["Hoàng", 5], ["Huỳnh", 4], ["Phan", 4], ["Vũ", 3], ["Võ", 4], ["Đặng", 2],
  ["Bùi", 2], ["Đỗ", 2], ["Hồ", 2], ["Ngô", 2], ["Dương", 1], ["Lý", 1], ["Y", 1], ["H'", 1], ["Ksor", 1], ["Rơ Mah", 1],
];
const MIDDLE_NAMES = { male: ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công"], female: ["Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Kim"] };
const GIVEN_NAMES = {
  male: ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam", "Phong", "Quang", "Sơn", "Tài", "Thắng", "Trung", "Tuấn", "Việt", "Vinh"],
  female: ["Anh", "Ánh", "Chi", "Dung", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngọc", "Nhung", "Phương", "Thảo", "Trang", "Uyên", "Yến"],
};

function personName(random: SeededRandom): string {
  const family = random.weighted(FAMILY_NAMES);
  const sex = random.next() < 0.5 ? "male" : "female";
  // Ê Đê and Jrai names (Y …, H' …, Ksor …) have no Kinh middle name.
  if (family === "Y" || family === "H'") return `${family === "H'" ? "H'" : "Y"} ${random.pick(["Blang", "Đhăm", "Niê", "Mlô", "Byă", "Kđăm"])} ${random.pick(["Êban", "Niê", "Mlô", "Hwing"])}`;
  if (family === "Ksor" || family === "Rơ Mah") return `${family} ${random.pick(GIVEN_NAMES[sex])}`;
  return `${family} ${random.pick(MIDDLE_NAMES[sex])} ${random.pick(GIVEN_NAMES[sex])}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Enterprises
// ---------------------------------------------------------------------------------------------

type Size = "MICRO" | "SMALL" | "MEDIUM" | "LARGE";

interface EnterpriseSpec {
  index: number;
  taxCode: string;
  name: string;
  provinceCode: string;
  place: string;
  vsicCode: string;
  size: Size;
  employees: number;
  revenue: number;
  /** Technology capability, 0…1: drives the assessments' scores. */
  capability: number;
}

const PROVINCE_WEIGHTS_ENTERPRISE = PROVINCES.map((p) => [p.code, p.enterpriseWeight] as const);

function enterpriseSpec(index: number): EnterpriseSpec {
  const random = randomFor(Stream.ENTERPRISE, index);
  const profile = province(random.weighted(PROVINCE_WEIGHTS_ENTERPRISE));
  const vsicCode = random.weighted(profile.vsic);
  const place = random.pick(profile.places);
  const size = random.weighted<Size>([
    ["MICRO", 38],
    ["SMALL", 42],
    ["MEDIUM", 14],
    ["LARGE", 6],
  ]);
  // Decree 80/2021/ND-CP bands (agriculture and industry): employees ≤10, ≤100, ≤200, above; revenue ≤3, ≤50, ≤200 billion VND.
  const [minEmployees, maxEmployees, minRevenue, maxRevenue] = {
    MICRO: [2, 10, 0.5, 3],
    SMALL: [11, 100, 3, 50],
    MEDIUM: [101, 200, 50, 200],
    LARGE: [201, 2_500, 200, 5_000],
  }[size];
  const employees = random.integer(minEmployees, maxEmployees);
  const revenue = Math.round((minRevenue + random.next() * (maxRevenue - minRevenue)) * 10) * 100_000_000;
  // Cooperatives grow things; sole proprietorships stay small; the largest are joint-stock companies.
  const small = size === "MICRO" || size === "SMALL";
  const cooperative = small && !TRADER_VSIC.has(vsicCode) && vsicCode.startsWith("01") && random.next() < 0.35;
  const form = cooperative
    ? "Hợp tác xã"
    : random.weighted([
        ["Công ty TNHH", 50],
        ["Công ty Cổ phần", size === "LARGE" ? 60 : 22],
        ["Công ty TNHH MTV", 14],
        ["Doanh nghiệp tư nhân", small ? 8 : 0],
      ] as const);
  const activity = random.pick(ACTIVITIES[vsicCode] ?? ["Nông sản"]);
  const brand = random.pick(BRANDS);
  const name = cooperative
    ? `${form} ${activity} ${place}${random.next() < 0.5 ? ` ${brand}` : ""}`
    : random.next() < 0.7
      ? `${form} ${activity} ${brand}`
      : `${form} ${activity} ${brand} ${place}`;
  const sizeBonus = { MICRO: -0.12, SMALL: 0, MEDIUM: 0.1, LARGE: 0.2 }[size];
  const capability = clamp(0.45 + sizeBonus + gaussian(random) * 0.12, 0.12, 0.9);
  return { index, taxCode: generatedTaxCode(index + 1), name, provinceCode: profile.code, place, vsicCode, size, employees, revenue, capability };
}

// ---------------------------------------------------------------------------------------------
// Markets and their price series
// ---------------------------------------------------------------------------------------------

interface SeriesSpec {
  commodityCode: string;
  priceType: PriceType;
  /** The market's premium or discount on the commodity's walk, in log units. */
  offset: number;
}

interface MarketSpec {
  index: number;
  code: string;
  name: string;
  provinceCode: string;
  kind: "WHOLESALE" | "RETAIL" | "PURCHASING_POINT";
  series: SeriesSpec[];
}

const PROVINCE_WEIGHTS_MARKET = PROVINCES.map((p) => [p.code, p.marketWeight] as const);

function marketSpec(index: number): MarketSpec {
  const random = randomFor(Stream.MARKET, index);
  const profile = province(random.weighted(PROVINCE_WEIGHTS_MARKET));
  const place = random.pick(profile.places);
  const brand = random.pick(BRANDS);
  let kind: MarketSpec["kind"];
  let name: string;
  let commodities: string[];
  if (profile.code === "VN-SG") {
    kind = random.next() < 0.35 ? "RETAIL" : "WHOLESALE";
    name = kind === "RETAIL" ? `Siêu thị ${brand} ${place} (mô phỏng)` : `Chợ đầu mối nông sản ${place} – ${brand} (mô phỏng)`;
    commodities = sample(random, CITY_COMMODITIES, random.integer(6, 9));
  } else {
    kind = random.next() < 0.12 ? "WHOLESALE" : "PURCHASING_POINT";
    name = kind === "WHOLESALE" ? `Chợ nông sản ${place} – ${brand} (mô phỏng)` : `Điểm thu mua ${place} – ${brand} (mô phỏng)`;
    const available = profile.commodities.length;
    commodities = sample(random, profile.commodities, random.integer(Math.min(4, available), Math.min(8, available)));
  }
  const priceType = kind === "RETAIL" ? PriceType.RETAIL : kind === "WHOLESALE" ? PriceType.WHOLESALE : PriceType.FARM_GATE;
  return {
    index,
    code: `SIM-MKT-${String(index + 1).padStart(5, "0")}`,
    name,
    provinceCode: profile.code,
    kind,
    series: commodities.map((commodityCode) => ({ commodityCode, priceType, offset: gaussian(random) * 0.025 })),
  };
}

// ---------------------------------------------------------------------------------------------
// Assessments
// ---------------------------------------------------------------------------------------------

/** The Circular took effect on 25 January 2020; generated assessments start after it. */
const FIRST_ASSESSMENT_DAY = "2020-03-01";

const RECOMMENDATIONS = [
  "Đầu tư dây chuyền chế biến tự động; xây dựng phòng kiểm nghiệm chất lượng nội bộ.",
  "Áp dụng hệ thống quản lý chất lượng ISO 9001 và truy xuất nguồn gốc điện tử.",
  "Đào tạo nhân lực vận hành, bảo dưỡng thiết bị; lập kế hoạch thay thế thiết bị đã khấu hao hết.",
  "Thành lập quỹ phát triển khoa học và công nghệ; hợp tác nghiên cứu với viện, trường tại TP. Hồ Chí Minh.",
  "Chuyển đổi số quản lý sản xuất và bán hàng; đăng ký bảo hộ nhãn hiệu sản phẩm.",
  "Giảm tiêu hao năng lượng bằng lò sấy tiết kiệm nhiên liệu; xử lý vỏ cà phê làm phân bón hữu cơ.",
];

/** A group's share of its maximum relative to the enterprise's capability: R&D and innovation lag in most enterprises. */
const GROUP_BIAS: GroupScores = { T: 0.04, E: 0.03, O: 0, R: -0.08, I: -0.1 };

interface AssessmentSpec {
  assessedOn: string;
  status: "DRAFT" | "PUBLISHED";
  publishedAt: string | null;
  scores: GroupScores;
  recommendations: string | null;
}

function assessmentSpecs(enterprise: EnterpriseSpec, today: string): AssessmentSpec[] {
  const random = randomFor(Stream.ASSESSMENT, enterprise.index);
  const count = random.weighted([
    [0, 25],
    [1, 50],
    [2, 20],
    [3, 5],
  ] as const);
  if (count === 0) return [];
  const gaps = Array.from({ length: count - 1 }, () => random.integer(365, 540));
  const span = daysBetween(FIRST_ASSESSMENT_DAY, today) - gaps.reduce((sum, gap) => sum + gap, 0);
  let day = addDays(FIRST_ASSESSMENT_DAY, Math.max(0, Math.floor(random.next() * span)));
  const first = day;
  const specs: AssessmentSpec[] = [];
  for (let i = 0; i < count; i += 1) {
    if (i > 0) day = addDays(day, gaps[i - 1]!);
    const years = daysBetween(first, day) / 365;
    const capability = enterprise.capability + 0.025 * years;
    const scores = {} as GroupScores;
    for (const group of CRITERIA_GROUPS) {
      const share = clamp(capability + GROUP_BIAS[group.code] + gaussian(random) * 0.07, 0.02, 0.98);
      scores[group.code] = Math.round(group.maxScore * share * 2) / 2;
    }
    const latest = i === count - 1;
    const age = daysBetween(day, today);
    const publishedOn = addDays(day, random.integer(7, 45));
    const draft = latest && (publishedOn > today || random.next() < (age < 60 ? 0.6 : 0.05));
    specs.push({
      assessedOn: day,
      status: draft ? "DRAFT" : "PUBLISHED",
      // Published in the morning, Vietnam time (02:00 UTC is 09:00 in Asia/Ho_Chi_Minh).
      publishedAt: draft ? null : `${publishedOn > today ? today : publishedOn}T02:00:00Z`,
      scores,
      recommendations: random.next() < 0.35 ? random.pick(RECOMMENDATIONS) : null,
    });
  }
  return specs;
}

// ---------------------------------------------------------------------------------------------
// Listings and OCOP products
// ---------------------------------------------------------------------------------------------

const LISTING_DESCRIPTIONS = [
  "Hàng loại 1, độ ẩm dưới 13%, đóng bao PP 60 kg; giao tại kho bên bán.",
  "Giao hàng theo lịch hằng tuần, có giấy chứng nhận xuất xứ và truy xuất nguồn gốc.",
  "Ưu tiên hợp đồng dài hạn với siêu thị, chuỗi cửa hàng tại TP. Hồ Chí Minh.",
  "Thanh toán chuyển khoản trong 15 ngày; hỗ trợ vận chuyển lạnh.",
  "Đóng gói theo yêu cầu, có tem QR truy xuất nguồn gốc.",
];

const POSITIONS = ["Giám đốc", "Phó Giám đốc", "Trưởng phòng Kinh doanh", "Nhân viên kinh doanh"];

/** How listings write the certifications. */
const CERTIFICATION_LABELS: Record<QualityCertification, string> = {
  [QualityCertification.VIETGAP]: "VietGAP",
  [QualityCertification.GLOBALGAP]: "GlobalGAP",
  [QualityCertification.ORGANIC]: "hữu cơ",
  [QualityCertification.OCOP]: "OCOP",
  [QualityCertification.HACCP]: "HACCP",
  [QualityCertification.ISO22000]: "ISO 22000",
  [QualityCertification.FAIRTRADE]: "Fairtrade",
  [QualityCertification.RAINFOREST_ALLIANCE]: "Rainforest Alliance",
  [QualityCertification.FOUR_C]: "4C",
};

/** A quantity said the way listings say it: tonnes for kilograms in bulk, else the standard unit. */
function quantityText(quantity: number, unit: string): string {
  if (unit === "kg" && quantity >= 1_000) return `${(quantity / 1_000).toLocaleString("vi-VN")} tấn`;
  return `${quantity.toLocaleString("vi-VN")} ${unit}`;
}

const OCOP_PRODUCT_NAMES: Record<string, string[]> = {
  COFFEE_ROBUSTA: ["Cà phê bột nguyên chất", "Cà phê hạt rang mộc", "Cà phê phin giấy"],
  COFFEE_ARABICA: ["Cà phê Arabica rang xay", "Cà phê Arabica hạt rang"],
  PEPPER_BLACK: ["Hồ tiêu đen", "Tiêu sọ", "Tiêu xanh ngâm muối"],
  DURIAN_RI6: ["Sầu riêng sấy lạnh", "Cơm sầu riêng cấp đông"],
  DURIAN_MONTHONG: ["Sầu riêng Monthong cấp đông", "Bánh sầu riêng"],
  AVOCADO_BOOTH: ["Bơ sáp", "Bơ sấy dẻo"],
  PASSION_FRUIT: ["Nước cốt chanh dây", "Chanh dây sấy dẻo"],
  MACADAMIA: ["Hạt mắc ca rang muối", "Dầu mắc ca"],
  TEA_OOLONG: ["Trà ô long", "Hồng trà"],
  TEA_FRESH_LEAF: ["Trà xanh", "Trà búp"],
  CABBAGE: ["Rau củ sạch"],
  POTATO: ["Khoai tây"],
  TOMATO: ["Cà chua bi"],
  ROSE: ["Hoa hồng"],
  CHRYSANTHEMUM: ["Hoa cúc"],
  GINSENG_NGOC_LINH: ["Sâm Ngọc Linh tươi", "Rượu sâm Ngọc Linh", "Cao sâm Ngọc Linh"],
  CASHEW_RAW: ["Hạt điều rang muối"],
};
const OCOP_OTHER_PRODUCTS = ["Mật ong hoa cà phê", "Măng le sấy", "Rượu cần", "Thổ cẩm dệt tay", "Tinh dầu sả chanh"];

// ---------------------------------------------------------------------------------------------
// Trade flows: routes between the programme's units
// ---------------------------------------------------------------------------------------------

interface Route {
  origin: string;
  destination: string;
  commodityCode: string;
  /** Typical monthly volume in tonnes (or thousands of stems for flowers). */
  monthlyVolume: number;
}

/**
 * Every (origin, destination, commodity) among the programme's units, most plausible first (a
 * province shipping what it grows, to HCMC above all), in a fixed order: a preset takes the first
 * routes it needs, so larger presets extend smaller ones.
 */
const ROUTES: Route[] = (() => {
  const random = randomFor(Stream.ROUTES, 0);
  const scored: (Route & { score: number })[] = [];
  for (const origin of PROVINCES) {
    for (const destination of PROVINCES) {
      if (origin.code === destination.code) continue;
      for (const commodityCode of Object.keys(FARM_GATE_BANDS)) {
        const grows = origin.commodities.includes(commodityCode);
        const cityTrade = origin.code === "VN-SG" && CITY_COMMODITIES.includes(commodityCode);
        const score = (grows ? 2 : cityTrade ? 1 : 0) + (destination.code === "VN-SG" ? 1 : 0) + random.next() * 1.5;
        const monthlyVolume = Math.round(Math.exp(Math.log(20) + random.next() * Math.log(250)) * (grows ? 1 : 0.2));
        scored.push({ origin: origin.code, destination: destination.code, commodityCode, monthlyVolume: Math.max(1, monthlyVolume), score });
      }
    }
  }
  return scored.sort((a, b) => b.score - a.score).map(({ score: _score, ...route }) => route);
})();

/** The 24 months before today's month, oldest first (YYYY-MM). */
function lastMonths(today: string, count: number): string[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)) - 1;
  const months: string[] = [];
  for (let back = count; back >= 1; back -= 1) {
    const d = new Date(Date.UTC(year, month - back, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

// ---------------------------------------------------------------------------------------------
// Investment projects
// ---------------------------------------------------------------------------------------------

const PROJECT_PHRASES: Record<InvestmentSector, string[]> = {
  [InvestmentSector.AGRICULTURE]: ["trồng và chế biến dược liệu", "nông nghiệp ứng dụng công nghệ cao", "trồng rừng gỗ lớn", "vùng nguyên liệu cà phê đặc sản"],
  [InvestmentSector.AGRO_PROCESSING]: ["nhà máy chế biến cà phê", "nhà máy chế biến trái cây xuất khẩu", "kho lạnh và sơ chế sầu riêng", "nhà máy chế biến hạt mắc ca"],
  [InvestmentSector.MANUFACTURING]: ["cụm công nghiệp", "nhà máy sản xuất bao bì", "khu công nghiệp chế biến nông sản"],
  [InvestmentSector.ENERGY]: ["điện mặt trời áp mái", "điện gió", "thủy điện nhỏ", "điện sinh khối"],
  [InvestmentSector.TOURISM]: ["khu du lịch sinh thái", "khu nghỉ dưỡng", "làng du lịch cộng đồng"],
  [InvestmentSector.INFRASTRUCTURE]: ["đường giao thông kết nối vùng nguyên liệu", "cảng cạn", "hạ tầng cụm công nghiệp"],
  [InvestmentSector.LOGISTICS_TRADE]: ["trung tâm logistics nông sản", "chợ đầu mối nông sản", "trung tâm thương mại"],
  [InvestmentSector.URBAN_DEVELOPMENT]: ["khu đô thị mới", "khu dân cư"],
  [InvestmentSector.HEALTH_EDUCATION]: ["bệnh viện đa khoa tư nhân", "trường phổ thông liên cấp", "trung tâm đào tạo nghề"],
  [InvestmentSector.ENVIRONMENT]: ["nhà máy xử lý chất thải rắn", "nhà máy nước sạch"],
  [InvestmentSector.OTHER]: ["khu dịch vụ tổng hợp"],
};

// ---------------------------------------------------------------------------------------------
// Training: institutions, programmes, links
// ---------------------------------------------------------------------------------------------

interface ProgrammeTemplate {
  name: string;
  nameEn: string;
  disciplineCode: string;
  disciplineName: string;
  level: ProgrammeLevel;
}

const P = (name: string, nameEn: string, disciplineCode: string, disciplineName: string, level: ProgrammeLevel): ProgrammeTemplate => ({ name, nameEn, disciplineCode, disciplineName, level });

/** Programmes by institution kind, with codes of the Vietnamese discipline lists (Circular 09/2022/TT-BGDĐT; vocational codes of Circular 04/2017/TT-BLĐTBXH). */
const PROGRAMME_CATALOG: Record<InstitutionKind, ProgrammeTemplate[]> = {
  [InstitutionKind.UNIVERSITY]: [
    P("Công nghệ thực phẩm", "Food technology", "7540101", "Công nghệ thực phẩm", ProgrammeLevel.BACHELOR),
    P("Công nghệ sau thu hoạch", "Post-harvest technology", "7540104", "Công nghệ sau thu hoạch", ProgrammeLevel.BACHELOR),
    P("Khoa học cây trồng", "Crop science", "7620110", "Khoa học cây trồng", ProgrammeLevel.BACHELOR),
    P("Bảo vệ thực vật", "Plant protection", "7620112", "Bảo vệ thực vật", ProgrammeLevel.BACHELOR),
    P("Kinh doanh nông nghiệp", "Agribusiness", "7620114", "Kinh doanh nông nghiệp", ProgrammeLevel.BACHELOR),
    P("Công nghệ sinh học", "Biotechnology", "7420201", "Công nghệ sinh học", ProgrammeLevel.BACHELOR),
    P("Quản trị kinh doanh", "Business administration", "7340101", "Quản trị kinh doanh", ProgrammeLevel.BACHELOR),
    P("Công nghệ thông tin", "Information technology", "7480201", "Công nghệ thông tin", ProgrammeLevel.BACHELOR),
    P("Điều dưỡng", "Nursing", "7720301", "Điều dưỡng", ProgrammeLevel.BACHELOR),
    P("Công nghệ thực phẩm (thạc sĩ)", "Food technology (master)", "8540101", "Công nghệ thực phẩm", ProgrammeLevel.MASTER),
    P("Khoa học cây trồng (thạc sĩ)", "Crop science (master)", "8620110", "Khoa học cây trồng", ProgrammeLevel.MASTER),
  ],
  [InstitutionKind.INSTITUTE]: [
    P("Khoa học cây trồng (tiến sĩ)", "Crop science (doctorate)", "9620110", "Khoa học cây trồng", ProgrammeLevel.DOCTORATE),
    P("Công nghệ sinh học (tiến sĩ)", "Biotechnology (doctorate)", "9420201", "Công nghệ sinh học", ProgrammeLevel.DOCTORATE),
    P("Kỹ thuật sơ chế, bảo quản nông sản", "Post-harvest handling of produce", "7540104", "Công nghệ sau thu hoạch", ProgrammeLevel.SHORT_COURSE),
    P("Quản lý dịch hại tổng hợp", "Integrated pest management", "7620112", "Bảo vệ thực vật", ProgrammeLevel.SHORT_COURSE),
    P("Chế biến cà phê đặc sản", "Specialty coffee processing", "7540101", "Công nghệ thực phẩm", ProgrammeLevel.SHORT_COURSE),
  ],
  [InstitutionKind.HOSPITAL]: [
    P("Phẫu thuật nội soi", "Laparoscopic surgery", "7720101", "Y khoa", ProgrammeLevel.CONTINUING_MEDICAL_EDUCATION),
    P("Hồi sức cấp cứu", "Emergency and intensive care", "7720101", "Y khoa", ProgrammeLevel.CONTINUING_MEDICAL_EDUCATION),
    P("Chẩn đoán hình ảnh", "Diagnostic imaging", "7720101", "Y khoa", ProgrammeLevel.CONTINUING_MEDICAL_EDUCATION),
    P("Phẫu thuật Phaco", "Phacoemulsification cataract surgery", "7720101", "Y khoa", ProgrammeLevel.CONTINUING_MEDICAL_EDUCATION),
    P("Điều dưỡng chuyên khoa", "Specialist nursing", "7720301", "Điều dưỡng", ProgrammeLevel.CONTINUING_MEDICAL_EDUCATION),
    P("Quản lý chất lượng bệnh viện", "Hospital quality management", "7720802", "Quản lý bệnh viện", ProgrammeLevel.CONTINUING_MEDICAL_EDUCATION),
  ],
  [InstitutionKind.TRAINING_CENTRE]: [
    P("Quản lý an toàn thực phẩm theo ISO 22000", "Food safety management (ISO 22000)", "7540101", "Công nghệ thực phẩm", ProgrammeLevel.SHORT_COURSE),
    P("Quản trị doanh nghiệp nhỏ và vừa", "Managing small and medium enterprises", "7340101", "Quản trị kinh doanh", ProgrammeLevel.SHORT_COURSE),
    P("Chuyển đổi số cho doanh nghiệp", "Digital transformation for enterprises", "7480201", "Công nghệ thông tin", ProgrammeLevel.SHORT_COURSE),
    P("Bồi dưỡng cán bộ quản lý trường học", "School management", "7140114", "Quản lý giáo dục", ProgrammeLevel.SHORT_COURSE),
  ],
  [InstitutionKind.VOCATIONAL_COLLEGE]: [
    P("Công nghệ thực phẩm (cao đẳng)", "Food technology (college)", "6540103", "Công nghệ thực phẩm", ProgrammeLevel.VOCATIONAL),
    P("Công nghệ thông tin (cao đẳng)", "Information technology (college)", "6480201", "Công nghệ thông tin", ProgrammeLevel.VOCATIONAL),
    P("Quản trị kinh doanh (cao đẳng)", "Business administration (college)", "6340404", "Quản trị kinh doanh", ProgrammeLevel.VOCATIONAL),
  ],
  [InstitutionKind.DEPARTMENT]: [],
};

const INSTITUTION_NAMES: Record<InstitutionKind, string[]> = {
  [InstitutionKind.UNIVERSITY]: ["Trường Đại học Nông Lâm", "Trường Đại học Công nghệ Thực phẩm", "Trường Đại học Kinh tế Nông nghiệp", "Trường Đại học Khoa học Ứng dụng"],
  [InstitutionKind.INSTITUTE]: ["Viện Nghiên cứu Cà phê", "Viện Nghiên cứu Rau Hoa", "Viện Công nghệ Sau thu hoạch", "Viện Nghiên cứu Dược liệu"],
  [InstitutionKind.HOSPITAL]: ["Bệnh viện Đa khoa", "Bệnh viện Nhi", "Bệnh viện Mắt", "Bệnh viện Chấn thương Chỉnh hình", "Bệnh viện Y học Cổ truyền"],
  [InstitutionKind.TRAINING_CENTRE]: ["Trung tâm Đào tạo Quản lý Chất lượng", "Trung tâm Bồi dưỡng Doanh nghiệp", "Trung tâm Đào tạo Chuyển đổi số"],
  [InstitutionKind.VOCATIONAL_COLLEGE]: ["Trường Cao đẳng Kỹ thuật Công nghệ", "Trường Cao đẳng Nông Lâm", "Trường Cao đẳng Công Thương"],
  [InstitutionKind.DEPARTMENT]: [],
};

interface InstitutionSpec {
  index: number;
  code: string;
  kind: InstitutionKind;
  name: string;
  provinceCode: string;
  place: string;
  programmes: ProgrammeTemplate[];
}

function institutionSpec(index: number): InstitutionSpec {
  const random = randomFor(Stream.INSTITUTION, index);
  const kind = random.weighted([
    [InstitutionKind.UNIVERSITY, 22],
    [InstitutionKind.HOSPITAL, 26],
    [InstitutionKind.INSTITUTE, 14],
    [InstitutionKind.TRAINING_CENTRE, 18],
    [InstitutionKind.VOCATIONAL_COLLEGE, 20],
  ] as const);
  // Most institutions that train the provinces are HCMC's; the provinces' own train HCMC partners too.
  const provinceCode = random.weighted([
    ["VN-SG", 60],
    ["VN-33", 12],
    ["VN-35", 12],
    ["VN-30", 9],
    ["VN-29", 7],
  ] as const);
  const place = random.pick(province(provinceCode).places);
  const name = `${random.pick(INSTITUTION_NAMES[kind])} ${place} – ${random.pick(BRANDS)} (mô phỏng)`;
  const catalog = PROGRAMME_CATALOG[kind];
  const programmes = sample(random, catalog, random.integer(Math.min(2, catalog.length), Math.min(6, catalog.length)));
  return { index, code: `SIM-INST-${String(index + 1).padStart(5, "0")}`, kind, name, provinceCode, place, programmes };
}

const LINK_KINDS: Record<InstitutionKind, [TrainingLinkKind, number][]> = {
  [InstitutionKind.HOSPITAL]: [
    [TrainingLinkKind.TECHNIQUE_TRANSFER, 35],
    [TrainingLinkKind.COURSE, 20],
    [TrainingLinkKind.INTERNSHIP, 15],
    [TrainingLinkKind.STUDY_VISIT, 15],
    [TrainingLinkKind.MEDICAL_OUTREACH, 15],
  ],
  [InstitutionKind.UNIVERSITY]: [
    [TrainingLinkKind.COURSE, 35],
    [TrainingLinkKind.SCHOLARSHIP, 20],
    [TrainingLinkKind.INTERNSHIP, 15],
    [TrainingLinkKind.JOINT_RESEARCH, 20],
    [TrainingLinkKind.STUDY_VISIT, 10],
  ],
  [InstitutionKind.INSTITUTE]: [
    [TrainingLinkKind.JOINT_RESEARCH, 40],
    [TrainingLinkKind.TECHNIQUE_TRANSFER, 30],
    [TrainingLinkKind.COURSE, 30],
  ],
  [InstitutionKind.TRAINING_CENTRE]: [
    [TrainingLinkKind.COURSE, 80],
    [TrainingLinkKind.STUDY_VISIT, 20],
  ],
  [InstitutionKind.VOCATIONAL_COLLEGE]: [
    [TrainingLinkKind.COURSE, 70],
    [TrainingLinkKind.INTERNSHIP, 30],
  ],
  [InstitutionKind.DEPARTMENT]: [[TrainingLinkKind.TECHNIQUE_TRANSFER, 1]],
};

/** Days a link of each kind runs, [shortest, longest]. */
const LINK_DURATION: Record<TrainingLinkKind, [number, number]> = {
  [TrainingLinkKind.TECHNIQUE_TRANSFER]: [90, 730],
  [TrainingLinkKind.COURSE]: [5, 120],
  [TrainingLinkKind.SCHOLARSHIP]: [365, 1_460],
  [TrainingLinkKind.INTERNSHIP]: [30, 180],
  [TrainingLinkKind.JOINT_RESEARCH]: [365, 1_095],
  [TrainingLinkKind.STUDY_VISIT]: [1, 7],
  [TrainingLinkKind.MEDICAL_OUTREACH]: [1, 30],
};

const LINK_OUTCOME: Record<TrainingLinkKind, [TrainingOutcomeKind, number, number]> = {
  [TrainingLinkKind.TECHNIQUE_TRANSFER]: [TrainingOutcomeKind.TECHNIQUES_TRANSFERRED, 1, 8],
  [TrainingLinkKind.COURSE]: [TrainingOutcomeKind.PEOPLE_CERTIFIED, 10, 120],
  [TrainingLinkKind.SCHOLARSHIP]: [TrainingOutcomeKind.PEOPLE_TRAINED, 2, 20],
  [TrainingLinkKind.INTERNSHIP]: [TrainingOutcomeKind.PEOPLE_TRAINED, 3, 30],
  [TrainingLinkKind.JOINT_RESEARCH]: [TrainingOutcomeKind.COURSES_DELIVERED, 1, 4],
  [TrainingLinkKind.STUDY_VISIT]: [TrainingOutcomeKind.PEOPLE_TRAINED, 5, 40],
  [TrainingLinkKind.MEDICAL_OUTREACH]: [TrainingOutcomeKind.PATIENTS_TREATED, 50, 900],
};

/** "TP. Hồ Chí Minh" or "tỉnh Đắk Lắk", as titles say it. */
function provinceLabel(code: string): string {
  return code === "VN-SG" ? "TP. Hồ Chí Minh" : `tỉnh ${province(code).name}`;
}

function partnerOrganisation(random: SeededRandom, kind: InstitutionKind, partnerCode: string): string {
  const where = provinceLabel(partnerCode);
  const place = random.pick(province(partnerCode).places);
  const options =
    kind === InstitutionKind.HOSPITAL
      ? [`Sở Y tế ${where}`, `Bệnh viện Đa khoa ${where}`, `Trung tâm Y tế khu vực ${place}`]
      : [`Sở Nông nghiệp và Môi trường ${where}`, `Sở Giáo dục và Đào tạo ${where}`, `Sở Khoa học và Công nghệ ${where}`, `Hợp tác xã Nông nghiệp ${place}`, `Trường Cao đẳng ${place}`];
  return random.pick(options);
}

function linkTitle(kind: TrainingLinkKind, subject: string, partner: string, partnerCode: string, year: string): string {
  const where = provinceLabel(partnerCode);
  switch (kind) {
    case TrainingLinkKind.TECHNIQUE_TRANSFER:
      return `Chuyển giao kỹ thuật ${subject} cho ${partner} (${year})`;
    case TrainingLinkKind.COURSE:
      return `Khóa bồi dưỡng ${subject} cho cán bộ ${where} (${year})`;
    case TrainingLinkKind.SCHOLARSHIP:
      return `Học bổng ${subject} cho sinh viên ${where} (${year})`;
    case TrainingLinkKind.INTERNSHIP:
      return `Thực tập ${subject} cho học viên ${where} (${year})`;
    case TrainingLinkKind.JOINT_RESEARCH:
      return `Nghiên cứu chung về ${subject} với ${partner} (${year})`;
    case TrainingLinkKind.STUDY_VISIT:
      return `Đoàn ${partner} tham quan, học tập kinh nghiệm (${year})`;
    case TrainingLinkKind.MEDICAL_OUTREACH:
      return `Khám, điều trị nhân đạo cho người dân ${where} (${year})`;
  }
}

// ---------------------------------------------------------------------------------------------
// Agreements
// ---------------------------------------------------------------------------------------------

const AGREEMENT_PURPOSES: Record<Dataset, string> = {
  [Dataset.TRADE]: "Theo dõi giá và luồng hàng nông sản giữa hai địa phương",
  [Dataset.TECHNOLOGY]: "Xây dựng chương trình hỗ trợ đổi mới công nghệ cho doanh nghiệp",
  [Dataset.TRAINING]: "Lập kế hoạch đào tạo, chuyển giao kỹ thuật cho nhân lực địa phương",
  [Dataset.REFERENCE]: "Đối chiếu thông tin doanh nghiệp giữa hai địa phương",
};

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

/** Reports a table's progress (rows written and their rate) while it loads. */
export interface ScaleProgress {
  begin(table: string, expected: number): void;
  advance(rows: number): void;
  end(note?: string): void;
}

export interface TableReport {
  table: string;
  /** Rows of this table the preset generates. */
  generated: number;
  /** Rows actually added by this run (0 when the preset was already there). */
  added: number;
  milliseconds: number;
  /** True when the table already held the preset's rows and was not written at all. */
  skipped: boolean;
}

export interface ScaleOptions {
  scale: number;
  /** "Today" in Asia/Ho_Chi_Minh (YYYY-MM-DD): the last day of the price series. */
  today: string;
  progress?: ScaleProgress;
  /** Rows per insert statement. Default 5,000. */
  batchSize?: number;
}

const silentProgress: ScaleProgress = { begin: () => {}, advance: () => {}, end: () => {} };

type Row = unknown[];

const text = (name: string): BulkColumn => ({ name, type: "text" });
const int = (name: string): BulkColumn => ({ name, type: "int" });
const float = (name: string): BulkColumn => ({ name, type: "float8" });
const numeric = (name: string): BulkColumn => ({ name, type: "numeric" });
const date = (name: string): BulkColumn => ({ name, type: "date" });
const timestamp = (name: string): BulkColumn => ({ name, type: "timestamptz" });
const bool = (name: string): BulkColumn => ({ name, type: "bool" });
/** A text[] column given as a comma-separated string ('' for an empty array). */
const textList = (name: string): BulkColumn => ({ name, type: "text", expression: (v) => `string_to_array(${v}, ',')` });

/** An int[] / text[] parameter as a PostgreSQL array literal (knex would expand a JavaScript array). */
function intArray(values: readonly number[]): string {
  return `{${values.join(",")}}`;
}

interface LinkSpec {
  code: string;
  institution: InstitutionSpec;
  programme: ProgrammeTemplate | null;
  partnerCode: string;
  partnerOrganisation: string;
  kind: TrainingLinkKind;
  title: string;
  periodFrom: string;
  periodTo: string | null;
  participantCount: number | null;
  budgetVnd: string | null;
  status: TrainingLinkStatus;
  owners: string[];
  random: SeededRandom;
}

/** The generator's state through one run. */
class ScaleRun {
  readonly counts: ScaleCounts;
  readonly reports: TableReport[] = [];
  private readonly progress: ScaleProgress;
  private readonly batchSize: number;

  private successors: Successors = new Map();
  private agencies = new Map<string, { id: number; provinceCode: string }>();
  private commodities = new Map<string, CommodityRow>();
  private enterprises: EnterpriseSpec[] = [];
  private enterpriseIds: number[] = [];
  private markets: MarketSpec[] = [];
  private marketIds = new Map<string, number>();
  private institutions: InstitutionSpec[] = [];
  private institutionIds = new Map<string, number>();
  private programmeIds = new Map<string, number>();
  private links: LinkSpec[] = [];
  private linkIds = new Map<string, number>();

  constructor(
    private readonly em: EntityManager,
    private readonly options: ScaleOptions,
  ) {
    this.counts = scaleCounts(options.scale);
    this.progress = options.progress ?? silentProgress;
    this.batchSize = options.batchSize ?? 5_000;
  }

  private get today(): string {
    return this.options.today;
  }

  private async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.em.getConnection().execute<T[]>(sql, params, "all");
  }

  private async count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.query<{ count: string | number }>(sql, params);
    return Number(row?.count ?? 0);
  }

  /** How many of these natural keys a table already holds (one statement, the keys bound as arrays). */
  private async countKeys(table: string, keys: BulkColumn[], rows: Row[], keyIndexes: number[]): Promise<number> {
    if (rows.length === 0) return 0;
    const unnest = keys.map((key) => `?::${key.type}[]`).join(", ");
    const aliases = keys.map((_, i) => `k${i}`);
    const on = keys.map((key, i) => `t."${key.name}" = k.${aliases[i]}`).join(" and ");
    const params = keyIndexes.map((index) => arrayLiteral(rows.map((row) => row[index])));
    return this.count(`select count(*) from ${table} t join (select distinct * from unnest(${unnest}) as u(${aliases.join(", ")})) as k on ${on}`, params);
  }

  /**
   * Loads one table: counts what is there, skips the table when the preset's rows are all present,
   * else streams the generated rows into batched inserts that skip rows already there.
   */
  private async load(table: string, columns: BulkColumn[], generated: number, existing: () => Promise<number>, rows: () => Iterable<Row>, conflict = "on conflict do nothing"): Promise<void> {
    const started = performance.now();
    this.progress.begin(table, generated);
    const before = await existing();
    if (before >= generated) {
      this.progress.end(`already there (${before.toLocaleString("en-US")} rows)`);
      this.reports.push({ table, generated, added: 0, milliseconds: performance.now() - started, skipped: true });
      return;
    }
    let batch: Row[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await bulkInsert(this.em, table, columns, batch, { batchSize: this.batchSize, onConflict: conflict });
      this.progress.advance(batch.length);
      batch = [];
    };
    for (const row of rows()) {
      batch.push(row);
      if (batch.length >= this.batchSize) await flush();
    }
    await flush();
    const after = await existing();
    this.progress.end();
    this.reports.push({ table, generated, added: after - before, milliseconds: performance.now() - started, skipped: false });
  }

  /** Loads a table whose rows fit in memory, recognising existing rows by their natural key. */
  private async loadKeyed(table: string, columns: BulkColumn[], keyColumns: string[], rows: Row[]): Promise<void> {
    const keyIndexes = keyColumns.map((name) => columns.findIndex((column) => column.name === name));
    const keys = keyIndexes.map((index) => columns[index]!);
    await this.load(table, columns, rows.length, () => this.countKeys(table, keys, rows, keyIndexes), () => rows);
  }

  // --- reference data the generator builds on ------------------------------------------------

  async loadReference(): Promise<void> {
    const units = await this.query<{ code: string; successor_code: string | null; valid_to: string | null }>(
      "select code, successor_code, to_char(valid_to, 'YYYY-MM-DD') as valid_to from administrative_unit",
    );
    for (const unit of units) {
      if (unit.successor_code && unit.valid_to) this.successors.set(unit.code, { successor: unit.successor_code, validTo: unit.valid_to });
    }
    const commodities = await this.query<{ id: number; code: string; name: string; standard_unit: string }>("select id, code, name, standard_unit from commodity");
    for (const row of commodities) this.commodities.set(row.code, { id: row.id, code: row.code, name: row.name, standardUnit: row.standard_unit });
    if (!Object.keys(FARM_GATE_BANDS).some((code) => this.commodities.has(code))) {
      throw new Error("the scale generator builds on the demo's commodities and departments: seed the demo first");
    }

    // The departments that report: the demo's, and the absorbed provinces' own (real, until the merger).
    const known = new Map<string, { code: string; name: string; nameEn: string; provinceCode: string; sector: string }>();
    for (const agency of [...AGENCIES, ...EXTRA_AGENCIES]) known.set(agency.code, agency);
    const wanted = REQUIRED_AGENCIES.flatMap((code) => known.get(code) ?? []);
    await bulkInsert(
      this.em,
      "agency",
      [text("code"), text("name"), text("name_en"), text("sort_name"), text("province_code"), text("sector"), textList("owner_province_codes")],
      wanted.map((agency) => [agency.code, agency.name, agency.nameEn, vietnameseSortKey(agency.name), agency.provinceCode, agency.sector, agency.provinceCode]),
      { onConflict: "on conflict (code) do nothing" },
    );
    const agencies = await this.query<{ id: number; code: string; province_code: string }>("select id, code, province_code from agency where code = any(?::text[])", [
      arrayLiteral(REQUIRED_AGENCIES),
    ]);
    for (const agency of agencies) this.agencies.set(agency.code, { id: agency.id, provinceCode: agency.province_code });
  }

  /** The department of `kind` reporting for a unit on a date (the successor's after a merger). */
  private agency(unitCode: string, kind: "SCT" | "SKHCN", on: string): { id: number; provinceCode: string } {
    const reporting = reportingUnit(this.successors, unitCode, on);
    const agency = this.agencies.get(`${reporting}-${kind}`) ?? this.agencies.get(`VN-SG-${kind}`);
    if (!agency) throw new Error(`no ${kind} department for ${reporting}`);
    return agency;
  }

  // --- enterprises ---------------------------------------------------------------------------

  async loadEnterprises(): Promise<void> {
    const n = this.counts.enterprises;
    const specs = Array.from({ length: n }, (_, index) => enterpriseSpec(index));
    this.enterprises = specs;
    const first = generatedTaxCode(1);
    const last = generatedTaxCode(n);
    await this.load(
      "enterprise",
      [
        text("tax_code"),
        text("name"),
        text("search_name"),
        text("sort_name"),
        text("province_code"),
        text("vsic_code"),
        text("size"),
        text("address"),
        int("employees"),
        numeric("annual_revenue_vnd"),
        bool("synthetic"),
        textList("owner_province_codes"),
      ],
      n,
      () => this.count("select count(*) from enterprise where tax_code between ? and ?", [first, last]),
      function* () {
        for (const e of specs) {
          const address = `${e.provinceCode === "VN-SG" ? "Phường" : "Xã"} ${e.place}, ${provinceLabel(e.provinceCode)}`;
          yield [e.taxCode, e.name, foldForSearch(e.name), vietnameseSortKey(e.name), e.provinceCode, e.vsicCode, e.size, address, e.employees, String(e.revenue), true, e.provinceCode];
        }
      },
      "on conflict (tax_code) do nothing",
    );
    const ids = await this.query<{ id: number; tax_code: string }>("select id, tax_code from enterprise where tax_code between ? and ?", [first, last]);
    this.enterpriseIds = new Array<number>(n);
    for (const row of ids) this.enterpriseIds[Number(row.tax_code) - 1] = row.id;
  }

  /** The generated enterprise of a child record, picked within a fixed block so presets agree on it. */
  private enterpriseFor(random: SeededRandom, index: number, perParent: number, prefer?: (e: EnterpriseSpec) => boolean): EnterpriseSpec {
    const n = this.enterprises.length;
    const start = Math.floor(index * perParent);
    const block = Math.max(1, Math.ceil(perParent));
    const candidates = Array.from({ length: block }, (_, i) => this.enterprises[(start + i) % n]!);
    const preferred = prefer ? candidates.filter(prefer) : candidates;
    return random.pick(preferred.length > 0 ? preferred : candidates);
  }

  // --- markets and prices --------------------------------------------------------------------

  async loadMarkets(): Promise<void> {
    this.markets = Array.from({ length: this.counts.markets }, (_, index) => marketSpec(index));
    const columns = [text("code"), text("name"), text("sort_name"), text("province_code"), text("kind"), textList("owner_province_codes")];
    const rows = this.markets.map((m) => [m.code, m.name, vietnameseSortKey(m.name), m.provinceCode, m.kind, m.provinceCode]);
    await this.loadKeyed("market", columns, ["code"], rows);
    const ids = await this.query<{ id: number; code: string }>("select id, code from market where code = any(?::text[])", [arrayLiteral(this.markets.map((m) => m.code))]);
    for (const row of ids) this.marketIds.set(row.code, row.id);
  }

  async loadPrices(): Promise<void> {
    const days = this.counts.priceDays;
    const windowStart = addDays(this.today, -(days - 1));
    const epoch = windowStart < WALK_EPOCH ? windowStart : WALK_EPOCH;
    const skipDays = daysBetween(epoch, windowStart);
    const dates = Array.from({ length: days }, (_, i) => addDays(windowStart, i));
    const marketIds = this.markets.map((m) => this.marketIds.get(m.code)!);

    // What each series already holds in the window: complete series are skipped, series that stop
    // before today (a run on an earlier day) get only the missing days, anything else is rewritten.
    const existing = await this.query<{ market_id: number; commodity_id: number; price_type: string; count: number; last: string }>(
      `select market_id, commodity_id, price_type, count(*)::int as count, to_char(max(observed_on), 'YYYY-MM-DD') as last
         from price_observation where market_id = any(?::int[]) and observed_on >= ?::date group by market_id, commodity_id, price_type`,
      [intArray(marketIds), windowStart],
    );
    const held = new Map(existing.map((row) => [`${row.market_id}:${row.commodity_id}:${row.price_type}`, row]));

    const series: { market: MarketSpec; marketId: number; spec: SeriesSpec; commodity: CommodityRow; seriesIndex: number }[] = [];
    for (const [i, market] of this.markets.entries()) {
      market.series.forEach((spec, seriesIndex) => {
        const commodity = this.commodities.get(spec.commodityCode);
        if (commodity) series.push({ market, marketId: marketIds[i]!, spec, commodity, seriesIndex });
      });
    }
    const today = this.today;
    const agencyOn = (unit: string, day: string) => this.agency(unit, "SCT", day);
    await this.load(
      "price_observation",
      [
        int("commodity_id"),
        int("market_id"),
        text("market_province_code"),
        date("observed_on"),
        text("price_type"),
        numeric("price_vnd"),
        text("unit"),
        int("source_agency_id"),
        text("note"),
        textList("owner_province_codes"),
      ],
      series.length * days,
      () => this.count("select count(*) from price_observation where market_id = any(?::int[]) and observed_on >= ?::date", [intArray(marketIds), windowStart]),
      function* () {
        for (const { market, marketId, spec, commodity, seriesIndex } of series) {
          const have = held.get(`${marketId}:${commodity.id}:${spec.priceType}`);
          if (have && have.count >= days) continue;
          const resumeAfter = have && have.last < today && have.count === daysBetween(windowStart, have.last) + 1 ? have.last : null;
          const band = FARM_GATE_BANDS[commodity.code]!;
          const low = Math.log(band.min);
          const high = Math.log(band.max);
          const middle = (low + high) / 2;
          const random = randomFor(Stream.PRICE_SERIES, market.index * 64 + seriesIndex);
          // A mean-reverting walk in log price, reflected at the band's edges: daily moves of about
          // 1.2%, the market's own premium on top, then the price type's margin.
          let x = middle + (random.next() - 0.5) * (high - low) * 0.6;
          const markup = PRICE_TYPE_MARKUP[spec.priceType];
          for (let day = 0; day < skipDays + days; day += 1) {
            x += (middle - x) * 0.01 + gaussian(random) * 0.012;
            if (x > high) x = 2 * high - x;
            if (x < low) x = 2 * low - x;
            if (day < skipDays) continue;
            const observedOn = dates[day - skipDays]!;
            if (resumeAfter && observedOn <= resumeAfter) continue;
            const agency = agencyOn(market.provinceCode, observedOn);
            const price = quote(Math.exp(x + spec.offset) * markup);
            yield [commodity.id, marketId, market.provinceCode, observedOn, spec.priceType, String(price), commodity.standardUnit, agency.id, SYNTHETIC_NOTE, agency.provinceCode];
          }
        }
      },
      "on conflict on constraint price_observation_natural_key do nothing",
    );
  }

  // --- technology ----------------------------------------------------------------------------

  async loadAssessments(): Promise<void> {
    const rows: Row[] = [];
    for (const enterprise of this.enterprises) {
      const enterpriseId = this.enterpriseIds[enterprise.index];
      if (enterpriseId === undefined) continue;
      for (const spec of assessmentSpecs(enterprise, this.today)) {
        const result = assessLevel(spec.scores);
        const assessor = this.agency(enterprise.provinceCode, "SKHCN", spec.assessedOn);
        rows.push([
          enterpriseId,
          assessor.id,
          spec.assessedOn,
          spec.status,
          spec.publishedAt,
          enterprise.vsicCode,
          spec.scores.T,
          spec.scores.E,
          spec.scores.O,
          spec.scores.R,
          spec.scores.I,
          result.totalScore,
          result.synchronyCoefficient,
          result.level,
          spec.recommendations,
          enterprise.provinceCode,
        ]);
      }
    }
    const [first, last] = [generatedTaxCode(1), generatedTaxCode(this.enterprises.length)];
    await this.load(
      "technology_assessment",
      [
        int("enterprise_id"),
        int("assessor_agency_id"),
        date("assessed_on"),
        text("status"),
        timestamp("published_at"),
        text("vsic_code"),
        float("technology_score"),
        float("efficiency_score"),
        float("organisation_score"),
        float("research_score"),
        float("innovation_score"),
        float("total_score"),
        float("synchrony_coefficient"),
        text("level"),
        text("assessor_recommendations"),
        textList("owner_province_codes"),
      ],
      rows.length,
      () =>
        this.count("select count(*) from technology_assessment a join enterprise e on e.id = a.enterprise_id where e.tax_code between ? and ?", [first, last]),
      () => rows,
      "on conflict (enterprise_id, assessed_on) do nothing",
    );
  }

  // --- listings and OCOP products ------------------------------------------------------------

  async loadListings(): Promise<void> {
    const perEnterprise = PER_SCALE.enterprises / PER_SCALE.listings;
    const rows: Row[] = [];
    const cityCommodities = CITY_COMMODITIES.filter((code) => this.commodities.has(code));
    for (let j = 0; j < this.counts.listings; j += 1) {
      const random = randomFor(Stream.LISTING, j);
      const enterprise = this.enterpriseFor(random, j, perEnterprise);
      const enterpriseId = this.enterpriseIds[enterprise.index];
      if (enterpriseId === undefined) continue;
      const trader = TRADER_VSIC.has(enterprise.vsicCode);
      const kind = random.next() < (trader ? 0.85 : 0.08) ? ListingKind.DEMAND : ListingKind.OFFER;
      const grown = (VSIC_COMMODITIES[enterprise.vsicCode] ?? []).filter((code) => this.commodities.has(code));
      const commodity = this.commodities.get(grown.length > 0 && kind === ListingKind.OFFER ? random.pick(grown) : random.pick(cityCommodities))!;
      const perStem = commodity.standardUnit !== "kg";
      const quantity = perStem ? random.integer(1, 50) * 10_000 : commodity.code === "GINSENG_NGOC_LINH" ? random.integer(5, 200) : random.integer(1, 400) * 1_000;
      const certifications: QualityCertification[] = [];
      if (random.next() < 0.4) certifications.push(QualityCertification.VIETGAP);
      if (random.next() < 0.1) certifications.push(QualityCertification.GLOBALGAP);
      if (random.next() < 0.1) certifications.push(QualityCertification.ORGANIC);
      if (commodity.code.startsWith("COFFEE") && random.next() < 0.3) certifications.push(QualityCertification.FOUR_C);
      if ((commodity.code.startsWith("COFFEE") || commodity.code.startsWith("TEA")) && random.next() < 0.1) certifications.push(QualityCertification.RAINFOREST_ALLIANCE);
      if (!trader && random.next() < 0.08) certifications.push(QualityCertification.HACCP);
      const ocopStars = kind === ListingKind.OFFER && random.next() < 0.1 ? random.weighted([[3, 60], [4, 35], [5, 5]] as const) : null;
      if (ocopStars !== null) certifications.push(QualityCertification.OCOP);
      const standards = certifications.filter((c) => c !== QualityCertification.OCOP).map((c) => CERTIFICATION_LABELS[c]);
      const certificationText = standards.length > 0 ? ` đạt chuẩn ${standards.join(", ")}` : ocopStars !== null ? ` OCOP ${ocopStars} sao` : "";
      const goods = `${quantityText(quantity, commodity.standardUnit)} ${lowerFirst(commodity.name)}`;
      const title =
        kind === ListingKind.OFFER
          ? `Cung cấp ${goods}${certificationText}, giao tại ${provinceLabel(enterprise.provinceCode)}`
          : `Cần mua ${goods}${certificationText} cho ${enterprise.vsicCode === "4711" ? "chuỗi siêu thị" : "nhà máy và đại lý"}`;
      const periodFrom = addDays(this.today, random.integer(-365, 30));
      const periodTo = addDays(periodFrom, random.integer(30, 180));
      const closed = periodFrom < addDays(this.today, -10) && random.next() < 0.35;
      const closedOn = closed ? addDays(periodFrom, random.integer(1, Math.max(1, Math.min(daysBetween(periodFrom, this.today), daysBetween(periodFrom, periodTo))))) : null;
      const contact = personName(random);
      const phone = `${province(enterprise.provinceCode).areaCode} ${random.integer(3_000_000, 3_999_999)}`;
      rows.push([
        `LST-SIM-${String(j + 1).padStart(7, "0")}`,
        enterpriseId,
        kind,
        commodity.id,
        quantity,
        commodity.standardUnit,
        periodFrom,
        periodTo,
        certifications.join(","),
        ocopStars,
        title,
        foldForSearch(title).slice(0, 255),
        random.pick(LISTING_DESCRIPTIONS),
        `${contact} – ${enterprise.name.startsWith("Hợp tác xã") ? "Chủ nhiệm hợp tác xã" : random.pick(POSITIONS)}`,
        phone,
        `kinhdoanh.${enterprise.taxCode}@example.vn`,
        closed ? ListingStatus.CLOSED : ListingStatus.OPEN,
        closedOn ? `${closedOn}T03:00:00Z` : null,
        enterprise.provinceCode,
      ]);
    }
    const columns = [
      text("reference"),
      int("enterprise_id"),
      text("kind"),
      int("commodity_id"),
      float("quantity"),
      text("unit"),
      date("period_from"),
      date("period_to"),
      textList("certifications"),
      { name: "ocop_stars", type: "int2" },
      text("title"),
      text("search_title"),
      text("description"),
      text("contact_name"),
      text("contact_phone"),
      text("contact_email"),
      text("status"),
      timestamp("closed_at"),
      textList("owner_province_codes"),
    ];
    await this.loadKeyed("listing", columns, ["reference"], rows);
  }

  async loadOcopProducts(): Promise<void> {
    const perEnterprise = PER_SCALE.enterprises / PER_SCALE.ocopProducts;
    const rows: Row[] = [];
    const year = Number(this.today.slice(0, 4));
    for (let k = 0; k < this.counts.ocopProducts; k += 1) {
      const random = randomFor(Stream.OCOP, k);
      const enterprise = this.enterpriseFor(random, k, perEnterprise, (e) => !TRADER_VSIC.has(e.vsicCode));
      const enterpriseId = this.enterpriseIds[enterprise.index];
      if (enterpriseId === undefined) continue;
      const grown = (VSIC_COMMODITIES[enterprise.vsicCode] ?? []).filter((code) => this.commodities.has(code) && OCOP_PRODUCT_NAMES[code]);
      const commodity = grown.length > 0 && random.next() < 0.9 ? this.commodities.get(random.pick(grown))! : null;
      const product = commodity ? random.pick(OCOP_PRODUCT_NAMES[commodity.code]!) : random.pick(OCOP_OTHER_PRODUCTS);
      const name = `${product} ${random.next() < 0.5 ? enterprise.place : random.pick(BRANDS)}`;
      rows.push([
        enterpriseId,
        name,
        foldForSearch(name),
        vietnameseSortKey(name),
        commodity?.id ?? null,
        random.weighted([[3, 60], [4, 35], [5, 5]] as const),
        random.integer(2019, year),
        `OCOP-SIM-${String(k + 1).padStart(6, "0")}`,
        enterprise.provinceCode,
      ]);
    }
    const columns = [int("enterprise_id"), text("name"), text("search_name"), text("sort_name"), int("commodity_id"), { name: "stars", type: "int2" }, { name: "certified_year", type: "int2" }, text("certificate_number"), textList("owner_province_codes")];
    await this.loadKeyed("ocop_product", columns, ["certificate_number"], rows);
  }

  // --- trade flows and investment projects ---------------------------------------------------

  async loadTradeFlows(): Promise<void> {
    const rows: Row[] = [];
    const seen = new Set<string>();
    const months = lastMonths(this.today, 24);
    for (const [r, route] of ROUTES.slice(0, this.counts.tradeFlowRoutes).entries()) {
      const commodity = this.commodities.get(route.commodityCode);
      if (!commodity) continue;
      const random = randomFor(Stream.TRADE_FLOW, r);
      const band = FARM_GATE_BANDS[route.commodityCode]!;
      const unitValue = ((band.min + band.max) / 2) * 1.05;
      for (const month of months) {
        const firstDay = `${month}-01`;
        // Flows are reported under the units of their month: Kon Tum's and Đắk Nông's go to their successors from July 2025.
        const origin = reportingUnit(this.successors, route.origin, firstDay);
        const destination = reportingUnit(this.successors, route.destination, firstDay);
        const key = `${month}|${origin}|${destination}|${commodity.id}`;
        if (origin === destination || seen.has(key)) continue;
        seen.add(key);
        const seasonal = 1 + 0.3 * Math.sin(((Number(month.slice(5, 7)) - 1) / 12) * 2 * Math.PI + r);
        const units = route.monthlyVolume * seasonal * (0.8 + random.next() * 0.4);
        // Volumes are in the commodity's standard unit: kilograms (tonnes × 1000) or stems.
        const volume = Math.round(units * 1_000);
        const reporter = this.agency(origin === "VN-SG" ? destination : origin, "SCT", firstDay);
        rows.push([month, origin, destination, commodity.id, volume, commodity.standardUnit, String(Math.round(volume * unitValue)), reporter.id, `${origin},${destination}`]);
      }
    }
    const columns = [text("month"), text("origin_code"), text("destination_code"), int("commodity_id"), float("volume"), text("unit"), numeric("value_vnd"), int("source_agency_id"), textList("owner_province_codes")];
    await this.loadKeyed("trade_flow", columns, ["month", "origin_code", "destination_code", "commodity_id"], rows);
  }

  async loadInvestmentProjects(): Promise<void> {
    const rows: Row[] = [];
    const sectors = Object.values(InvestmentSector);
    for (let k = 0; k < this.counts.investmentProjects; k += 1) {
      const random = randomFor(Stream.PROJECT, k);
      // Projects on the provinces' promotion lists; Kon Tum's and Đắk Nông's from before the merger keep their codes.
      const provinceCode = random.weighted([
        ["VN-33", 20],
        ["VN-35", 18],
        ["VN-30", 17],
        ["VN-29", 10],
        ["VN-28", 15],
        ["VN-72", 12],
        ["VN-SG", 8],
      ] as const);
      const sector = random.pick(sectors);
      const place = random.pick(province(provinceCode).places);
      const name = `Dự án ${random.pick(PROJECT_PHRASES[sector])} tại ${place} (mô phỏng ${String(k + 1).padStart(5, "0")})`;
      const promotedOn = addDays(provinceCode === "VN-28" || provinceCode === "VN-72" ? "2021-01-01" : "2023-01-01", random.integer(0, 900));
      const agency = this.agency(provinceCode, "SCT", promotedOn);
      const status = random.weighted([
        [InvestmentProjectStatus.CALLING_FOR_INVESTMENT, 55],
        [InvestmentProjectStatus.IN_NEGOTIATION, 18],
        [InvestmentProjectStatus.LICENSED, 12],
        [InvestmentProjectStatus.IN_OPERATION, 8],
        [InvestmentProjectStatus.WITHDRAWN, 7],
      ] as const);
      rows.push([
        provinceCode,
        name,
        foldForSearch(name),
        vietnameseSortKey(name),
        sector,
        random.next() < 0.9 ? String(random.integer(20, 5_000) * 1_000_000_000) : null,
        random.next() < 0.8 ? random.integer(2, 800) : null,
        status,
        agency.id,
        agency.provinceCode,
      ]);
    }
    const columns = [text("province_code"), text("name"), text("search_name"), text("sort_name"), text("sector"), numeric("capital_vnd"), float("area_hectares"), text("status"), int("source_agency_id"), textList("owner_province_codes")];
    await this.loadKeyed("investment_project", columns, ["province_code", "name"], rows);
  }

  // --- training ------------------------------------------------------------------------------

  async loadInstitutions(): Promise<void> {
    this.institutions = Array.from({ length: this.counts.institutions }, (_, index) => institutionSpec(index));
    const columns = [text("code"), text("kind"), text("name"), text("search_name"), text("sort_name"), text("province_code"), textList("owner_province_codes")];
    const rows = this.institutions.map((i) => [i.code, i.kind, i.name, foldForSearch(i.name), vietnameseSortKey(i.name), i.provinceCode, i.provinceCode]);
    await this.loadKeyed("institution", columns, ["code"], rows);
    const ids = await this.query<{ id: number; code: string }>("select id, code from institution where code = any(?::text[])", [arrayLiteral(this.institutions.map((i) => i.code))]);
    for (const row of ids) this.institutionIds.set(row.code, row.id);

    const programmeRows: Row[] = [];
    for (const institution of this.institutions) {
      const institutionId = this.institutionIds.get(institution.code)!;
      for (const p of institution.programmes) {
        programmeRows.push([institutionId, p.name, p.nameEn, foldForSearch(`${p.name} ${p.nameEn} ${p.disciplineName}`), vietnameseSortKey(p.name), p.disciplineCode, p.disciplineName, p.level, institution.provinceCode]);
      }
    }
    const programmeColumns = [int("institution_id"), text("name"), text("name_en"), text("search_name"), text("sort_name"), text("discipline_code"), text("discipline_name"), text("level"), textList("owner_province_codes")];
    await this.loadKeyed("programme", programmeColumns, ["institution_id", "level", "name"], programmeRows);
    const programmes = await this.query<{ id: number; institution_id: number; level: string; name: string }>(
      "select id, institution_id, level, name from programme where institution_id = any(?::int[])",
      [intArray([...this.institutionIds.values()])],
    );
    for (const row of programmes) this.programmeIds.set(`${row.institution_id}|${row.level}|${row.name}`, row.id);
  }

  async loadTrainingLinks(): Promise<void> {
    const perInstitution = PER_SCALE.trainingLinks / PER_SCALE.institutions;
    const latestStart = addDays(this.today, 180);
    const span = daysBetween("2016-01-01", latestStart);
    for (let l = 0; l < this.counts.trainingLinks; l += 1) {
      const random = randomFor(Stream.LINK, l);
      const institution = this.institutions[Math.floor(l / perInstitution) % this.institutions.length]!;
      const kind = random.weighted(LINK_KINDS[institution.kind]);
      const periodFrom = addDays("2016-01-01", random.integer(0, span));
      // Partners are the programme's provinces as they were when the link began: Kon Tum and Đắk Nông before July 2025.
      let partner =
        institution.provinceCode === "VN-SG"
          ? random.weighted([
              ["VN-33", 26],
              ["VN-35", 22],
              ["VN-30", 18],
              ["VN-28", 20],
              ["VN-72", 14],
            ] as const)
          : random.next() < 0.7
            ? "VN-SG"
            : random.pick(["VN-33", "VN-35", "VN-30", "VN-28"].filter((code) => code !== institution.provinceCode));
      partner = reportingUnit(this.successors, partner, periodFrom);
      if (partner === institution.provinceCode) partner = "VN-SG";
      const [shortest, longest] = LINK_DURATION[kind];
      const openEnded = periodFrom <= this.today && random.next() < 0.05;
      const periodTo = openEnded ? null : addDays(periodFrom, random.integer(shortest, longest));
      const status =
        random.next() < 0.03
          ? TrainingLinkStatus.CANCELLED
          : periodFrom > this.today
            ? TrainingLinkStatus.PLANNED
            : periodTo !== null && periodTo < this.today
              ? TrainingLinkStatus.COMPLETED
              : TrainingLinkStatus.ONGOING;
      const programme = institution.programmes.length > 0 && random.next() < 0.8 ? random.pick(institution.programmes) : null;
      const organisation = partnerOrganisation(random, institution.kind, partner);
      const subject = lowerFirst(programme?.name ?? (institution.kind === InstitutionKind.HOSPITAL ? "chuyên môn y tế" : "nghiệp vụ"));
      const title = linkTitle(kind, subject, organisation, partner, periodFrom.slice(0, 4));
      const participants = [TrainingLinkKind.STUDY_VISIT, TrainingLinkKind.MEDICAL_OUTREACH].includes(kind) || random.next() < 0.1 ? null : random.integer(3, 90);
      this.links.push({
        code: `TL-SIM-${String(l + 1).padStart(6, "0")}`,
        institution,
        programme,
        partnerCode: partner,
        partnerOrganisation: organisation,
        kind,
        title,
        periodFrom,
        periodTo,
        participantCount: participants,
        budgetVnd: random.next() < 0.7 ? String(random.integer(5, 500) * 10_000_000) : null,
        status,
        owners: trainingLinkOwners(institution.provinceCode, partner),
        random,
      });
    }
    const rows = this.links.map((link) => {
      const institutionId = this.institutionIds.get(link.institution.code)!;
      const programmeId = link.programme ? (this.programmeIds.get(`${institutionId}|${link.programme.level}|${link.programme.name}`) ?? null) : null;
      return [
        link.code,
        institutionId,
        programmeId,
        link.partnerCode,
        link.partnerOrganisation,
        link.kind,
        link.title,
        foldForSearch(`${link.title} ${link.partnerOrganisation}`),
        link.periodFrom,
        link.periodTo,
        link.participantCount,
        link.budgetVnd,
        link.status,
        true,
        link.owners.join(","),
      ];
    });
    const columns = [
      text("code"),
      int("institution_id"),
      int("programme_id"),
      text("partner_province_code"),
      text("partner_organisation"),
      text("kind"),
      text("title"),
      text("search_name"),
      date("period_from"),
      date("period_to"),
      int("participant_count"),
      numeric("budget_vnd"),
      text("status"),
      bool("synthetic"),
      textList("owner_province_codes"),
    ];
    await this.loadKeyed("training_link", columns, ["code"], rows);
    const ids = await this.query<{ id: number; code: string }>("select id, code from training_link where code = any(?::text[])", [arrayLiteral(this.links.map((link) => link.code))]);
    for (const row of ids) this.linkIds.set(row.code, row.id);
  }

  async loadTrainingResults(): Promise<void> {
    const outcomes: Row[] = [];
    const participants: Row[] = [];
    const lastMonthEnd = addDays(`${this.today.slice(0, 7)}-01`, -1);
    for (const link of this.links) {
      const linkId = this.linkIds.get(link.code)!;
      const random = link.random;
      const owners = link.owners.join(",");
      if (link.status === TrainingLinkStatus.COMPLETED || link.status === TrainingLinkStatus.ONGOING) {
        const recordedOn = link.status === TrainingLinkStatus.COMPLETED && link.periodTo ? link.periodTo : lastMonthEnd < link.periodFrom ? link.periodFrom : lastMonthEnd;
        const [kind, min, max] = LINK_OUTCOME[link.kind];
        const value = link.participantCount !== null && (kind === TrainingOutcomeKind.PEOPLE_CERTIFIED || kind === TrainingOutcomeKind.PEOPLE_TRAINED) ? Math.max(1, Math.round(link.participantCount * (0.8 + random.next() * 0.2))) : random.integer(min, max);
        outcomes.push([linkId, kind, value, null, recordedOn, owners]);
        if (link.kind === TrainingLinkKind.TECHNIQUE_TRANSFER) outcomes.push([linkId, TrainingOutcomeKind.ROUNDS_DELIVERED, random.integer(1, 6), null, recordedOn, owners]);
      }
      // A sample of the roster (personal data, CONFIDENTIAL) for courses, scholarships and internships.
      if ([TrainingLinkKind.COURSE, TrainingLinkKind.SCHOLARSHIP, TrainingLinkKind.INTERNSHIP].includes(link.kind)) {
        const names = new Set<string>();
        for (let p = 0; p < 3; p += 1) names.add(personName(random));
        for (const fullName of names) {
          participants.push([linkId, fullName, vietnameseSortKey(fullName), random.pick(["Điều dưỡng viên", "Bác sĩ", "Giáo viên", "Cán bộ kỹ thuật", "Sinh viên", "Cán bộ quản lý"]), link.partnerOrganisation, link.status === TrainingLinkStatus.COMPLETED && random.next() < 0.9, owners]);
        }
      }
    }
    await this.loadKeyed("training_outcome", [int("link_id"), text("kind"), int("value"), text("description"), date("recorded_on"), textList("owner_province_codes")], ["link_id", "kind", "recorded_on"], outcomes);
    await this.loadKeyed(
      "training_participant",
      [int("link_id"), text("full_name"), text("sort_name"), text("position"), text("workplace"), bool("certified"), textList("owner_province_codes")],
      ["link_id", "full_name", "workplace"],
      participants,
    );
  }

  // --- sharing -------------------------------------------------------------------------------

  async loadAgreements(): Promise<void> {
    const current = ["VN-SG", "VN-33", "VN-35", "VN-30", "VN-29"];
    const rows: Row[] = [];
    for (let k = 0; k < this.counts.agreements; k += 1) {
      const random = randomFor(Stream.AGREEMENT, k);
      const grantor = random.pick(current);
      const grantee = random.pick(current.filter((code) => code !== grantor));
      const datasets = sample(random, [Dataset.TRADE, Dataset.TECHNOLOGY, Dataset.TRAINING], random.integer(1, 2));
      const periodFrom = addDays("2024-01-01", random.integer(0, daysBetween("2024-01-01", addDays(this.today, 60))));
      const periodTo = addDays(periodFrom, random.integer(365, 730));
      const decision = random.weighted([
        [AgreementDecision.APPROVED, 50],
        [AgreementDecision.REQUESTED, 20],
        [AgreementDecision.DECLINED, 15],
        [AgreementDecision.REVOKED, 15],
      ] as const);
      const decided = decision !== AgreementDecision.REQUESTED;
      const revokedOn = decision === AgreementDecision.REVOKED ? addDays(periodFrom, random.integer(1, Math.max(1, Math.min(daysBetween(periodFrom, periodTo), daysBetween(periodFrom, this.today))))) : null;
      rows.push([
        `TTDL-SIM-${String(k + 1).padStart(3, "0")}`,
        grantor,
        grantee,
        this.agency(grantee, "SCT", this.today).id,
        datasets.join(","),
        `${datasets.map((dataset) => AGREEMENT_PURPOSES[dataset]).join("; ")} (mô phỏng)`,
        "Chương trình hợp tác phát triển kinh tế – xã hội giữa TP. Hồ Chí Minh và các tỉnh Tây Nguyên",
        periodFrom,
        periodTo,
        decision,
        `${addDays(periodFrom, -30)}T02:00:00Z`,
        decided ? `${periodFrom}T03:00:00Z` : null,
        decided ? this.agency(grantor, "SCT", this.today).id : null,
        decision === AgreementDecision.DECLINED ? "Dữ liệu chưa được chủ sở hữu đồng ý chia sẻ cho mục đích này." : null,
        decision === AgreementDecision.DECLINED ? "Nghị định 194/2025/NĐ-CP" : null,
        revokedOn ? `${revokedOn}T03:00:00Z` : null,
        revokedOn ? "Mục đích sử dụng đã hoàn thành." : null,
        `${grantor},${grantee}`,
      ]);
    }
    const columns = [
      text("reference"),
      text("grantor_code"),
      text("grantee_code"),
      int("requested_by_id"),
      textList("datasets"),
      text("purpose"),
      text("legal_basis"),
      date("period_from"),
      date("period_to"),
      text("decision"),
      timestamp("requested_at"),
      timestamp("decided_at"),
      int("decided_by_id"),
      text("decline_reason"),
      text("decline_legal_basis"),
      timestamp("revoked_at"),
      text("revoke_reason"),
      textList("owner_province_codes"),
    ];
    await this.loadKeyed("agreement", columns, ["reference"], rows);
  }

  /**
   * Vacuums and analyzes every table the run wrote, as autovacuum would later: fresh planner
   * statistics, a visibility map that lets counts run as index-only scans, and GIN pending lists
   * merged (a trigram or owner-codes index scan over a long pending list was 3–6 times slower; see
   * bench/EXPLAIN.md). VACUUM runs outside any transaction, so this must not be called inside one.
   */
  async vacuum(): Promise<void> {
    const written = [...new Set(this.reports.filter((report) => report.added > 0).map((report) => report.table))];
    if (written.length === 0) return;
    const started = performance.now();
    this.progress.begin("vacuum analyze", written.length);
    await this.em.getConnection().execute(`vacuum analyze ${written.join(", ")}`, [], "run");
    this.progress.advance(written.length);
    this.progress.end(`${written.length} tables in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/**
 * Generates a preset on top of the demo (seed the demo first: the generator reports through its
 * departments and prices its commodities). Returns, per table, what the preset holds and what this
 * run added.
 */
export async function generateScaleData(em: EntityManager, options: ScaleOptions): Promise<TableReport[]> {
  const run = new ScaleRun(em, options);
  await run.loadReference();
  await run.loadEnterprises();
  await run.loadMarkets();
  await run.loadPrices();
  await run.loadAssessments();
  await run.loadListings();
  await run.loadOcopProducts();
  await run.loadTradeFlows();
  await run.loadInvestmentProjects();
  await run.loadInstitutions();
  await run.loadTrainingLinks();
  await run.loadTrainingResults();
  await run.loadAgreements();
  await run.vacuum();
  return run.reports;
}
