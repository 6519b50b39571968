import { ArrayType, Entity, Index, PrimaryKey, Property } from "@mikro-orm/core";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";

export enum AuditAction {
  READ = "READ",
  WRITE = "WRITE",
}
registerEnumType(AuditAction, {
  name: "AuditAction",
  description: "What an audit entry records.",
  valuesConfig: {
    READ: { description: "A read of another province's RESTRICTED or CONFIDENTIAL data." },
    WRITE: { description: "A write of any record." },
  },
});

/**
 * One entry of the append-only, tamper-evident audit log. Entries are numbered without gaps in
 * the writing transaction and chained: `hash` is an HMAC (with a key kept outside the database)
 * over the entry and the previous entry's hash, so rewriting, removing or inserting an entry
 * breaks every later link. It records who, which fields and how many records — never values.
 */
@Entity({ tableName: "audit_entry" })
@ObjectType({ description: "An entry of the audit log: who read another province's protected data, or wrote any record. Never the values." })
export class AuditEntry {
  /** The entry's position in the log, from 1 without gaps (the primary key, so lists page by it). */
  @PrimaryKey({ type: "integer", autoincrement: false })
  @Field(() => Int, { name: "sequence", description: "Position in the log, from 1 without gaps." })
  id!: number;

  @Property({ type: "timestamptz" })
  @Field(() => Date, { description: "When the entry was written." })
  recordedAt!: Date;

  @Property({ type: "string" })
  @Field(() => AuditAction, { description: "A read or a write." })
  action!: AuditAction;

  @Property({ type: "text" })
  @Field({ description: "The token subject of the caller." })
  actorSubject!: string;

  @Property({ type: "string" })
  @Field({ description: "The kind of caller (AGENCY, ENTERPRISE, HUB_ADMIN)." })
  actorKind!: string;

  @Property({ type: "string", nullable: true })
  @Index()
  @Field(() => String, { nullable: true, description: "The caller's province (today's ISO code)." })
  actorProvinceCode!: string | null;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "The caller's agency code, when the token names one." })
  actorAgencyCode!: string | null;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "The GraphQL operation name, as the client sent it." })
  operationName!: string | null;

  @Property({ type: "string", nullable: true })
  @Field(() => String, { nullable: true, description: "SHA-256 of the operation's document, to tell operations apart without storing them." })
  documentHash!: string | null;

  @Property({ type: ArrayType, columnType: "text[]" })
  @Field(() => [String], { description: 'The fields read or written, as "Type.field".' })
  fields!: string[];

  @Property({ type: ArrayType, columnType: "text[]" })
  @Index({ type: "gin" })
  @Field(() => [String], { description: "The provinces owning the records read or written." })
  ownerProvinceCodes!: string[];

  @Property({ type: "integer" })
  @Field(() => Int, { description: "How many records were read or written." })
  recordCount!: number;

  @Property({ type: ArrayType, columnType: "text[]" })
  @Field(() => [String], { description: "References of the agreements that granted the reads (empty when the caller read as an owner, and for writes)." })
  agreementReferences!: string[];

  @Property({ type: "string", length: 64 })
  previousHash!: string;

  @Property({ type: "string", length: 64 })
  hash!: string;
}
