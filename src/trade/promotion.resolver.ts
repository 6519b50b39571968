import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { RecordMemorandumInput, RecordPromotionEventInput } from "./promotion.inputs.js";
import { PromotionWrites } from "./promotion.writes.js";
import { PageArgs, type Page } from "../common/connection.js";
import { loadGroupedPage } from "../common/grouped-page.js";
import type { HubContext } from "../context.js";
import { AdministrativeUnit, Agency, agencyOf, Enterprise, enterpriseById, type Lookup, unitOf } from "../reference/index.js";
import { InvestmentProject, Memorandum, MemorandumParty, PromotionEvent } from "./trade.models.js";
import { MEMORANDUM_SORT, PROJECT_SORT, PromotionService } from "./promotion.service.js";
import { InvestmentProjectConnection, MemorandumConnection, PromotionEventConnection } from "./trade.connections.js";
import { InvestmentProjectFilter, MemorandumFilter, PromotionEventFilter } from "./trade.inputs.js";
import { memorandumById, partiesByMemorandum, promotionEventById } from "./trade.loaders.js";

@Resolver(() => PromotionEvent)
export class PromotionEventResolver {
  @Mutation(() => PromotionEvent, { description: "Records a trade-promotion event organised by the caller's agency (an agency editor); owned by its province." })
  recordPromotionEvent(@Arg("input", () => RecordPromotionEventInput, { description: "The event." }) input: RecordPromotionEventInput, @Ctx() context: HubContext): Promise<PromotionEvent> {
    return new PromotionWrites(context).recordEvent(input);
  }

  @Mutation(() => Memorandum, { description: "Records a memorandum with its signatories (an agency editor of one of the signatories' provinces); owned by the signatories' provinces." })
  recordMemorandum(@Arg("input", () => RecordMemorandumInput, { description: "The memorandum." }) input: RecordMemorandumInput, @Ctx() context: HubContext): Promise<Memorandum> {
    return new PromotionWrites(context).recordMemorandum(input);
  }

  @Query(() => PromotionEventConnection, { description: "Trade- and investment-promotion events, latest first." })
  promotionEvents(
    @Arg("filter", () => PromotionEventFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." })
    filter: PromotionEventFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<PromotionEvent>> {
    return new PromotionService(context).promotionEvents(filter, page);
  }

  @FieldResolver(() => AdministrativeUnit, { description: "The province where the event took place." })
  hostProvince(@Root() event: PromotionEvent, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, event.hostProvinceCode);
  }

  @FieldResolver(() => Agency, { description: "The organising agency (its province owns the record)." })
  organiserAgency(@Root() event: PromotionEvent, @Ctx() context: HubContext): Lookup<Agency> {
    return agencyOf(context, event.organiserAgencyId);
  }

  @FieldResolver(() => MemorandumConnection, { description: "Memoranda signed at the event, latest first." })
  memoranda(@Root() event: PromotionEvent, @Args() page: PageArgs, @Ctx() context: HubContext): Promise<Page<Memorandum>> {
    return loadGroupedPage(
      context,
      { name: "trade:event.memoranda", model: Memorandum, groupProperty: "eventId", groupColumn: "event_id", sort: MEMORANDUM_SORT, first: page.first, after: page.after },
      event.id,
    );
  }

  @FieldResolver(() => InvestmentProjectConnection, { description: "Investment projects announced at the event, by name." })
  investmentProjects(@Root() event: PromotionEvent, @Args() page: PageArgs, @Ctx() context: HubContext): Promise<Page<InvestmentProject>> {
    return loadGroupedPage(
      context,
      {
        name: "trade:event.investmentProjects",
        model: InvestmentProject,
        groupProperty: "announcedAtId",
        groupColumn: "announced_at_id",
        sort: PROJECT_SORT,
        first: page.first,
        after: page.after,
      },
      event.id,
    );
  }
}

@Resolver(() => Memorandum)
export class MemorandumResolver {
  @Query(() => MemorandumConnection, { description: "Memoranda signed between enterprises and agencies, latest first." })
  memoranda(
    @Arg("filter", () => MemorandumFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." }) filter: MemorandumFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Memorandum>> {
    return new PromotionService(context).memoranda(filter, page);
  }

  @FieldResolver(() => PromotionEvent, { nullable: true, description: "The event it was signed at; null when signed elsewhere." })
  event(@Root() memorandum: Memorandum, @Ctx() context: HubContext): Promise<PromotionEvent | null> | null {
    return memorandum.eventId !== null ? promotionEventById(context).load(memorandum.eventId) : null;
  }

  @FieldResolver(() => [MemorandumParty], { description: "The signatories, in signing order." })
  parties(@Root() memorandum: Memorandum, @Ctx() context: HubContext): Promise<MemorandumParty[]> {
    return partiesByMemorandum(context).load(memorandum.id);
  }
}

@Resolver(() => MemorandumParty)
export class MemorandumPartyResolver {
  @FieldResolver(() => Memorandum, { nullable: true, description: "The memorandum signed." })
  memorandum(@Root() party: MemorandumParty, @Ctx() context: HubContext): Promise<Memorandum | null> {
    return memorandumById(context).load(party.memorandumId);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: "The signing enterprise; null when an agency signed on its own account." })
  enterprise(@Root() party: MemorandumParty, @Ctx() context: HubContext): Promise<Enterprise | null> | null {
    return party.enterpriseId !== null ? enterpriseById(context).load(party.enterpriseId) : null;
  }

  @FieldResolver(() => Agency, { nullable: true, description: "The signing agency; null when an enterprise signed on its own." })
  agency(@Root() party: MemorandumParty, @Ctx() context: HubContext): Lookup<Agency> {
    return party.agencyId !== null ? agencyOf(context, party.agencyId) : null;
  }
}

@Resolver(() => InvestmentProject)
export class InvestmentProjectResolver {
  @Query(() => InvestmentProjectConnection, { description: "Investment projects promoted by the provinces, by name in Vietnamese order." })
  investmentProjects(
    @Arg("filter", () => InvestmentProjectFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." })
    filter: InvestmentProjectFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<InvestmentProject>> {
    return new PromotionService(context).investmentProjects(filter, page);
  }

  @FieldResolver(() => AdministrativeUnit, { description: "The province where the project is located." })
  province(@Root() project: InvestmentProject, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, project.provinceCode);
  }

  @FieldResolver(() => PromotionEvent, { nullable: true, description: "The event where the project was announced; null when not announced at one." })
  announcedAt(@Root() project: InvestmentProject, @Ctx() context: HubContext): Promise<PromotionEvent | null> | null {
    return project.announcedAtId !== null ? promotionEventById(context).load(project.announcedAtId) : null;
  }

  @FieldResolver(() => Agency, { description: "The agency that contributed the project (its province owns the record)." })
  sourceAgency(@Root() project: InvestmentProject, @Ctx() context: HubContext): Lookup<Agency> {
    return agencyOf(context, project.sourceAgencyId);
  }
}
