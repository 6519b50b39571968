import { createHmac } from "node:crypto";
import type { AuditEntry } from "./audit-entry.model.js";

/** The hash before the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** Everything an entry says, in a fixed order: a change to any of it changes its hash. */
function canonical(entry: Omit<AuditEntry, "hash">): string {
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
export function chainHash(key: string, entry: Omit<AuditEntry, "hash">): string {
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
      this.broken = { intact: false, entries: this.expectedSequence - 1, firstBrokenSequence: entry.id, reason };
      return false;
    };
    if (entry.id !== this.expectedSequence) {
      this.broken = { intact: false, entries: this.expectedSequence - 1, firstBrokenSequence: this.expectedSequence, reason: `entry ${this.expectedSequence} is missing (next is ${entry.id})` };
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
