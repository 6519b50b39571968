import { readSql, type ReadContext } from "../common/read-query.js";
import { withoutRequestStatistics } from "../common/sql-statements.js";
import { auditRowsParameters, INSERT_AUDIT_ROWS_SQL, type AuditRow } from "./audit.service.js";

/** The most entries one insert carries (one array parameter per column; kept to a size the database takes in one go). */
const MOST_PER_INSERT = 2_000;

/**
 * How many turns of the event loop an insert waits for more entries. A turn handles every response
 * that has arrived (from PostgreSQL, from clients); the requests it completes add their entries,
 * and the loop never sits idle for it (`setImmediate` runs right after the turn's I/O). Measured at
 * 10 connections of audited reads (BENCHMARKS.md, stop 24): inserts per read 0.46 with none, 0.33
 * after one turn, 0.25 after two, with the hub as busy as without (idle 16 %) — where a wait of up
 * to 10 ms between inserts (0.24 per read) left it idle 27 % of the time and cost more throughput
 * than the saved commits gave back. Stop 29 measured throughput against the unaudited owners, each
 * setting on a hub of its own in turn (16 alternating 3 s rounds): each insert costs more than the
 * turns' wait (0.80x with two inserts in flight and no turn, 0.87x with none, 0.86x after one,
 * 0.86–0.90x after two, 0.89x after three, 0.91x and 0.95x after four, 0.94x after six; 0.25
 * inserts per read after two turns, 0.19 after four).
 */
const TURNS_BEFORE_INSERT = 4;

/**
 * Inserts the entries of audited reads for one instance, several requests' entries per statement:
 * at most one insert is in flight, and the entries that arrive meanwhile, or within its next
 * TURNS_BEFORE_INSERT turns of the event loop, go together in the next (group commit, as
 * PostgreSQL's own WAL writer does). Each request waits for its entries to be written —
 * a response whose reads cannot be recorded is not sent — and an insert that fails fails every
 * request in it, none of whose entries was written (one statement). (Measured against inserting
 * them, linked, in the sequencing step itself, which every read then waited for: 0.70–0.71x of
 * unaudited reads that way, 0.73–1.00x this way; see BENCHMARKS.md.)
 */
export class ReadEntryBatcher {
  private waiting: { rows: AuditRow[]; resolve: (ids: number[]) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = false;

  /** Inserts run as reads do (`readSql`): on a server the insert's one text is prepared once per connection. */
  constructor(private readonly reads: ReadContext) {}

  /** Resolves with the rows' ids once they are in the table. */
  insert(rows: AuditRow[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      // Shared by the requests in it, so charged to none (not to whichever started it).
      if (!this.inFlight) void withoutRequestStatistics(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    this.inFlight = true;
    while (this.waiting.length > 0) {
      for (let turn = 0; turn < TURNS_BEFORE_INSERT; turn++) await new Promise((resolve) => setImmediate(resolve));
      const batch: typeof this.waiting = [];
      let count = 0;
      while (this.waiting.length > 0 && (batch.length === 0 || count + this.waiting[0]!.rows.length <= MOST_PER_INSERT)) {
        const request = this.waiting.shift()!;
        batch.push(request);
        count += request.rows.length;
      }
      try {
        // On a pooled connection of its own, outside any transaction: the insert commits by itself.
        const ids = (await readSql<{ id: number }>(this.reads, INSERT_AUDIT_ROWS_SQL, auditRowsParameters(batch.flatMap((request) => request.rows)))).map((row) => row.id);
        let offset = 0;
        for (const request of batch) {
          request.resolve(ids.slice(offset, offset + request.rows.length));
          offset += request.rows.length;
        }
      } catch (error) {
        for (const request of batch) request.reject(error);
      }
    }
    this.inFlight = false;
  }
}
