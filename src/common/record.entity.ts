import { ArrayType, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, InterfaceType } from "type-graphql";
import { Classification, Classified } from "./classification.js";
import { Node, toGlobalId } from "./node.js";
import type { Dataset } from "./visibility.js";

/**
 * What every record of the hub has: a primary key (exposed only as a global id), the provinces
 * that own it, and timestamps. Owner provinces are stored on the row, as the unit the record was
 * made under (the brief: "records keep the unit they were made under"), so the visibility hook can
 * filter any table with one indexed array condition instead of joining through its relations.
 */
@InterfaceType("OwnedRecord", {
  implements: Node,
  description: "A record of the hub's shared data: it has a global id and the provinces that own it.",
})
export abstract class HubRecord extends Node {
  /** Properties `em.create` fills in itself (defaults and getters); subclasses widen the list with their own. */
  [OptionalProps]?: "createdAt" | "updatedAt" | "dataset" | "globalId" | "auditKey" | "subjectEnterpriseId" | "version";

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property({ type: ArrayType, columnType: "text[]" })
  @Field(() => [String], {
    description:
      "ISO 3166-2:VN codes of the provinces that own this record, as they were when it was made (a merged unit's records keep its historical code).",
  })
  @Classified(Classification.PUBLIC)
  ownerProvinceCodes: string[] = [];

  @Property({ type: "timestamptz", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "timestamptz", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** The dataset agreements name for this record type. */
  abstract get dataset(): Dataset;

  /** The enterprise this record is about, which may read its protected fields; none unless a subclass says so. */
  get subjectEnterpriseId(): number | null {
    return null;
  }

  /** The record in the audit log's record count. */
  get auditKey(): string {
    return `${this.constructor.name}:${this.id}`;
  }

  override get globalId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }
}
