import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { HubRecord } from "../common/record.entity.js";
import { CommodityEntity } from "../reference/commodity.entity.js";
import { EnterpriseEntity } from "../reference/enterprise.entity.js";

/** A product rated under the OCOP programme (Decision 148/QD-TTg, 2023), owned by its enterprise's province. */
@Entity({ tableName: "ocop_product" })
export class OcopProductEntity extends HubRecord {
  @ManyToOne(() => EnterpriseEntity, { ref: true })
  @Index()
  enterprise!: Ref<EnterpriseEntity>;

  @Property({ type: "text" })
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
  stars!: number;

  @Property({ type: "smallint" })
  certifiedYear!: number;

  @Property({ type: "string", length: 64 })
  @Unique()
  certificateNumber!: string;
}
