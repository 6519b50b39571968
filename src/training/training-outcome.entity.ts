import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { LocalDateScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { TrainingLink } from "./training-link.entity.js";

export enum TrainingOutcomeKind {
  TECHNIQUES_TRANSFERRED = "TECHNIQUES_TRANSFERRED",
  PEOPLE_CERTIFIED = "PEOPLE_CERTIFIED",
  PEOPLE_TRAINED = "PEOPLE_TRAINED",
  PATIENTS_TREATED = "PATIENTS_TREATED",
  ROUNDS_DELIVERED = "ROUNDS_DELIVERED",
  COURSES_DELIVERED = "COURSES_DELIVERED",
}
registerEnumType(TrainingOutcomeKind, {
  name: "TrainingOutcomeKind",
  description: "What an outcome of a training link counts.",
  valuesConfig: {
    TECHNIQUES_TRANSFERRED: { description: "Techniques transferred and mastered by the partner (e.g. 11 techniques to Kon Tum)." },
    PEOPLE_CERTIFIED: { description: "People who received a certificate (e.g. 87 Kon Tum school managers)." },
    PEOPLE_TRAINED: { description: "People trained, certified or not (e.g. 33 Kon Tum health staff in hospital quality management)." },
    PATIENTS_TREATED: { description: "Patients examined or operated on (e.g. 899 cataract operations for poor residents)." },
    ROUNDS_DELIVERED: { description: "Rounds of a technique transfer delivered (e.g. 4 rounds to Kon Tum general hospital)." },
    COURSES_DELIVERED: { description: "Courses or classes delivered (e.g. 2 courses for nursing and midwifery lecturers)." },
  },
});

/** A measured result of a link; owned as its link. */
@Entity({ tableName: "training_outcome" })
@Unique({ properties: ["link", "kind", "recordedOn"] })
@ObjectType({ implements: [Node, HubRecord], description: "A measured result of a training link (techniques transferred, people certified, patients treated…). Owned as its link." })
@Classified(Classification.PUBLIC)
export class TrainingOutcome extends HubRecord {
  @ManyToOne(() => TrainingLink, { ref: true })
  @Index()
  link!: Ref<TrainingLink>;

  @Property({ type: "string" })
  @Field(() => TrainingOutcomeKind, { description: "What the value counts." })
  kind!: TrainingOutcomeKind;

  @Property({ type: "integer" })
  @Field(() => Int, { description: "The measured value, in the unit the kind names (techniques, people, patients, rounds, courses)." })
  value!: number;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: 'What was measured, e.g. "Phẫu thuật đục thủy tinh thể miễn phí cho người nghèo".' })
  description!: string | null;

  @Property({ type: "date" })
  @Field(() => LocalDateScalar, { description: "The day the value was recorded (the end of the period it covers)." })
  recordedOn!: string;

  get dataset(): Dataset {
    return Dataset.TRAINING;
  }
}
