import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { RecordTrainingLinkInput, UpdateTrainingLinkInput } from "./training.write-inputs.js";
import { TrainingWrites } from "./training.writes.js";
import { Classification, Classified } from "../common/classification.js";
import { ConnectionType, PageArgs, type Page } from "../common/connection.js";
import type { HubContext } from "../context.js";
import { AdministrativeUnit, Agency, agencyOf, type Lookup, unitOf } from "../reference/index.js";
import { Institution, Programme, TrainingLink, TrainingOutcome, TrainingParticipant } from "./training.models.js";
import { InstitutionFilter, NestedTrainingLinkFilter, ProgrammeFilter, TrainingLinkFilter, TrainingOutcomeStatisticsFilter } from "./training.inputs.js";
import { institutionById, outcomesByLink, participantsByLink, programmeById, trainingLinkById } from "./training.loaders.js";
import { TrainingService } from "./training.service.js";
import { trainingOutcomeTotals, TrainingOutcomeTotal } from "./training.statistics.js";

export const InstitutionConnection = ConnectionType(Institution, "A page of institutions.");
export const ProgrammeConnection = ConnectionType(Programme, "A page of training programmes.");
export const TrainingLinkConnection = ConnectionType(TrainingLink, "A page of training links.");

@Resolver()
export class TrainingQueryResolver {
  @Mutation(() => TrainingLink, { description: "Records a training link with its roster and outcomes (an agency editor of the institution's or the partner's province). Both provinces own it." })
  recordTrainingLink(@Arg("input", () => RecordTrainingLinkInput, { description: "The link." }) input: RecordTrainingLinkInput, @Ctx() context: HubContext): Promise<TrainingLink> {
    return new TrainingWrites(context).record(input);
  }

  @Mutation(() => TrainingLink, { description: "Changes a training link, or adds to its roster and outcomes (editors of its contributing province); a stale `version` is a CONFLICT." })
  updateTrainingLink(@Arg("input", () => UpdateTrainingLinkInput, { description: "The change." }) input: UpdateTrainingLinkInput, @Ctx() context: HubContext): Promise<TrainingLink> {
    return new TrainingWrites(context).update(input);
  }

  @Query(() => InstitutionConnection, { description: "Universities, institutes, hospitals, training centres and departments that run training links, in Vietnamese order of their names." })
  institutions(
    @Arg("filter", () => InstitutionFilter, { nullable: true, description: "Which institutions; all when null." }) filter: InstitutionFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Institution>> {
    return new TrainingService(context).institutions(filter, page);
  }

  @Query(() => ProgrammeConnection, { description: "Training programmes of the institutions, in Vietnamese order of their names." })
  programmes(
    @Arg("filter", () => ProgrammeFilter, { nullable: true, description: "Which programmes; all when null." }) filter: ProgrammeFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Programme>> {
    return new TrainingService(context).programmes(filter, page);
  }

  @Query(() => TrainingLinkConnection, { description: "Training links between institutions and partner provinces, the latest start first." })
  trainingLinks(
    @Arg("filter", () => TrainingLinkFilter, { nullable: true, description: "Which links; all when null." }) filter: TrainingLinkFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<TrainingLink>> {
    return new TrainingService(context).trainingLinks(filter, page);
  }

  @Query(() => [TrainingOutcomeTotal], {
    description: "Outcomes of the training links per partner province and outcome kind (sums and link counts), ordered by province code and kind.",
  })
  trainingOutcomesByProvince(
    @Arg("filter", () => TrainingOutcomeStatisticsFilter, { nullable: true, description: "Which outcomes; all when null." })
    filter: TrainingOutcomeStatisticsFilter | null,
    @Arg("rollUpToCurrentUnits", {
      defaultValue: true,
      description: "Count the figures of merged units for today's unit (Kon Tum's VN-28 for Quảng Ngãi's VN-29); false keeps each under the unit its links were made with.",
    })
    rollUpToCurrentUnits: boolean,
    @Ctx() context: HubContext,
  ): Promise<TrainingOutcomeTotal[]> {
    return trainingOutcomeTotals(context, filter, rollUpToCurrentUnits);
  }
}

@Resolver(() => Institution)
export class InstitutionResolver {
  @FieldResolver(() => AdministrativeUnit, { nullable: true, description: "The province the institution is in (the unit it was registered under)." })
  province(@Root() institution: Institution, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, institution.provinceCode);
  }

  @FieldResolver(() => Agency, { nullable: true, description: "The hub agency that manages the institution (e.g. the HCMC Department of Health); null when it is not an agency of the hub." })
  managingAgency(@Root() institution: Institution, @Ctx() context: HubContext): Lookup<Agency> {
    return institution.managingAgencyId !== null ? agencyOf(context, institution.managingAgencyId) : null;
  }

  @FieldResolver(() => ProgrammeConnection, { description: "The institution's programmes, in Vietnamese order (to page further, use `programmes` with a filter)." })
  programmes(@Root() institution: Institution, @Args() page: PageArgs, @Ctx() context: HubContext): Promise<Page<Programme>> {
    return new TrainingService(context).institutionProgrammes(institution.id, page);
  }

  @FieldResolver(() => TrainingLinkConnection, { description: "The institution's training links, the latest start first." })
  links(
    @Root() institution: Institution,
    @Arg("filter", () => NestedTrainingLinkFilter, { nullable: true, description: "Which links; all when null." }) filter: NestedTrainingLinkFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<TrainingLink>> {
    return new TrainingService(context).groupedLinks({ property: "institutionId", column: "institution_id", key: institution.id }, filter, page);
  }
}

@Resolver(() => Programme)
export class ProgrammeResolver {
  @FieldResolver(() => Institution, { nullable: true, description: "The institution that runs the programme." })
  institution(@Root() programme: Programme, @Ctx() context: HubContext): Promise<Institution | null> {
    return institutionById(context).load(programme.institutionId);
  }

  @FieldResolver(() => TrainingLinkConnection, { description: "Training links that deliver this programme, the latest start first." })
  links(
    @Root() programme: Programme,
    @Arg("filter", () => NestedTrainingLinkFilter, { nullable: true, description: "Which links; all when null." }) filter: NestedTrainingLinkFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<TrainingLink>> {
    return new TrainingService(context).groupedLinks({ property: "programmeId", column: "programme_id", key: programme.id }, filter, page);
  }
}

@Resolver(() => TrainingLink)
export class TrainingLinkResolver {
  @FieldResolver(() => Institution, { nullable: true, description: "The institution that runs the link." })
  institution(@Root() link: TrainingLink, @Ctx() context: HubContext): Promise<Institution | null> {
    return institutionById(context).load(link.institutionId);
  }

  @FieldResolver(() => Programme, { nullable: true, description: "The programme the link delivers, if it delivers one." })
  programme(@Root() link: TrainingLink, @Ctx() context: HubContext): Promise<Programme | null> | null {
    return link.programmeId !== null ? programmeById(context).load(link.programmeId) : null;
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true, description: "The partner province, as the unit the link was made with (e.g. Kon Tum, VN-28, for links before the 2025 merger)." })
  partnerProvince(@Root() link: TrainingLink, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, link.partnerProvinceCode);
  }

  @FieldResolver(() => [TrainingParticipant], {
    nullable: true,
    description: "The roster: the people who took part, in Vietnamese order of names. Personal data, readable only by agencies of the owning provinces.",
  })
  @Classified(Classification.CONFIDENTIAL)
  participants(@Root() link: TrainingLink, @Ctx() context: HubContext): Promise<TrainingParticipant[]> {
    return participantsByLink(context).load(link.id);
  }

  @FieldResolver(() => [TrainingOutcome], { description: "The link's measured outcomes, oldest first." })
  outcomes(@Root() link: TrainingLink, @Ctx() context: HubContext): Promise<TrainingOutcome[]> {
    return outcomesByLink(context).load(link.id);
  }
}

@Resolver(() => TrainingParticipant)
export class TrainingParticipantResolver {
  @FieldResolver(() => TrainingLink, { nullable: true, description: "The link whose roster the person is on." })
  link(@Root() participant: TrainingParticipant, @Ctx() context: HubContext): Promise<TrainingLink | null> {
    return trainingLinkById(context).load(participant.linkId);
  }
}

@Resolver(() => TrainingOutcome)
export class TrainingOutcomeResolver {
  @FieldResolver(() => TrainingLink, { nullable: true, description: "The link the outcome belongs to." })
  link(@Root() outcome: TrainingOutcome, @Ctx() context: HubContext): Promise<TrainingLink | null> {
    return trainingLinkById(context).load(outcome.linkId);
  }
}

@Resolver(() => TrainingOutcomeTotal)
export class TrainingOutcomeTotalResolver {
  @FieldResolver(() => AdministrativeUnit, { nullable: true, description: "The partner province of the figures." })
  partnerProvince(@Root() total: TrainingOutcomeTotal, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, total.partnerProvinceCode);
  }
}

/** The training links of a province as a partner, on the reference type (the reference domain does not know training). */
@Resolver(() => AdministrativeUnit)
export class AdministrativeUnitTrainingResolver {
  @FieldResolver(() => TrainingLinkConnection, {
    description: "Training links with this unit as the partner province (links made with this unit, not with the units it absorbed), the latest start first.",
  })
  trainingLinksAsPartner(
    @Root() unit: AdministrativeUnit,
    @Arg("filter", () => NestedTrainingLinkFilter, { nullable: true, description: "Which links; all when null." }) filter: NestedTrainingLinkFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<TrainingLink>> {
    return new TrainingService(context).groupedLinks({ property: "partnerProvinceCode", column: "partner_province_code", key: unit.code }, filter, page);
  }
}
