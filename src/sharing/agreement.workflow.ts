import { randomBytes } from "node:crypto";
import { LockMode, ref } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { auditWrite } from "../audit/index.js";
import type { Viewer } from "../auth/viewer.js";
import { vietnamDate } from "../common/clock.js";
import { badUserInput, conflict, forbidden, notFound, unauthenticated } from "../common/errors.js";
import { expectGlobalId } from "../common/node.js";
import type { HubContext } from "../context.js";
import { AdministrativeUnit, Agency, agencyByCode, unitByCode } from "../reference/index.js";
import { Agreement, AgreementDecision } from "./agreement.entity.js";
import type { DeclineAgreementInput, RequestAgreementInput, RevokeAgreementInput } from "./agreement.inputs.js";

type Editor = Extract<Viewer, { kind: "agency" }> & { agencyCode: string };

/** Agreements are decided by people: an agency editor whose token names their agency. */
function requireEditor(viewer: Viewer): Editor {
  if (viewer.kind === "anonymous") throw unauthenticated("Sign in to manage agreements");
  if (viewer.kind !== "agency" || !viewer.roles.includes("agency_editor")) throw forbidden("Only agency editors manage agreements");
  if (!viewer.agencyCode) throw forbidden("The token names no agency: agreements record which agency acted");
  return viewer as Editor;
}

const AUDITED_FIELDS = ["Agreement.status", "Agreement.decidedBy", "Agreement.declineReason", "Agreement.declineLegalBasis", "Agreement.revokeReason"];

/**
 * The agreement workflow: the grantee's editors request; the grantor's editors approve, decline
 * (with a written reason and legal basis) or revoke. Each step is one transaction that also writes
 * its audit entry, so a step and its record commit together or not at all.
 */
export class AgreementWorkflow {
  constructor(private readonly context: HubContext) {}

  async request(input: RequestAgreementInput): Promise<Agreement> {
    const editor = requireEditor(this.context.viewer);
    const grantor = await unitByCode(this.context).load(input.grantorCode);
    if (!grantor || !grantor.isCurrentOn(vietnamDate(this.context.clock.now()))) throw badUserInput(`${input.grantorCode} is not one of today's units`, { grantorCode: "not a current unit" });
    if (grantor.code === editor.provinceCode) throw badUserInput("A province does not need an agreement with itself", { grantorCode: "the grantee's own province" });
    if (input.periodFrom > input.periodTo) throw badUserInput("periodFrom must not be after periodTo", { periodTo: "before periodFrom" });
    const agency = await this.editorsAgency(editor);
    return this.inTransaction(async (tx) => {
      const agreement = tx.create(Agreement, {
        reference: `TTDL-${input.periodFrom.slice(0, 4)}-${editor.provinceCode}-${grantor.code}-${randomBytes(3).toString("hex").toUpperCase()}`,
        grantor: tx.getReference(AdministrativeUnit, grantor.code),
        grantee: tx.getReference(AdministrativeUnit, editor.provinceCode),
        requestedBy: agency,
        datasets: [...new Set(input.datasets)],
        purpose: input.purpose,
        legalBasis: input.legalBasis,
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        decision: AgreementDecision.REQUESTED,
        requestedAt: this.context.clock.now(),
        decidedAt: null,
        decidedBy: null,
        declineReason: null,
        declineLegalBasis: null,
        revokedAt: null,
        revokeReason: null,
        ownerProvinceCodes: [grantor.code, editor.provinceCode],
      });
      await tx.flush();
      await auditWrite(this.context, tx, editor, ["Agreement.datasets", "Agreement.purpose", "Agreement.legalBasis", "Agreement.periodFrom", "Agreement.periodTo"], agreement.ownerProvinceCodes);
      return agreement;
    });
  }

  approve(id: string): Promise<Agreement> {
    return this.decide(id, AgreementDecision.REQUESTED, (agreement, agency) => {
      agreement.decision = AgreementDecision.APPROVED;
      agreement.decidedAt = this.context.clock.now();
      agreement.decidedBy = ref(agency);
    });
  }

  decline(input: DeclineAgreementInput): Promise<Agreement> {
    return this.decide(input.id, AgreementDecision.REQUESTED, (agreement, agency) => {
      agreement.decision = AgreementDecision.DECLINED;
      agreement.decidedAt = this.context.clock.now();
      agreement.decidedBy = ref(agency);
      agreement.declineReason = input.reason;
      agreement.declineLegalBasis = input.legalBasis;
    });
  }

  revoke(input: RevokeAgreementInput): Promise<Agreement> {
    return this.decide(input.id, AgreementDecision.APPROVED, (agreement) => {
      if (agreement.periodTo < vietnamDate(this.context.clock.now())) {
        throw conflict("The agreement has already expired", { status: "EXPIRED" });
      }
      agreement.decision = AgreementDecision.REVOKED;
      agreement.revokedAt = this.context.clock.now();
      agreement.revokeReason = input.reason;
    });
  }

  /** A grantor's step on an agreement in the expected state, with its audit entry, in one transaction. */
  private async decide(globalId: string, expected: AgreementDecision, apply: (agreement: Agreement, agency: Agency) => void): Promise<Agreement> {
    const editor = requireEditor(this.context.viewer);
    const id = expectGlobalId(globalId, "Agreement", "id");
    const agency = await this.editorsAgency(editor);
    return this.inTransaction(async (tx) => {
      // Locked for the step, so two editors deciding at once cannot both succeed.
      const agreement = await tx.findOne(Agreement, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!agreement) throw notFound("No such agreement");
      // A successor decides on its predecessors' agreements: it owns their records from the merge date.
      if (!this.context.access.ownCodes.has(agreement.grantor.code)) {
        throw forbidden(`Only editors of the grantor province (${agreement.grantor.code}, or its successor) decide on this agreement`);
      }
      if (agreement.decision !== expected) {
        throw conflict(`The agreement is ${agreement.decision}, not ${expected}`, { status: agreement.decision });
      }
      apply(agreement, tx.getReference(Agency, agency.id));
      await tx.flush();
      await auditWrite(this.context, tx, editor, AUDITED_FIELDS, agreement.ownerProvinceCodes);
      return agreement;
    });
  }

  private async editorsAgency(editor: Editor) {
    const agency = await agencyByCode(this.context).load(editor.agencyCode);
    if (!agency || agency.province.code !== editor.provinceCode) throw forbidden(`The token's agency ${editor.agencyCode} is not an agency of ${editor.provinceCode}`);
    return agency;
  }

  private inTransaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.context.em.transactional(work);
  }

}
