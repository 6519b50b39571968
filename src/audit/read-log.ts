import type { ClassifiedRecord } from "../common/visibility.js";

/** What one response read of one other province's RESTRICTED or CONFIDENTIAL data, for that province's audit entry. */
export interface ReadSummary {
  /** The one province whose data this entry is about. */
  ownerProvinceCodes: [string];
  fields: string[];
  recordCount: number;
  agreementReferences: string[];
}

interface OwnerReads {
  fields: Set<string>;
  /** Record key → how many records it stands for (1, or the size of an aggregated cell). */
  records: Map<string, number>;
  agreements: Set<string>;
}

/**
 * Collects, while a response is being resolved, the protected values it reads of other provinces:
 * which fields, whose records, how many, under which agreements. It never holds a value. Reads are
 * kept apart by owning province, so that each province's entry says exactly what was read of its
 * own data (and which agreement it granted was used) and nothing of another province's. The
 * response's entries are written from it before the response is sent, in an insert shared with
 * the other audited requests of the moment (src/audit/read-entry-batcher.ts): never one per field.
 */
export class ReadLog {
  private readonly byOwner = new Map<string, OwnerReads>();
  /**
   * The record and owner of the last note, that owner's reads and the record's key: a response
   * resolves a record's fields one after another, so most notes are of the record just noted, and
   * its key (a string built per record) is not built again.
   */
  private last: { record: ClassifiedRecord; ownerCode: string; reads: OwnerReads; key: string | undefined } | null = null;

  /**
   * One read of `field` of `record`, owned (among others) by `ownerCode`, allowed by the agreement
   * `agreementReference` if any. The record counts as `aggregatedRecords` records when it is a
   * statistic's cell, else as one, identified by its `auditKey` (or, lacking one, by the field and
   * its owners).
   */
  note(field: string, ownerCode: string, record: ClassifiedRecord, agreementReference: string | null): void {
    let last = this.last;
    if (last === null || last.record !== record || last.ownerCode !== ownerCode) {
      last = this.last = { record, ownerCode, reads: this.readsOf(ownerCode), key: record.auditKey };
    }
    const reads = last.reads;
    reads.records.set(last.key ?? `${field}:${record.ownerProvinceCodes.join(",")}`, record.aggregatedRecords ?? 1);
    reads.fields.add(field);
    if (agreementReference) reads.agreements.add(agreementReference);
  }

  private readsOf(ownerCode: string): OwnerReads {
    let reads = this.byOwner.get(ownerCode);
    if (!reads) {
      reads = { fields: new Set(), records: new Map(), agreements: new Set() };
      this.byOwner.set(ownerCode, reads);
    }
    return reads;
  }

  /** Whether nothing has been noted since the last `take` (most responses: nothing to audit, nothing to hash). */
  get empty(): boolean {
    return this.byOwner.size === 0;
  }

  /** The reads noted since the last call, one summary per owning province, and forgets them (a subscription writes entries per event). */
  take(): ReadSummary[] {
    const summaries = [...this.byOwner.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([ownerCode, reads]) => ({
        ownerProvinceCodes: [ownerCode] as [string],
        fields: [...reads.fields].sort(),
        recordCount: [...reads.records.values()].reduce((sum, count) => sum + count, 0),
        agreementReferences: [...reads.agreements].sort(),
      }));
    this.byOwner.clear();
    this.last = null;
    return summaries;
  }
}
