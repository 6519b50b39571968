import { Entity, Index, Property, Unique } from "@mikro-orm/core";
import { Field, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { Dataset } from "../common/visibility.js";

/** A traded good with its standard unit: prices are always per this unit, never converted. */
@Entity({ tableName: "commodity" })
@ObjectType({ implements: [Node, HubRecord], description: "A traded agricultural or industrial good (coffee, pepper, durian…) with its standard unit of measure." })
@Classified(Classification.PUBLIC)
export class Commodity extends HubRecord {
  @Property({ type: "string" })
  @Unique()
  @Field({ description: 'Stable code, e.g. "COFFEE_ROBUSTA". Natural key.' })
  code!: string;

  @Property({ type: "text" })
  @Field({ description: 'Vietnamese name, e.g. "Cà phê Robusta nhân xô".' })
  name!: string;

  @Property({ type: "text" })
  @Field({ description: 'English name, e.g. "Robusta coffee, green beans".' })
  nameEn!: string;

  @Property({ type: "text" })
  @Index()
  searchName!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @Property({ type: "string" })
  @Field({ description: 'The unit every price of this commodity is quoted in, e.g. "kg".' })
  standardUnit!: string;

  @Property({ type: "string", nullable: true })
  @Field(() => String, { nullable: true, description: 'HS code where one fits, e.g. "0901.11" for coffee, not roasted, not decaffeinated.' })
  hsCode!: string | null;

  @Property({ type: "string" })
  @Field({ description: 'Group of the commodity, e.g. "Cây công nghiệp" (industrial crops), "Trái cây" (fruit).' })
  category!: string;

  get dataset(): Dataset {
    return Dataset.REFERENCE;
  }
}
