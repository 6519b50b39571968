/** What one response read of other provinces' RESTRICTED or CONFIDENTIAL data, summed for its one audit entry. */
export interface ReadSummary {
  fields: string[];
  ownerProvinceCodes: string[];
  recordCount: number;
  agreementReferences: string[];
}

/**
 * Collects, while a response is being resolved, the protected values it reads of other provinces:
 * which fields, whose records, how many, under which agreements. It never holds a value. The
 * response's single audit entry is written from it before the response is sent, so auditing costs
 * one insert per request, never one per field.
 */
export class ReadLog {
  private readonly fields = new Set<string>();
  private readonly owners = new Set<string>();
  /** Record key → how many records it stands for (1, or the size of an aggregated cell). */
  private readonly records = new Map<string, number>();
  private readonly agreements = new Set<string>();

  note(read: { field: string; foreignOwnerCodes: readonly string[]; recordKey: string; recordCount: number; agreementReference: string | null }): void {
    this.fields.add(read.field);
    for (const code of read.foreignOwnerCodes) this.owners.add(code);
    this.records.set(read.recordKey, read.recordCount);
    if (read.agreementReference) this.agreements.add(read.agreementReference);
  }

  /** The reads noted since the last call, and forgets them (a subscription writes one entry per event). */
  take(): ReadSummary | null {
    if (this.fields.size === 0) return null;
    const summary: ReadSummary = {
      fields: [...this.fields].sort(),
      ownerProvinceCodes: [...this.owners].sort(),
      recordCount: [...this.records.values()].reduce((sum, count) => sum + count, 0),
      agreementReferences: [...this.agreements].sort(),
    };
    this.fields.clear();
    this.owners.clear();
    this.records.clear();
    this.agreements.clear();
    return summary;
  }
}
