import { Field, InterfaceType } from "type-graphql";
import { Classification, Classified } from "./classification.js";
import { Node, toGlobalId } from "./node.js";
import type { Dataset } from "./visibility.js";

/**
 * The read model of every record of the hub's shared data (see src/common/read-model.ts): its
 * primary key (exposed only as a global id), the provinces that own it, and what the field guard
 * asks of it. Global ids and audit keys use the class name, which is the GraphQL type's.
 */
@InterfaceType("OwnedRecord", {
  implements: Node,
  description: "A record of the hub's shared data: it has a global id and the provinces that own it.",
})
export abstract class OwnedRecord extends Node {
  id!: number;

  @Field(() => [String], {
    description:
      "ISO 3166-2:VN codes of the provinces that own this record, as they were when it was made (a merged unit's records keep its historical code).",
  })
  @Classified(Classification.PUBLIC)
  ownerProvinceCodes!: string[];

  createdAt!: Date;
  updatedAt!: Date;

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
