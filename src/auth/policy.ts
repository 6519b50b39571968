import type { EntityName } from "@mikro-orm/core";
import type { ReadLog } from "../audit/read-log.js";
import { Classification } from "../common/classification.js";
import { UnreachableCaseError } from "../common/errors.js";
import { textArray } from "../common/visible-rows.js";
import {
  anyOf,
  DenialReason,
  NO_ROWS,
  rowRuleOf,
  type ClassifiedRecord,
  type Dataset,
  type FieldDecision,
  type RowRuleContext,
  type SqlCondition,
  type Visibility,
} from "../common/visibility.js";
import type { Access, Grant } from "./access.js";
import type { Viewer } from "./viewer.js";

const ALLOWED: FieldDecision = { allowed: true };
const EVERY_ROW: SqlCondition = { sql: "true", params: [] };

function deny(reason: DenialReason, explanation: string): FieldDecision {
  return { allowed: false, reason, explanation };
}

function list(codes: Iterable<string>): string {
  return [...codes].join(", ") || "no province";
}

/** Who may read a protected field of `record`, for a denial's reason (written only when denying: most reads are allowed). */
function whoMayRead(classification: Classification.RESTRICTED | Classification.CONFIDENTIAL, record: ClassifiedRecord): string {
  const owners = list(record.ownerProvinceCodes);
  return classification === Classification.RESTRICTED
    ? `RESTRICTED data of ${owners}: readable by their agencies, by agencies of a province holding an agreement in force for ${record.dataset} from them, and by the enterprise it is about`
    : `CONFIDENTIAL data of ${owners}: readable only by their agencies and by the enterprise it is about; no agreement grants it`;
}

/** `noteRead`'s grant for a statistic's cell: each owning province's own agreement, looked up per owner. */
const EACH_OWNERS_GRANT = Symbol("each owner's grant");

/**
 * The hub's authorisation rules, from the product brief's table, in one place:
 *
 * | classification | who may read it |
 * | PUBLIC       | anyone, also without a token |
 * | SHARED       | any authenticated member (agencies, enterprises, administrators) |
 * | RESTRICTED   | agencies of an owning province (successors included, from the merge date); agencies of a
 * |              | province holding an agreement in force for the record's dataset from an owner; the enterprise
 * |              | the record is about |
 * | CONFIDENTIAL | agencies of an owning province and the enterprise itself; no agreement grants it |
 *
 * Administrators read like any member (up to SHARED). A statistic over RESTRICTED values is read
 * like its records by those who may read them all, and by everyone else only when at least k
 * records stand behind it. Every decision is O(1) on what `Access` loaded once for the request.
 */
export class Policy implements Visibility, RowRuleContext {
  constructor(
    private readonly viewer: Viewer,
    private readonly access: Access,
    private readonly readLog: ReadLog,
    /** k: the fewest records a published statistic over RESTRICTED values may stand on. */
    private readonly minimumCellSize: number,
  ) {}

  get authenticated(): boolean {
    return this.viewer.kind !== "anonymous";
  }

  rowCondition(entity: EntityName<object>, alias: string): SqlCondition | null {
    return rowRuleOf(entity)?.(this, alias) ?? null;
  }

  ownedBy(alias: string): SqlCondition {
    if (this.viewer.kind !== "agency") return NO_ROWS;
    return { sql: `${alias}.owner_province_codes && ?::text[]`, params: [textArray([...this.access.ownCodes])] };
  }

  aboutCaller(alias: string, column: string): SqlCondition {
    if (this.viewer.kind !== "enterprise" || this.access.enterpriseId === null) return NO_ROWS;
    return { sql: `${alias}.${column} = ?`, params: [this.access.enterpriseId] };
  }

  private grantedBy(dataset: Dataset, alias: string): SqlCondition {
    const covered = this.access.grants.filter((grant) => grant.datasets.has(dataset)).flatMap((grant) => [...grant.coveredCodes]);
    if (this.viewer.kind !== "agency" || covered.length === 0) return NO_ROWS;
    return { sql: `${alias}.owner_province_codes && ?::text[]`, params: [textArray([...new Set(covered)])] };
  }

  readableRows(classification: Classification, dataset: Dataset, alias: string, subjectColumn?: string, options: { throughAgreements?: boolean } = {}): SqlCondition {
    const aboutCaller = subjectColumn ? this.aboutCaller(alias, subjectColumn) : NO_ROWS;
    switch (classification) {
      case Classification.PUBLIC:
        return EVERY_ROW;
      case Classification.SHARED:
        return this.authenticated ? EVERY_ROW : NO_ROWS;
      case Classification.RESTRICTED:
        return anyOf(this.ownedBy(alias), options.throughAgreements === false ? NO_ROWS : this.grantedBy(dataset, alias), aboutCaller);
      case Classification.CONFIDENTIAL:
        return anyOf(this.ownedBy(alias), aboutCaller);
      default:
        throw new UnreachableCaseError(classification);
    }
  }

  filterBy(classification: Classification, dataset: Dataset): FieldDecision {
    if (classification === Classification.PUBLIC) return ALLOWED;
    const kind = this.viewer.kind;
    if (kind === "anonymous") return deny(DenialReason.SIGN_IN_REQUIRED, `${classification} fields are for signed-in members`);
    if (classification === Classification.SHARED) return ALLOWED;
    if (kind === "hub_admin") {
      return deny(DenialReason.ADMINISTRATORS_READ_AS_MEMBERS, `hub administrators read ${dataset} data like any member, up to SHARED`);
    }
    // Agencies and enterprises may read some rows' protected fields: the filter acts on those only (`readableRows`).
    return ALLOWED;
  }

  readField(field: string, classification: Classification, record: ClassifiedRecord): FieldDecision {
    switch (classification) {
      case Classification.PUBLIC:
        return ALLOWED;
      case Classification.SHARED:
        return this.authenticated ? ALLOWED : deny(DenialReason.SIGN_IN_REQUIRED, "SHARED data is for signed-in members (agencies and registered enterprises)");
      case Classification.RESTRICTED:
      case Classification.CONFIDENTIAL:
        if (!Array.isArray(record?.ownerProvinceCodes) || record.ownerProvinceCodes.length === 0) {
          return deny(DenialReason.UNKNOWN_OWNERS, "the hub cannot tell who owns this value, so it withholds it");
        }
        return record.aggregatedRecords === undefined ? this.readProtected(field, classification, record) : this.readStatistic(field, record);
      default:
        throw new UnreachableCaseError(classification);
    }
  }

  /** A RESTRICTED or CONFIDENTIAL field of one record. */
  private readProtected(field: string, classification: Classification.RESTRICTED | Classification.CONFIDENTIAL, record: ClassifiedRecord): FieldDecision {
    switch (this.viewer.kind) {
      case "anonymous":
        return deny(DenialReason.SIGN_IN_REQUIRED, `${whoMayRead(classification, record)}; sign in`);
      case "hub_admin":
        return deny(DenialReason.ADMINISTRATORS_READ_AS_MEMBERS, `${whoMayRead(classification, record)}; hub administrators read data like any member, up to SHARED`);
      case "enterprise":
        if (record.subjectEnterpriseId != null && record.subjectEnterpriseId === this.access.enterpriseId) {
          this.noteRead(field, record, null);
          return ALLOWED;
        }
        return deny(DenialReason.NOT_THE_SUBJECT_ENTERPRISE, `${whoMayRead(classification, record)}; it is not about the calling enterprise`);
      case "agency": {
        if (this.owns(record)) {
          this.noteRead(field, record, null);
          return ALLOWED;
        }
        if (classification === Classification.CONFIDENTIAL) {
          return deny(DenialReason.OWNERS_ONLY, `${whoMayRead(classification, record)}; ${this.viewer.provinceCode} is not an owner`);
        }
        const grant = this.grantFor(record);
        if (grant) {
          this.noteRead(field, record, grant);
          return ALLOWED;
        }
        return deny(DenialReason.NO_AGREEMENT_IN_FORCE, `${whoMayRead(classification, record)}; ${this.viewer.provinceCode} is not an owner and holds no such agreement in force`);
      }
      default:
        throw new UnreachableCaseError(this.viewer);
    }
  }

  /**
   * A statistic over RESTRICTED values. A caller who may read every record behind it reads it as
   * it would the records (audited when they are another province's and the cell is below k).
   * Otherwise the records it may NOT read must number at least k: knowing the records it may read,
   * it could subtract them from the cell, so k counts only the rest (an old agreement from an
   * absorbed unit must not open its successor's few remaining records to subtraction).
   */
  private readStatistic(field: string, record: ClassifiedRecord): FieldDecision {
    const total = record.aggregatedRecords ?? 0;
    const unreadable = total - (record.readableRecords ?? 0);
    if (unreadable <= 0) {
      if (total < this.minimumCellSize) this.noteRead(field, record, EACH_OWNERS_GRANT);
      return ALLOWED;
    }
    if (unreadable >= this.minimumCellSize) return ALLOWED;
    return deny(
      DenialReason.TOO_FEW_RECORDS,
      `a statistic over RESTRICTED values of ${list(record.ownerProvinceCodes)} is published only when at least ${this.minimumCellSize} of its records are ones the caller may not read themselves; this one has ${unreadable} of ${total}`,
    );
  }

  private owns(record: ClassifiedRecord): boolean {
    return record.ownerProvinceCodes.some((code) => this.access.ownCodes.has(code));
  }

  private grantCovering(code: string, dataset: Dataset): Grant | undefined {
    return this.access.grants.find((grant) => grant.datasets.has(dataset) && grant.coveredCodes.has(code));
  }

  private grantFor(record: ClassifiedRecord): Grant | undefined {
    for (const code of record.ownerProvinceCodes) {
      const grant = this.grantCovering(code, record.dataset);
      if (grant) return grant;
    }
    return undefined;
  }

  /**
   * Notes an allowed read for the audit log, once for each other province owning the record, with
   * the agreement (if any) that let the caller read that province's data: `grant` for all of them
   * (a record's field), or each one's own (`EACH_OWNERS_GRANT`: a statistic's cell).
   */
  private noteRead(field: string, record: ClassifiedRecord, grant: Grant | null | typeof EACH_OWNERS_GRANT): void {
    for (const ownerCode of record.ownerProvinceCodes) {
      if (this.access.ownCodes.has(ownerCode)) continue;
      const granted = grant === EACH_OWNERS_GRANT ? this.grantCovering(ownerCode, record.dataset) : grant;
      this.readLog.note(field, ownerCode, record, granted?.reference ?? null);
    }
  }
}
