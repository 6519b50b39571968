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
 * One entry of the append-only, tamper-evident audit log. An entry is inserted in the writing
 * transaction (or before a read's response is sent) and linked into the chain once committed, by
 * the log sequencer: numbered without gaps (`sequence`) and chained — `hash` is an HMAC (with a key
 * kept outside the database) over the entry and the previous entry's hash, so rewriting, removing
 * or inserting an entry breaks every later link. It records who, which fields and how many
 * records — never values.
 */
@Entity({ tableName: "audit_entry" })
export class AuditEntryEntity {
  /** The row's own number, drawn when it is inserted (gaps where a transaction rolled back). */
  @PrimaryKey({ type: "integer" })
  id!: number;

  /** The entry's position in the chain, from 1 without gaps; null until the sequencer links it. */
  @Property({ type: "integer", nullable: true, unique: "audit_entry_sequence_unique" })
  sequence!: number | null;

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

  @Property({ type: "string", length: 64, nullable: true })
  previousHash!: string | null;

  @Property({ type: "string", length: 64, nullable: true })
  hash!: string | null;
}
