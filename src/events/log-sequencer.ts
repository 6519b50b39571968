import type { EntityManager } from "@mikro-orm/postgresql";
import { LINK_BATCH, linkPendingEntries } from "../audit/audit-chain.js";
import { executorOf } from "../common/sql-executor.js";

/**
 * The one lock of the log: held only by a sequencing step, never by a write or a read. (The same
 * number the audit log's append lock had, so during a rolling upgrade an old instance's writes
 * and a new instance's steps still take turns.)
 */
const LOG_SEQUENCER_LOCK = 7_280_001;

/** The most events one step stamps: a backlog is stamped in steps of this size. */
const STAMP_BATCH = 10_000;

/**
 * Sequencing steps until nothing is waiting. One step gives the committed events that have no position yet their positions, and
 * links the committed audit entries that are not in the chain yet, in one short transaction under
 * the log's lock.
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
export async function sequenceLog(em: EntityManager, auditKey: string): Promise<{ events: number; entries: number }> {
  const total = { events: 0, entries: 0 };
  if (!(await somethingWaits(em))) return total;
  for (;;) {
    const step = await sequenceStep(em, auditKey);
    total.events += step.events;
    total.entries += step.entries;
    if (step.events < STAMP_BATCH && step.entries < LINK_BATCH) return total;
  }
}

/**
 * Whether any committed row waits for a step: one look at two small partial indexes, so an idle
 * instance's polls (the safety net for a lost signal) take no lock and open no transaction.
 */
async function somethingWaits(em: EntityManager): Promise<boolean> {
  const [row] = await executorOf(em.fork()).all<{ waits: boolean }>(
    "select exists (select 1 from hub_event where position is null) or exists (select 1 from audit_entry where sequence is null) as waits",
    [],
  );
  return row?.waits ?? true;
}

async function sequenceStep(em: EntityManager, auditKey: string): Promise<{ events: number; entries: number }> {
  return em.fork().transactional(async (tx) => {
    const sql = executorOf(tx);
    await sql.all("select pg_advisory_xact_lock(?)", [LOG_SEQUENCER_LOCK]);
    // In row order within the step: one transaction's events keep the order it emitted them in.
    const stamped = await sql.all<{ count: number }>(
      `with stamped as (
         update hub_event e set position = s.position
           from (select id, nextval('hub_event_position') as position from (select id from hub_event where position is null order by id limit ${STAMP_BATCH}) waiting) s
          where e.id = s.id
         returning 1)
       select count(*)::int as count from stamped`,
      [],
    );
    const entries = await linkPendingEntries(sql, auditKey);
    return { events: stamped[0]?.count ?? 0, entries };
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

  constructor(
    private readonly em: EntityManager,
    private readonly auditKey: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Resolves once a step that started after this call has committed (or failed: the next one retries). */
  run(): Promise<void> {
    if (!this.running) {
      this.running = sequenceLog(this.em, this.auditKey)
        .then(() => undefined, this.onError)
        .finally(() => (this.running = null));
      return this.running;
    }
    this.next ??= this.running.then(() => {
      this.next = null;
      return this.run();
    });
    return this.next;
  }
}
