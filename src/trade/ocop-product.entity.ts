import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { Dataset } from "../common/visibility.js";
import { Commodity, Enterprise } from "../reference/index.js";

/** A product rated under the OCOP programme (Decision 148/QD-TTg, 2023), owned by its enterprise's province. */
@Entity({ tableName: "ocop_product" })
@ObjectType({
  implements: [Node, HubRecord],
  description: "A product rated under the One Commune One Product (OCOP) programme, with its stars; owned by the province of the enterprise that makes it.",
})
@Classified(Classification.PUBLIC)
export class OcopProduct extends HubRecord {
  @ManyToOne(() => EnterpriseEntity, { ref: true })
  @Index()
  enterprise!: Ref<EnterpriseEntity>;

  @Property({ type: "text" })
  @Field({ description: 'Product name, e.g. "Cà phê bột nguyên chất Buôn Ma Thuột".' })
  name!: string;

  @Property({ type: "text" })
  searchName!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @ManyToOne(() => CommodityEntity, { ref: true, nullable: true })
  @Index()
  commodity!: Ref<CommodityEntity> | null;

  @Property({ type: "smallint" })
  @Field(() => Int, { description: "OCOP stars: 3, 4 or 5 (5 is rated nationally)." })
  stars!: number;

  @Property({ type: "smallint" })
  @Field(() => Int, { description: "The year the current rating was certified." })
  certifiedYear!: number;

  @Property({ type: "string", length: 64 })
  @Unique()
  @Field({ description: "Number of the rating certificate (or the deciding act). Natural key." })
  certificateNumber!: string;

  /** The brief: an enterprise may read the protected fields of its own OCOP products. */
  override get subjectEnterpriseId(): number | null {
    return this.enterprise.id;
  }

  get dataset(): Dataset {
    return Dataset.TRADE;
  }
}
