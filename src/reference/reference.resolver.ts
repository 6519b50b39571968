import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { ConnectionType, PageArgs, type Page } from "../common/connection.js";
import { loadGroupedPage } from "../common/grouped-page.js";
import type { HubContext } from "../context.js";
import { AdministrativeUnit, Agency, Commodity, Enterprise, Market } from "./reference.models.js";
import { AgencyFilter, CommodityFilter, EnterpriseFilter, EnterpriseOrder, MarketFilter, UnitFilter } from "./reference.inputs.js";
import { type Lookup, unitOf } from "./reference.loaders.js";
import { CreateAgencyInput, RecordUnitMergerInput, ReferenceAdministration, UpdateAgencyInput } from "./reference.admin.js";
import { applyEnterpriseFilter, ReferenceService, todayOf } from "./reference.service.js";

export const AgencyConnection = ConnectionType(Agency, "A page of agencies.");
export const EnterpriseConnection = ConnectionType(Enterprise, "A page of enterprises.");
export const CommodityConnection = ConnectionType(Commodity, "A page of commodities.");
export const MarketConnection = ConnectionType(Market, "A page of markets.");

@Resolver()
export class ReferenceQueryResolver {
  @Query(() => [AdministrativeUnit], { description: "Provincial-level units, current and historical, in Vietnamese order." })
  units(@Arg("filter", () => UnitFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." }) filter: UnitFilter | null, @Ctx() context: HubContext): Promise<AdministrativeUnit[]> {
    return new ReferenceService(context).units(filter);
  }

  @Query(() => AdministrativeUnit, { nullable: true, description: 'One unit by ISO 3166-2:VN code, e.g. "VN-33"; null when there is none.' })
  unit(@Arg("code", { description: "The unit's ISO 3166-2:VN code." }) code: string, @Ctx() context: HubContext): Promise<AdministrativeUnit | null> {
    return new ReferenceService(context).unit(code);
  }

  @Query(() => AgencyConnection, { description: "Agencies, in Vietnamese order of their names." })
  agencies(
    @Arg("filter", () => AgencyFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." }) filter: AgencyFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Agency>> {
    return new ReferenceService(context).agencies(filter, page);
  }

  @Query(() => EnterpriseConnection, { description: "Enterprises, filtered by province, business line, size or name." })
  enterprises(
    @Arg("filter", () => EnterpriseFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." }) filter: EnterpriseFilter | null,
    @Arg("orderBy", () => EnterpriseOrder, { defaultValue: EnterpriseOrder.NAME, description: "The order of the list." }) orderBy: EnterpriseOrder,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Enterprise>> {
    return new ReferenceService(context).enterprises(filter, orderBy, page);
  }

  @Query(() => CommodityConnection, { description: "Commodities, in Vietnamese order of their names." })
  commodities(
    @Arg("filter", () => CommodityFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." }) filter: CommodityFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Commodity>> {
    return new ReferenceService(context).commodities(filter, page);
  }

  @Query(() => MarketConnection, { description: "Markets and purchasing areas where prices are observed." })
  markets(
    @Arg("filter", () => MarketFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." }) filter: MarketFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Market>> {
    return new ReferenceService(context).markets(filter, page);
  }
}

/** Hub administrators' management of units and agencies. */
@Resolver()
export class ReferenceAdministrationResolver {
  @Mutation(() => Agency, { description: "Registers an agency (hub administrators)." })
  createAgency(@Arg("input", () => CreateAgencyInput, { description: "The agency." }) input: CreateAgencyInput, @Ctx() context: HubContext): Promise<Agency> {
    return new ReferenceAdministration(context).createAgency(input);
  }

  @Mutation(() => Agency, { description: "Changes an agency's names, field or contact (hub administrators)." })
  updateAgency(@Arg("input", () => UpdateAgencyInput, { description: "The changes." }) input: UpdateAgencyInput, @Ctx() context: HubContext): Promise<Agency> {
    return new ReferenceAdministration(context).updateAgency(input);
  }

  @Mutation(() => AdministrativeUnit, {
    description: "Records a merger: the absorbed unit ends on `lastDay` and keeps its code as a historical unit with its successor (hub administrators).",
  })
  recordUnitMerger(@Arg("input", () => RecordUnitMergerInput, { description: "The merger." }) input: RecordUnitMergerInput, @Ctx() context: HubContext): Promise<AdministrativeUnit> {
    return new ReferenceAdministration(context).recordUnitMerger(input);
  }
}

@Resolver(() => AdministrativeUnit)
export class AdministrativeUnitResolver {
  @FieldResolver(() => Boolean, { description: "True for units that exist today (no validity end, or one not reached yet)." })
  isCurrent(@Root() unit: AdministrativeUnit, @Ctx() context: HubContext): boolean {
    return unit.isCurrentOn(todayOf(context));
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true, description: "The unit that absorbed this one (historical units only)." })
  successor(@Root() unit: AdministrativeUnit, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unit.successorCode ? unitOf(context, unit.successorCode) : null;
  }

  @FieldResolver(() => [AdministrativeUnit], { description: "Units this one absorbed (e.g. VN-29 Quảng Ngãi absorbed VN-28 Kon Tum on 2025-07-01)." })
  async predecessors(@Root() unit: AdministrativeUnit, @Ctx() context: HubContext): Promise<AdministrativeUnit[]> {
    const units = await new ReferenceService(context).units(null);
    return units.filter((candidate) => candidate.successorCode === unit.code);
  }

  @FieldResolver(() => EnterpriseConnection, { description: "Enterprises registered under this unit (not its predecessors), in Vietnamese order." })
  async enterprises(
    @Root() unit: AdministrativeUnit,
    @Arg("filter", () => EnterpriseFilter, { nullable: true, description: "Further filters; its province filter is ignored here." }) filter: EnterpriseFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Enterprise>> {
    const nested = { ...filter, province: null };
    return loadGroupedPage(
      context,
      {
        name: `reference:unit.enterprises:${JSON.stringify(nested)}`,
        model: Enterprise,
        groupProperty: "provinceCode",
        groupColumn: "province_code",
        sort: [{ property: "sortName", column: "sort_name", valueOf: (r: Enterprise) => r.sortName, kind: "text", direction: "asc" }],
        first: page.first,
        after: page.after,
        filter: (query) => applyEnterpriseFilter(context, query, nested),
      },
      unit.code,
    );
  }
}

/** The province of agencies, enterprises and markets, through the batched unit loader. */
@Resolver(() => Agency)
export class AgencyResolver {
  @FieldResolver(() => AdministrativeUnit, { description: "The province the agency belongs to." })
  province(@Root() agency: Agency, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, agency.provinceCode);
  }
}

@Resolver(() => Enterprise)
export class EnterpriseResolver {
  @FieldResolver(() => AdministrativeUnit, { description: "The province the enterprise is registered in (the unit it was registered under)." })
  province(@Root() enterprise: Enterprise, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, enterprise.provinceCode);
  }
}

@Resolver(() => Market)
export class MarketResolver {
  @FieldResolver(() => AdministrativeUnit, { description: "The province the market is in." })
  province(@Root() market: Market, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, market.provinceCode);
  }
}
