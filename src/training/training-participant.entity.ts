import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { HubRecord } from "../common/record.entity.js";
import { TrainingLinkEntity } from "./training-link.entity.js";

/**
 * One person on a link's roster. Names, positions and workplaces are personal data under Decree
 * 13/2023/ND-CP and, from 1 January 2026, the Law on Personal Data Protection (91/2025/QH15): the
 * whole record is CONFIDENTIAL, readable only by the owning provinces' agencies.
 */
@Entity({ tableName: "training_participant" })
@Unique({ properties: ["link", "fullName", "workplace"] })
export class TrainingParticipantEntity extends HubRecord {
  @ManyToOne(() => TrainingLinkEntity, { ref: true })
  @Index()
  link!: Ref<TrainingLinkEntity>;

  @Property({ type: "text" })
  fullName!: string;

  @Property({ type: "text" })
  sortName!: string;

  @Property({ type: "text", nullable: true })
  position!: string | null;

  @Property({ type: "string", default: "" })
  workplace: string = "";

  @Property({ type: "boolean", default: false })
  certified!: boolean;
}
