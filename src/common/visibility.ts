import type { Classification } from "./classification.js";

/**
 * The datasets that data-sharing agreements name. Reference data (units, agencies, enterprises'
 * identities, commodities, markets) belongs to REFERENCE.
 */
export enum Dataset {
  REFERENCE = "REFERENCE",
  TRADE = "TRADE",
  TECHNOLOGY = "TECHNOLOGY",
  TRAINING = "TRAINING",
}

/** A piece of SQL with its positional (`?`) parameters, ANDed into a query's WHERE clause. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** What the visibility hook needs to know of a row to decide on one of its fields. */
export interface ClassifiedRecord {
  ownerProvinceCodes: string[];
}

export type FieldDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * The one hook every service query and every classified field passes through. Enforcement (the
 * authorisation issue) fills it in; the foundation's implementation lets everything through, so
 * the call sites, and their cost, are already in place.
 */
export interface Visibility {
  /** A condition limiting `alias`'s rows of `dataset` to those the viewer may see at all (e.g. others' drafts are hidden). */
  rowCondition(dataset: Dataset, alias: string): SqlCondition | null;
  /** Whether the viewer may read a field of this classification on this record. */
  readField(classification: Classification, dataset: Dataset, record: ClassifiedRecord): FieldDecision;
  /**
   * Whether the viewer may filter or sort rows of `dataset` by a field of this classification. A
   * filter on a field the caller may not read would reveal its values through which rows match.
   */
  filterBy(classification: Classification, dataset: Dataset): FieldDecision;
}

const ALLOWED: FieldDecision = { allowed: true };

export function openVisibility(): Visibility {
  return {
    rowCondition: () => null,
    readField: () => ALLOWED,
    filterBy: () => ALLOWED,
  };
}
