import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { Dataset } from "../common/visibility.js";
import { AdministrativeUnitEntity } from "../reference/administrative-unit.entity.js";
import { AgencyEntity } from "../reference/agency.entity.js";

export enum InstitutionKind {
  UNIVERSITY = "UNIVERSITY",
  INSTITUTE = "INSTITUTE",
  HOSPITAL = "HOSPITAL",
  TRAINING_CENTRE = "TRAINING_CENTRE",
  VOCATIONAL_COLLEGE = "VOCATIONAL_COLLEGE",
  DEPARTMENT = "DEPARTMENT",
}
registerEnumType(InstitutionKind, {
  name: "InstitutionKind",
  description: "What kind of body an institution of the training links is.",
  valuesConfig: {
    UNIVERSITY: { description: "A university or academy (đại học, trường đại học, học viện), e.g. Trường Đại học Y khoa Phạm Ngọc Thạch." },
    INSTITUTE: { description: "A research institute (viện)." },
    HOSPITAL: { description: "A hospital (bệnh viện) that trains staff or transfers techniques, e.g. Bệnh viện Mắt TP.HCM." },
    TRAINING_CENTRE: { description: "A training centre or college of management (trung tâm đào tạo, trường cán bộ quản lý)." },
    VOCATIONAL_COLLEGE: { description: "A vocational college (trường cao đẳng nghề)." },
    DEPARTMENT: { description: "A government department acting as a training provider, e.g. the HCMC Department of Health (Sở Y tế)." },
  },
});

/** A university, institute, hospital or centre that trains people or transfers techniques to the provinces. */
@Entity({ tableName: "institution" })
@ObjectType({
  implements: [Node, HubRecord],
  description: "A university, institute, hospital, training centre or department that runs training links with the provinces; owned by its province.",
})
@Classified(Classification.PUBLIC)
export class Institution extends HubRecord {
  @Property({ type: "string" })
  @Unique()
  @Field({ description: 'Stable code of the institution, e.g. "VN-SG-BV-MAT" (HCMC Eye Hospital). Natural key.' })
  code!: string;

  @Property({ type: "string" })
  @Field(() => InstitutionKind, { description: "University, institute, hospital, training centre, vocational college or department." })
  kind!: InstitutionKind;

  @Property({ type: "text" })
  @Field({ description: 'Official Vietnamese name, e.g. "Bệnh viện Mắt Thành phố Hồ Chí Minh".' })
  name!: string;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: 'English name, e.g. "Ho Chi Minh City Eye Hospital".' })
  nameEn!: string | null;

  @Property({ type: "string", nullable: true })
  @Field(() => String, { nullable: true, description: 'Usual short name or abbreviation, e.g. "UMP" or "BV Nhi Đồng 1".' })
  shortName!: string | null;

  /** Name, English name and short name folded together, so a search finds any of them. */
  @Property({ type: "text" })
  searchName!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "province_code" })
  @Index()
  province!: Ref<AdministrativeUnitEntity>;

  /** The managing agency when it is an agency of the hub (e.g. a provincial Department of Health). */
  @ManyToOne(() => AgencyEntity, { ref: true, nullable: true })
  @Index()
  managingAgency!: Ref<AgencyEntity> | null;

  @Property({ type: "text", nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Name of the managing body when it is not an agency of the hub, e.g. "Bộ Y tế" (Ministry of Health) for a ministry-run hospital.',
  })
  managingBodyName!: string | null;

  @Property({ type: "string", nullable: true })
  @Field(() => String, { nullable: true, description: 'Public website, e.g. "https://www.ump.edu.vn".' })
  website!: string | null;

  get dataset(): Dataset {
    return Dataset.TRAINING;
  }
}
