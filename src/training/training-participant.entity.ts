import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { Dataset } from "../common/visibility.js";
import { TrainingLink } from "./training-link.entity.js";

/**
 * One person on a link's roster. Names, positions and workplaces are personal data under Decree
 * 13/2023/ND-CP and, from 1 January 2026, the Law on Personal Data Protection (91/2025/QH15): the
 * whole record is CONFIDENTIAL, readable only by the owning provinces' agencies.
 */
@Entity({ tableName: "training_participant" })
@Unique({ properties: ["link", "fullName", "workplace"] })
@ObjectType({
  implements: [Node, HubRecord],
  description:
    "A person on a training link's roster (personal data under Decree 13/2023/ND-CP and Law 91/2025/QH15: readable only by agencies of the owning provinces). Owned as its link.",
})
@Classified(Classification.CONFIDENTIAL)
export class TrainingParticipant extends HubRecord {
  @ManyToOne(() => TrainingLink, { ref: true })
  @Index()
  link!: Ref<TrainingLink>;

  @Property({ type: "text" })
  @Field(() => String, { nullable: true, description: "Full name with diacritics." })
  fullName!: string;

  @Property({ type: "text" })
  sortName!: string;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: 'Role or position, e.g. "Điều dưỡng trưởng khoa" or "Hiệu trưởng".' })
  position!: string | null;

  @Property({ type: "string", default: "" })
  @Field(() => String, { nullable: true, description: 'Workplace, e.g. "Bệnh viện Đa khoa tỉnh Kon Tum"; empty when not recorded.' })
  workplace: string = "";

  @Property({ type: "boolean", default: false })
  @Field(() => Boolean, { nullable: true, description: "Whether the person received the link's certificate." })
  certified!: boolean;

  get dataset(): Dataset {
    return Dataset.TRAINING;
  }
}
