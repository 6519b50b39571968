/**
 * The brief's cross-dataset question, asked in one request of the seeded demo exactly as the
 * dashboard asks it (dashboard/operations/cross-dataset.graphql): for Đắk Lắk, coffee farm-gate vs
 * HCMC wholesale prices this quarter, the coffee processors there with their technology level, and
 * the HCMC food-technology programmes linked to the province. Expected prices are recomputed from
 * the stored observations with independent SQL, so the test checks the API's aggregation.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../seeds/demo.js";
import { startTestHub, type TestHub } from "./support/hub.js";

interface Series {
  market: { name: string };
  unit: string;
  points: { periodStart: string; min: string; avg: string; max: string; count: number }[];
}
interface Answer {
  farmGate: Series[];
  hcmcWholesale: Series[];
  coffeeProcessors: { totalCount: number; nodes: { name: string; province: { code: string }; latestAssessment: { assessedOn: string; level: string } | null }[] };
  foodTechnologyProgrammes: { nodes: { name: string; disciplineCode: string; institution: { name: string }; links: { nodes: { title: string; partnerProvince: { code: string } }[] } }[] };
}

let hub: TestHub;
let answer: Answer;
let statements: number;
beforeAll(async () => {
  // 23 November 2026, 10:00 in Ho Chi Minh City: "this quarter" is 1 October – 31 December 2026.
  hub = await startTestHub({ now: "2026-11-23T03:00:00Z" });
  await seedDemo(hub.em(), "2026-11-23");
  const query = await readFile(new URL("../dashboard/operations/cross-dataset.graphql", import.meta.url), "utf8");
  const response = await hub.query<Answer>(query);
  expect(response.errors).toBeUndefined();
  answer = response.data!;
  statements = hub.lastStatementCount();
});
afterAll(async () => {
  await hub?.close();
});

/** min/avg/max/count per market and month this quarter, straight from the table. */
async function expectedSeries(provinceCode: string, priceType: string) {
  return hub
    .em()
    .getConnection()
    .execute<{ market: string; month: string; min: string; avg: string; max: string; count: string }[]>(
      `select m.name as market, to_char(date_trunc('month', p.observed_on), 'YYYY-MM-DD') as month,
              min(p.price_vnd)::text as min, round(avg(p.price_vnd))::text as avg, max(p.price_vnd)::text as max, count(*)::text as count
         from price_observation p join market m on m.id = p.market_id join commodity c on c.id = p.commodity_id
        where c.code = 'COFFEE_ROBUSTA' and p.market_province_code = ? and p.price_type = ? and p.observed_on between '2026-10-01' and '2026-12-31'
        group by 1, 2 order by 1, 2`,
      [provinceCode, priceType],
    );
}

function flatten(series: Series[]) {
  return series
    .flatMap((s) => s.points.map((p) => ({ market: s.market.name, month: p.periodStart, min: p.min, avg: p.avg, max: p.max, count: String(p.count) })))
    .sort((a, b) => (a.market + a.month < b.market + b.month ? -1 : 1));
}

describe("the cross-dataset question for Đắk Lắk", () => {
  it("gives farm-gate coffee prices in Đắk Lắk this quarter by market and month, per kg", async () => {
    expect(answer.farmGate.map((s) => s.market.name).sort()).toEqual(["Vùng thu mua Cư M'gar", "Vùng thu mua Krông Pắc"]);
    expect(answer.farmGate.every((s) => s.unit === "kg")).toBe(true);
    expect(flatten(answer.farmGate)).toEqual(await expectedSeries("VN-33", "FARM_GATE"));
    // October in full, November up to the 23rd.
    expect(answer.farmGate[0]!.points.map((p) => [p.periodStart, p.count])).toEqual([
      ["2026-10-01", 31],
      ["2026-11-01", 23],
    ]);
  });

  it("gives HCMC wholesale coffee prices over the same months, never mixed with farm-gate prices", async () => {
    expect(answer.hcmcWholesale.map((s) => s.market.name).sort()).toEqual(["Chợ đầu mối Bình Điền", "Chợ đầu mối nông sản thực phẩm Thủ Đức"]);
    expect(flatten(answer.hcmcWholesale)).toEqual(await expectedSeries("VN-SG", "WHOLESALE"));
    const wholesaleAverage = Number(answer.hcmcWholesale[0]!.points[0]!.avg);
    const farmGateAverage = Number(answer.farmGate[0]!.points[0]!.avg);
    expect(wholesaleAverage).toBeGreaterThan(farmGateAverage);
  });

  it("lists Đắk Lắk's coffee processors with the level of their latest published assessment", () => {
    expect(answer.coffeeProcessors.totalCount).toBe(3);
    expect(answer.coffeeProcessors.nodes.map((node) => [node.name, node.latestAssessment?.assessedOn, node.latestAssessment?.level])).toEqual([
      // Vietnamese order: "Cà phê Ea Tu" (Chế…), "Cà phê Rang xay" (Cổ…), then "Hợp tác xã".
      ["Công ty Cổ phần Cà phê Rang xay Buôn Ma Thuột (mô phỏng)", "2026-06-03", "ADVANCED"],
      ["Công ty TNHH Chế biến Cà phê Ea Tu (mô phỏng)", "2026-09-20", "ADVANCED_AVERAGE"],
      ["Hợp tác xã Cà phê Cư M'gar Xanh (mô phỏng)", "2026-08-12", "AVERAGE"],
    ]);
  });

  it("lists the HCMC food-technology programmes linked to Đắk Lắk, with those links", () => {
    const programmes = answer.foodTechnologyProgrammes.nodes;
    expect(programmes.map((p) => [p.institution.name, p.name, p.disciplineCode]).sort()).toEqual([
      ["Trường Đại học Công Thương Thành phố Hồ Chí Minh", "Công nghệ thực phẩm", "7540101"],
      ["Trường Đại học Nông Lâm Thành phố Hồ Chí Minh", "Công nghệ thực phẩm", "7540101"],
    ]);
    for (const programme of programmes) {
      expect(programme.links.nodes.length).toBeGreaterThan(0);
      expect(programme.links.nodes.every((link) => link.partnerProvince.code === "VN-33")).toBe(true);
    }
  });

  it("answers in a fixed, small number of SQL statements", () => {
    console.info(`SQL statements of the cross-dataset query: ${statements}`);
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThanOrEqual(16);
  });
});
