import { Entity, Index, PrimaryKey, Property } from "@mikro-orm/core";

/**
 * An operation a hub administrator registered for a third party's client (`registerOperations`),
 * beside those of the hub's own dashboard (its manifest). Keyed by the SHA-256 of the exact text,
 * the id codegen's client preset computes (`persistedDocuments: { hashAlgorithm: "sha256" }`), so
 * the client sends `documentId` and every hub instance finds the same text. Rows are never
 * changed: the same text always has the same id.
 */
@Entity({ tableName: "registered_operation" })
@Index({ name: "registered_operation_client", properties: ["client"] })
export class RegisteredOperationEntity {
  /** SHA-256 of `text`, hex. */
  @PrimaryKey({ type: "string", length: 64 })
  id!: string;

  @Property({ type: "string", length: 100 })
  client!: string;

  @Property({ type: "text" })
  text!: string;

  @Property({ type: "text" })
  registeredBy!: string;

  @Property({ type: "timestamptz" })
  registeredAt!: Date;
}
