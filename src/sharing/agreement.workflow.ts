import { randomBytes } from "node:crypto";
import { LockMode, ref } from "@mikro-orm/core";
import { agencyEditor } from "../auth/writers.js";
import { vietnamDate } from "../common/clock.js";
import { badUserInput, conflict, forbidden, notFound } from "../common/errors.js";
import { expectGlobalId } from "../common/node.js";
import type { HubContext } from "../context.js";
import { EventTopic } from "../events/hub-event.entity.js";
import type { NewEvent } from "../events/event-log.js";
import { toReadModel } from "../common/read-model.js";
import { AdministrativeUnitEntity, AgencyEntity, unitByCode } from "../reference/index.js";
import { creationKey, runWrite } from "../writes/write.js";
import { AgreementDecision, AgreementEntity } from "./agreement.entity.js";
import { Agreement } from "./sharing.models.js";
import { agreementById } from "./agreement.loaders.js";
import type { DeclineAgreementInput, RequestAgreementInput, RevokeAgreementInput } from "./agreement.inputs.js";

const AUDITED_FIELDS = ["Agreement.status", "Agreement.decidedBy", "Agreement.declineReason", "Agreement.declineLegalBasis", "Agreement.revokeReason"];

/**
 * The agreement workflow: the grantee's editors request; the grantor's editors approve, decline
 * (with a written reason and legal basis) or revoke. Each step is one write (`runWrite`): the
 * record, its audit entry and its event commit together or not at all. Each step answers with
 * the read model of the agreement as written.
 */
export class AgreementWorkflow {
  constructor(private readonly context: HubContext) {}

  async request(input: RequestAgreementInput): Promise<Agreement> {
    const { viewer: editor, agency } = await agencyEditor(this.context, "manage agreements");
    const grantor = await unitByCode(this.context).load(input.grantorCode);
    if (!grantor || !grantor.isCurrentOn(vietnamDate(this.context.clock.now()))) throw badUserInput(`${input.grantorCode} is not one of today's units`, { grantorCode: "not a current unit" });
    if (grantor.code === editor.provinceCode) throw badUserInput("A province does not need an agreement with itself", { grantorCode: "the grantee's own province" });
    if (input.periodFrom > input.periodTo) throw badUserInput("periodFrom must not be after periodTo", { periodTo: "before periodFrom" });
    return runWrite(this.context, async ({ tx, audited, emit }) => {
      const agreement = tx.create(AgreementEntity, {
        reference: `TTDL-${input.periodFrom.slice(0, 4)}-${editor.provinceCode}-${grantor.code}-${randomBytes(3).toString("hex").toUpperCase()}`,
        grantor: tx.getReference(AdministrativeUnitEntity, grantor.code),
        grantee: tx.getReference(AdministrativeUnitEntity, editor.provinceCode),
        requestedBy: tx.getReference(AgencyEntity, agency.id),
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
      audited(["Agreement.datasets", "Agreement.purpose", "Agreement.legalBasis", "Agreement.periodFrom", "Agreement.periodTo"], agreement.ownerProvinceCodes);
      emit(agreementEvent(agreement, "REQUESTED"));
      // Flushed above, and nothing changes it before the commit; a retried request answers with the same type.
      return toReadModel(this.context, Agreement, agreement);
    }, creationKey(input.idempotencyKey, "requestAgreement", input, (id) => agreementById(this.context).load(id)));
  }

  approve(id: string): Promise<Agreement> {
    return this.decide(id, AgreementDecision.REQUESTED, "APPROVED", (agreement, agency) => {
      agreement.decision = AgreementDecision.APPROVED;
      agreement.decidedAt = this.context.clock.now();
      agreement.decidedBy = ref(agency);
    });
  }

  decline(input: DeclineAgreementInput): Promise<Agreement> {
    return this.decide(input.id, AgreementDecision.REQUESTED, "DECLINED", (agreement, agency) => {
      agreement.decision = AgreementDecision.DECLINED;
      agreement.decidedAt = this.context.clock.now();
      agreement.decidedBy = ref(agency);
      agreement.declineReason = input.reason;
      agreement.declineLegalBasis = input.legalBasis;
    });
  }

  revoke(input: RevokeAgreementInput): Promise<Agreement> {
    return this.decide(input.id, AgreementDecision.APPROVED, "REVOKED", (agreement) => {
      if (agreement.periodTo < vietnamDate(this.context.clock.now())) {
        throw conflict("The agreement has already expired", { status: "EXPIRED" });
      }
      agreement.decision = AgreementDecision.REVOKED;
      agreement.revokedAt = this.context.clock.now();
      agreement.revokeReason = input.reason;
    });
  }

  /** A grantor's step on an agreement in the expected state, with its audit entry, in one transaction. */
  private async decide(globalId: string, expected: AgreementDecision, kind: string, apply: (agreement: AgreementEntity, agency: AgencyEntity) => void): Promise<Agreement> {
    const { agency } = await agencyEditor(this.context, "manage agreements");
    const id = expectGlobalId(globalId, "Agreement", "id");
    const decided = await runWrite(this.context, async ({ tx, audited, emit }) => {
      // Locked for the step, so two editors deciding at once cannot both succeed.
      const agreement = await tx.findOne(AgreementEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!agreement) throw notFound("No such agreement");
      // A successor decides on its predecessors' agreements: it owns their records from the merge date.
      if (!this.context.access.ownCodes.has(agreement.grantor.code)) {
        throw forbidden(`Only editors of the grantor province (${agreement.grantor.code}, or its successor) decide on this agreement`);
      }
      if (agreement.decision !== expected) {
        throw conflict(`The agreement is ${agreement.decision}, not ${expected}`, { status: agreement.decision });
      }
      apply(agreement, tx.getReference(AgencyEntity, agency.id));
      audited(AUDITED_FIELDS, agreement.ownerProvinceCodes);
      emit(agreementEvent(agreement, kind));
      return agreement;
    });
    // After the commit's flush, so `updatedAt` is the one written.
    return toReadModel(this.context, Agreement, decided);
  }
}

/** Announced to both sides; an approval or revocation also makes live subscriptions reload what their callers may read. */
function agreementEvent(agreement: AgreementEntity, kind: string): NewEvent {
  return {
    topic: EventTopic.AGREEMENTS,
    kind,
    recordType: "Agreement",
    recordId: agreement.id,
    keys: { grantorCode: agreement.grantor.code, granteeCode: agreement.grantee.code },
    ownerProvinceCodes: agreement.ownerProvinceCodes,
  };
}
