import { createHash } from "node:crypto";
import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { appendAuditEntries, AuditAction, type AuditEvent } from "../audit/index.js";
import type { Viewer } from "../auth/viewer.js";
import { badUserInput, conflict, unauthenticated } from "../common/errors.js";
import type { HubContext } from "../context.js";
import { appendEvents, type NewEvent } from "../events/event-log.js";
import { executorOf } from "../common/sql-executor.js";

/** What a write may do besides changing rows: say what it changed (for the audit log) and what to announce. */
export interface WriteScope {
  /** The transaction's EntityManager: everything the write changes goes through it. */
  readonly tx: EntityManager;
  /** The write changed these fields ("Type.field") of `recordCount` records owned by these provinces: one audit entry. */
  audited(fields: string[], ownerProvinceCodes: string[], recordCount?: number): void;
  /** Announces a change to subscribers once the transaction commits. */
  emit(event: NewEvent): void;
}

/** Makes a retried mutation a no-op: the first attempt's result is stored under the caller's key and returned again. */
export interface Idempotency<T> {
  key: string;
  operation: string;
  /** The request, so a key reused for a different request is refused rather than answered with another request's result. */
  request: unknown;
  store(result: T): unknown;
  restore(stored: unknown): Promise<T>;
}

type Writer = Exclude<Viewer, { kind: "anonymous" }>;

/** The request as it means, not as it was spelled: keys sorted, nulls and omissions alike. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key, entry]) => entry !== null && entry !== undefined && key !== "idempotencyKey")
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, entry]) => [key, canonical(entry)]),
    );
  }
  return value;
}

function hashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(canonical(value))).digest("hex");
}

/**
 * Idempotency for a mutation that creates one record: the key stores the record's id, and a
 * repeat answers that record (as it is now). No key, no idempotency (the natural key, where there
 * is one, still refuses a duplicate).
 */
export function creationKey<T extends { id: number }>(key: string | null | undefined, operation: string, request: unknown, reload: (id: number) => Promise<T | null>): Idempotency<T> | undefined {
  if (!key) return undefined;
  return {
    key,
    operation,
    request,
    store: (result) => result.id,
    restore: async (stored) => {
      const record = await reload(stored as number);
      if (!record) throw conflict("The record this idempotency key created is no longer visible", { idempotencyKey: key });
      return record;
    },
  };
}

/** Idempotency keys are kept as long as events are: a retry comes within minutes, not weeks. */
export async function pruneIdempotencyKeys(em: EntityManager, before: Date): Promise<number> {
  const rows = await em.getConnection().execute<{ count: number }[]>("with pruned as (delete from idempotency_key where created_at < ?::timestamptz returning 1) select count(*)::int as count from pruned", [before.toISOString()]);
  return rows[0]?.count ?? 0;
}

/**
 * The one way the hub writes: the work, its audit entry and its events in one transaction, so on
 * any error nothing is written, nothing is announced and nothing is audited; the events are
 * announced only after the commit. With an idempotency key, a repeat of the same request returns
 * the first result without writing again (a concurrent repeat waits for the first to commit).
 */
export async function runWrite<T>(context: HubContext, work: (scope: WriteScope) => Promise<T>, idempotency?: Idempotency<T>): Promise<T> {
  const viewer = context.viewer;
  if (viewer.kind === "anonymous") throw unauthenticated("Sign in to contribute data");
  const writer: Writer = viewer;
  const now = context.clock.now();
  let announces = false;
  try {
    const outcome = await context.em.fork().transactional(async (tx) => {
      if (idempotency) {
        const previous = await claimKey(tx, writer, idempotency, now);
        if (previous.repeated) return { repeated: true as const, stored: previous.stored };
      }
      const audits: AuditEvent[] = [];
      const events: NewEvent[] = [];
      const scope: WriteScope = {
        tx,
        audited: (fields, ownerProvinceCodes, recordCount = 1) => audits.push({ action: AuditAction.WRITE, fields, ownerProvinceCodes, recordCount }),
        emit: (event) => events.push(event),
      };
      const result = await work(scope);
      await tx.flush();
      if (audits.length === 0) throw new Error("A write must say what it changed for the audit log");
      // Both only insert: the audit entry is chained and the events stamped after the commit, in commit order.
      await appendAuditEntries(tx, writer, audits, now);
      announces = await appendEvents(executorOf(tx), events, now);
      if (idempotency) {
        await tx.getConnection().execute("update idempotency_key set result = ?::jsonb where caller_subject = ? and key = ?", [JSON.stringify(idempotency.store(result)), writer.subject, idempotency.key], "run", tx.getTransactionContext());
      }
      return { repeated: false as const, result };
    });
    // Answered once its audit entry is chained (and its events stamped): the log shows the write as soon as the caller knows of it.
    if (!outcome.repeated) await context.events.afterCommit(announces);
    return outcome.repeated ? idempotency!.restore(outcome.stored) : outcome.result;
  } catch (error) {
    throw asInputError(error);
  }
}

/** Takes the key for this request, or finds that an earlier attempt of the same request took it. */
async function claimKey<T>(tx: EntityManager, writer: Writer, idempotency: Idempotency<T>, now: Date): Promise<{ repeated: false } | { repeated: true; stored: unknown }> {
  if (!/^[\w.:-]{8,128}$/.test(idempotency.key)) {
    throw badUserInput("idempotencyKey must be 8 to 128 letters, digits, '.', ':', '_' or '-' (a UUID is ideal)", { idempotencyKey: "8–128 of [A-Za-z0-9._:-]" });
  }
  const connection = tx.getConnection();
  const context = tx.getTransactionContext();
  const requestHash = hashOf([idempotency.operation, idempotency.request]);
  // A concurrent attempt with the same key makes this insert wait until that attempt commits or rolls back.
  const claimed = await connection.execute<{ key: string }[]>(
    `insert into idempotency_key (caller_subject, key, operation, request_hash, result, created_at) values (?, ?, ?, ?, 'null'::jsonb, ?)
     on conflict (caller_subject, key) do nothing returning key`,
    [writer.subject, idempotency.key, idempotency.operation, requestHash, now.toISOString()],
    "all",
    context,
  );
  if (claimed.length > 0) return { repeated: false };
  const [earlier] = await connection.execute<{ request_hash: string; result: unknown }[]>(
    "select request_hash, result from idempotency_key where caller_subject = ? and key = ?",
    [writer.subject, idempotency.key],
    "all",
    context,
  );
  if (!earlier || earlier.request_hash !== requestHash) {
    throw conflict("This idempotency key was already used for a different request", { idempotencyKey: idempotency.key });
  }
  return { repeated: true, stored: earlier.result };
}

/** Constraint violations the checks before the write did not foresee are input problems, not server errors. */
function asInputError(error: unknown): unknown {
  if (error instanceof UniqueConstraintViolationException) return conflict("A record with the same natural key already exists", { constraint: constraintOf(error) });
  if (error instanceof ForeignKeyConstraintViolationException) return badUserInput("The input refers to a record that does not exist", { constraint: constraintOf(error) ?? "unknown" });
  // PostgreSQL refuses NUL and invalid byte sequences in text: the input's fault, not the server's.
  const code = (error as { code?: string } | null)?.code;
  if (code === "22021" || code === "22P05") return badUserInput("The input contains a character text cannot hold (e.g. NUL)", {});
  return error;
}

function constraintOf(error: Error): string | null {
  return /constraint "([^"]+)"/.exec(error.message)?.[1] ?? null;
}
