import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
import { InstitutionEntity } from "./institution.entity.js";

export enum ProgrammeLevel {
  BACHELOR = "BACHELOR",
  MASTER = "MASTER",
  DOCTORATE = "DOCTORATE",
  SHORT_COURSE = "SHORT_COURSE",
  VOCATIONAL = "VOCATIONAL",
  CONTINUING_MEDICAL_EDUCATION = "CONTINUING_MEDICAL_EDUCATION",
}
registerEnumType(ProgrammeLevel, {
  name: "ProgrammeLevel",
  description: "The level of a training programme.",
  valuesConfig: {
    BACHELOR: { description: "University degree (đại học), discipline codes of level 7 (e.g. 7720301 Điều dưỡng)." },
    MASTER: { description: "Master's degree (thạc sĩ), discipline codes of level 8." },
    DOCTORATE: { description: "Doctorate (tiến sĩ), discipline codes of level 9." },
    SHORT_COURSE: { description: "A short course or management course with a certificate (bồi dưỡng ngắn hạn)." },
    VOCATIONAL: { description: "Vocational training (giáo dục nghề nghiệp): intermediate or college level." },
    CONTINUING_MEDICAL_EDUCATION: { description: "Continuing medical education for health staff (đào tạo liên tục, Circular 32/2023/TT-BYT)." },
  },
});

/** A programme an institution runs, classified by the Vietnamese list of training disciplines. */
@Entity({ tableName: "programme" })
@Unique({ properties: ["institution", "level", "name"] })
export class ProgrammeEntity extends HubRecord {
  @ManyToOne(() => InstitutionEntity, { ref: true })
  @Index()
  institution!: Ref<InstitutionEntity>;

  @Property({ type: "text" })
  name!: string;

  @Property({ type: "text", nullable: true })
  nameEn!: string | null;

  /** Name, English name and discipline name folded together, so a search finds any of them. */
  @Property({ type: "text" })
  searchName!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @Property({ type: "string", length: 8 })
  disciplineCode!: string;

  @Property({ type: "text" })
  disciplineName!: string;

  @Property({ type: "string" })
  level!: ProgrammeLevel;
}
