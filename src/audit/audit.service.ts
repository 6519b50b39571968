import type { EntityManager } from "@mikro-orm/postgresql";
import type { Viewer } from "../auth/viewer.js";
import { paginate, type Page, type PageArgs, type SortColumn } from "../common/connection.js";
import { forbidden, unauthenticated } from "../common/errors.js";
import { executorOf, type SqlExecutor } from "../common/sql-executor.js";
import { nullableTextArray, textArray } from "../common/visible-rows.js";
import type { HubContext } from "../context.js";
import { sequenceLog } from "../events/log-sequencer.js";
import { ChainVerifier, type ChainCheck } from "./audit-chain.js";
import { AuditAction, AuditLogEntryEntity } from "./audit-entry.entity.js";
import { AuditEntry, type UnlinkedAuditEntry } from "./audit-entry.model.js";
import { readQuery } from "../common/read-query.js";
import type { ReadSummary } from "./read-log.js";

/** What a read or write is recorded with: who comes from the viewer, never any value. */
export interface AuditEvent {
  action: AuditAction;
  fields: string[];
  ownerProvinceCodes: string[];
  recordCount: number;
  agreementReferences?: string[];
  operationName?: string | null;
  documentHash?: string | null;
}

/**
 * Inserts entries in the caller's transaction, so a write and its audit entry commit or roll back
 * together; several entries go in one INSERT. No lock and no read of the chain's end: the log
 * sequencer links committed entries into the chain (numbered, HMAC-chained) right after, one
 * step at a time across the cluster (src/events/log-sequencer.ts). Until then an entry is in the
 * table, not yet in the chain — the window X-Road's batched time-stamping of its message log also
 * has, here as short as one step.
 */
export async function appendAuditEntriesWith(sql: SqlExecutor, viewer: Exclude<Viewer, { kind: "anonymous" }>, events: readonly AuditEvent[], now: Date): Promise<UnlinkedAuditEntry[]> {
  const rows = auditRowsOf(viewer, events, now);
  const ids = await insertAuditRows(sql, rows);
  return rows.map((row, index) => ({ id: ids[index]!, ...row }));
}

/** An entry as inserted: who comes from the viewer, never any value. */
export type AuditRow = Omit<UnlinkedAuditEntry, "id">;

/** The entries for these events by this caller, as they will be inserted. */
export function auditRowsOf(viewer: Exclude<Viewer, { kind: "anonymous" }>, events: readonly AuditEvent[], now: Date): AuditRow[] {
  return events.map((event) => ({
    recordedAt: now,
    action: event.action,
    actorSubject: viewer.subject,
    actorKind: viewer.kind.toUpperCase(),
    actorProvinceCode: viewer.provinceCode,
    actorAgencyCode: viewer.kind === "enterprise" ? null : viewer.agencyCode,
    operationName: event.operationName ?? null,
    documentHash: event.documentHash ?? null,
    fields: [...event.fields].sort(),
    ownerProvinceCodes: [...new Set(event.ownerProvinceCodes)].sort(),
    recordCount: event.recordCount,
    agreementReferences: [...new Set(event.agreementReferences ?? [])].sort(),
  }));
}

const AUDIT_COLUMNS = "recorded_at, action, actor_subject, actor_kind, actor_province_code, actor_agency_code, operation_name, document_hash, fields, owner_province_codes, record_count, agreement_references";

/**
 * One statement text for any number of rows (each column an array parameter), so a server prepares
 * it once per connection (src/common/prepared-statements.ts): audited reads insert their entries a
 * few requests at a time, and a text per row count was parsed and planned at every insert. Each
 * row's own arrays (fields, owners, agreements) travel as array literals, cast back per row.
 * Rows go in their order (`with ordinality`), and RETURNING answers in the order rows are inserted.
 */
export const INSERT_AUDIT_ROWS_SQL = `insert into audit_entry (${AUDIT_COLUMNS})
  select r.recorded_at, r.action, r.actor_subject, r.actor_kind, r.actor_province_code, r.actor_agency_code, r.operation_name, r.document_hash,
         r.fields::text[], r.owner_province_codes::text[], r.record_count, r.agreement_references::text[]
    from unnest(?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[])
         with ordinality as r(recorded_at, action, actor_subject, actor_kind, actor_province_code, actor_agency_code, operation_name, document_hash, fields, owner_province_codes, record_count, agreement_references, n)
   order by r.n
  returning id`;

/** The parameters of `INSERT_AUDIT_ROWS_SQL` for `rows`: one array literal per column. */
export function auditRowsParameters(rows: readonly AuditRow[]): string[] {
  const column = <T>(value: (row: AuditRow) => T) => rows.map(value);
  return [
    textArray(column((row) => row.recordedAt.toISOString())),
    textArray(column((row) => row.action)),
    textArray(column((row) => row.actorSubject)),
    textArray(column((row) => row.actorKind)),
    nullableTextArray(column((row) => row.actorProvinceCode)),
    nullableTextArray(column((row) => row.actorAgencyCode)),
    nullableTextArray(column((row) => row.operationName)),
    nullableTextArray(column((row) => row.documentHash)),
    textArray(column((row) => textArray(row.fields))),
    textArray(column((row) => textArray(row.ownerProvinceCodes))),
    `{${column((row) => row.recordCount).join(",")}}`,
    textArray(column((row) => textArray(row.agreementReferences))),
  ];
}

/** Inserts rows in one statement and answers their ids, in the rows' order. */
export async function insertAuditRows(sql: SqlExecutor, rows: readonly AuditRow[]): Promise<number[]> {
  const ids = await sql.all<{ id: number }>(INSERT_AUDIT_ROWS_SQL, auditRowsParameters(rows));
  return ids.map((row) => row.id);
}

/** `appendAuditEntriesWith` in the EntityManager's transaction (opening one if there is none). */
export async function appendAuditEntries(em: EntityManager, viewer: Exclude<Viewer, { kind: "anonymous" }>, events: readonly AuditEvent[], now: Date): Promise<UnlinkedAuditEntry[]> {
  const append = (tx: EntityManager) => appendAuditEntriesWith(executorOf(tx), viewer, events, now);
  return em.isInTransaction() ? append(em) : em.transactional(append);
}

/** Appends one entry (see `appendAuditEntries`). */
export async function appendAuditEntry(em: EntityManager, viewer: Exclude<Viewer, { kind: "anonymous" }>, event: AuditEvent, now: Date): Promise<UnlinkedAuditEntry> {
  const [entry] = await appendAuditEntries(em, viewer, [event], now);
  return entry!;
}

/** The operation a read happened in, as the client sent it. */
export interface AuditedOperation {
  operationName: string | null;
  /** SHA-256 of the operation's document. */
  documentHash: string | null;
}

/**
 * Writes the entries for the protected reads of other provinces' data an operation (or one
 * subscription event) made — one per owning province — if it made any. Called before the
 * response is sent: a response whose reads cannot be recorded is not sent. Inserted with other
 * requests' (`ReadEntryBatcher`) and linked into the chain by a sequencing step soon after, which
 * the response does not wait for (src/events/log-sequencer.ts).
 */
export async function recordReads(context: HubContext, operation: AuditedOperation, reads: readonly ReadSummary[] = context.readLog.take()): Promise<UnlinkedAuditEntry[]> {
  if (reads.length === 0) return [];
  const viewer = context.viewer;
  // Anonymous callers read no province's protected values, so a noted read by one is a defect.
  if (viewer.kind === "anonymous") throw new Error("An anonymous caller was allowed a protected read");
  const rows = auditRowsOf(viewer, reads.map((read) => ({ action: AuditAction.READ, ...read, ...operation })), context.clock.now());
  return context.events.recordReadEntries(rows);
}

/**
 * Links whatever has committed unlinked (a sequencing step), then re-computes the whole chain in
 * order, in batches, and reports the first broken link. Then checks that no committed entry was
 * left out of the chain: an entry without a link that the last complete step saw (or one from
 * before entries recorded their transaction) would be a gap no link shows.
 */
export async function verifyAuditChain(em: EntityManager, key: string, batchSize = 10_000): Promise<ChainCheck> {
  await sequenceLog(em, key);
  const verifier = new ChainVerifier(key);
  for (let after = 0; ; ) {
    const batch = (await em.fork().find(AuditLogEntryEntity, { sequence: { $gt: after } }, { orderBy: { sequence: "asc" }, limit: batchSize })) as AuditEntry[];
    for (const entry of batch) if (!verifier.check(entry)) return verifier.result();
    if (batch.length < batchSize) break;
    after = batch.at(-1)!.sequence;
  }
  const chain = verifier.result();
  const [left] = await executorOf(em.fork()).all<{ count: number; first_id: number | null }>(
    `select count(*)::int as count, min(e.id) as first_id from audit_entry e
      where not exists (select 1 from audit_link l where l.entry_id = e.id)
        and (e.txid is null or pg_visible_in_snapshot(e.txid, (select linked_through from audit_chain_progress)))`,
    [],
  );
  if (!left || left.count === 0) return chain;
  return { intact: false, entries: chain.entries, firstBrokenSequence: chain.entries + 1, reason: `${left.count} committed entries are in no link (the first has id ${left.first_id})` };
}

/** Lists follow the chain (sequence), which can differ from the rows' insertion order (id). */
const IN_CHAIN_ORDER: SortColumn = { property: "sequence", column: "sequence", valueOf: (entry: AuditEntry) => entry.sequence, kind: "integer", direction: "asc" };

/**
 * Who may read the log: hub administrators all of it; an agency the entries about its own
 * province's data (and its predecessors'), which is how a province sees who read its data.
 */
export class AuditService {
  constructor(private readonly context: HubContext) {}

  async entries(filter: { actions?: AuditAction[] | null; readerProvinceCodes?: string[] | null } | null, page: PageArgs): Promise<Page<AuditEntry>> {
    const viewer = this.context.viewer;
    // The log as of now: what has committed is linked first (audited reads of the last second may wait).
    await this.context.events.sequenceNow();
    const query = readQuery(this.context, AuditLogEntryEntity, "e");
    if (viewer.kind === "agency") {
      // Its own province's data and, by succession, its predecessors' (Quảng Ngãi sees reads of Kon Tum's).
      query.andWhere("e.owner_province_codes && ?::text[]", [textArray([...this.context.access.ownCodes])]);
    } else if (viewer.kind !== "hub_admin") {
      const message = "The audit log is for hub administrators and for agencies about their own province's data";
      throw viewer.kind === "anonymous" ? unauthenticated(message) : forbidden(message);
    }
    if (filter?.actions?.length) query.andWhere("e.action = any(?::text[])", [textArray(filter.actions)]);
    if (filter?.readerProvinceCodes?.length) query.andWhere("e.actor_province_code = any(?::text[])", [textArray(filter.readerProvinceCodes)]);
    return paginate(this.context, query, AuditEntry, page, [IN_CHAIN_ORDER]);
  }
}
