import { randomBytes } from "node:crypto";
import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { agencyEditor, assertOwnerOf, ownsAny } from "../auth/writers.js";
import { badUserInput, conflict, forbidden, notFound } from "../common/errors.js";
import { expectGlobalId } from "../common/node.js";
import { foldForSearch, vietnameseSortKey } from "../common/text.js";
import type { HubContext } from "../context.js";
import { EventTopic, type NewEvent } from "../events/index.js";
import { AdministrativeUnitEntity, AgencyEntity, unitByCode } from "../reference/index.js";
import { toReadModel } from "../common/read-model.js";
import { creationKey, runWrite } from "../writes/write.js";
import { InstitutionEntity } from "./institution.entity.js";
import { ProgrammeEntity } from "./programme.entity.js";
import { TrainingLinkEntity, trainingLinkOwners } from "./training-link.entity.js";
import { TrainingOutcomeEntity, TrainingOutcomeKind } from "./training-outcome.entity.js";
import { TrainingParticipantEntity } from "./training-participant.entity.js";
import { TrainingLink } from "./training.models.js";
import type { RecordTrainingLinkInput, TrainingOutcomeInput, TrainingParticipantInput, UpdateTrainingLinkInput } from "./training.write-inputs.js";
import { institutionById, programmeById, trainingLinkById } from "./training.loaders.js";

function linkEvent(link: TrainingLinkEntity, institutionProvinceCode: string, kind: "RECORDED" | "CHANGED"): NewEvent {
  return {
    topic: EventTopic.TRAINING_LINKS,
    kind,
    recordType: "TrainingLink",
    recordId: link.id,
    keys: { institutionProvinceCode, partnerProvinceCode: link.partnerProvince.code },
    ownerProvinceCodes: link.ownerProvinceCodes,
  };
}

function addRoster(tx: EntityManager, link: TrainingLinkEntity, participants: readonly TrainingParticipantInput[], outcomes: readonly TrainingOutcomeInput[]): void {
  for (const person of participants) {
    tx.persist(
      Object.assign(new TrainingParticipantEntity(), {
        link: tx.getReference(TrainingLinkEntity, link.id),
        fullName: person.fullName,
        sortName: vietnameseSortKey(person.fullName),
        position: person.position ?? null,
        workplace: person.workplace ?? "",
        certified: person.certified,
        ownerProvinceCodes: link.ownerProvinceCodes,
      }),
    );
  }
  for (const outcome of outcomes) {
    tx.persist(
      Object.assign(new TrainingOutcomeEntity(), {
        link: tx.getReference(TrainingLinkEntity, link.id),
        kind: outcome.kind,
        value: outcome.value,
        description: outcome.description ?? null,
        recordedOn: outcome.recordedOn,
        ownerProvinceCodes: link.ownerProvinceCodes,
      }),
    );
  }
}

/** The greatest PEOPLE_TRAINED figure among outcomes; null when none records one. */
function peopleTrained(outcomes: readonly { kind: TrainingOutcomeKind; value: number }[]): number | null {
  const values = outcomes.filter((outcome) => outcome.kind === TrainingOutcomeKind.PEOPLE_TRAINED).map((outcome) => outcome.value);
  return values.length > 0 ? Math.max(...values) : null;
}

/**
 * The participant count a link keeps. Everyone trained took part, so a PEOPLE_TRAINED outcome is
 * a lower bound of the count: a reported count below it is refused (one of the two figures is
 * wrong), and a link whose count is not reported takes the greatest of its PEOPLE_TRAINED figures
 * and its roster's size, so the figure is not left inside the outcomes alone. Null when nothing
 * tells how many took part.
 */
function participantCountOf(reported: number | null, trained: number | null, rosterSize: number): number | null {
  if (reported !== null) {
    if (trained !== null && trained > reported) {
      throw badUserInput(`participantCount ${reported} is below the ${trained} people an outcome records as trained (PEOPLE_TRAINED): everyone trained took part`, {
        participantCount: "below a PEOPLE_TRAINED outcome",
      });
    }
    return reported;
  }
  const derived = Math.max(trained ?? 0, rosterSize);
  return derived > 0 ? derived : null;
}

/**
 * Training links are contributed by an agency editor of the institution's province or of the
 * partner province; both provinces own the link, its roster and its outcomes, and the
 * contributing province writes it afterwards (a successor for its predecessor).
 */
export class TrainingWrites {
  constructor(private readonly context: HubContext) {}

  async record(input: RecordTrainingLinkInput): Promise<TrainingLink> {
    const { agency } = await agencyEditor(this.context, "record training links");
    const institution = await institutionById(this.context).load(expectGlobalId(input.institutionId, "Institution", "institutionId"));
    if (!institution) throw notFound("No such institution");
    const programme = input.programmeId ? await programmeById(this.context).load(expectGlobalId(input.programmeId, "Programme", "programmeId")) : null;
    if (input.programmeId && (!programme || programme.institutionId !== institution.id)) throw badUserInput("The programme is not one of the institution's", { programmeId: "not the institution's" });
    const partner = await unitByCode(this.context).load(input.partnerProvinceCode);
    if (!partner) throw badUserInput(`Unknown province ${input.partnerProvinceCode}`, { partnerProvinceCode: "unknown" });
    if (input.periodTo && input.periodTo < input.periodFrom) throw badUserInput("periodTo must not be before periodFrom", { periodTo: "before periodFrom" });
    const owners = trainingLinkOwners(institution.provinceCode, partner.code);
    if (!ownsAny(this.context, owners)) throw forbidden(`Only editors of ${owners.join(" or ")} record this link`, { ownerProvinceCodes: owners });
    return runWrite(this.context, async ({ tx, audited, emit }) => {
      const link = Object.assign(new TrainingLinkEntity(), {
        code: `TL-${institution.code}-${partner.code.replace("-", "")}-${input.periodFrom.slice(0, 4)}-${randomBytes(3).toString("hex").toUpperCase()}`,
        institution: tx.getReference(InstitutionEntity, institution.id),
        programme: programme ? tx.getReference(ProgrammeEntity, programme.id) : null,
        partnerProvince: tx.getReference(AdministrativeUnitEntity, partner.code),
        partnerOrganisation: input.partnerOrganisation ?? null,
        kind: input.kind,
        title: input.title,
        searchName: foldForSearch([input.title, input.partnerOrganisation].filter(Boolean).join(" ")),
        periodFrom: input.periodFrom,
        periodTo: input.periodTo ?? null,
        participantCount: participantCountOf(input.participantCount ?? null, peopleTrained(input.outcomes), input.participants.length),
        budgetVnd: input.budgetVnd ?? null,
        status: input.status,
        synthetic: false,
        sourceAgency: tx.getReference(AgencyEntity, agency.id),
        ownerProvinceCodes: owners,
      });
      tx.persist(link);
      await tx.flush();
      addRoster(tx, link, input.participants, input.outcomes);
      audited(
        ["TrainingLink.kind", "TrainingLink.title", "TrainingLink.periodFrom", "TrainingLink.periodTo", "TrainingLink.budgetVnd", "TrainingLink.participants", "TrainingOutcome.value"],
        owners,
        1 + input.participants.length + input.outcomes.length,
      );
      emit(linkEvent(link, institution.provinceCode, "RECORDED"));
      return toReadModel(this.context, TrainingLink, link);
    }, creationKey(input.idempotencyKey, "recordTrainingLink", input, (id) => trainingLinkById(this.context).load(id)));
  }

  async update(input: UpdateTrainingLinkInput): Promise<TrainingLink> {
    await agencyEditor(this.context, "change training links");
    const id = expectGlobalId(input.id, "TrainingLink", "id");
    return runWrite(this.context, async ({ tx, audited, emit }) => {
      const link = await tx.findOne(TrainingLinkEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ["institution", "sourceAgency"] });
      if (!link) throw notFound("No such training link");
      // Writes belong to the contributing agency's province; links loaded before contributions were recorded, to either owner.
      const writers = link.sourceAgency ? [link.sourceAgency.getEntity().province.code] : link.ownerProvinceCodes;
      assertOwnerOf(this.context, writers, "This training link's record");
      if (link.version !== input.version) throw conflict(`The link is at version ${link.version}, not ${input.version}: read it again`, { currentVersion: link.version });
      const changed: string[] = [];
      if (input.status != null && input.status !== link.status) (link.status = input.status), changed.push("TrainingLink.status");
      if (input.periodTo !== undefined && input.periodTo !== link.periodTo) {
        if (input.periodTo !== null && input.periodTo < link.periodFrom) throw badUserInput("periodTo must not be before periodFrom", { periodTo: "before periodFrom" });
        link.periodTo = input.periodTo;
        changed.push("TrainingLink.periodTo");
      }
      const countChanges = input.participantCount !== undefined && input.participantCount !== link.participantCount;
      const addedTrained = peopleTrained(input.addOutcomes);
      if (countChanges || addedTrained !== null) {
        // The count and the PEOPLE_TRAINED outcomes stay consistent (see participantCountOf), the link's earlier outcomes included.
        const recorded = await tx.find(TrainingOutcomeEntity, { link: id, kind: TrainingOutcomeKind.PEOPLE_TRAINED });
        const trained = peopleTrained([...recorded, ...input.addOutcomes]);
        const next = participantCountOf(countChanges ? (input.participantCount ?? null) : link.participantCount, trained, 0);
        if (next !== link.participantCount) (link.participantCount = next), changed.push("TrainingLink.participantCount");
      }
      if (input.budgetVnd !== undefined && input.budgetVnd !== link.budgetVnd) (link.budgetVnd = input.budgetVnd), changed.push("TrainingLink.budgetVnd");
      if (input.addParticipants.length > 0) changed.push("TrainingLink.participants");
      if (input.addOutcomes.length > 0) changed.push("TrainingOutcome.value");
      if (changed.length === 0) throw badUserInput("The change changes nothing", {});
      addRoster(tx, link, input.addParticipants, input.addOutcomes);
      link.version += 1;
      audited(changed, link.ownerProvinceCodes, 1 + input.addParticipants.length + input.addOutcomes.length);
      emit(linkEvent(link, link.institution.getEntity().province.code, "CHANGED"));
      return toReadModel(this.context, TrainingLink, link);
    });
  }
}
