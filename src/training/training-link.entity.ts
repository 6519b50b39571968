import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { DecimalScalar, LocalDateScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { AdministrativeUnitEntity } from "../reference/administrative-unit.entity.js";
import { AgencyEntity } from "../reference/agency.entity.js";
import { Institution } from "./institution.entity.js";
import { Programme } from "./programme.entity.js";

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
@ObjectType({
  implements: [Node, HubRecord],
  description:
    "A training link: an institution's technique transfer, course, scholarship, internship, joint research, study visit or outreach with a partner province. Owned by the institution's province and the partner province.",
})
@Classified(Classification.PUBLIC)
export class TrainingLink extends HubRecord {
  /** Optimistic concurrency: each change states the version it read, and a stale one is refused with CONFLICT. */
  @Property({ type: "integer", default: 1 })
  @Field(() => Int, { description: "The record's version, 1 when created and one more with each change. Pass it to a change (Changes by either owning province): a change based on an older version is refused with CONFLICT." })
  version: number = 1;

  @Property({ type: "string" })
  @Unique()
  @Field({ description: 'Stable code of the link, e.g. "TL-VNSG-BVMAT-VN28-2017". Natural key.' })
  code!: string;

  @ManyToOne(() => Institution, { ref: true })
  @Index()
  institution!: Ref<Institution>;

  @ManyToOne(() => Programme, { ref: true, nullable: true })
  @Index()
  programme!: Ref<Programme> | null;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "partner_province_code" })
  @Index()
  partnerProvince!: Ref<AdministrativeUnitEntity>;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: 'The partner organisation in the partner province, e.g. "Bệnh viện Đa khoa tỉnh Kon Tum".' })
  partnerOrganisation!: string | null;

  @Property({ type: "string" })
  @Field(() => TrainingLinkKind, { description: "Technique transfer, course, scholarship, internship, joint research, study visit or medical outreach." })
  kind!: TrainingLinkKind;

  @Property({ type: "text" })
  @Field({ description: 'What the link is, e.g. "Chuyển giao kỹ thuật phẫu thuật Phaco cho Bệnh viện Đa khoa tỉnh Kon Tum".' })
  title!: string;

  /** Title and partner organisation folded, for search. */
  @Property({ type: "text" })
  searchName!: string;

  @Property({ type: "date" })
  @Index()
  @Field(() => LocalDateScalar, { description: "First day of the link." })
  periodFrom!: string;

  @Property({ type: "date", nullable: true })
  @Field(() => LocalDateScalar, { nullable: true, description: "Last day of the link; null while it is open-ended." })
  periodTo!: string | null;

  @Property({ type: "integer", nullable: true })
  @Field(() => Int, { nullable: true, description: "How many people took part (a public figure; the named roster is `participants`). Null when not reported." })
  participantCount!: number | null;

  @Property({ type: "decimal", precision: 20, scale: 0, nullable: true })
  @Field(() => DecimalScalar, { nullable: true, description: "Budget of the link in VND. Null when not reported or withheld." })
  @Classified(Classification.RESTRICTED)
  budgetVnd!: string | null;

  @Property({ type: "string" })
  @Field(() => TrainingLinkStatus, { description: "Planned, ongoing, completed or cancelled." })
  status!: TrainingLinkStatus;

  /** The agency that contributed the link: its province writes it (both sides read it as owners). Null for links loaded before contributions were recorded. */
  @ManyToOne(() => AgencyEntity, { ref: true, nullable: true })
  sourceAgency: Ref<AgencyEntity> | null = null;

  /** Figures the sources do not give and the demo data made up (the brief asks that they be marked). */
  @Property({ type: "boolean", default: false })
  synthetic!: boolean;

  get dataset(): Dataset {
    return Dataset.TRAINING;
  }
}

/** The owners of a link (and of its participants and outcomes): the institution's province and the partner province. */
export function trainingLinkOwners(institutionProvinceCode: string, partnerProvinceCode: string): string[] {
  return [...new Set([institutionProvinceCode, partnerProvinceCode])];
}
