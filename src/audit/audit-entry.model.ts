import { Field, Int, ObjectType } from "type-graphql";
import { AuditAction } from "./audit-entry.entity.js";

/**
 * One entry of the append-only, tamper-evident audit log, as the log shows it once linked: numbered
 * without gaps and chained by the log sequencer (`hash` is an HMAC, with a key kept outside the
 * database, over the entry and the previous entry's hash), so rewriting, removing or inserting an
 * entry breaks every later link. It records who, which fields and how many records — never values.
 * The read model of the `audit_log` view, each entry with its link (src/common/read-model.ts);
 * entries are inserted by audit.service.ts and linked by audit-chain.ts.
 */
@ObjectType({ description: "An entry of the audit log: who read another province's protected data, or wrote any record. Never the values." })
export class AuditEntry {
  /** The row's number, drawn at insertion; hashed with the entry (it names the row), never shown. */
  id!: number;

  /** The entry's position in the chain, from 1 without gaps (the log shows linked entries only). */
  @Field(() => Int, { name: "sequence", description: "Position in the log, from 1 without gaps." })
  sequence!: number;

  @Field(() => Date, { description: "When the entry was written." })
  recordedAt!: Date;

  @Field(() => AuditAction, { description: "A read or a write." })
  action!: AuditAction;

  @Field({ description: "The token subject of the caller." })
  actorSubject!: string;

  @Field({ description: "The kind of caller (AGENCY, ENTERPRISE, HUB_ADMIN)." })
  actorKind!: string;

  @Field(() => String, { nullable: true, description: "The caller's province (today's ISO code)." })
  actorProvinceCode!: string | null;

  @Field(() => String, { nullable: true, description: "The caller's agency code, when the token names one." })
  actorAgencyCode!: string | null;

  @Field(() => String, { nullable: true, description: "The GraphQL operation name, as the client sent it." })
  operationName!: string | null;

  @Field(() => String, { nullable: true, description: "SHA-256 of the operation's document, to tell operations apart without storing them." })
  documentHash!: string | null;

  @Field(() => [String], { description: 'The fields read or written, as "Type.field".' })
  fields!: string[];

  @Field(() => [String], { description: "The provinces owning the records read or written." })
  ownerProvinceCodes!: string[];

  @Field(() => Int, { description: "How many records were read or written." })
  recordCount!: number;

  @Field(() => [String], { description: "References of the agreements that granted the reads (empty when the caller read as an owner, and for writes)." })
  agreementReferences!: string[];

  previousHash!: string;

  hash!: string;
}

/** An entry as inserted, before the sequencer links it: no place in the chain yet. */
export type UnlinkedAuditEntry = Omit<AuditEntry, "sequence" | "previousHash" | "hash">;
