import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
import { AdministrativeUnitEntity } from "../reference/administrative-unit.entity.js";
import { AgencyEntity } from "../reference/agency.entity.js";
import { InstitutionEntity } from "./institution.entity.js";
import { ProgrammeEntity } from "./programme.entity.js";

export enum TrainingLinkKind {
  TECHNIQUE_TRANSFER = "TECHNIQUE_TRANSFER",
  COURSE = "COURSE",
  SCHOLARSHIP = "SCHOLARSHIP",
  INTERNSHIP = "INTERNSHIP",
  JOINT_RESEARCH = "JOINT_RESEARCH",
  STUDY_VISIT = "STUDY_VISIT",
  MEDICAL_OUTREACH = "MEDICAL_OUTREACH",
}
registerEnumType(TrainingLinkKind, {
  name: "TrainingLinkKind",
  description: "What an institution does with a partner province in a training link.",
  valuesConfig: {
    TECHNIQUE_TRANSFER: { description: "Transfer of (medical) techniques to the partner's staff (chuyển giao kỹ thuật)." },
    COURSE: { description: "A course or training class for the partner's staff (lớp đào tạo, bồi dưỡng)." },
    SCHOLARSHIP: { description: "Scholarships or funded study places for the partner province's students or staff." },
    INTERNSHIP: { description: "Internships or practical placements (thực tập) at the institution or the partner." },
    JOINT_RESEARCH: { description: "Joint research between the institution and the partner." },
    STUDY_VISIT: { description: "Study visits of the partner's staff to the institution (tham quan, học tập kinh nghiệm)." },
    MEDICAL_OUTREACH: { description: "Medical outreach in the partner province, e.g. free cataract operations for poor residents." },
  },
});

export enum TrainingLinkStatus {
  PLANNED = "PLANNED",
  ONGOING = "ONGOING",
  COMPLETED = "COMPLETED",
  CANCELLED = "CANCELLED",
}
registerEnumType(TrainingLinkStatus, {
  name: "TrainingLinkStatus",
  description: "Where a training link stands.",
  valuesConfig: {
    PLANNED: { description: "Agreed, not started." },
    ONGOING: { description: "Under way." },
    COMPLETED: { description: "Finished; its outcomes are final." },
    CANCELLED: { description: "Cancelled before completion." },
  },
});

/**
 * A link between an institution and a partner province (and, where known, a partner organisation
 * there). It is owned by both sides: the institution's province and the partner province.
 */
@Entity({ tableName: "training_link" })
export class TrainingLinkEntity extends HubRecord {
  /** Optimistic concurrency: each change states the version it read, and a stale one is refused with CONFLICT. */
  @Property({ type: "integer", default: 1 })
  version: number = 1;

  @Property({ type: "string" })
  @Unique()
  code!: string;

  @ManyToOne(() => InstitutionEntity, { ref: true })
  @Index()
  institution!: Ref<InstitutionEntity>;

  @ManyToOne(() => ProgrammeEntity, { ref: true, nullable: true })
  @Index()
  programme!: Ref<ProgrammeEntity> | null;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "partner_province_code" })
  @Index()
  partnerProvince!: Ref<AdministrativeUnitEntity>;

  @Property({ type: "text", nullable: true })
  partnerOrganisation!: string | null;

  @Property({ type: "string" })
  kind!: TrainingLinkKind;

  @Property({ type: "text" })
  title!: string;

  /** Title and partner organisation folded, for search. */
  @Property({ type: "text" })
  searchName!: string;

  @Property({ type: "date" })
  @Index()
  periodFrom!: string;

  @Property({ type: "date", nullable: true })
  periodTo!: string | null;

  @Property({ type: "integer", nullable: true })
  participantCount!: number | null;

  @Property({ type: "decimal", precision: 20, scale: 0, nullable: true })
  budgetVnd!: string | null;

  @Property({ type: "string" })
  status!: TrainingLinkStatus;

  /** The agency that contributed the link: its province writes it (both sides read it as owners). Null for links loaded before contributions were recorded. */
  @ManyToOne(() => AgencyEntity, { ref: true, nullable: true })
  sourceAgency: Ref<AgencyEntity> | null = null;

  /** Figures the sources do not give and the demo data made up (the brief asks that they be marked). */
  @Property({ type: "boolean", default: false })
  synthetic!: boolean;
}

/** The owners of a link (and of its participants and outcomes): the institution's province and the partner province. */
export function trainingLinkOwners(institutionProvinceCode: string, partnerProvinceCode: string): string[] {
  return [...new Set([institutionProvinceCode, partnerProvinceCode])];
}
