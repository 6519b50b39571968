/**
 * Technology demo data: Circular 17/2019/TT-BKHCN assessments of the demo enterprises by their
 * provinces' departments of science and technology. Scores are synthetic; totals, synchrony
 * coefficients and levels are computed by the domain from the group scores, as for real ones.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { GroupScores } from "../src/technology/levels.js";
import type { DemoReference } from "./demo.js";
import { createTestAssessment } from "./factories/technology.js";

const ASSESSMENTS: { enterprise: string; assessor: string; assessedOn: string; scores: GroupScores; published: boolean; recommendations?: string }[] = [
  { enterprise: "dlk-coffee-1", assessor: "VN-33-SKHCN", assessedOn: "2024-10-15", scores: { T: 19, E: 12, O: 11, R: 8, I: 7 }, published: true },
  { enterprise: "dlk-coffee-1", assessor: "VN-33-SKHCN", assessedOn: "2026-09-20", scores: { T: 23, E: 15, O: 14, R: 10, I: 9 }, published: true, recommendations: "Đầu tư dây chuyền rang xay tự động; xây dựng phòng thí nghiệm kiểm định chất lượng." },
  { enterprise: "dlk-coffee-2", assessor: "VN-33-SKHCN", assessedOn: "2026-08-12", scores: { T: 14, E: 10, O: 9, R: 5, I: 4 }, published: true, recommendations: "Chuẩn hóa quy trình sơ chế ướt; đào tạo quản lý chất lượng cho xã viên." },
  { enterprise: "dlk-coffee-3", assessor: "VN-33-SKHCN", assessedOn: "2026-06-03", scores: { T: 25, E: 17, O: 15, R: 13, I: 11 }, published: true },
  { enterprise: "dlk-coffee-3", assessor: "VN-33-SKHCN", assessedOn: "2026-11-10", scores: { T: 26, E: 17, O: 16, R: 13, I: 11 }, published: false, recommendations: "Bản nháp: đang thẩm định lại tiêu chí R." },
  { enterprise: "dlk-durian", assessor: "VN-33-SKHCN", assessedOn: "2025-11-05", scores: { T: 12, E: 8, O: 8, R: 4, I: 3 }, published: true },
  { enterprise: "dlk-pepper", assessor: "VN-33-SKHCN", assessedOn: "2025-05-21", scores: { T: 8, E: 6, O: 5, R: 3, I: 2 }, published: true },
  { enterprise: "lam-veg", assessor: "VN-35-SKHCN", assessedOn: "2026-04-09", scores: { T: 22, E: 15, O: 13, R: 10, I: 9 }, published: true },
  { enterprise: "lam-tea", assessor: "VN-35-SKHCN", assessedOn: "2026-02-17", scores: { T: 20, E: 13, O: 12, R: 8, I: 7 }, published: true },
  { enterprise: "dno-coffee", assessor: "VN-35-SKHCN", assessedOn: "2025-03-14", scores: { T: 13, E: 9, O: 8, R: 5, I: 4 }, published: true },
  { enterprise: "gla-pepper", assessor: "VN-30-SKHCN", assessedOn: "2025-09-30", scores: { T: 21, E: 14, O: 13, R: 9, I: 8 }, published: true },
  { enterprise: "gla-coffee", assessor: "VN-30-SKHCN", assessedOn: "2026-07-22", scores: { T: 15, E: 11, O: 10, R: 6, I: 5 }, published: true },
  { enterprise: "ktm-ginseng", assessor: "VN-28-SKHCN", assessedOn: "2025-04-02", scores: { T: 17, E: 12, O: 11, R: 9, I: 6 }, published: true },
  { enterprise: "hcm-coffee", assessor: "VN-SG-SKHCN", assessedOn: "2026-05-18", scores: { T: 27, E: 18, O: 16, R: 14, I: 12 }, published: true },
];

export async function seedTechnology(em: EntityManager, reference: DemoReference): Promise<void> {
  for (const assessment of ASSESSMENTS) {
    await createTestAssessment(em, {
      enterprise: reference.enterprises.get(assessment.enterprise)!,
      assessor: reference.agencies.get(assessment.assessor)!,
      assessedOn: assessment.assessedOn,
      scores: assessment.scores,
      assessorRecommendations: assessment.recommendations,
      published: assessment.published,
    });
  }
}
