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
 * What an audit entry says — who, which fields, whose records, how many, under which agreements —
 * as both the table an entry is written to and the log it is read from have it.
 */
@Entity({ abstract: true })
export abstract class AuditEntryContent {
  @Property({ type: "timestamptz" })
  recordedAt!: Date;

  @Property({ type: "string" })
  action!: AuditAction;

  @Property({ type: "text" })
  actorSubject!: string;

  @Property({ type: "string" })
  actorKind!: string;

  @Property({ type: "string", nullable: true })
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
  ownerProvinceCodes!: string[];

  @Property({ type: "integer" })
  recordCount!: number;

  @Property({ type: ArrayType, columnType: "text[]" })
  agreementReferences!: string[];
}

/**
 * One entry of the append-only, tamper-evident audit log, as written: who, which fields and how
 * many records — never values. An entry is inserted in the writing transaction (or before a read's
 * response is sent) and never changed; once committed, the log sequencer links it into the chain
 * by inserting its link (`AuditLinkEntity`). Entries and links together are the log
 * (`AuditLogEntryEntity`, the `audit_log` view).
 */
@Entity({ tableName: "audit_entry" })
@Index({ properties: ["actorProvinceCode"] })
@Index({ properties: ["ownerProvinceCodes"], type: "gin" })
export class AuditEntryEntity extends AuditEntryContent {
  /** The row's own number, drawn when it is inserted (gaps where a transaction rolled back). */
  @PrimaryKey({ type: "integer" })
  id!: number;

  /**
   * The inserting transaction's id (null for entries linked before links had a table of their own).
   * How the sequencer finds committed entries it has not linked without an index on "not linked"
   * (the rows committed since its last step's snapshot, as PgQ cuts its batches) and without
   * touching an entry again.
   */
  @Property({ type: "string", columnType: "xid8", nullable: true, defaultRaw: "pg_current_xact_id()" })
  @Index({ name: "audit_entry_txid" })
  txid?: string | null;
}

/**
 * An entry's place in the chain, inserted by the log sequencer once the entry has committed:
 * numbered without gaps (`sequence`) and chained — `hash` is an HMAC (with a key kept outside the
 * database) over the entry and the previous entry's hash, so rewriting, removing or inserting an
 * entry breaks every later link. Insert-only like the entries: linking never rewrites an entry, so
 * it leaves no dead row version behind (an UPDATE did, with every index entry of the row).
 */
@Entity({ tableName: "audit_link" })
export class AuditLinkEntity {
  @PrimaryKey({ type: "integer", autoincrement: false })
  sequence!: number;

  @Property({ type: "integer", unique: "audit_link_entry_id_unique" })
  entryId!: number;

  @Property({ type: "string", length: 64 })
  previousHash!: string;

  @Property({ type: "string", length: 64 })
  hash!: string;
}

/**
 * The log as its readers see it: every linked entry with its link (the `audit_log` view, created by
 * a migration), in chain order by `sequence`. Read-only.
 */
@Entity({ tableName: "audit_log", virtual: true, expression: 'select * from "audit_log"' })
export class AuditLogEntryEntity extends AuditEntryContent {
  @Property({ type: "integer" })
  id!: number;

  @Property({ type: "integer" })
  sequence!: number;

  @Property({ type: "string", length: 64 })
  previousHash!: string;

  @Property({ type: "string", length: 64 })
  hash!: string;
}
