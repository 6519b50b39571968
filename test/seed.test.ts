/**
 * The scale generator at a tiny scale (0.01) on top of the demo: what it writes per table, that
 * its tax codes stay in the reserved range, that owners and derived values are what the domains
 * would store, that a second run adds nothing, and that the hub answers over the generated data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldForSearch, vietnameseSortKey } from "../src/common/text.js";
import { levelFor, synchronyCoefficient, totalScore } from "../src/technology/levels.js";
import { seedDemo } from "../seeds/demo.js";
import { generateScaleData, scaleCounts, type ScaleProgress, type TableReport } from "../seeds/scale.js";
import { demoTaxCode, generatedTaxCode } from "../seeds/tax-codes.js";
import { startTestHub, type TestHub } from "./support/hub.js";

const TODAY = "2026-11-23";
const SCALE = 0.01;
const TABLES = [
  "enterprise",
  "market",
  "price_observation",
  "technology_assessment",
  "listing",
  "ocop_product",
  "trade_flow",
  "investment_project",
  "institution",
  "programme",
  "training_link",
  "training_outcome",
  "training_participant",
  "agreement",
];

let hub: TestHub;
let firstRun: TableReport[];
let secondRun: TableReport[];
let countsAfterFirst: Record<string, number>;
let countsAfterSecond: Record<string, number>;
const progressed: string[] = [];

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return hub.em().getConnection().execute<T[]>(sql, params, "all");
}

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...TABLES, "agency"]) {
    const [row] = await rows<{ count: number }>(`select count(*)::int as count from ${table}`);
    counts[table] = row!.count;
  }
  return counts;
}

const recording: ScaleProgress = { begin: (table) => progressed.push(table), advance: () => {}, end: () => {} };

beforeAll(async () => {
  // 23 November 2026, 10:00 in Ho Chi Minh City: "this quarter" is 1 October – 31 December 2026.
  hub = await startTestHub({ now: "2026-11-23T03:00:00Z" });
  await seedDemo(hub.em(), TODAY);
  firstRun = await generateScaleData(hub.em(), { scale: SCALE, today: TODAY, progress: recording });
  countsAfterFirst = await tableCounts();
  secondRun = await generateScaleData(hub.em(), { scale: SCALE, today: TODAY });
  countsAfterSecond = await tableCounts();
});
afterAll(async () => {
  await hub?.close();
});

const report = (reports: TableReport[], table: string) => reports.find((r) => r.table === table)!;

describe("the scale generator at scale 0.01", () => {
  it("writes every table, in proportion to the preset, with progress per table", async () => {
    const counts = scaleCounts(SCALE);
    expect(counts).toMatchObject({ enterprises: 10, markets: 1, priceDays: 120, listings: 5, ocopProducts: 1, investmentProjects: 1, institutions: 1, trainingLinks: 1, agreements: 1 });
    expect(firstRun.map((r) => r.table)).toEqual(TABLES);
    expect(progressed).toEqual([...TABLES, "vacuum analyze"]);
    expect(report(firstRun, "enterprise")).toMatchObject({ generated: 10, added: 10 });
    expect(report(firstRun, "market")).toMatchObject({ generated: 1, added: 1 });
    expect(report(firstRun, "listing")).toMatchObject({ generated: 5, added: 5 });
    expect(report(firstRun, "investment_project")).toMatchObject({ generated: 1, added: 1 });
    expect(report(firstRun, "training_link")).toMatchObject({ generated: 1, added: 1 });
    expect(report(firstRun, "agreement")).toMatchObject({ generated: 1, added: 1 });

    // 120 daily prices up to today for every series of the generated market.
    const [market] = await rows<{ id: number; name: string; series: number }>(
      "select m.id, m.name, count(distinct (p.commodity_id, p.price_type))::int as series from market m join price_observation p on p.market_id = m.id where m.code = 'SIM-MKT-00001' group by m.id, m.name",
    );
    expect(market!.name).toMatch(/\(mô phỏng\)$/);
    expect(market!.series).toBeGreaterThanOrEqual(4);
    expect(report(firstRun, "price_observation")).toMatchObject({ generated: market!.series * 120, added: market!.series * 120 });
    const [span] = await rows<{ first: string; last: string; days: number }>(
      "select to_char(min(observed_on), 'YYYY-MM-DD') as first, to_char(max(observed_on), 'YYYY-MM-DD') as last, count(distinct observed_on)::int as days from price_observation where market_id = ?",
      [market!.id],
    );
    expect(span).toEqual({ first: "2026-07-27", last: TODAY, days: 120 });

    // Each generated enterprise has 0 to 3 assessments, all of generated enterprises.
    const assessments = report(firstRun, "technology_assessment");
    expect(assessments.added).toBe(assessments.generated);
    expect(assessments.generated).toBeLessThanOrEqual(30);
  });

  it("gives generated enterprises tax codes in the reserved range, below the demo's, marked synthetic", async () => {
    const enterprises = await rows<{ tax_code: string; name: string; search_name: string; sort_name: string; synthetic: boolean; vsic_code: string }>(
      "select tax_code, name, search_name, sort_name, synthetic, vsic_code from enterprise where tax_code between ? and ? order by tax_code",
      [generatedTaxCode(1), generatedTaxCode(10)],
    );
    expect(enterprises.map((e) => e.tax_code)).toEqual(Array.from({ length: 10 }, (_, i) => `00000000${String(i + 1).padStart(2, "0")}`));
    for (const enterprise of enterprises) {
      expect(enterprise.tax_code).toMatch(/^00\d{8}$/);
      expect(enterprise.tax_code < demoTaxCode(0)).toBe(true);
      expect(enterprise.synthetic).toBe(true);
      expect(enterprise.search_name).toBe(foldForSearch(enterprise.name));
      expect(enterprise.sort_name).toBe(vietnameseSortKey(enterprise.name));
      expect(enterprise.vsic_code).toMatch(/^\d{4}$/);
    }
    // Deterministic: record 1 is the same in every run and every preset.
    expect(enterprises[0]!.name).toBe("Công ty Cổ phần Xuất nhập khẩu Cà phê An Khang");
  });

  it("stores owners as the brief's table says", async () => {
    const violations = await rows<{ check: string; count: number }>(`
      select 'enterprise' as check, count(*)::int as count from enterprise where synthetic and owner_province_codes <> array[province_code::text]
      union all
      select 'listing', count(*)::int from listing l join enterprise e on e.id = l.enterprise_id where l.reference like 'LST-SIM-%' and l.owner_province_codes <> array[e.province_code::text]
      union all
      select 'ocop_product', count(*)::int from ocop_product o join enterprise e on e.id = o.enterprise_id where o.certificate_number like 'OCOP-SIM-%' and o.owner_province_codes <> array[e.province_code::text]
      union all
      select 'assessment', count(*)::int from technology_assessment a join enterprise e on e.id = a.enterprise_id where e.synthetic and (a.owner_province_codes <> array[e.province_code::text] or a.vsic_code <> e.vsic_code)
      union all
      select 'price', count(*)::int from price_observation p join agency g on g.id = p.source_agency_id join market m on m.id = p.market_id where m.code like 'SIM-%' and (p.owner_province_codes <> array[g.province_code::text] or p.market_province_code <> m.province_code)
      union all
      select 'trade_flow', count(*)::int from trade_flow where owner_province_codes <> array[origin_code::text, destination_code::text]
      union all
      select 'investment_project', count(*)::int from investment_project p join agency g on g.id = p.source_agency_id where p.owner_province_codes <> array[g.province_code::text]
      union all
      select 'training_link', count(*)::int from training_link l join institution i on i.id = l.institution_id
        where l.code like 'TL-SIM-%' and not (l.owner_province_codes @> array[i.province_code::text, l.partner_province_code::text] and cardinality(l.owner_province_codes) <= 2)
      union all
      select 'training_outcome', count(*)::int from training_outcome o join training_link l on l.id = o.link_id where o.owner_province_codes <> l.owner_province_codes
      union all
      select 'agreement', count(*)::int from agreement where reference like 'TTDL-SIM-%' and owner_province_codes <> array[grantor_code::text, grantee_code::text]
    `);
    expect(Object.fromEntries(violations.map((v) => [v.check, v.count]))).toEqual({
      enterprise: 0,
      listing: 0,
      ocop_product: 0,
      assessment: 0,
      price: 0,
      trade_flow: 0,
      investment_project: 0,
      training_link: 0,
      training_outcome: 0,
      agreement: 0,
    });
    // Prices reported after 1 July 2025 for a market in an absorbed province come from the successor.
    const [absorbed] = await rows<{ count: number }>(
      "select count(*)::int as count from price_observation where market_province_code in ('VN-28', 'VN-72') and observed_on >= '2025-07-01' and owner_province_codes && array['VN-28', 'VN-72']",
    );
    expect(absorbed!.count).toBe(0);
  });

  it("derives assessment totals, coefficients and levels with the technology domain's functions", async () => {
    const assessments = await rows<{ t: number; e: number; o: number; r: number; i: number; total_score: number; synchrony_coefficient: number; level: string; status: string; published_at: Date | null }>(
      `select technology_score as t, efficiency_score as e, organisation_score as o, research_score as r, innovation_score as i, total_score, synchrony_coefficient, level, status, published_at
         from technology_assessment a join enterprise e on e.id = a.enterprise_id where e.tax_code between ? and ?`,
      [generatedTaxCode(1), generatedTaxCode(10)],
    );
    expect(assessments.length).toBeGreaterThan(0);
    for (const a of assessments) {
      const groups = { T: a.t, E: a.e, O: a.o, R: a.r, I: a.i };
      expect(a.total_score).toBe(totalScore(groups));
      expect(a.synchrony_coefficient).toBe(synchronyCoefficient(groups));
      expect(a.level).toBe(levelFor(a.total_score, a.synchrony_coefficient));
      expect(a.status === "PUBLISHED").toBe(a.published_at !== null);
    }
  });

  it("adds nothing when the same preset runs again", () => {
    expect(secondRun.every((r) => r.added === 0 && r.skipped)).toBe(true);
    expect(countsAfterSecond).toEqual(countsAfterFirst);
  });

  it("answers GraphQL over the generated data: the price series of a generated market this quarter", async () => {
    const response = await hub.query<{
      priceSeries: { market: { code: string; name: string }; commodity: { code: string }; priceType: string; unit: string; points: { periodStart: string; min: string; avg: string; max: string; count: number }[] }[];
    }>(`{
      priceSeries(filter: { marketCodes: ["SIM-MKT-00001"], period: { relative: CURRENT_QUARTER } }, interval: MONTH) {
        market { code name } commodity { code } priceType unit
        points { periodStart min avg max count }
      }
    }`);
    expect(response.errors).toBeUndefined();
    const series = response.data!.priceSeries;
    const [expected] = await rows<{ series: number }>(
      "select count(distinct (commodity_id, price_type))::int as series from price_observation p join market m on m.id = p.market_id where m.code = 'SIM-MKT-00001'",
    );
    expect(series).toHaveLength(expected!.series);
    for (const s of series) {
      expect(s.market.code).toBe("SIM-MKT-00001");
      // October has 31 days; November runs to today, the 23rd.
      expect(s.points.map((p) => [p.periodStart, p.count])).toEqual([
        ["2026-10-01", 31],
        ["2026-11-01", 23],
      ]);
      for (const point of s.points) {
        expect(Number(point.min)).toBeGreaterThan(0);
        expect(Number(point.min)).toBeLessThanOrEqual(Number(point.avg));
        expect(Number(point.avg)).toBeLessThanOrEqual(Number(point.max));
      }
    }
    // Farm-gate coffee stays in its band (90,000–130,000 VND/kg, with the market's premium).
    const coffee = series.find((s) => s.commodity.code === "COFFEE_ROBUSTA" && s.priceType === "FARM_GATE");
    if (coffee) {
      expect(coffee.unit).toBe("kg");
      for (const point of coffee.points) {
        expect(Number(point.min)).toBeGreaterThanOrEqual(80_000);
        expect(Number(point.max)).toBeLessThanOrEqual(145_000);
      }
    }
  });
});
