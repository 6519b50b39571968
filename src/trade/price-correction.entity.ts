import { Entity, ManyToOne, Property, type Ref } from "@mikro-orm/core";
import { Field, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { DecimalScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { Agency } from "../reference/index.js";
import { PriceObservation } from "./price-observation.entity.js";

/** An earlier value of a corrected price observation: corrections never erase what was reported. */
@Entity({ tableName: "price_correction" })
@ObjectType({ implements: [Node, HubRecord], description: "A correction of a price observation: the value it replaced, why, by whom and when. Owned as its observation." })
@Classified(Classification.PUBLIC)
export class PriceCorrection extends HubRecord {
  @ManyToOne(() => PriceObservation, { ref: true })
  observation!: Ref<PriceObservation>;

  @Property({ type: "integer" })
  @Field(() => Int, { description: "The observation's version this correction replaced (1 for the value first reported)." })
  revision!: number;

  @Property({ type: "decimal", precision: 18, scale: 0 })
  @Field(() => DecimalScalar, { description: "The price before the correction, in VND per the observation's unit." })
  previousPriceVnd!: string;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "The note before the correction." })
  previousNote!: string | null;

  @Property({ type: "text" })
  @Field({ description: 'Why it was corrected, e.g. "nhập nhầm đơn vị (nghìn đồng)".' })
  reason!: string;

  @ManyToOne(() => AgencyEntity, { ref: true })
  correctedBy!: Ref<AgencyEntity>;

  @Property({ type: "timestamptz" })
  @Field(() => Date, { description: "When it was corrected." })
  correctedAt!: Date;

  get dataset(): Dataset {
    return Dataset.TRADE;
  }
}
