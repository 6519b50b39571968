import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
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
export class InstitutionEntity extends HubRecord {
  @Property({ type: "string" })
  @Unique()
  code!: string;

  @Property({ type: "string" })
  kind!: InstitutionKind;

  @Property({ type: "text" })
  name!: string;

  @Property({ type: "text", nullable: true })
  nameEn!: string | null;

  @Property({ type: "string", nullable: true })
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
  managingBodyName!: string | null;

  @Property({ type: "string", nullable: true })
  website!: string | null;
}
