import { Field, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { OwnedRecord } from "../common/owned-record.js";
import { DecimalScalar, LocalDateScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { InstitutionKind } from "./institution.entity.js";
import { ProgrammeLevel } from "./programme.entity.js";
import { TrainingLinkKind, TrainingLinkStatus } from "./training-link.entity.js";
import { TrainingOutcomeKind } from "./training-outcome.entity.js";

/**
 * The read models of the training domain (see src/common/read-model.ts): what readers see of
 * institutions, programmes, training links, their outcomes and rosters, filled from their tables'
 * rows. References are their foreign keys (`provinceCode`, `institutionId`, `linkId`…).
 */

/** What every training read model shares: its dataset, which agreements name. */
abstract class TrainingRecord extends OwnedRecord {
  get dataset(): Dataset {
    return Dataset.TRAINING;
  }
}

/** An institution as readers see it; `provinceCode` and `managingAgencyId` are its references. */
@ObjectType({
  implements: [Node, OwnedRecord],
  description: "A university, institute, hospital, training centre or department that runs training links with the provinces; owned by its province.",
})
@Classified(Classification.PUBLIC)
export class Institution extends TrainingRecord {
  @Field({ description: 'Stable code of the institution, e.g. "VN-SG-BV-MAT" (HCMC Eye Hospital). Natural key.' })
  code!: string;

  @Field(() => InstitutionKind, { description: "University, institute, hospital, training centre, vocational college or department." })
  kind!: InstitutionKind;

  @Field({ description: 'Official Vietnamese name, e.g. "Bệnh viện Mắt Thành phố Hồ Chí Minh".' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'English name, e.g. "Ho Chi Minh City Eye Hospital".' })
  nameEn!: string | null;

  @Field(() => String, { nullable: true, description: 'Usual short name or abbreviation, e.g. "UMP" or "BV Nhi Đồng 1".' })
  shortName!: string | null;

  searchName!: string;

  sortName!: string;

  provinceCode!: string;

  /** Null when the managing body is not an agency of the hub. */
  managingAgencyId!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Name of the managing body when it is not an agency of the hub, e.g. "Bộ Y tế" (Ministry of Health) for a ministry-run hospital.',
  })
  managingBodyName!: string | null;

  @Field(() => String, { nullable: true, description: 'Public website, e.g. "https://www.ump.edu.vn".' })
  website!: string | null;
}

/** A programme as readers see it, under its institution (`institutionId`). */
@ObjectType({
  implements: [Node, OwnedRecord],
  description: "A training programme of an institution (a degree, a short course, continuing medical education…); owned by the institution's province.",
})
@Classified(Classification.PUBLIC)
export class Programme extends TrainingRecord {
  institutionId!: number;

  @Field({ description: 'Vietnamese name of the programme, e.g. "Công nghệ thực phẩm" or "Quản lý chất lượng bệnh viện".' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'English name, e.g. "Food technology".' })
  nameEn!: string | null;

  searchName!: string;

  sortName!: string;

  @Field({
    description:
      'Code in the Vietnamese list of training disciplines (Circular 09/2022/TT-BGDĐT for higher education), e.g. "7540101" food technology, "7720301" nursing. Its leading digits group related disciplines ("772" health).',
  })
  disciplineCode!: string;

  @Field({ description: 'Name of the discipline in that list, e.g. "Công nghệ thực phẩm", "Điều dưỡng".' })
  disciplineName!: string;

  @Field(() => ProgrammeLevel, { description: "Degree, short course, vocational or continuing medical education." })
  level!: ProgrammeLevel;
}

/** A training link as readers see it: its institution, programme, partner province and contributing agency are keys. */
@ObjectType({
  implements: [Node, OwnedRecord],
  description:
    "A training link: an institution's technique transfer, course, scholarship, internship, joint research, study visit or outreach with a partner province. Owned by the institution's province and the partner province.",
})
@Classified(Classification.PUBLIC)
export class TrainingLink extends TrainingRecord {
  @Field(() => Int, { description: "The record's version, 1 when created and one more with each change. Pass it to a change (Changes by either owning province): a change based on an older version is refused with CONFLICT." })
  version!: number;

  @Field({ description: 'Stable code of the link, e.g. "TL-VNSG-BVMAT-VN28-2017". Natural key.' })
  code!: string;

  institutionId!: number;

  programmeId!: number | null;

  partnerProvinceCode!: string;

  @Field(() => String, { nullable: true, description: 'The partner organisation in the partner province, e.g. "Bệnh viện Đa khoa tỉnh Kon Tum".' })
  partnerOrganisation!: string | null;

  @Field(() => TrainingLinkKind, { description: "Technique transfer, course, scholarship, internship, joint research, study visit or medical outreach." })
  kind!: TrainingLinkKind;

  @Field({ description: 'What the link is, e.g. "Chuyển giao kỹ thuật phẫu thuật Phaco cho Bệnh viện Đa khoa tỉnh Kon Tum".' })
  title!: string;

  searchName!: string;

  @Field(() => LocalDateScalar, { description: "First day of the link." })
  periodFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day of the link; null while it is open-ended." })
  periodTo!: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "How many people took part (a public figure; the named roster is `participants`). Everyone trained took part, so the hub keeps it no lower than the link's PEOPLE_TRAINED outcomes: a contributor's count below one is refused, and a link recorded without a count takes its greatest PEOPLE_TRAINED figure (or its roster's size, if larger). Null when nothing tells how many took part.",
  })
  participantCount!: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Budget of the link in VND. Null when not reported or withheld." })
  @Classified(Classification.RESTRICTED)
  budgetVnd!: string | null;

  @Field(() => TrainingLinkStatus, { description: "Planned, ongoing, completed or cancelled." })
  status!: TrainingLinkStatus;

  /** The contributing agency; null for links loaded before contributions were recorded. */
  sourceAgencyId!: number | null;

  synthetic!: boolean;
}

/** An outcome as readers see it, under its link (`linkId`). */
@ObjectType({ implements: [Node, OwnedRecord], description: "A measured result of a training link (techniques transferred, people certified, patients treated…). Owned as its link." })
@Classified(Classification.PUBLIC)
export class TrainingOutcome extends TrainingRecord {
  linkId!: number;

  @Field(() => TrainingOutcomeKind, { description: "What the value counts." })
  kind!: TrainingOutcomeKind;

  @Field(() => Int, { description: "The measured value, in the unit the kind names (techniques, people, patients, rounds, courses)." })
  value!: number;

  @Field(() => String, { nullable: true, description: 'What was measured, e.g. "Phẫu thuật đục thủy tinh thể miễn phí cho người nghèo".' })
  description!: string | null;

  @Field(() => LocalDateScalar, { description: "The day the value was recorded (the end of the period it covers)." })
  recordedOn!: string;
}

/** A roster entry as readers see it (CONFIDENTIAL as a whole; its row rule is on the entity, training.policy.ts). */
@ObjectType({
  implements: [Node, OwnedRecord],
  description:
    "A person on a training link's roster (personal data under Decree 13/2023/ND-CP and Law 91/2025/QH15: readable only by agencies of the owning provinces). Owned as its link.",
})
@Classified(Classification.CONFIDENTIAL)
export class TrainingParticipant extends TrainingRecord {
  linkId!: number;

  @Field(() => String, { nullable: true, description: "Full name with diacritics." })
  fullName!: string;

  sortName!: string;

  @Field(() => String, { nullable: true, description: 'Role or position, e.g. "Điều dưỡng trưởng khoa" or "Hiệu trưởng".' })
  position!: string | null;

  @Field(() => String, { nullable: true, description: 'Workplace, e.g. "Bệnh viện Đa khoa tỉnh Kon Tum"; empty when not recorded.' })
  workplace!: string;

  @Field(() => Boolean, { nullable: true, description: "Whether the person received the link's certificate." })
  certified!: boolean;
}
