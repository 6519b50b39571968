import { unauthenticated } from "../common/errors.js";
import { readSql, type ReadContext } from "../common/read-query.js";
import type { Dataset } from "../common/visibility.js";
import type { Viewer } from "./viewer.js";

/** An agreement in force that the caller's province holds, as the policy uses it. */
export interface Grant {
  reference: string;
  grantorCode: string;
  datasets: ReadonlySet<Dataset>;
  /** The grantor's code and its predecessors' (a grantor owns its predecessors' records, so its agreement covers them). */
  coveredCodes: ReadonlySet<string>;
}

/**
 * What the caller's standing is, read once per request in one statement: the unit codes its
 * province stands for (itself and the units it absorbed, from the merge date), the agreements in
 * force its province holds, and, for an enterprise, which enterprise it is. Nothing of it is cached
 * between requests, so an approval, revocation or merger applies to the very next request on any
 * instance of the hub.
 */
export interface Access {
  /** Codes the caller's province stands for: owner rights for agencies, "own data" (not audited) for enterprises. Empty for anonymous callers and administrators. */
  ownCodes: ReadonlySet<string>;
  /** Agreements in force granted to the caller's province (agencies only). */
  grants: readonly Grant[];
  /** The id of the calling enterprise, found by the token's tax code; null for other callers or an unregistered tax code. */
  enterpriseId: number | null;
}

export const NO_ACCESS: Access = { ownCodes: new Set(), grants: [], enterpriseId: null };

/** Successor → the units it absorbed, followed to any depth. */
function absorbedInto(code: string, absorbed: readonly [string, string][]): Set<string> {
  const codes = new Set([code]);
  const frontier = [code];
  while (frontier.length > 0) {
    const successor = frontier.pop()!;
    for (const [unit, successorCode] of absorbed) {
      if (successorCode === successor && !codes.has(unit)) {
        codes.add(unit);
        frontier.push(unit);
      }
    }
  }
  return codes;
}

interface AccessRow {
  /** Whether the token's province is one of today's units (null: no such unit). */
  province_current: boolean | null;
  absorbed: [string, string][];
  grants: [string, string, Dataset[]][];
  enterprise_id: number | null;
  /** The province the token's enterprise is registered in (null: no enterprise with its tax code). */
  enterprise_province: string | null;
}

/**
 * The one statement behind `Access`. A unit counts as absorbed once its last day (`valid_to`) is
 * before today: "a successor's agencies own their predecessors' records from the merge date". An
 * agreement granted to a predecessor passes to its successor, like its records.
 */
const ACCESS_SQL = `
  with recursive absorbed as (
    select code, successor_code from administrative_unit where successor_code is not null and valid_to < ?::date
  ), own(code) as (
    select ?::text
    union
    select a.code from absorbed a join own o on a.successor_code = o.code
  )
  select
    (select u.valid_to is null or u.valid_to >= ?::date from administrative_unit u where u.code = ?) as province_current,
    coalesce((select json_agg(json_build_array(code, successor_code)) from absorbed), '[]'::json) as absorbed,
    coalesce((select json_agg(json_build_array(g.reference, g.grantor_code, g.datasets) order by g.id)
                from agreement g
               where ?::boolean and g.grantee_code in (select code from own)
                 and g.decision = 'APPROVED' and g.period_from <= ?::date and g.period_to >= ?::date), '[]'::json) as grants,
    (select e.id from enterprise e where e.tax_code = ?) as enterprise_id,
    (select e.province_code from enterprise e where e.tax_code = ?) as enterprise_province`;

/** Whether the caller has a standing to read: anonymous callers and administrators have no province rights (their access is NO_ACCESS, read by no statement). */
export function hasStanding(viewer: Viewer): viewer is Extract<Viewer, { kind: "agency" | "enterprise" }> {
  return viewer.kind !== "anonymous" && viewer.kind !== "hub_admin";
}

/**
 * Reads the caller's access (no statement for callers without a standing: `hasStanding`): every
 * request with a token runs it, so it runs as the reads do (`readSql`: prepared on a server).
 */
export async function loadAccess(context: ReadContext, viewer: Viewer, today: string): Promise<Access> {
  if (!hasStanding(viewer)) return NO_ACCESS;
  const isAgency = viewer.kind === "agency";
  const taxCode = viewer.kind === "enterprise" ? viewer.taxCode : null;
  const [row] = await readSql<AccessRow>(context, ACCESS_SQL, [today, viewer.provinceCode, today, viewer.provinceCode, isAgency, today, today, taxCode, taxCode]);
  // Tokens carry today's codes: a historical unit's token would keep its rights to records its
  // successor now owns (and let it see part of the successor's statistics), so it is refused.
  if (row?.province_current !== true) {
    throw unauthenticated(`Unauthenticated: the token's province ${viewer.provinceCode} is not one of today's units`, { http: { status: 401 } });
  }
  const absorbed = row.absorbed;
  const ownCodes = absorbedInto(viewer.provinceCode, absorbed);
  // An enterprise token must name a registered enterprise (SHARED data is for registered
  // enterprises), registered in the token's province (or a unit it absorbed): else it would read
  // as "its own" an enterprise's data in a province nobody placed it in. (A token's
  // agency matters only to writes, which refuse one that is not the province's: writers.ts.)
  if (viewer.kind === "enterprise" && row.enterprise_province === null) {
    throw unauthenticated(`Unauthenticated: no enterprise is registered with the token's tax code ${viewer.taxCode}`, { http: { status: 401 } });
  }
  if (row.enterprise_province !== null && !ownCodes.has(row.enterprise_province)) {
    throw unauthenticated(`Unauthenticated: the enterprise with this tax code is registered in ${row.enterprise_province}, not in the token's province ${viewer.provinceCode}`, { http: { status: 401 } });
  }
  return {
    ownCodes,
    grants: row.grants.map(([reference, grantorCode, datasets]) => ({
      reference,
      grantorCode,
      datasets: new Set(datasets),
      coveredCodes: absorbedInto(grantorCode, absorbed),
    })),
    enterpriseId: row.enterprise_id,
  };
}
