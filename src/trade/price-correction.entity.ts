import { Entity, ManyToOne, Property, type Ref } from "@mikro-orm/core";
import { HubRecord } from "../common/record.entity.js";
import { AgencyEntity } from "../reference/agency.entity.js";
import { PriceObservationEntity } from "./price-observation.entity.js";

/** An earlier value of a corrected price observation: corrections never erase what was reported. */
@Entity({ tableName: "price_correction" })
export class PriceCorrectionEntity extends HubRecord {
  @ManyToOne(() => PriceObservationEntity, { ref: true })
  observation!: Ref<PriceObservationEntity>;

  @Property({ type: "integer" })
  revision!: number;

  @Property({ type: "decimal", precision: 18, scale: 0 })
  previousPriceVnd!: string;

  @Property({ type: "text", nullable: true })
  previousNote!: string | null;

  @Property({ type: "text" })
  reason!: string;

  @ManyToOne(() => AgencyEntity, { ref: true })
  correctedBy!: Ref<AgencyEntity>;

  @Property({ type: "timestamptz" })
  correctedAt!: Date;
}
