import { IsEmail, IsOptional, Length, Matches } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import type { Viewer } from "../auth/viewer.js";
import { addDays } from "../common/period.js";
import { badUserInput, conflict, forbidden, notFound, unauthenticated } from "../common/errors.js";
import { expectGlobalId } from "../common/node.js";
import { LocalDateScalar } from "../common/scalars.js";
import { vietnameseSortKey } from "../common/text.js";
import type { HubContext } from "../context.js";
import { EventTopic } from "../events/hub-event.entity.js";
import { runWrite } from "../writes/write.js";
import { todayOf } from "./reference.service.js";
import { AdministrativeUnitEntity } from "./administrative-unit.entity.js";
import { AgencyEntity, AgencySector } from "./agency.entity.js";
import { toReadModel, type ReadModelClass } from "../common/read-model.js";
import { referenceCache, referenceChanged } from "./reference-cache.js";
import { AdministrativeUnit, Agency } from "./reference.models.js";

@InputType({ description: "A new agency, registered by a hub administrator." })
export class CreateAgencyInput {
  @Field({ description: 'Stable code, e.g. "VN-33-SYT". Natural key.' })
  @Matches(/^[A-Z0-9-]{3,32}$/, { message: "code is 3 to 32 capital letters, digits and hyphens" })
  code!: string;

  @Field({ description: "Official Vietnamese name." })
  @Length(3, 300, { message: "name must be 3 to 300 characters" })
  name!: string;

  @Field({ description: "English name." })
  @Length(3, 300, { message: "nameEn must be 3 to 300 characters" })
  nameEn!: string;

  @Field({ description: "Today's ISO code of the agency's province." })
  provinceCode!: string;

  @Field(() => AgencySector, { description: "The agency's field." })
  sector!: AgencySector;

  @Field(() => String, { nullable: true, description: "Contact e-mail for members of the hub." })
  @IsOptional()
  @IsEmail({}, { message: "contactEmail must be an e-mail address" })
  contactEmail?: string | null;
}

@InputType({ description: "Changes to an agency; omitted fields stay as they are." })
export class UpdateAgencyInput {
  @Field(() => ID, { description: "The agency's global id." })
  id!: string;

  @Field(() => String, { nullable: true, description: "Official Vietnamese name." })
  @IsOptional()
  @Length(3, 300, { message: "name must be 3 to 300 characters" })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "English name." })
  @IsOptional()
  @Length(3, 300, { message: "nameEn must be 3 to 300 characters" })
  nameEn?: string | null;

  @Field(() => AgencySector, { nullable: true, description: "The agency's field." })
  sector?: AgencySector | null;

  @Field(() => String, { nullable: true, description: "Contact e-mail for members of the hub." })
  @IsOptional()
  @IsEmail({}, { message: "contactEmail must be an e-mail address" })
  contactEmail?: string | null;
}

@InputType({ description: "A merger of administrative units, as the 1 July 2025 mergers (Resolution 202/2025/QH15)." })
export class RecordUnitMergerInput {
  @Field({ description: "The unit that ceases to exist; it keeps its code as a historical unit." })
  absorbedCode!: string;

  @Field({ description: "The unit that absorbs it and keeps its own code." })
  successorCode!: string;

  @Field(() => LocalDateScalar, { description: "The absorbed unit's last day (2025-06-30 for the 2025 mergers)." })
  lastDay!: string;
}

type Administrator = Exclude<Viewer, { kind: "anonymous" }>;

function requireAdministrator(viewer: Viewer): Administrator {
  if (viewer.kind === "anonymous") throw unauthenticated("Sign in as a hub administrator");
  if (!viewer.roles.includes("hub_admin")) throw forbidden("Only hub administrators manage units and agencies");
  return viewer;
}

/** Hub administrators' management of reference data; each change is one write with its audit entry. */
export class ReferenceAdministration {
  constructor(private readonly context: HubContext) {}

  async createAgency(input: CreateAgencyInput): Promise<Agency> {
    requireAdministrator(this.context.viewer);
    const agency = await runWrite(this.context, async ({ tx, audited, emit }) => {
      const province = await tx.findOne(AdministrativeUnitEntity, { code: input.provinceCode });
      if (!province || (province.validTo !== null && province.validTo < todayOf(this.context))) throw badUserInput(`${input.provinceCode} is not one of today's units`, { provinceCode: "not a current unit" });
      if (await tx.count(AgencyEntity, { code: input.code })) throw conflict(`An agency with code ${input.code} exists`);
      const agency = tx.create(AgencyEntity, {
        code: input.code,
        name: input.name,
        nameEn: input.nameEn,
        sortName: vietnameseSortKey(input.name),
        province,
        sector: input.sector,
        contactEmail: input.contactEmail ?? null,
        ownerProvinceCodes: [province.code],
      });
      audited(["Agency.code", "Agency.name", "Agency.nameEn", "Agency.province", "Agency.sector", "Agency.contactEmail"], [province.code]);
      emit(referenceChanged("Agency", [province.code]));
      return agency;
    });
    // Mapped after the commit, which gave the agency its id.
    return this.answer(Agency, agency);
  }

  async updateAgency(input: UpdateAgencyInput): Promise<Agency> {
    requireAdministrator(this.context.viewer);
    const id = expectGlobalId(input.id, "Agency", "id");
    const agency = await runWrite(this.context, async ({ tx, audited, emit }) => {
      const agency = await tx.findOne(AgencyEntity, { id });
      if (!agency) throw notFound("No such agency");
      const changed: string[] = [];
      if (input.name != null) {
        agency.name = input.name;
        agency.sortName = vietnameseSortKey(input.name);
        changed.push("Agency.name");
      }
      if (input.nameEn != null) {
        agency.nameEn = input.nameEn;
        changed.push("Agency.nameEn");
      }
      if (input.sector != null) {
        agency.sector = input.sector;
        changed.push("Agency.sector");
      }
      if (input.contactEmail !== undefined) {
        agency.contactEmail = input.contactEmail;
        changed.push("Agency.contactEmail");
      }
      if (changed.length === 0) throw badUserInput("Nothing to change: give at least one of name, nameEn, sector, contactEmail", {});
      audited(changed, agency.ownerProvinceCodes);
      emit(referenceChanged("Agency", agency.ownerProvinceCodes));
      return agency;
    });
    return this.answer(Agency, agency);
  }

  async recordUnitMerger(input: RecordUnitMergerInput): Promise<AdministrativeUnit> {
    requireAdministrator(this.context.viewer);
    if (input.absorbedCode === input.successorCode) throw badUserInput("A unit cannot absorb itself", { successorCode: "same as absorbedCode" });
    const absorbed = await runWrite(this.context, async ({ tx, audited, emit }) => {
      const [absorbed, successor] = await Promise.all([tx.findOne(AdministrativeUnitEntity, { code: input.absorbedCode }), tx.findOne(AdministrativeUnitEntity, { code: input.successorCode })]);
      if (!absorbed) throw badUserInput(`Unknown unit ${input.absorbedCode}`, { absorbedCode: "unknown" });
      if (!successor) throw badUserInput(`Unknown unit ${input.successorCode}`, { successorCode: "unknown" });
      // A unit merges once: a recorded end (even one still ahead) is final.
      if (absorbed.validTo !== null) throw conflict(`${absorbed.code} already ends on ${absorbed.validTo}`);
      if (successor.validTo !== null) throw badUserInput(`${successor.code} is itself historical`, { successorCode: "not a current unit" });
      absorbed.validTo = input.lastDay;
      absorbed.successor = tx.getReference(AdministrativeUnitEntity, successor.code) as never;
      successor.validFrom = addDays(input.lastDay, 1);
      audited(["AdministrativeUnit.validTo", "AdministrativeUnit.successor", "AdministrativeUnit.validFrom"], [absorbed.code, successor.code]);
      // Ownership follows the merger from its date: live subscriptions reload what their callers may read.
      emit({ topic: EventTopic.UNITS, kind: "MERGER_RECORDED", recordType: "AdministrativeUnit", recordId: 0, keys: { absorbedCode: absorbed.code, successorCode: successor.code }, ownerProvinceCodes: [absorbed.code, successor.code] });
      return absorbed;
    });
    return this.answer(AdministrativeUnit, absorbed);
  }

  /**
   * What a change of reference data answers, once it committed: this instance forgets its cached
   * reference data at once (its next request sees the change); the others as the outbox brings them
   * the change's event.
   */
  private answer<T extends object>(model: ReadModelClass<T>, entity: object): T {
    referenceCache(this.context).clear();
    return toReadModel(this.context, model, entity);
  }
}
