/**
 * Training-domain factories: institutions, programmes, links, rosters and outcomes, with valid
 * defaults. Owners follow the brief: an institution and its programmes belong to its province; a
 * link, its participants and its outcomes to the institution's province and the partner province.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import { foldForSearch, vietnameseSortKey } from "../../src/common/text.js";
import { AdministrativeUnitEntity } from "../../src/reference/administrative-unit.entity.js";
import { AgencyEntity } from "../../src/reference/agency.entity.js";
import { toReadModel, type ReadModelClass } from "../../src/common/read-model.js";
import { InstitutionEntity, InstitutionKind } from "../../src/training/institution.entity.js";
import { ProgrammeEntity, ProgrammeLevel } from "../../src/training/programme.entity.js";
import { TrainingLinkEntity, TrainingLinkKind, TrainingLinkStatus, trainingLinkOwners } from "../../src/training/training-link.entity.js";
import { TrainingOutcomeEntity, type TrainingOutcomeKind } from "../../src/training/training-outcome.entity.js";
import { TrainingParticipantEntity } from "../../src/training/training-participant.entity.js";
// The domain's index pairs each read model with its entity (defineReadModel).
import { Institution, Programme, TrainingLink, TrainingOutcome, TrainingParticipant } from "../../src/training/index.js";
import { unique } from "./reference.js";

/** What a record the factory made looks like to readers: its read model (global id, foreign keys). */
function asRead<T extends object>(em: EntityManager, model: ReadModelClass<T>, entity: object): T {
  // Mapping a row needs only the ORM's metadata, which any entity manager has.
  return toReadModel({ em }, model, entity);
}

export async function createInstitution(
  em: EntityManager,
  overrides: Partial<Pick<Institution, "code" | "name" | "nameEn" | "shortName" | "kind" | "website" | "managingBodyName">> & {
    provinceCode: string;
    managingAgencyId?: number;
  },
): Promise<Institution> {
  const name = overrides.name ?? `Trung tâm Đào tạo Thử nghiệm ${unique()}`;
  const nameEn = overrides.nameEn ?? null;
  const shortName = overrides.shortName ?? null;
  const institution = em.create(InstitutionEntity, {
    code: overrides.code ?? `${overrides.provinceCode}-INST-${unique()}`,
    kind: overrides.kind ?? InstitutionKind.TRAINING_CENTRE,
    name,
    nameEn,
    shortName,
    searchName: foldForSearch([name, nameEn, shortName].filter(Boolean).join(" ")),
    sortName: vietnameseSortKey(name),
    province: em.getReference(AdministrativeUnitEntity, overrides.provinceCode),
    managingAgency: overrides.managingAgencyId ? em.getReference(AgencyEntity, overrides.managingAgencyId) : null,
    managingBodyName: overrides.managingBodyName ?? null,
    website: overrides.website ?? null,
    ownerProvinceCodes: [overrides.provinceCode],
  });
  await em.flush();
  return asRead(em, Institution, institution);
}

export async function createProgramme(
  em: EntityManager,
  overrides: Partial<Pick<Programme, "name" | "nameEn" | "disciplineCode" | "disciplineName" | "level">> & { institution: Institution },
): Promise<Programme> {
  const name = overrides.name ?? `Chương trình thử nghiệm ${unique()}`;
  const disciplineName = overrides.disciplineName ?? "Quản lý bệnh viện";
  const programme = em.create(ProgrammeEntity, {
    institution: em.getReference(InstitutionEntity, overrides.institution.id),
    name,
    nameEn: overrides.nameEn ?? null,
    searchName: foldForSearch([name, overrides.nameEn, disciplineName].filter(Boolean).join(" ")),
    sortName: vietnameseSortKey(name),
    disciplineCode: overrides.disciplineCode ?? "7720802",
    disciplineName,
    level: overrides.level ?? ProgrammeLevel.SHORT_COURSE,
    ownerProvinceCodes: [...overrides.institution.ownerProvinceCodes],
  });
  await em.flush();
  return asRead(em, Programme, programme);
}

export async function createTrainingLink(
  em: EntityManager,
  overrides: Partial<
    Pick<TrainingLink, "code" | "kind" | "title" | "partnerOrganisation" | "periodFrom" | "periodTo" | "participantCount" | "budgetVnd" | "status" | "synthetic">
  > & { institution: Institution; programme?: Programme | null; partnerProvinceCode: string },
): Promise<TrainingLink> {
  const title = overrides.title ?? `Liên kết đào tạo thử nghiệm ${unique()}`;
  const partnerOrganisation = overrides.partnerOrganisation ?? null;
  const link = em.create(TrainingLinkEntity, {
    code: overrides.code ?? `TL-${unique()}`,
    institution: em.getReference(InstitutionEntity, overrides.institution.id),
    programme: overrides.programme ? em.getReference(ProgrammeEntity, overrides.programme.id) : null,
    partnerProvince: em.getReference(AdministrativeUnitEntity, overrides.partnerProvinceCode),
    partnerOrganisation,
    kind: overrides.kind ?? TrainingLinkKind.COURSE,
    title,
    searchName: foldForSearch([title, partnerOrganisation].filter(Boolean).join(" ")),
    periodFrom: overrides.periodFrom ?? "2019-01-01",
    periodTo: overrides.periodTo === undefined ? "2019-12-31" : overrides.periodTo,
    participantCount: overrides.participantCount ?? null,
    budgetVnd: overrides.budgetVnd ?? null,
    status: overrides.status ?? TrainingLinkStatus.COMPLETED,
    synthetic: overrides.synthetic ?? true,
    ownerProvinceCodes: trainingLinkOwners(overrides.institution.provinceCode, overrides.partnerProvinceCode),
  });
  await em.flush();
  return asRead(em, TrainingLink, link);
}

export async function createParticipant(
  em: EntityManager,
  overrides: Partial<Pick<TrainingParticipant, "position" | "workplace" | "certified">> & { link: TrainingLink; fullName: string },
): Promise<TrainingParticipant> {
  const participant = em.create(TrainingParticipantEntity, {
    link: em.getReference(TrainingLinkEntity, overrides.link.id),
    fullName: overrides.fullName,
    sortName: vietnameseSortKey(overrides.fullName),
    position: overrides.position ?? null,
    workplace: overrides.workplace ?? "",
    certified: overrides.certified ?? true,
    ownerProvinceCodes: [...overrides.link.ownerProvinceCodes],
  });
  await em.flush();
  return asRead(em, TrainingParticipant, participant);
}

export async function createOutcome(
  em: EntityManager,
  overrides: Partial<Pick<TrainingOutcome, "description" | "recordedOn">> & { link: TrainingLink; kind: TrainingOutcomeKind; value: number },
): Promise<TrainingOutcome> {
  const outcome = em.create(TrainingOutcomeEntity, {
    link: em.getReference(TrainingLinkEntity, overrides.link.id),
    kind: overrides.kind,
    value: overrides.value,
    description: overrides.description ?? null,
    recordedOn: overrides.recordedOn ?? overrides.link.periodTo ?? overrides.link.periodFrom,
    ownerProvinceCodes: [...overrides.link.ownerProvinceCodes],
  });
  await em.flush();
  return asRead(em, TrainingOutcome, outcome);
}
