import type { EntityName } from "@mikro-orm/core";
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

/** A condition no row meets. */
export const NO_ROWS: SqlCondition = { sql: "false", params: [] };

/** What the policy needs to know of a value to decide on one of its classified fields. */
export interface ClassifiedRecord {
  /** The provinces owning the record, as it was made (historical codes included). */
  ownerProvinceCodes: string[];
  /** The dataset an agreement must name to grant its RESTRICTED fields. */
  dataset: Dataset;
  /**
   * The enterprise the record is about, which may read its RESTRICTED and CONFIDENTIAL fields: the
   * enterprise itself, its listings, OCOP products and assessments (the brief's ownership table).
   * Null or absent for records about no single enterprise.
   */
  subjectEnterpriseId?: number | null;
  /** Identifies the record in the audit log's record count (values about one record count once). */
  auditKey?: string;
  /**
   * For a statistic over records: how many records it aggregates. Such a value is published to
   * callers who may not read the rows only when at least k records stand behind it.
   */
  aggregatedRecords?: number;
  /** For a statistic: how many of its records the caller may read themselves (their RESTRICTED fields). */
  readableRecords?: number;
}

/** Why a field was withheld, for the client to act on (`extensions.reason`) next to the message. */
export enum DenialReason {
  /** SHARED or stronger, and the caller has no token. */
  SIGN_IN_REQUIRED = "SIGN_IN_REQUIRED",
  /** A hub administrator reads data like any member: up to SHARED. */
  ADMINISTRATORS_READ_AS_MEMBERS = "ADMINISTRATORS_READ_AS_MEMBERS",
  /** RESTRICTED, and the caller's province neither owns the record nor holds an agreement in force for its dataset from an owner. */
  NO_AGREEMENT_IN_FORCE = "NO_AGREEMENT_IN_FORCE",
  /** RESTRICTED or CONFIDENTIAL, and the enterprise calling is not the one the record is about. */
  NOT_THE_SUBJECT_ENTERPRISE = "NOT_THE_SUBJECT_ENTERPRISE",
  /** CONFIDENTIAL, and the caller is not an agency of an owning province (no agreement grants it). */
  OWNERS_ONLY = "OWNERS_ONLY",
  /** A statistic over fewer than k records, for a caller who may not read the records themselves. */
  TOO_FEW_RECORDS = "TOO_FEW_RECORDS",
  /** The value carries no owners, so the hub cannot tell who may read it (a defect: it fails closed). */
  UNKNOWN_OWNERS = "UNKNOWN_OWNERS",
}

export type FieldDecision = { allowed: true } | { allowed: false; reason: DenialReason; explanation: string };

/** What the policy knows of the caller's rights, decided once per request. */
export interface Visibility {
  /** A condition limiting `alias`'s rows of `entity` to those the viewer may see at all (e.g. others' drafts are hidden); null when every row is visible. */
  rowCondition(entity: EntityName<object>, alias: string): SqlCondition | null;
  /**
   * Whether the viewer may read `field` ("Type.field") of this classification on this record. An
   * allowed read of another province's RESTRICTED or CONFIDENTIAL value is noted for the audit log.
   */
  readField(field: string, classification: Classification, record: ClassifiedRecord): FieldDecision;
  /**
   * Whether the viewer may filter or sort rows of `dataset` by a field of this classification at
   * all. A filter on a field the caller may not read would reveal its values through which rows match.
   */
  filterBy(classification: Classification, dataset: Dataset): FieldDecision;
  /**
   * The rows of `alias` (of `dataset`) whose fields of this classification the viewer may read:
   * a filter on such a field must act only on these rows. `subjectColumn` holds the id of the
   * enterprise a row is about, for the enterprise's own rights.
   */
  readableRows(classification: Classification, dataset: Dataset, alias: string, subjectColumn?: string, options?: { throughAgreements?: boolean }): SqlCondition;
}

/**
 * Which rows of an entity a caller may see at all, declared by the domain that owns the entity (its
 * `<domain>.policy.ts`); entities without a rule are visible row by row to everyone, their fields
 * still guarded one by one.
 */
export type RowRule = (visibility: RowRuleContext, alias: string) => SqlCondition | null;

/** What a row rule may ask of the policy: SQL for the caller's standing towards a row. */
export interface RowRuleContext {
  /** Whether the caller is signed in at all. */
  readonly authenticated: boolean;
  /** Rows owned by the caller's province (with its predecessors), for agency callers; no rows otherwise. */
  ownedBy(alias: string): SqlCondition;
  /** Rows about the calling enterprise (`column` holds the enterprise id); no rows for other callers. */
  aboutCaller(alias: string, column: string): SqlCondition;
}

const rowRules = new Map<EntityName<object>, RowRule>();

/** Declares which rows of `entity` callers may see (called from the owning domain's policy module). */
export function registerRowRule(entity: EntityName<object>, rule: RowRule): void {
  rowRules.set(entity, rule);
}

export function rowRuleOf(entity: EntityName<object>): RowRule | undefined {
  return rowRules.get(entity);
}

/** ORs conditions into one (a row meeting any of them). */
export function anyOf(...conditions: SqlCondition[]): SqlCondition {
  const meaningful = conditions.filter((condition) => condition.sql !== NO_ROWS.sql);
  if (meaningful.length === 0) return NO_ROWS;
  return { sql: `(${meaningful.map((condition) => condition.sql).join(" or ")})`, params: meaningful.flatMap((condition) => condition.params) };
}
