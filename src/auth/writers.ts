import { forbidden, unauthenticated } from "../common/errors.js";
import type { HubContext } from "../context.js";
import { agencyByCode, enterpriseById, type Agency, type Enterprise } from "../reference/index.js";
import type { Viewer } from "./viewer.js";

export type AgencyCaller = Extract<Viewer, { kind: "agency" }>;

/**
 * Who may contribute data, in one place: agency editors whose token names their agency (every
 * write records which agency acted), and enterprises for themselves. Writes belong to the
 * contributing agency's province, and a successor's agencies write their predecessors' records
 * as owners (see `assertOwnerOf`).
 */
export async function agencyEditor(context: HubContext, what: string): Promise<{ viewer: AgencyCaller; agency: Agency }> {
  const viewer = context.viewer;
  if (viewer.kind === "anonymous") throw unauthenticated(`Sign in to ${what}`);
  if (viewer.kind !== "agency" || !viewer.roles.includes("agency_editor")) throw forbidden(`Only agency editors ${what}`);
  if (!viewer.agencyCode) throw forbidden(`The token names no agency: the hub records which agency acted`);
  const agency = await agencyByCode(context).load(viewer.agencyCode);
  if (!agency || agency.provinceCode !== viewer.provinceCode) throw forbidden(`The token's agency ${viewer.agencyCode} is not an agency of ${viewer.provinceCode}`);
  return { viewer, agency };
}

/** The calling enterprise's own record (an enterprise token for a registered tax code). */
export async function callingEnterprise(context: HubContext, what: string): Promise<Enterprise> {
  const viewer = context.viewer;
  if (viewer.kind === "anonymous") throw unauthenticated(`Sign in to ${what}`);
  if (viewer.kind !== "enterprise" || context.access.enterpriseId === null) throw forbidden(`Only a registered enterprise may ${what}`);
  const enterprise = await enterpriseById(context).load(context.access.enterpriseId);
  if (!enterprise) throw forbidden(`Only a registered enterprise may ${what}`);
  return enterprise;
}

/** The caller's province owns records of these provinces (itself, or its predecessors from the merge date). */
export function ownsAny(context: HubContext, ownerProvinceCodes: readonly string[]): boolean {
  return ownerProvinceCodes.some((code) => context.access.ownCodes.has(code));
}

export function assertOwnerOf(context: HubContext, ownerProvinceCodes: readonly string[], what: string): void {
  if (!ownsAny(context, ownerProvinceCodes)) {
    throw forbidden(`${what} belongs to ${ownerProvinceCodes.join(", ")}: only its own province's agencies (or their successors') may change it`, { ownerProvinceCodes });
  }
}
