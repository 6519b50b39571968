/** Agreement factory for the tests: an agreement in any state, as the workflow would have left it. */
import type { EntityManager } from "@mikro-orm/postgresql";
import { Dataset } from "../../src/common/visibility.js";
import { AdministrativeUnitEntity } from "../../src/reference/administrative-unit.entity.js";
import { AgreementDecision, AgreementEntity } from "../../src/sharing/agreement.entity.js";
import { createAgency, unique } from "./reference.js";

export async function createAgreement(
  em: EntityManager,
  values: { grantor: string; grantee: string; decision: AgreementDecision; periodFrom?: string; periodTo: string; datasets?: Dataset[] },
): Promise<AgreementEntity> {
  const requester = await createAgency(em, { provinceCode: values.grantee });
  const decided = values.decision !== AgreementDecision.REQUESTED;
  const decider = decided ? await createAgency(em, { provinceCode: values.grantor }) : null;
  const agreement = em.create(AgreementEntity, {
    reference: `TEST-${unique()}`,
    grantor: em.getReference(AdministrativeUnitEntity, values.grantor),
    grantee: em.getReference(AdministrativeUnitEntity, values.grantee),
    requestedBy: requester,
    datasets: values.datasets ?? [Dataset.TECHNOLOGY],
    purpose: "Đánh giá trình độ công nghệ doanh nghiệp chế biến cà phê",
    legalBasis: "Chương trình hợp tác TP.HCM – Tây Nguyên",
    periodFrom: values.periodFrom ?? "2026-01-01",
    periodTo: values.periodTo,
    decision: values.decision,
    requestedAt: new Date("2025-12-15T02:00:00Z"),
    decidedAt: decided ? new Date("2025-12-20T02:00:00Z") : null,
    decidedBy: decider,
    declineReason: values.decision === AgreementDecision.DECLINED ? "Dữ liệu chưa được công bố" : null,
    declineLegalBasis: values.decision === AgreementDecision.DECLINED ? "Nghị định 194/2025/NĐ-CP" : null,
    revokedAt: values.decision === AgreementDecision.REVOKED ? new Date("2026-01-20T02:00:00Z") : null,
    revokeReason: values.decision === AgreementDecision.REVOKED ? "Hết nhu cầu sử dụng dữ liệu" : null,
    ownerProvinceCodes: [values.grantor, values.grantee],
  });
  await em.flush();
  return agreement;
}
