import { Entity, Index, Property, Unique } from "@mikro-orm/core";
import { HubRecord } from "../common/record.entity.js";

/** A traded good with its standard unit: prices are always per this unit, never converted. */
@Entity({ tableName: "commodity" })
export class CommodityEntity extends HubRecord {
  @Property({ type: "string" })
  @Unique()
  code!: string;

  @Property({ type: "text" })
  name!: string;

  @Property({ type: "text" })
  nameEn!: string;

  @Property({ type: "text" })
  @Index()
  searchName!: string;

  @Property({ type: "text" })
  @Index()
  sortName!: string;

  @Property({ type: "string" })
  standardUnit!: string;

  @Property({ type: "string", nullable: true })
  hsCode!: string | null;

  @Property({ type: "string" })
  category!: string;
}
