import { readFile } from "node:fs/promises";
import { buildSchema, isObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgency, createEnterprise } from "../seeds/factories/reference.js";
import { createTestAssessment } from "../seeds/factories/technology.js";
import { createInstitution, createParticipant, createTrainingLink } from "../seeds/factories/training.js";
import type { TrainingLink } from "../src/training/index.js";
import { startTestHub, type TestHub } from "./support/hub.js";

/**
 * The data catalogue, through the API: what each dataset holds, every field's classification (as
 * the brief classifies budgets, rosters, scores), and the records each caller may see counted and
 * dated by owning province.
 */
let hub: TestHub;
let link: TrainingLink;

const CATALOGUE = `query Catalogue($datasets: [Dataset!]) {
  dataCatalogue(datasets: $datasets) {
    dataset description recordCount ownerProvinceCodes lastUpdatedAt
    recordTypes { typeName description recordCount lastUpdatedAt fields { name type classification } freshness { provinceCode recordCount lastUpdatedAt } }
  }
}`;

interface CatalogueType {
  typeName: string;
  recordCount: number;
  lastUpdatedAt: string | null;
  fields: { name: string; type: string; classification: string }[];
  freshness: { provinceCode: string; recordCount: number; lastUpdatedAt: string }[];
}
interface CatalogueDataset {
  dataset: string;
  description: string;
  recordCount: number;
  ownerProvinceCodes: string[];
  lastUpdatedAt: string | null;
  recordTypes: CatalogueType[];
}

async function catalogue(token?: string, datasets?: string[]): Promise<CatalogueDataset[]> {
  const response = await hub.query<{ dataCatalogue: CatalogueDataset[] }>(CATALOGUE, { datasets: datasets ?? null }, { token });
  expect(response.errors).toBeUndefined();
  return response.data!.dataCatalogue;
}

function recordType(datasets: CatalogueDataset[], dataset: string, typeName: string): CatalogueType {
  const found = datasets.find((one) => one.dataset === dataset)?.recordTypes.find((type) => type.typeName === typeName);
  if (!found) throw new Error(`${dataset} has no ${typeName} in the catalogue`);
  return found;
}

beforeAll(async () => {
  // Counted on every request here; the cache has a test of its own.
  hub = await startTestHub({ env: { CATALOGUE_CACHE_SECONDS: "0" } });
  const em = hub.em();
  const university = await createInstitution(em, { provinceCode: "VN-SG", name: "Trường Đại học Nông Lâm Thành phố Hồ Chí Minh" });
  link = await createTrainingLink(em, { institution: university, partnerProvinceCode: "VN-33", title: "Tập huấn chế biến cà phê đặc sản cho Đắk Lắk", budgetVnd: "450000000" });
  await createParticipant(em, { link, fullName: "Nguyễn Thị Hoa" });
  const assessor = await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SKHCN-CAT" });
  const processor = await createEnterprise(em, { provinceCode: "VN-33", name: "Công ty TNHH Cà phê Ea Pốk", vsicCode: "1077" });
  await createTestAssessment(em, { enterprise: processor, assessor, assessedOn: "2026-05-12", published: true });
  await createTestAssessment(em, { enterprise: processor, assessor, assessedOn: "2026-10-02" });
});
afterAll(async () => {
  await hub?.close();
});

describe("the data catalogue", () => {
  it("classifies every field as the brief does, and lists every field of every record type in the committed SDL", async () => {
    const datasets = await catalogue();
    expect(datasets.map((one) => one.dataset)).toEqual(["REFERENCE", "TRADE", "TECHNOLOGY", "TRAINING"]);
    const classification = (dataset: string, type: string, field: string) => recordType(datasets, dataset, type).fields.find((one) => one.name === field)?.classification;
    // The brief's table: budgets and scores RESTRICTED, rosters and recommendations CONFIDENTIAL, tax codes and flow values SHARED.
    expect(classification("TRAINING", "TrainingLink", "budgetVnd")).toBe("RESTRICTED");
    expect(classification("TRAINING", "TrainingLink", "participants")).toBe("CONFIDENTIAL");
    expect(classification("TRAINING", "TrainingLink", "title")).toBe("PUBLIC");
    expect(classification("TECHNOLOGY", "Assessment", "totalScore")).toBe("RESTRICTED");
    expect(classification("TECHNOLOGY", "Assessment", "assessorRecommendations")).toBe("CONFIDENTIAL");
    expect(classification("REFERENCE", "Enterprise", "taxCode")).toBe("SHARED");
    expect(classification("TRADE", "TradeFlow", "valueVnd")).toBe("SHARED");
    expect(classification("TRADE", "PriceObservation", "priceVnd")).toBe("PUBLIC");
    expect(recordType(datasets, "TRAINING", "TrainingLink").fields.find((field) => field.name === "budgetVnd")?.type).toBe("Decimal");

    const committed = buildSchema(await readFile("schema/schema.graphql", "utf8"));
    for (const dataset of datasets) {
      expect(dataset.description.length).toBeGreaterThan(0);
      for (const type of dataset.recordTypes) {
        const sdl = committed.getType(type.typeName);
        if (!isObjectType(sdl)) throw new Error(`${type.typeName} is not in the committed SDL`);
        expect(type.fields.map((field) => field.name)).toEqual(Object.keys(sdl.getFields()).sort());
        expect(sdl.getInterfaces().map((one) => one.name)).toContain("OwnedRecord");
      }
    }
    // Agreements are how data is shared, not shared data.
    expect(datasets.flatMap((one) => one.recordTypes.map((type) => type.typeName))).not.toContain("Agreement");
  });

  it("counts and dates records by owning province, a record of two provinces under each", async () => {
    const training = await catalogue(undefined, ["TRAINING"]);
    expect(training.map((one) => one.dataset)).toEqual(["TRAINING"]);
    const links = recordType(training, "TRAINING", "TrainingLink");
    const updated = link.updatedAt.toISOString();
    expect(links).toMatchObject({ recordCount: 1, lastUpdatedAt: updated });
    expect(links.freshness).toEqual([
      { provinceCode: "VN-33", recordCount: 1, lastUpdatedAt: updated },
      { provinceCode: "VN-SG", recordCount: 1, lastUpdatedAt: updated },
    ]);
    expect(training[0]!.ownerProvinceCodes).toEqual(["VN-33", "VN-SG"]);
    const institutions = recordType(training, "TRAINING", "Institution");
    expect(institutions.freshness.find((share) => share.provinceCode === "VN-SG")?.recordCount).toBeGreaterThanOrEqual(1);
  });

  it("counts only the rows a caller may see: others' drafts and rosters are not even a number", async () => {
    const owner = await hub.token({ kind: "agency", province: "VN-33" });
    const other = await hub.token({ kind: "agency", province: "VN-35" });
    const counts = async (token?: string) => {
      const datasets = await catalogue(token, ["TECHNOLOGY", "TRAINING"]);
      return { assessments: recordType(datasets, "TECHNOLOGY", "Assessment").recordCount, participants: recordType(datasets, "TRAINING", "TrainingParticipant").recordCount };
    };
    expect(await counts()).toEqual({ assessments: 1, participants: 0 });
    expect(await counts(other)).toEqual({ assessments: 1, participants: 0 });
    expect(await counts(owner)).toEqual({ assessments: 2, participants: 1 });
  });

  it("answers in one SQL statement however much data there is", async () => {
    await catalogue();
    const before = hub.lastStatementCount();
    const em = hub.em();
    const centre = await createInstitution(em, { provinceCode: "VN-35", name: "Trường Cao đẳng Đà Lạt" });
    for (let i = 0; i < 5; i += 1) await createTrainingLink(em, { institution: centre, partnerProvinceCode: "VN-30" });
    await catalogue();
    expect(hub.lastStatementCount()).toBe(before);
    expect(before).toBe(1);
  });

  it("reuses the counts for CATALOGUE_CACHE_SECONDS, for callers who see the same rows only", async () => {
    let now = Date.parse("2026-11-23T03:00:00Z");
    const cached = await startTestHub({ clock: { now: () => new Date(now) }, env: { CATALOGUE_CACHE_SECONDS: "60" } });
    try {
      const institutions = async (token?: string) => {
        const response = await cached.query<{ dataCatalogue: CatalogueDataset[] }>(CATALOGUE, { datasets: ["TRAINING"] }, { token });
        expect(response.errors).toBeUndefined();
        return recordType(response.data!.dataCatalogue, "TRAINING", "Institution").recordCount;
      };
      const before = await institutions();
      expect(cached.lastStatementCount()).toBe(1);
      await createInstitution(cached.em(), { provinceCode: "VN-30", name: "Trường Cao đẳng Gia Lai" });
      // Within the minute: the same counts, and no statement at all.
      expect(await institutions()).toBe(before);
      expect(cached.lastStatementCount()).toBe(0);
      // An owning agency's row rules differ (it sees its drafts and rosters): counted afresh.
      expect(await institutions(await cached.token({ kind: "agency", province: "VN-30" }))).toBe(before + 1);
      now += 61_000;
      expect(await institutions()).toBe(before + 1);
    } finally {
      await cached.close();
    }
  });
});
