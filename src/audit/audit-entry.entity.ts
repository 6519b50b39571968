import { ArrayType, Entity, Index, PrimaryKey, Property } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";

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
export class AuditEntryEntity {
  /** The entry's position in the log, from 1 without gaps (the primary key, so lists page by it). */
  @PrimaryKey({ type: "integer", autoincrement: false })
  id!: number;

  @Property({ type: "timestamptz" })
  recordedAt!: Date;

  @Property({ type: "string" })
  action!: AuditAction;

  @Property({ type: "text" })
  actorSubject!: string;

  @Property({ type: "string" })
  actorKind!: string;

  @Property({ type: "string", nullable: true })
  @Index()
  actorProvinceCode!: string | null;

  @Property({ type: "text", nullable: true })
  actorAgencyCode!: string | null;

  @Property({ type: "text", nullable: true })
  operationName!: string | null;

  @Property({ type: "string", nullable: true })
  documentHash!: string | null;

  @Property({ type: ArrayType, columnType: "text[]" })
  fields!: string[];

  @Property({ type: ArrayType, columnType: "text[]" })
  @Index({ type: "gin" })
  ownerProvinceCodes!: string[];

  @Property({ type: "integer" })
  recordCount!: number;

  @Property({ type: ArrayType, columnType: "text[]" })
  agreementReferences!: string[];

  @Property({ type: "string", length: 64 })
  previousHash!: string;

  @Property({ type: "string", length: 64 })
  hash!: string;
}
