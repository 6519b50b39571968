/** Sharing demo data: agreements in each state, between real provinces, for synthetic purposes. */
import type { EntityManager } from "@mikro-orm/postgresql";
import { Dataset } from "../src/common/visibility.js";
import { AdministrativeUnitEntity, AgencyEntity } from "../src/reference/index.js";
import { AgreementDecision, AgreementEntity } from "../src/sharing/index.js";
import type { DemoReference } from "./demo.js";

const AGREEMENTS: {
  reference: string;
  grantor: string;
  grantee: string;
  requestedBy: string;
  decidedBy: string | null;
  datasets: Dataset[];
  purpose: string;
  legalBasis: string;
  periodFrom: string;
  periodTo: string;
  decision: AgreementDecision;
  declineReason?: string;
  declineLegalBasis?: string;
}[] = [
  {
    reference: "TTDL-2026-VN33-VNSG-001",
    grantor: "VN-33",
    grantee: "VN-SG",
    requestedBy: "VN-SG-SKHCN",
    decidedBy: "VN-33-SKHCN",
    datasets: [Dataset.TECHNOLOGY],
    purpose: "Xây dựng chương trình hỗ trợ đổi mới công nghệ cho doanh nghiệp chế biến cà phê Đắk Lắk",
    legalBasis: "Chương trình hợp tác phát triển kinh tế – xã hội giữa TP. Hồ Chí Minh và các tỉnh Tây Nguyên",
    periodFrom: "2026-01-01",
    periodTo: "2027-12-31",
    decision: AgreementDecision.APPROVED,
  },
  {
    reference: "TTDL-2025-VN35-VNSG-002",
    grantor: "VN-35",
    grantee: "VN-SG",
    requestedBy: "VN-SG-SCT",
    decidedBy: "VN-35-SCT",
    datasets: [Dataset.TRADE],
    purpose: "Theo dõi nguồn cung rau, hoa Đà Lạt cho các chợ đầu mối TP. Hồ Chí Minh",
    legalBasis: "Chương trình hợp tác phát triển kinh tế – xã hội giữa TP. Hồ Chí Minh và các tỉnh Tây Nguyên",
    periodFrom: "2025-01-01",
    periodTo: "2025-12-31",
    decision: AgreementDecision.APPROVED,
  },
  {
    reference: "TTDL-2026-VNSG-VN29-003",
    grantor: "VN-SG",
    grantee: "VN-29",
    requestedBy: "VN-29-SYT",
    decidedBy: null,
    datasets: [Dataset.TRAINING],
    purpose: "Lập kế hoạch đào tạo nhân lực y tế sau sáp nhập tỉnh Kon Tum vào tỉnh Quảng Ngãi",
    legalBasis: "Nghị quyết 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh",
    periodFrom: "2026-12-01",
    periodTo: "2027-11-30",
    decision: AgreementDecision.REQUESTED,
  },
  {
    reference: "TTDL-2026-VN30-VN33-004",
    grantor: "VN-30",
    grantee: "VN-33",
    requestedBy: "VN-33-SCT",
    decidedBy: "VN-30-SCT",
    datasets: [Dataset.REFERENCE],
    purpose: "So sánh doanh thu doanh nghiệp hồ tiêu giữa hai tỉnh",
    legalBasis: "Đề nghị của Sở Công Thương tỉnh Đắk Lắk",
    periodFrom: "2026-03-01",
    periodTo: "2026-12-31",
    decision: AgreementDecision.DECLINED,
    declineReason: "Số liệu tài chính doanh nghiệp chưa được doanh nghiệp đồng ý chia sẻ.",
    declineLegalBasis: "Nghị định 194/2025/NĐ-CP",
  },
];

export async function seedSharing(em: EntityManager, reference: DemoReference): Promise<void> {
  for (const seed of AGREEMENTS) {
    em.create(AgreementEntity, {
      reference: seed.reference,
      grantor: em.getReference(AdministrativeUnitEntity, seed.grantor),
      grantee: em.getReference(AdministrativeUnitEntity, seed.grantee),
      requestedBy: em.getReference(AgencyEntity, reference.agencies.get(seed.requestedBy)!.id),
      datasets: seed.datasets,
      purpose: seed.purpose,
      legalBasis: seed.legalBasis,
      periodFrom: seed.periodFrom,
      periodTo: seed.periodTo,
      decision: seed.decision,
      // Requested a month before the period starts, decided the day it starts (synthetic dates).
      requestedAt: new Date(Date.parse(`${seed.periodFrom}T02:00:00Z`) - 30 * 86_400_000),
      decidedAt: seed.decidedBy ? new Date(`${seed.periodFrom}T03:00:00Z`) : null,
      decidedBy: seed.decidedBy ? em.getReference(AgencyEntity, reference.agencies.get(seed.decidedBy)!.id) : null,
      declineReason: seed.declineReason ?? null,
      declineLegalBasis: seed.declineLegalBasis ?? null,
      revokedAt: null,
      revokeReason: null,
      ownerProvinceCodes: [seed.grantor, seed.grantee],
    });
  }
  await em.flush();
}
