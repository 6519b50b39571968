import { randomBytes } from "node:crypto";
import { agencyEditor, ownsAny } from "../auth/writers.js";
import { badUserInput, forbidden } from "../common/errors.js";
import { expectGlobalId } from "../common/node.js";
import { foldForSearch, vietnameseSortKey } from "../common/text.js";
import type { HubContext } from "../context.js";
import { toReadModel } from "../common/read-model.js";
import { AdministrativeUnitEntity, agencyByCode, AgencyEntity, enterpriseById, EnterpriseEntity, unitByCode } from "../reference/index.js";
import { creationKey, runWrite } from "../writes/write.js";
import { MemorandumEntity, MemorandumPartyEntity, PromotionEventEntity } from "./promotion.entity.js";
import { Memorandum, PromotionEvent } from "./trade.models.js";
import type { RecordMemorandumInput, RecordPromotionEventInput } from "./promotion.inputs.js";
import { memorandumById, promotionEventById } from "./trade.loaders.js";

/** Promotion events belong to the organising agency's province; memoranda to their signatories' provinces. */
export class PromotionWrites {
  constructor(private readonly context: HubContext) {}

  async recordEvent(input: RecordPromotionEventInput): Promise<PromotionEvent> {
    const { agency } = await agencyEditor(this.context, "record promotion events");
    const host = await unitByCode(this.context).load(input.hostProvinceCode);
    if (!host) throw badUserInput(`Unknown province ${input.hostProvinceCode}`, { hostProvinceCode: "unknown" });
    if (input.endsOn && input.endsOn < input.startsOn) throw badUserInput("endsOn must not be before startsOn", { endsOn: "before startsOn" });
    return runWrite(this.context, async ({ tx, audited }) => {
      const event = Object.assign(new PromotionEventEntity(), {
        name: input.name,
        searchName: foldForSearch(input.name),
        sortName: vietnameseSortKey(input.name),
        kind: input.kind,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? input.startsOn,
        venue: input.venue ?? null,
        hostProvince: tx.getReference(AdministrativeUnitEntity, host.code),
        organiserAgency: tx.getReference(AgencyEntity, agency.id),
        ownerProvinceCodes: [agency.provinceCode],
      });
      tx.persist(event);
      await tx.flush();
      audited(["PromotionEvent.name", "PromotionEvent.kind", "PromotionEvent.startsOn", "PromotionEvent.endsOn", "PromotionEvent.venue", "PromotionEvent.hostProvince"], event.ownerProvinceCodes);
      return toReadModel(this.context, PromotionEvent, event);
    }, creationKey(input.idempotencyKey, "recordPromotionEvent", input, (id) => promotionEventById(this.context).load(id)));
  }

  async recordMemorandum(input: RecordMemorandumInput): Promise<Memorandum> {
    await agencyEditor(this.context, "record memoranda");
    const problems: Record<string, string> = {};
    const parties = await Promise.all(
      input.parties.map(async (party, index) => {
        const enterprise = party.enterpriseId ? await enterpriseById(this.context).load(expectGlobalId(party.enterpriseId, "Enterprise", `parties.${index}.enterpriseId`)) : null;
        const agency = party.agencyCode ? await agencyByCode(this.context).load(party.agencyCode) : null;
        if (party.enterpriseId && !enterprise) problems[`parties.${index}.enterpriseId`] = "no such enterprise";
        if (party.agencyCode && !agency) problems[`parties.${index}.agencyCode`] = `no agency ${party.agencyCode}`;
        if (!party.enterpriseId && !party.agencyCode) problems[`parties.${index}`] = "an enterprise, an agency or both";
        return { enterprise, agency, role: party.role, provinceCode: (enterprise ?? agency)?.provinceCode ?? "" };
      }),
    );
    if (input.parties.length < 2) problems.parties = "a memorandum has at least two signatories";
    const event = input.eventId ? await promotionEventById(this.context).load(expectGlobalId(input.eventId, "PromotionEvent", "eventId")) : null;
    if (input.eventId && !event) problems.eventId = "no such promotion event";
    if (Object.keys(problems).length > 0) throw badUserInput(`Invalid memorandum: ${Object.entries(problems).map(([field, problem]) => `${field} ${problem}`).join("; ")}`, problems);
    const owners = [...new Set(parties.map((party) => party.provinceCode))];
    // The recording agency's province must be one of the signatories': it writes the record.
    if (!ownsAny(this.context, owners)) throw forbidden(`Only editors of a signatory's province (${owners.join(", ")}) record this memorandum`, { ownerProvinceCodes: owners });
    return runWrite(this.context, async ({ tx, audited }) => {
      const memorandum = Object.assign(new MemorandumEntity(), {
        reference: `MOU-${input.signedOn.slice(0, 4)}-${randomBytes(4).toString("hex").toUpperCase()}`,
        event: event ? tx.getReference(PromotionEventEntity, event.id) : null,
        signedOn: input.signedOn,
        title: input.title,
        valueVnd: input.valueVnd ?? null,
        ownerProvinceCodes: owners,
      });
      tx.persist(memorandum);
      await tx.flush();
      for (const party of parties) {
        tx.persist(
          Object.assign(new MemorandumPartyEntity(), {
            memorandum: tx.getReference(MemorandumEntity, memorandum.id),
            enterprise: party.enterprise ? tx.getReference(EnterpriseEntity, party.enterprise.id) : null,
            agency: party.agency ? tx.getReference(AgencyEntity, party.agency.id) : null,
            provinceCode: party.provinceCode,
            role: party.role,
            ownerProvinceCodes: owners,
          }),
        );
      }
      audited(["Memorandum.title", "Memorandum.signedOn", "Memorandum.valueVnd", "Memorandum.event", "MemorandumParty.role"], owners, 1 + parties.length);
      return toReadModel(this.context, Memorandum, memorandum);
    }, creationKey(input.idempotencyKey, "recordMemorandum", input, (id) => memorandumById(this.context).load(id)));
  }
}
