import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { PageArgs, type Page } from "../common/connection.js";
import type { HubContext } from "../context.js";
import { AdministrativeUnit, Agency, agencyOf, Commodity, commodityOf, type Lookup, unitOf } from "../reference/index.js";
import { TradeBalance } from "./trade-balance.type.js";
import { TradeFlow } from "./trade.models.js";
import { TradeFlowService } from "./trade-flow.service.js";
import { TradeFlowConnection } from "./trade.connections.js";
import { TradeBalanceArgs, TradeFlowFilter } from "./trade.inputs.js";

@Resolver(() => TradeFlow)
export class TradeFlowResolver {
  @Query(() => TradeFlowConnection, { description: "Trade flows between provinces, latest month first." })
  tradeFlows(
    @Arg("filter", () => TradeFlowFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." }) filter: TradeFlowFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<TradeFlow>> {
    return new TradeFlowService(context).tradeFlows(filter, page);
  }

  @Query(() => TradeBalance, {
    description: "The trade between provinces A and B month by month: values (shared with members) and volumes each way, and A→B minus B→A.",
  })
  tradeBalance(@Args() args: TradeBalanceArgs, @Ctx() context: HubContext): Promise<TradeBalance> {
    return new TradeFlowService(context).tradeBalance(args);
  }

  @FieldResolver(() => AdministrativeUnit, { description: "The province the goods came from (as it was in that month)." })
  origin(@Root() flow: TradeFlow, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, flow.originCode);
  }

  @FieldResolver(() => AdministrativeUnit, { description: "The province the goods went to (as it was in that month)." })
  destination(@Root() flow: TradeFlow, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, flow.destinationCode);
  }

  @FieldResolver(() => Commodity, { description: "The commodity shipped." })
  commodity(@Root() flow: TradeFlow, @Ctx() context: HubContext): Lookup<Commodity> {
    return commodityOf(context, flow.commodityId);
  }

  @FieldResolver(() => Agency, { description: "The agency that reported the flow." })
  sourceAgency(@Root() flow: TradeFlow, @Ctx() context: HubContext): Lookup<Agency> {
    return agencyOf(context, flow.sourceAgencyId);
  }
}

@Resolver(() => TradeBalance)
export class TradeBalanceResolver {
  @FieldResolver(() => AdministrativeUnit, { description: "Province A." })
  provinceA(@Root() balance: TradeBalance, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, balance.provinceACode);
  }

  @FieldResolver(() => AdministrativeUnit, { description: "Province B." })
  provinceB(@Root() balance: TradeBalance, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, balance.provinceBCode);
  }
}
