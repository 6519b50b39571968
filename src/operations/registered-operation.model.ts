import { Field, ID, ObjectType } from "type-graphql";

/**
 * An operation a hub administrator registered for a third party's client (`registerOperations`),
 * beside those of the hub's own dashboard (its manifest). Keyed by the SHA-256 of the exact text,
 * the id codegen's client preset computes (`persistedDocuments: { hashAlgorithm: "sha256" }`), so
 * the client sends `documentId` and every hub instance finds the same text. Rows are never
 * changed: the same text always has the same id. The read model of `registered_operation` rows
 * (src/common/read-model.ts).
 */
@ObjectType({
  description:
    "An operation registered for a third-party client by a hub administrator (`registerOperations`). Callers whose role may send registered operations only (`PERSISTED_OPERATIONS_ONLY_FOR`) send it by its `documentId`.",
})
export class RegisteredOperation {
  /** SHA-256 of `text`, hex. */
  @Field(() => ID, { name: "documentId", description: "The SHA-256 of the document's text (hex): what a client sends as `documentId` (the hash codegen's client preset writes to its persisted-documents manifest)." })
  id!: string;

  @Field({ description: "The client it was registered for, e.g. \"market-client\" (who asked; several clients may share a document, the first keeps it)." })
  client!: string;

  @Field({ description: "The document's text, exactly as registered." })
  text!: string;

  @Field({ description: "The token subject of the administrator who registered it." })
  registeredBy!: string;

  @Field(() => Date, { description: "When it was registered." })
  registeredAt!: Date;
}
