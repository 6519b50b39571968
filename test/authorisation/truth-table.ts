/**
 * The authorisation truth table, written by hand from the product brief (`../shared/docs/PRODUCT.md`,
 * "Who owns what" and "Field-level authorisation for each province"), not computed by the hub's
 * policy code. The matrix test checks the hub against it, and checks that it names exactly the
 * classified fields of the committed SDL, so a field added without a row here fails the suite.
 */

export type Level = "PUBLIC" | "SHARED" | "RESTRICTED" | "CONFIDENTIAL";

/** The kinds of caller the issue lists. Each reads the fixtures of one owner province (see `WORLD_OF`). */
export enum Caller {
  ANONYMOUS = "anonymous",
  ENTERPRISE_ITSELF = "enterprise about itself",
  ENTERPRISE_OTHER = "enterprise about another",
  OWNER_AGENCY = "agency of the owning province",
  SUCCESSOR_AGENCY = "agency of the successor province",
  NO_AGREEMENT = "agency of another province, no agreement",
  AGREEMENT_IN_FORCE = "agency with an agreement in force",
  AGREEMENT_EXPIRED = "agency with an expired agreement",
  AGREEMENT_REVOKED = "agency with a revoked agreement",
  AGREEMENT_DECLINED = "agency with a declined agreement",
  HUB_ADMIN = "hub administrator",
}
export const CALLERS = Object.values(Caller);

/** Whose records a caller is tested against: Đắk Lắk's (VN-33), or Kon Tum's (VN-28, absorbed into Quảng Ngãi VN-29 on 1 July 2025). */
export type WorldCode = "VN-33" | "VN-28";
export const WORLD_OF: Record<Caller, WorldCode> = {
  [Caller.ANONYMOUS]: "VN-33",
  [Caller.ENTERPRISE_ITSELF]: "VN-33",
  [Caller.ENTERPRISE_OTHER]: "VN-33",
  [Caller.OWNER_AGENCY]: "VN-33",
  [Caller.SUCCESSOR_AGENCY]: "VN-28",
  [Caller.NO_AGREEMENT]: "VN-33",
  [Caller.AGREEMENT_IN_FORCE]: "VN-33",
  [Caller.AGREEMENT_EXPIRED]: "VN-33",
  [Caller.AGREEMENT_REVOKED]: "VN-33",
  [Caller.AGREEMENT_DECLINED]: "VN-28",
  [Caller.HUB_ADMIN]: "VN-33",
};

/** A read the brief allows, or a withholding with the reason the hub must give. */
export type Outcome = { read: true } | { read: false; reason: string };
const READ: Outcome = { read: true };
const no = (reason: string): Outcome => ({ read: false, reason });
/** RESTRICTED and CONFIDENTIAL fields of the records about the calling enterprise only. */
const SUBJECT_ONLY = "subject only" as const;

/**
 * The brief's classification table, caller by caller:
 * PUBLIC anyone; SHARED any authenticated member; RESTRICTED owning province's agencies (successors
 * included), agencies holding an agreement in force, the enterprise the record is about;
 * CONFIDENTIAL owning province's agencies and the enterprise itself, never by agreement;
 * administrators read like any member.
 */
export const READS: Record<Caller, Record<Level, Outcome | typeof SUBJECT_ONLY>> = {
  [Caller.ANONYMOUS]: { PUBLIC: READ, SHARED: no("SIGN_IN_REQUIRED"), RESTRICTED: no("SIGN_IN_REQUIRED"), CONFIDENTIAL: no("SIGN_IN_REQUIRED") },
  [Caller.ENTERPRISE_ITSELF]: { PUBLIC: READ, SHARED: READ, RESTRICTED: SUBJECT_ONLY, CONFIDENTIAL: SUBJECT_ONLY },
  [Caller.ENTERPRISE_OTHER]: { PUBLIC: READ, SHARED: READ, RESTRICTED: no("NOT_THE_SUBJECT_ENTERPRISE"), CONFIDENTIAL: no("NOT_THE_SUBJECT_ENTERPRISE") },
  [Caller.OWNER_AGENCY]: { PUBLIC: READ, SHARED: READ, RESTRICTED: READ, CONFIDENTIAL: READ },
  [Caller.SUCCESSOR_AGENCY]: { PUBLIC: READ, SHARED: READ, RESTRICTED: READ, CONFIDENTIAL: READ },
  [Caller.NO_AGREEMENT]: { PUBLIC: READ, SHARED: READ, RESTRICTED: no("NO_AGREEMENT_IN_FORCE"), CONFIDENTIAL: no("OWNERS_ONLY") },
  [Caller.AGREEMENT_IN_FORCE]: { PUBLIC: READ, SHARED: READ, RESTRICTED: READ, CONFIDENTIAL: no("OWNERS_ONLY") },
  [Caller.AGREEMENT_EXPIRED]: { PUBLIC: READ, SHARED: READ, RESTRICTED: no("NO_AGREEMENT_IN_FORCE"), CONFIDENTIAL: no("OWNERS_ONLY") },
  [Caller.AGREEMENT_REVOKED]: { PUBLIC: READ, SHARED: READ, RESTRICTED: no("NO_AGREEMENT_IN_FORCE"), CONFIDENTIAL: no("OWNERS_ONLY") },
  [Caller.AGREEMENT_DECLINED]: { PUBLIC: READ, SHARED: READ, RESTRICTED: no("NO_AGREEMENT_IN_FORCE"), CONFIDENTIAL: no("OWNERS_ONLY") },
  [Caller.HUB_ADMIN]: { PUBLIC: READ, SHARED: READ, RESTRICTED: no("ADMINISTRATORS_READ_AS_MEMBERS"), CONFIDENTIAL: no("ADMINISTRATORS_READ_AS_MEMBERS") },
};

/**
 * A statistic over RESTRICTED values is published only where it cannot single out an enterprise:
 * the records behind it that a caller may NOT read itself must number at least k (whoever may read
 * some of them could subtract those), unless the caller may read them all. How many of a cell's
 * records each caller may read itself, from the RESTRICTED row above:
 */
export const CELL_RECORDS_READABLE: Record<Caller, "all" | "its own" | "none"> = {
  [Caller.ANONYMOUS]: "none",
  [Caller.ENTERPRISE_ITSELF]: "its own",
  [Caller.ENTERPRISE_OTHER]: "none",
  [Caller.OWNER_AGENCY]: "all",
  [Caller.SUCCESSOR_AGENCY]: "all",
  [Caller.NO_AGREEMENT]: "none",
  [Caller.AGREEMENT_IN_FORCE]: "all",
  [Caller.AGREEMENT_EXPIRED]: "none",
  [Caller.AGREEMENT_REVOKED]: "none",
  [Caller.AGREEMENT_DECLINED]: "none",
  [Caller.HUB_ADMIN]: "none",
};

/** A cell: its records, how many are the calling enterprise's own (when the caller is one), and k. */
export interface Cell {
  records: number;
  ownEnterpriseRecords: number;
  k: number;
}

/**
 * Rows some callers may not see at all (filtered in SQL; `node(id)` answers as for a missing id):
 * others' draft assessments; roster entries (all CONFIDENTIAL personal data); agreements for
 * anonymous callers (even their owner codes say who shares with whom).
 */
export const ROWS_VISIBLE_TO: Record<"draft assessment" | "training participant" | "agreement", readonly Caller[]> = {
  "draft assessment": [Caller.OWNER_AGENCY, Caller.SUCCESSOR_AGENCY, Caller.ENTERPRISE_ITSELF],
  "training participant": [Caller.OWNER_AGENCY, Caller.SUCCESSOR_AGENCY],
  agreement: CALLERS.filter((caller) => caller !== Caller.ANONYMOUS),
};

/** What a type's records are about, from the brief's ownership table. */
type About = "the enterprise" | "no single enterprise" | "a statistic";

/**
 * Every field of the SDL that is not PUBLIC, with the classification the brief gives it. Enterprise
 * financials, assessment scores and budgets are RESTRICTED; listing contacts, trade flow values and
 * tax codes SHARED; assessor recommendations and participant rosters CONFIDENTIAL.
 */
export const CLASSIFIED_FIELDS: Record<string, { about: About; fields: Record<string, Level> }> = {
  Agency: { about: "no single enterprise", fields: { contactEmail: "SHARED" } },
  Agreement: {
    about: "no single enterprise",
    fields: {
      datasets: "SHARED",
      decidedAt: "SHARED",
      decidedBy: "SHARED",
      declineLegalBasis: "SHARED",
      declineReason: "SHARED",
      grantee: "SHARED",
      grantor: "SHARED",
      legalBasis: "SHARED",
      periodFrom: "SHARED",
      periodTo: "SHARED",
      purpose: "SHARED",
      reference: "SHARED",
      requestedAt: "SHARED",
      requestedBy: "SHARED",
      revokeReason: "SHARED",
      revokedAt: "SHARED",
      status: "SHARED",
    },
  },
  Assessment: {
    about: "the enterprise",
    fields: {
      technologyScore: "RESTRICTED",
      efficiencyScore: "RESTRICTED",
      organisationScore: "RESTRICTED",
      researchScore: "RESTRICTED",
      innovationScore: "RESTRICTED",
      totalScore: "RESTRICTED",
      synchronyCoefficient: "RESTRICTED",
      criterionScores: "RESTRICTED",
      assessorRecommendations: "CONFIDENTIAL",
    },
  },
  CriterionScore: { about: "the enterprise", fields: { criterion: "RESTRICTED", score: "RESTRICTED", maxScore: "RESTRICTED", group: "RESTRICTED" } },
  Enterprise: { about: "the enterprise", fields: { taxCode: "SHARED", address: "SHARED", employees: "RESTRICTED", annualRevenueVnd: "RESTRICTED" } },
  Listing: { about: "the enterprise", fields: { contactName: "SHARED", contactPhone: "SHARED", contactEmail: "SHARED" } },
  // A memorandum's signatories may be several enterprises: it is about none of them alone.
  Memorandum: { about: "no single enterprise", fields: { valueVnd: "RESTRICTED" } },
  TradeBalanceMonth: { about: "a statistic", fields: { valueAToB: "SHARED", valueBToA: "SHARED", netValue: "SHARED" } },
  TradeFlow: { about: "no single enterprise", fields: { valueVnd: "SHARED" } },
  TrainingLink: { about: "no single enterprise", fields: { budgetVnd: "RESTRICTED", participants: "CONFIDENTIAL" } },
  TrainingParticipant: {
    about: "no single enterprise",
    fields: { fullName: "CONFIDENTIAL", position: "CONFIDENTIAL", workplace: "CONFIDENTIAL", certified: "CONFIDENTIAL", link: "CONFIDENTIAL" },
  },
  TechnologyScoreCell: {
    about: "a statistic",
    fields: {
      averageTotalScore: "RESTRICTED",
      averageTechnologyScore: "RESTRICTED",
      averageEfficiencyScore: "RESTRICTED",
      averageOrganisationScore: "RESTRICTED",
      averageResearchScore: "RESTRICTED",
      averageInnovationScore: "RESTRICTED",
      averageSynchronyCoefficient: "RESTRICTED",
    },
  },
};

/** The expected outcome of one field of one record for one caller, straight from the tables above. */
export function expectedOutcome(caller: Caller, type: string, field: string, cell?: Cell): Outcome {
  const spec = CLASSIFIED_FIELDS[type];
  const level = spec?.fields[field] ?? "PUBLIC";
  if (spec?.about === "a statistic" && level === "RESTRICTED") {
    if (!cell) throw new Error(`${type}.${field} is a statistic: say how many records the cell has`);
    const share = CELL_RECORDS_READABLE[caller];
    const unreadable = share === "all" ? 0 : share === "its own" ? cell.records - cell.ownEnterpriseRecords : cell.records;
    return unreadable === 0 || unreadable >= cell.k ? READ : no("TOO_FEW_RECORDS");
  }
  const outcome = READS[caller][level];
  if (outcome !== SUBJECT_ONLY) return outcome;
  return spec?.about === "the enterprise" ? READ : no("NOT_THE_SUBJECT_ENTERPRISE");
}
