import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { Dataset } from "../common/visibility.js";
import { Institution } from "./institution.entity.js";

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
@ObjectType({
  implements: [Node, HubRecord],
  description: "A training programme of an institution (a degree, a short course, continuing medical education…); owned by the institution's province.",
})
@Classified(Classification.PUBLIC)
export class Programme extends HubRecord {
  @ManyToOne(() => Institution, { ref: true })
  @Index()
  institution!: Ref<Institution>;

  @Property({ type: "text" })
  @Field({ description: 'Vietnamese name of the programme, e.g. "Công nghệ thực phẩm" or "Quản lý chất lượng bệnh viện".' })
  name!: string;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: 'English name, e.g. "Food technology".' })
  nameEn!: string | null;

  /** Name, English name and discipline name folded together, so a search finds any of them. */
  @Property({ type: "text" })
  searchName!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @Property({ type: "string", length: 8 })
  @Field({
    description:
      'Code in the Vietnamese list of training disciplines (Circular 09/2022/TT-BGDĐT for higher education), e.g. "7540101" food technology, "7720301" nursing. Its leading digits group related disciplines ("772" health).',
  })
  disciplineCode!: string;

  @Property({ type: "text" })
  @Field({ description: 'Name of the discipline in that list, e.g. "Công nghệ thực phẩm", "Điều dưỡng".' })
  disciplineName!: string;

  @Property({ type: "string" })
  @Field(() => ProgrammeLevel, { description: "Degree, short course, vocational or continuing medical education." })
  level!: ProgrammeLevel;

  get dataset(): Dataset {
    return Dataset.TRAINING;
  }
}
