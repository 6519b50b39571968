import { registerNumericNodeType } from "../common/node.js";
import type { DomainModule } from "../domain.js";
import { InvestmentProject } from "./investment-project.entity.js";
import { Listing } from "./listing.entity.js";
import { ListingResolver, OcopProductResolver } from "./listing.resolver.js";
import { ListingSubscriptionResolver } from "./listing.subscription.js";
import { OcopProduct } from "./ocop-product.entity.js";
import { PriceCorrection } from "./price-correction.entity.js";
import { PriceObservation } from "./price-observation.entity.js";
import { PriceSubscriptionResolver } from "./price.subscription.js";
import { PriceObservationResolver, PriceSeriesResolver } from "./price.resolver.js";
import { Memorandum, MemorandumParty, PromotionEvent } from "./promotion.entity.js";
import { InvestmentProjectResolver, MemorandumPartyResolver, MemorandumResolver, PromotionEventResolver } from "./promotion.resolver.js";
import { CommodityTradeResolver, EnterpriseTradeResolver, MarketTradeResolver } from "./reference-links.resolver.js";
import { TradeFlow } from "./trade-flow.entity.js";
import { TradeBalanceResolver, TradeFlowResolver } from "./trade-flow.resolver.js";
import {
  investmentProjectById,
  listingById,
  memorandumById,
  memorandumPartyById,
  ocopProductById,
  priceCorrectionById,
  priceObservationById,
  promotionEventById,
  tradeFlowById,
} from "./trade.loaders.js";

registerNumericNodeType("PriceCorrection", (context, id) => priceCorrectionById(context).load(id));
registerNumericNodeType("PriceObservation", (context, id) => priceObservationById(context).load(id));
registerNumericNodeType("TradeFlow", (context, id) => tradeFlowById(context).load(id));
registerNumericNodeType("Listing", (context, id) => listingById(context).load(id));
registerNumericNodeType("OcopProduct", (context, id) => ocopProductById(context).load(id));
registerNumericNodeType("PromotionEvent", (context, id) => promotionEventById(context).load(id));
registerNumericNodeType("Memorandum", (context, id) => memorandumById(context).load(id));
registerNumericNodeType("MemorandumParty", (context, id) => memorandumPartyById(context).load(id));
registerNumericNodeType("InvestmentProject", (context, id) => investmentProjectById(context).load(id));

export const tradeDomain: DomainModule = {
  name: "trade",
  entities: [PriceObservation, PriceCorrection, TradeFlow, Listing, OcopProduct, PromotionEvent, Memorandum, MemorandumParty, InvestmentProject],
  resolvers: [
    PriceObservationResolver,
    PriceSubscriptionResolver,
    PriceSeriesResolver,
    TradeFlowResolver,
    TradeBalanceResolver,
    ListingResolver,
    ListingSubscriptionResolver,
    OcopProductResolver,
    PromotionEventResolver,
    MemorandumResolver,
    MemorandumPartyResolver,
    InvestmentProjectResolver,
    EnterpriseTradeResolver,
    CommodityTradeResolver,
    MarketTradeResolver,
  ],
};

export { InvestmentProject, Listing, Memorandum, MemorandumParty, OcopProduct, PriceObservation, PromotionEvent, TradeFlow };
export { PriceType } from "./price-observation.entity.js";
export { ListingKind, ListingStatus, QualityCertification } from "./listing.entity.js";
export { latestPrices, listingById, priceObservationById } from "./trade.loaders.js";
