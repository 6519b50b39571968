import { readSql, type ReadContext } from "../common/read-query.js";
import { withoutRequestStatistics } from "../common/sql-statements.js";
import { auditRowsParameters, INSERT_AUDIT_ROWS_SQL, type AuditRow } from "./audit.service.js";

/** The most entries one insert carries (one array parameter per column; kept to a size the database takes in one go). */
const MOST_PER_INSERT = 2_000;

/**
 * The least time between the starts of two inserts (ms). Under load, a request's entries wait up
 * to this long for other requests' to share their insert and its commit; idle, they go at once.
 * Measured (BENCHMARKS.md, stop 23), 10 connections of audited reads: inserts per read 0.52 with
 * none, 0.36 at 5 ms, 0.24 at 10 ms (the inserts' share of PostgreSQL's time 15 % of the read's
 * own statement with none, 9 % at 10 ms); an audited read then waits at most 10 ms more.
 */
const LEAST_MILLISECONDS_BETWEEN_INSERTS = 10;

/**
 * Inserts the entries of audited reads for one instance, several requests' entries per statement:
 * at most one insert is in flight, at most one starts per LEAST_MILLISECONDS_BETWEEN_INSERTS, and
 * the entries that arrive meanwhile go together in the next (group commit, as PostgreSQL's own WAL
 * writer does). Each request still waits for its entries to be written — a response whose reads
 * cannot be recorded is not sent — and an insert that fails fails every request in it, none of
 * whose entries was written (one statement). (Measured against inserting them, linked, in the
 * sequencing step itself, which every read then waited for: 0.70–0.71x of unaudited reads that
 * way, 0.73–1.00x this way; see BENCHMARKS.md.)
 */
export class ReadEntryBatcher {
  private waiting: { rows: AuditRow[]; resolve: (ids: number[]) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = false;
  /** When the last insert started (performance.now()). */
  private lastStart = Number.NEGATIVE_INFINITY;

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
      const wait = this.lastStart + LEAST_MILLISECONDS_BETWEEN_INSERTS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastStart = performance.now();
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
