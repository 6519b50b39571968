import type { EntityManager } from "@mikro-orm/postgresql";
import { CHAIN_HEAD_SQL, CHAIN_PROGRESS_SQL, LINK_BATCH, linkAfter, PENDING_ENTRIES_SQL, saveLinks, UNLINKED_ENTRY_EXISTS_SQL, unlinkedEntryOf, unlinkedParameters, type PendingAuditRow } from "../audit/audit-chain.js";
import { executorOf, type SqlExecutor } from "../common/sql-executor.js";
import { withoutRequestStatistics } from "../common/sql-statements.js";

/**
 * The one lock of the log: held only by a sequencing step, never by a write or a read. (The same
 * number the audit log's append lock had, so during a rolling upgrade an old instance's writes
 * and a new instance's steps still take turns.)
 */
const LOG_SEQUENCER_LOCK = 7_280_001;

/** The most events one step stamps: a backlog is stamped in steps of this size. */
const STAMP_BATCH = 10_000;

/**
 * How long `runSoon` gathers audited reads' requests into one step (ms). Nothing waits for those
 * links (the log's readers and its verification run a step first), and each step has a cost of its
 * own (its lock, its statement, its commit): 0.05 ms of PostgreSQL per audited read at 200 ms, 0.02
 * at 1,000 (BENCHMARKS.md, stop 23).
 */
const GATHER_MILLISECONDS = 1_000;

/**
 * Sequencing steps until nothing is waiting. One step gives the committed events that have no
 * position yet their positions, and links the committed audit entries that are not in the chain
 * yet, in one short transaction under the log's lock.
 *
 * Why after the commit and not in the writing transaction: a position drawn by a transaction
 * while it runs does not follow commit order (one draws 10, another 11 and commits first; a client
 * resuming after 11 would never see 10), and the chain needs the previous entry's hash. Both used
 * to be drawn under one lock every write and every audited read held to its commit, which made
 * writers of every province wait for each other. Now a transaction only inserts; steps run one at
 * a time across the cluster and each sees every row committed before it took the lock, so
 * positions and sequence numbers are handed out in the order steps run — a reader that sees
 * position N sees every position below it, for good. A step takes whatever is waiting, however
 * many writers committed it, so under load one step serves many.
 */
export async function sequenceLog(em: EntityManager, auditKey: string, options: SequencingOptions = {}): Promise<{ events: number; entries: number }> {
  const total = { events: 0, entries: 0 };
  if (!options.known && !(await somethingWaits(em))) return total;
  for (let afterCut = false; ; ) {
    const step = await sequenceStep(em, auditKey, afterCut, options.onStamped);
    total.events += step.events;
    total.entries += step.entries;
    if (step.events < STAMP_BATCH && step.entries < LINK_BATCH) return total;
    afterCut ||= step.entries >= LINK_BATCH;
  }
}

export interface SequencingOptions {
  /** The caller has just committed rows that wait: no need to look first. */
  known?: boolean;
  /** Called in a step that stamped events, before it commits (a PostgreSQL NOTIFY). */
  onStamped?: (sql: SqlExecutor) => Promise<void>;
}

/**
 * Whether any committed row waits for a step: where linking stands, then one look at a small
 * partial index (events) and at the entries committed since the last step that recorded its
 * snapshot (a short range of an index), so an idle instance's polls (the safety net for a lost
 * signal) take no lock and open no transaction.
 *
 * The look is never planned with parallel workers (`NO_PARALLEL_WORKERS`): with entries waiting,
 * the planner's estimate of the range (a thousand rows for the 146 there were; xid8 gives it
 * nothing to scale a range by) priced it above `parallel_setup_cost`, and every poll started a
 * worker process: 52 ms of PostgreSQL's CPU for 3 ms of work, once a second on every instance
 * under audited reads (BENCHMARKS.md, stop 29). A look this short never gains from a worker.
 */
async function somethingWaits(em: EntityManager): Promise<boolean> {
  const sql = executorOf(em.fork());
  const [progress] = await sql.all<{ linked_through: string | null }>(CHAIN_PROGRESS_SQL, []);
  const [row] = await sql.all<{ waits: boolean }>(
    `select exists (select 1 from hub_event where position is null) or ${UNLINKED_ENTRY_EXISTS_SQL} as waits, ${NO_PARALLEL_WORKERS}`,
    unlinkedParameters(progress?.linked_through ?? null),
  );
  return row?.waits ?? true;
}

/**
 * A select item that keeps its statement from being planned with parallel workers: `set_config` is
 * PARALLEL UNSAFE, and PostgreSQL plans no worker for a statement that calls such a function. (It
 * also sets the setting for the rest of the statement's own transaction, which ends with it.) A
 * step needs none: its statements modify rows, which PostgreSQL never plans in parallel either.
 */
const NO_PARALLEL_WORKERS = "set_config('max_parallel_workers_per_gather', '0', true) as no_parallel_workers";

/**
 * One step: the lock, then one statement that stamps the waiting events (in row order, so one
 * transaction's events keep the order it emitted them in) and returns the committed entries
 * waiting to be linked with the chain's head and the statement's snapshot, then their links (one
 * INSERT, which records the snapshot when the step took every entry waiting). The lock is its own
 * statement: under READ COMMITTED a statement's snapshot is taken when it starts, and the one
 * after the lock must see what the previous step committed.
 *
 * The lock's statement also reads where linking stands. Its snapshot may predate steps that
 * committed while this one waited for the lock (of this instance or others): then it reads an
 * earlier recorded snapshot, which is as complete — the range to look at is longer, and the links'
 * absence leaves out what the steps in between linked. `afterCut`: a step of this run stopped at
 * LINK_BATCH, so this one records its snapshot even if it links nothing (else the range would stay
 * long until the next entry).
 *
 * What this rests on: READ COMMITTED (each statement's snapshot is taken when it starts), and a
 * step running in a transaction of its own that inserts no entry (a transaction's own id is not in
 * its snapshot's in-progress list, so its entries would look committed to the snapshot recorded).
 */
async function sequenceStep(em: EntityManager, auditKey: string, afterCut: boolean, onStamped?: (sql: SqlExecutor) => Promise<void>): Promise<{ events: number; entries: number }> {
  return em.fork().transactional(async (tx) => {
    const sql = executorOf(tx);
    const [progress] = await sql.all<{ linked_through: string | null }>(`select pg_advisory_xact_lock(?), (${CHAIN_PROGRESS_SQL}) as linked_through`, [LOG_SEQUENCER_LOCK]);
    const rows = await sql.all<{ stamped: number; head_sequence: number | null; head_hash: string | null; snapshot: string } & Partial<PendingAuditRow>>(
      `with stamped as (
         update hub_event e set position = s.position
           from (select id, nextval('hub_event_position') as position from (select id from hub_event where position is null order by id limit ${STAMP_BATCH}) waiting) s
          where e.id = s.id
         returning 1),
       head as (${CHAIN_HEAD_SQL}),
       pending as (${PENDING_ENTRIES_SQL})
       select (select count(*)::int from stamped) as stamped, (select sequence from head) as head_sequence, (select hash from head) as head_hash,
              pg_current_snapshot()::text as snapshot, pending.*
         from (select 1) as one left join pending on true
        order by pending.txid, pending.id`,
      unlinkedParameters(progress?.linked_through ?? null),
    );
    const first = rows[0];
    const pending = rows.filter((row): row is typeof row & PendingAuditRow => row.id != null).map(unlinkedEntryOf);
    const head = first?.head_sequence != null && first.head_hash != null ? { sequence: first.head_sequence, hash: first.head_hash } : null;
    const complete = pending.length < LINK_BATCH;
    if (pending.length > 0 || (complete && afterCut)) {
      await saveLinks(
        sql,
        pending.map((entry) => entry.id),
        linkAfter(auditKey, head, pending),
        // A step cut at LINK_BATCH leaves entries its snapshot saw: the next one starts from the last complete step's.
        complete ? (first?.snapshot ?? null) : null,
      );
    }
    const events = first?.stamped ?? 0;
    if (events > 0) await onStamped?.(sql);
    return { events, entries: pending.length };
  });
}

/**
 * Runs sequencing steps for one instance: at most one at a time, and a request that arrives while
 * one runs is answered by the next step (which sees what committed before the request), shared by
 * every request that arrived meanwhile.
 */
export class LogSequencer {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  /** Whether every request the next step answers knows something waits (then it skips the look). */
  private nextKnown = true;
  private soon: NodeJS.Timeout | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly auditKey: string,
    private readonly hooks: {
      onError?: (error: unknown) => void;
      onStamped?: (sql: SqlExecutor) => Promise<void>;
    } = {},
  ) {}

  /**
   * Resolves once a step that started after this call has committed (or failed: the next one
   * retries). `known`: the caller has just committed rows that wait, so the step need not look.
   */
  run(known = false): Promise<void> {
    if (!this.running) {
      this.running = withoutRequestStatistics(() => sequenceLog(this.em, this.auditKey, { known, onStamped: this.hooks.onStamped }))
        .then(
          () => undefined,
          (error: unknown) => this.hooks.onError?.(error),
        )
        .finally(() => (this.running = null));
      return this.running;
    }
    this.nextKnown &&= known;
    this.next ??= this.running.then(() => {
      const nextKnown = this.nextKnown;
      this.next = null;
      this.nextKnown = true;
      return this.run(nextKnown);
    });
    return this.next;
  }

  /**
   * A step within `GATHER_MILLISECONDS`, not awaited: for audited reads, whose entries need not be
   * linked before the answer; under load, one step then links the entries of many reads.
   */
  runSoon(): void {
    this.soon ??= setTimeout(() => {
      this.soon = null;
      void this.run(true);
    }, GATHER_MILLISECONDS);
  }

  /** At shutdown: stops gathering (what was gathered is linked by the next step, here or elsewhere) and lets a running step finish. */
  async close(): Promise<void> {
    if (this.soon) clearTimeout(this.soon);
    this.soon = null;
    await this.next;
    await this.running;
  }
}
