import { createHmac } from "node:crypto";
import type { SqlExecutor } from "../common/sql-executor.js";
import type { AuditEntry, UnlinkedAuditEntry } from "./audit-entry.model.js";

/** The hash before the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** Everything an entry says, in a fixed order: a change to any of it changes its hash. */
function canonical(entry: UnlinkedAuditEntry & { previousHash: string }): string {
  return JSON.stringify([
    entry.id,
    entry.recordedAt.toISOString(),
    entry.action,
    entry.actorSubject,
    entry.actorKind,
    entry.actorProvinceCode,
    entry.actorAgencyCode,
    entry.operationName,
    entry.documentHash,
    entry.fields,
    entry.ownerProvinceCodes,
    entry.recordCount,
    // Entries written before reads were recorded held at most one reference, hashed as a string or
    // null: hashing a single reference the same way keeps their links valid.
    entry.agreementReferences.length === 0 ? null : entry.agreementReferences.length === 1 ? entry.agreementReferences[0] : entry.agreementReferences,
    entry.previousHash,
  ]);
}

/** HMAC-SHA256 of an entry chained to the previous one, with the key kept outside the database. */
export function chainHash(key: string, entry: UnlinkedAuditEntry & { previousHash: string }): string {
  return createHmac("sha256", key).update(canonical(entry)).digest("hex");
}

export type ChainCheck = { intact: true; entries: number } | { intact: false; entries: number; firstBrokenSequence: number; reason: string };

/**
 * Walks entries in order and reports the first broken link: a gap in the numbering, a previous
 * hash that is not the previous entry's, or a hash that the key does not reproduce.
 */
export class ChainVerifier {
  private expectedSequence = 1;
  private previousHash = GENESIS_HASH;
  private broken: ChainCheck | null = null;

  constructor(private readonly key: string) {}

  /** Feeds the next entry; returns false once the chain is known to be broken. */
  check(entry: AuditEntry): boolean {
    if (this.broken) return false;
    const fail = (reason: string) => {
      this.broken = { intact: false, entries: this.expectedSequence - 1, firstBrokenSequence: entry.sequence, reason };
      return false;
    };
    if (entry.sequence !== this.expectedSequence) {
      this.broken = { intact: false, entries: this.expectedSequence - 1, firstBrokenSequence: this.expectedSequence, reason: `entry ${this.expectedSequence} is missing (next is ${entry.sequence})` };
      return false;
    }
    if (entry.previousHash !== this.previousHash) return fail("its previous hash is not the previous entry's hash");
    if (chainHash(this.key, entry) !== entry.hash) return fail("its content does not match its hash (rewritten)");
    this.previousHash = entry.hash;
    this.expectedSequence += 1;
    return true;
  }

  result(): ChainCheck {
    return this.broken ?? { intact: true, entries: this.expectedSequence - 1 };
  }
}

/** The most entries one sequencing step links: a backlog (after an outage) is linked in steps of this size. */
export const LINK_BATCH = 5_000;

/**
 * Where linking stands: the snapshot of the last step that linked every entry it saw (null before
 * the first). Each such step records it (`saveLinks`); only the sequencer's steps write it.
 *
 * A snapshot from the future is ignored (read as none): one whose xmax is past the cluster's
 * current one cannot have been taken in this cluster — the log was restored from a dump into a
 * cluster whose transaction ids are lower — and every new entry would fall below it and never be
 * linked. Then the step looks at every entry without a link, once.
 */
export const CHAIN_PROGRESS_SQL = `select linked_through::text as linked_through from audit_chain_progress
   where pg_snapshot_xmax(linked_through) <= pg_snapshot_xmax(pg_current_snapshot())`;

/**
 * The committed entries no step has linked yet (`e`), given where linking stands (`unlinkedParameters`):
 * those the last complete step's snapshot did not see — committed since, so their transaction id
 * is at least that snapshot's xmax, or was in progress then (its xip list) — and that have no link.
 * (That is `not pg_visible_in_snapshot` for ids at least its xmin, written as two index conditions,
 * so a long transaction in progress at the last step costs one probe, not a scan of every entry
 * since it began.) The link's absence covers steps cut at LINK_BATCH, which record no snapshot,
 * and a stale read of the progress. As PgQ cuts its batches: no "not linked" flag to index and
 * then clear, so an entry is never written twice.
 *
 * The bounds are parameters, not a read of the progress table inside the statement: the planner
 * then sees how short the range is and probes the links' index for the few entries in it, where
 * with an unknown bound it estimated a third of the table and hashed every link (130 ms at 300,000).
 */
const UNLINKED = `(e.txid >= ?::xid8 or e.txid = any(?::xid8[]))
     and not exists (select 1 from audit_link l where l.entry_id = e.id)`;

/**
 * The parameters of `UNLINKED` where linking stands at `linkedThrough` (a snapshot's text,
 * `xmin:xmax:xip,…`): its xmax and its xip list; every transaction id when there is none.
 */
export function unlinkedParameters(linkedThrough: string | null): [string, string] {
  if (!linkedThrough) return ["0", "{}"];
  const [, xmax, xip = ""] = linkedThrough.split(":");
  return [xmax!, `{${xip}}`];
}

/**
 * The committed entries no step has linked yet, oldest transaction first, with what hashing them
 * needs (`PendingAuditRow`): a select the log sequencer runs inside its step's one statement, with
 * `unlinkedParameters`. Ordered by the indexed transaction id, then by id. The three arrays come as
 * JSON, which the driver hands to `JSON.parse`: its parser of PostgreSQL's array text builds an
 * object per character (postgres-array), and every audited read's entry passes through here.
 */
export const PENDING_ENTRIES_SQL = `select e.id, (extract(epoch from e.recorded_at) * 1000)::float8 as recorded_ms, e.action, e.actor_subject, e.actor_kind, e.actor_province_code, e.actor_agency_code,
         e.operation_name, e.document_hash, to_json(e.fields) as fields, to_json(e.owner_province_codes) as owner_province_codes, e.record_count,
         to_json(e.agreement_references) as agreement_references, e.txid
    from audit_entry e where ${UNLINKED} order by e.txid, e.id limit ${LINK_BATCH}`;

/** Whether a committed entry waits to be linked (the sequencer's look before it takes its lock), with `unlinkedParameters`. */
export const UNLINKED_ENTRY_EXISTS_SQL = `exists (select 1 from audit_entry e where ${UNLINKED})`;

/** The chain's head: the last link (none in a new log). */
export const CHAIN_HEAD_SQL = "select sequence, hash from audit_link order by sequence desc limit 1";

/** Where an entry goes in the chain. */
export interface ChainLink {
  sequence: number;
  previousHash: string;
  hash: string;
}

/**
 * Links entries after the chain's head, in the order given: each gets the next sequence number,
 * the previous entry's hash and its own HMAC. Runs only inside the log sequencer's step
 * (src/events/log-sequencer.ts), whose lock makes it the one linker of the cluster at a time: two
 * linkers would fork the chain.
 */
export function linkAfter(key: string, head: { sequence: number; hash: string } | null, entries: readonly UnlinkedAuditEntry[]): ChainLink[] {
  let previous = head ?? { sequence: 0, hash: GENESIS_HASH };
  return entries.map((entry) => {
    const link = { sequence: previous.sequence + 1, previousHash: previous.hash, hash: chainHash(key, { ...entry, previousHash: previous.hash }) };
    previous = { sequence: link.sequence, hash: link.hash };
    return link;
  });
}

/** A committed pending entry, as the chain hashes it. */
export function unlinkedEntryOf(row: PendingAuditRow): UnlinkedAuditEntry {
  return {
    id: row.id,
    recordedAt: new Date(row.recorded_ms),
    action: row.action as AuditEntry["action"],
    actorSubject: row.actor_subject,
    actorKind: row.actor_kind,
    actorProvinceCode: row.actor_province_code,
    actorAgencyCode: row.actor_agency_code,
    operationName: row.operation_name,
    documentHash: row.document_hash,
    fields: row.fields,
    ownerProvinceCodes: row.owner_province_codes,
    recordCount: row.record_count,
    agreementReferences: row.agreement_references,
  };
}

/**
 * Saves the links of committed entries in one statement and, when the step linked everything its
 * snapshot saw, records that snapshot (`completeThrough`) as where the next step starts.
 */
export async function saveLinks(sql: SqlExecutor, ids: readonly number[], links: readonly ChainLink[], completeThrough: string | null): Promise<void> {
  await sql.all(
    `with linked as (
       insert into audit_link (sequence, entry_id, previous_hash, hash)
       select * from unnest(?::int[], ?::int[], ?::text[], ?::text[]))
     update audit_chain_progress set linked_through = ?::pg_snapshot where ?::pg_snapshot is not null`,
    [`{${links.map((link) => link.sequence).join(",")}}`, `{${ids.join(",")}}`, `{${links.map((link) => link.previousHash).join(",")}}`, `{${links.map((link) => link.hash).join(",")}}`, completeThrough, completeThrough],
  );
}

/** A pending entry as `PENDING_ENTRIES_SQL` selects it. */
export interface PendingAuditRow {
  id: number;
  recorded_ms: number;
  action: string;
  actor_subject: string;
  actor_kind: string;
  actor_province_code: string | null;
  actor_agency_code: string | null;
  operation_name: string | null;
  document_hash: string | null;
  fields: string[];
  owner_province_codes: string[];
  record_count: number;
  agreement_references: string[];
  /** The inserting transaction's id (a step links its entries in order of it, then of id). */
  txid: string;
}
