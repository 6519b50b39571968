/**
 * The fixtures of the authorisation matrix: for one owner province, one record of every type with a
 * classified field, each protected value known and non-null, so "withheld" can never be confused
 * with "no data". Records are made with the seeds' factories, the way the hub stores them.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import { toGlobalId } from "../../src/common/node.js";
import { AgencySector } from "../../src/reference/agency.entity.js";
import { MemorandumPartyRole } from "../../src/trade/promotion.entity.js";
import { createAgency, createCommodity, createEnterprise } from "../../seeds/factories/reference.js";
import { balancedScores, createTestAssessment } from "../../seeds/factories/technology.js";
import { createListing, createMemorandum, createPromotionEvent, createTradeFlow } from "../../seeds/factories/trade.js";
import { createInstitution, createParticipant, createTrainingLink } from "../../seeds/factories/training.js";
import type { WorldCode } from "./truth-table.js";
import { globalIdOf } from "../support/global-ids.js";

/** One record as the matrix queries it: its global id, and each field's selection and known value. */
export interface Fixture {
  id: string;
  owners: string[];
  /** A word sequence that finds exactly this record in a search filter. */
  search: string;
  values: Record<string, { select: string; value: unknown }>;
}

export interface World {
  code: WorldCode;
  /** Today's unit the world's records count under (VN-29 for Kon Tum's). */
  currentCode: string;
  agency: Fixture;
  enterprise: Fixture & { taxCode: string };
  otherEnterpriseTaxCode: string;
  listing: Fixture;
  assessment: Fixture;
  draftAssessmentId: string;
  criterion: Fixture;
  memorandum: Fixture;
  eventSearch: string;
  tradeFlow: Fixture & { commodityCode: string };
  trainingLink: Fixture;
  institutionSearch: string;
  participant: Fixture;
  /** The score cells of 2025: food manufacturing (five assessments) and rubber products (one). */
  cells: { sectorCode: string; records: number; ownEnterpriseRecords: number; averages: Record<string, number> }[];
}

const plain = (value: unknown) => ({ select: "", value });

const NAMES: Record<WorldCode, { province: string; enterprise: string; other: string; institution: string; link: string; event: string; participant: string; taxCodes: [string, string] }> = {
  "VN-33": {
    province: "Đắk Lắk",
    enterprise: "Công ty TNHH Cà phê Ea Pốk (mô phỏng)",
    other: "Công ty TNHH Ca cao Krông Ana (mô phỏng)",
    institution: "Trường Cao đẳng Y tế Đắk Lắk (mô phỏng)",
    link: "Bồi dưỡng điều dưỡng cho Trung tâm Y tế Cư M'gar",
    event: "Hội nghị kết nối cung cầu cà phê Buôn Ma Thuột",
    participant: "H'Linh Niê",
    taxCodes: ["0097330001", "0097330002"],
  },
  "VN-28": {
    province: "Kon Tum",
    enterprise: "Công ty Cổ phần Sâm Ngọc Linh Tu Mơ Rông (mô phỏng)",
    other: "Hợp tác xã Dược liệu Măng Đen (mô phỏng)",
    institution: "Trường Cao đẳng Kon Tum (mô phỏng)",
    link: "Tập huấn trồng sâm Ngọc Linh cho Trạm Y tế xã Ngọc Lây",
    event: "Hội chợ sâm Ngọc Linh Kon Tum",
    participant: "A Tú",
    taxCodes: ["0097280001", "0097280002"],
  },
};

export async function buildWorld(em: EntityManager, code: WorldCode, currentCode: string): Promise<World> {
  const names = NAMES[code];
  const owners = [code];
  const agency = await createAgency(em, { provinceCode: code, code: `${code}-SKHCN-MATRIX`, name: `Sở Khoa học và Công nghệ tỉnh ${names.province} (mô phỏng)`, sector: AgencySector.SCIENCE_TECHNOLOGY });
  const enterprise = await createEnterprise(em, { provinceCode: code, name: names.enterprise, taxCode: names.taxCodes[0], vsicCode: "1077", employees: 42, annualRevenueVnd: "12500000000" });
  await createEnterprise(em, { provinceCode: code, name: names.other, taxCode: names.taxCodes[1], vsicCode: "1073" });
  const commodity = await createCommodity(em, { name: `Cà phê nhân ma trận ${code}`, standardUnit: "tấn" });
  const listing = await createListing(em, { enterprise, commodity, title: `Cung cấp nông sản ma trận ${names.province}` });

  const assessment = await createTestAssessment(em, {
    enterprise,
    assessor: agency,
    assessedOn: "2025-03-10",
    scores: { T: 24, E: 14, O: 10, R: 8, I: 6 },
    criterionScores: [{ criterion: 1, score: 4.5 }],
    assessorRecommendations: "Đầu tư dây chuyền rang xay khép kín và hệ thống truy xuất nguồn gốc.",
    published: true,
  });
  const draft = await createTestAssessment(em, { enterprise, assessor: agency, assessedOn: "2025-11-20", scores: balancedScores(0.8) });
  // The 2025 food-manufacturing cell: this assessment and four more (k = 5); the rubber cell has one.
  const sector10 = [assessment];
  for (let i = 0; i < 4; i += 1) {
    const peer = await createEnterprise(em, { provinceCode: code, name: `Công ty TNHH Chế biến nông sản ${names.province} ${i + 1} (mô phỏng)`, vsicCode: "1079" });
    sector10.push(await createTestAssessment(em, { enterprise: peer, assessor: agency, assessedOn: `2025-0${i + 4}-15`, scores: balancedScores(0.5), published: true }));
  }
  const rubberMaker = await createEnterprise(em, { provinceCode: code, name: `Công ty Cổ phần Cao su ${names.province} (mô phỏng)`, vsicCode: "2212" });
  const rubber = await createTestAssessment(em, { enterprise: rubberMaker, assessor: agency, assessedOn: "2025-09-01", scores: balancedScores(0.4), published: true });
  const average = (rows: typeof sector10, pick: (row: (typeof sector10)[number]) => number) => rows.reduce((sum, row) => sum + pick(row), 0) / rows.length;
  const averagesOf = (rows: typeof sector10) => ({
    averageTotalScore: average(rows, (row) => row.totalScore),
    averageTechnologyScore: average(rows, (row) => row.technologyScore),
    averageEfficiencyScore: average(rows, (row) => row.efficiencyScore),
    averageOrganisationScore: average(rows, (row) => row.organisationScore),
    averageResearchScore: average(rows, (row) => row.researchScore),
    averageInnovationScore: average(rows, (row) => row.innovationScore),
    averageSynchronyCoefficient: average(rows, (row) => row.synchronyCoefficient),
  });

  const flow = await createTradeFlow(em, { month: "2025-06", originCode: code, destinationCode: "VN-SG", commodity, agency, volume: 120, valueVnd: "4200000000" });
  const event = await createPromotionEvent(em, { name: names.event, startsOn: "2025-05-20", hostProvinceCode: code, organiser: agency });
  const memorandum = await createMemorandum(em, {
    event,
    signedOn: "2025-05-20",
    title: `Biên bản ghi nhớ tiêu thụ cà phê ma trận ${code}`,
    valueVnd: "2500000000",
    parties: [
      { enterprise, role: MemorandumPartyRole.SELLER },
      { agency, role: MemorandumPartyRole.WITNESS },
    ],
  });
  const institution = await createInstitution(em, { provinceCode: code, name: names.institution });
  const link = await createTrainingLink(em, { institution, partnerProvinceCode: code, title: names.link, budgetVnd: "350000000", participantCount: 1 });
  const participant = await createParticipant(em, { link, fullName: names.participant, position: "Điều dưỡng trưởng", workplace: "Trung tâm Y tế huyện (mô phỏng)", certified: true });

  return {
    code,
    currentCode,
    agency: { id: globalIdOf(agency), owners, search: "", values: { contactEmail: plain("lienhe@example.gov.vn") } },
    enterprise: {
      id: globalIdOf(enterprise),
      owners,
      search: names.enterprise.replace(" (mô phỏng)", ""),
      taxCode: enterprise.taxCode,
      values: { taxCode: plain(enterprise.taxCode), address: plain("Số 1, đường Thử nghiệm"), employees: plain(42), annualRevenueVnd: plain("12500000000") },
    },
    otherEnterpriseTaxCode: names.taxCodes[1],
    listing: {
      id: globalIdOf(listing),
      owners,
      search: `Cung cấp nông sản ma trận ${names.province}`,
      values: { contactName: plain("Nguyễn Văn An"), contactPhone: plain("0262 3812 345"), contactEmail: plain("kinhdoanh@example.vn") },
    },
    assessment: {
      id: globalIdOf(assessment),
      owners,
      search: "",
      values: {
        technologyScore: plain(24),
        efficiencyScore: plain(14),
        organisationScore: plain(10),
        researchScore: plain(8),
        innovationScore: plain(6),
        totalScore: plain(62),
        synchronyCoefficient: plain(assessment.synchronyCoefficient),
        criterionScores: { select: "{ criterion }", value: [{ criterion: 1 }] },
        assessorRecommendations: plain("Đầu tư dây chuyền rang xay khép kín và hệ thống truy xuất nguồn gốc."),
      },
    },
    draftAssessmentId: globalIdOf(draft),
    criterion: { id: globalIdOf(assessment), owners, search: "", values: { criterion: plain(1), score: plain(4.5), maxScore: plain(5), group: plain("T") } },
    memorandum: { id: globalIdOf(memorandum), owners, search: "", values: { valueVnd: plain("2500000000") } },
    eventSearch: names.event,
    tradeFlow: { id: globalIdOf(flow), owners: [code, "VN-SG"], search: "", commodityCode: commodity.code, values: { valueVnd: plain("4200000000") } },
    trainingLink: {
      id: globalIdOf(link),
      owners,
      search: names.link,
      values: { budgetVnd: plain("350000000"), participants: { select: "{ fullName }", value: [{ fullName: names.participant }] } },
    },
    institutionSearch: names.institution.replace(" (mô phỏng)", ""),
    participant: {
      id: globalIdOf(participant),
      owners,
      search: "",
      values: {
        fullName: plain(names.participant),
        position: plain("Điều dưỡng trưởng"),
        workplace: plain("Trung tâm Y tế huyện (mô phỏng)"),
        certified: plain(true),
        link: { select: "{ id }", value: { id: toGlobalId("TrainingLink", link.id) } },
      },
    },
    cells: [
      // The first of the food-manufacturing cell's assessments is the world's enterprise's own.
      { sectorCode: "10", records: sector10.length, ownEnterpriseRecords: 1, averages: averagesOf(sector10) },
      { sectorCode: "22", records: 1, ownEnterpriseRecords: 0, averages: averagesOf([rubber]) },
    ],
  };
}
