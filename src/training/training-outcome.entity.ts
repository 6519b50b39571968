import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
import { TrainingLinkEntity } from "./training-link.entity.js";

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
export class TrainingOutcomeEntity extends HubRecord {
  @ManyToOne(() => TrainingLinkEntity, { ref: true })
  @Index()
  link!: Ref<TrainingLinkEntity>;

  @Property({ type: "string" })
  kind!: TrainingOutcomeKind;

  @Property({ type: "integer" })
  value!: number;

  @Property({ type: "text", nullable: true })
  description!: string | null;

  @Property({ type: "date" })
  recordedOn!: string;
}
