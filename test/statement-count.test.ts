/**
 * No N+1: a dashboard's nested query across the three datasets costs the same number of SQL
 * statements for a page of 1, 10 or 100 enterprises. Each page is full and every nested list is
 * non-empty, so a constant count cannot come from nested fields that were never resolved.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgency, createCommodity, createEnterprise } from "../seeds/factories/reference.js";
import { balancedScores, createTestAssessment } from "../seeds/factories/technology.js";
import { createListing, createOcopProduct } from "../seeds/factories/trade.js";
import { createInstitution, createOutcome, createTrainingLink } from "../seeds/factories/training.js";
import { TrainingOutcomeKind } from "../src/training/training-outcome.entity.js";
import { startTestHub, type TestHub } from "./support/hub.js";

const DASHBOARD = `
  query Dashboard($first: Int!) {
    enterprises(first: $first, filter: { province: { codes: ["VN-33"] } }) {
      totalCount
      nodes {
        name
        province { code name }
        latestAssessment { level assessorAgency { name } }
        assessments(first: 2) { nodes { assessedOn } }
        listings(first: 3) { nodes { title commodity { name } } }
        ocopProducts(first: 2) { nodes { name stars } }
      }
    }
    units(filter: { current: true }) {
      code
      trainingLinksAsPartner(first: 5) { nodes { title institution { name } outcomes { value } } }
    }
  }`;

interface Dashboard {
  enterprises: {
    totalCount: number;
    nodes: {
      province: { code: string };
      latestAssessment: { level: string; assessorAgency: { name: string } } | null;
      assessments: { nodes: unknown[] };
      listings: { nodes: { commodity: { name: string } }[] };
      ocopProducts: { nodes: unknown[] };
    }[];
  };
  units: { code: string; trainingLinksAsPartner: { nodes: { outcomes: unknown[] }[] } }[];
}

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  const em = hub.em();
  const assessor = await createAgency(em, { provinceCode: "VN-33", name: "Sở Khoa học và Công nghệ tỉnh Đắk Lắk" });
  const coffee = await createCommodity(em, { code: "COFFEE_ROBUSTA", name: "Cà phê Robusta nhân xô" });
  for (let i = 0; i < 100; i += 1) {
    const enterprise = await createEnterprise(em, { provinceCode: "VN-33", name: `Công ty Cà phê Đắk Lắk ${String(i).padStart(3, "0")}` });
    await createListing(em, { enterprise, commodity: coffee, title: `Chào bán cà phê ${i}` });
    await createOcopProduct(em, { enterprise, commodity: coffee, name: `Cà phê OCOP ${i}` });
    await createTestAssessment(em, { enterprise, assessor, assessedOn: "2026-06-01", scores: balancedScores(0.5 + (i % 5) / 10), published: true });
  }
  const university = await createInstitution(em, { provinceCode: "VN-SG", name: "Trường Đại học Nông Lâm Thành phố Hồ Chí Minh" });
  for (const partner of ["VN-33", "VN-30", "VN-35", "VN-29", "VN-SG"]) {
    const link = await createTrainingLink(em, { institution: university, partnerProvinceCode: partner, title: `Liên kết đào tạo với ${partner}` });
    await createOutcome(em, { link, kind: TrainingOutcomeKind.PEOPLE_TRAINED, value: 20 });
  }
});
afterAll(async () => {
  await hub?.close();
});

describe("statements per request", () => {
  it("stay the same for a page of 1, 10 and 100 enterprises with nested data from every dataset", async () => {
    const counts: Record<number, number> = {};
    // Reference data (units, agencies, commodities, markets) is read once per instance and then
    // served from its cache: one request first, so every counted request finds it warm.
    expect((await hub.query<Dashboard>(DASHBOARD, { first: 1 })).errors).toBeUndefined();
    for (const first of [1, 10, 100]) {
      const response = await hub.query<Dashboard>(DASHBOARD, { first });
      expect(response.errors).toBeUndefined();
      const enterprises = response.data!.enterprises;
      expect(enterprises.totalCount).toBe(100);
      expect(enterprises.nodes).toHaveLength(first);
      for (const node of enterprises.nodes) {
        expect(node.province.code).toBe("VN-33");
        expect(node.latestAssessment?.assessorAgency.name).toBe("Sở Khoa học và Công nghệ tỉnh Đắk Lắk");
        expect(node.assessments.nodes).toHaveLength(1);
        expect(node.listings.nodes[0]!.commodity.name).toBe("Cà phê Robusta nhân xô");
        expect(node.ocopProducts.nodes).toHaveLength(1);
      }
      const units = response.data!.units;
      expect(units).toHaveLength(5);
      for (const unit of units) expect(unit.trainingLinksAsPartner.nodes[0]!.outcomes).toHaveLength(1);
      counts[first] = hub.lastStatementCount();
    }
    console.info(`SQL statements per dashboard request: ${JSON.stringify(counts)}`);
    expect(counts[1]).toBeGreaterThan(5);
    expect(counts[10]).toBe(counts[1]);
    expect(counts[100]).toBe(counts[1]);
  });
});
