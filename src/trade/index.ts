import { registerNumericNodeType } from "../common/node.js";
import type { DomainModule } from "../domain.js";
import { defineReadModel } from "../common/read-model.js";
import { InvestmentProjectEntity } from "./investment-project.entity.js";
import { ListingEntity } from "./listing.entity.js";
import { ListingResolver, OcopProductResolver } from "./listing.resolver.js";
import { ListingSubscriptionResolver } from "./listing.subscription.js";
import { OcopProductEntity } from "./ocop-product.entity.js";
import { PriceCorrectionEntity } from "./price-correction.entity.js";
import { PriceObservationEntity } from "./price-observation.entity.js";
import { PriceSubscriptionResolver } from "./price.subscription.js";
import { PriceObservationResolver, PriceSeriesResolver } from "./price.resolver.js";
import { MemorandumEntity, MemorandumPartyEntity, PromotionEventEntity } from "./promotion.entity.js";
import { InvestmentProjectResolver, MemorandumPartyResolver, MemorandumResolver, PromotionEventResolver } from "./promotion.resolver.js";
import { CommodityTradeResolver, EnterpriseTradeResolver, MarketTradeResolver } from "./reference-links.resolver.js";
import { TradeFlowEntity } from "./trade-flow.entity.js";
import { InvestmentProject, Listing, Memorandum, MemorandumParty, OcopProduct, PriceCorrection, PriceObservation, PromotionEvent, TradeFlow } from "./trade.models.js";
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

// Read by selection (src/common/read-model.ts): what each type's resolvers read of its row. A
// listing's and an OCOP product's subject (for the field guard) is their enterprise.
defineReadModel(PriceObservation, PriceObservationEntity, {
  resolved: { id: [], corrections: [], commodity: ["commodityId"], market: ["marketId"], marketProvince: ["marketProvinceCode"], sourceAgency: ["sourceAgencyId"] },
});
defineReadModel(PriceCorrection, PriceCorrectionEntity, { resolved: { id: [] } });
defineReadModel(TradeFlow, TradeFlowEntity, {
  resolved: { id: [], origin: ["originCode"], destination: ["destinationCode"], commodity: ["commodityId"], sourceAgency: ["sourceAgencyId"] },
});
defineReadModel(Listing, ListingEntity, { always: ["enterpriseId"], resolved: { id: [], enterprise: ["enterpriseId"], commodity: ["commodityId"] } });
defineReadModel(OcopProduct, OcopProductEntity, { always: ["enterpriseId"], resolved: { id: [], enterprise: ["enterpriseId"], commodity: ["commodityId"] } });
defineReadModel(PromotionEvent, PromotionEventEntity, {
  resolved: { id: [], hostProvince: ["hostProvinceCode"], organiserAgency: ["organiserAgencyId"], memoranda: [], investmentProjects: [] },
});
defineReadModel(Memorandum, MemorandumEntity, { resolved: { id: [], event: ["eventId"], parties: [] } });
defineReadModel(MemorandumParty, MemorandumPartyEntity, { resolved: { id: [], memorandum: ["memorandumId"], enterprise: ["enterpriseId"], agency: ["agencyId"] } });
defineReadModel(InvestmentProject, InvestmentProjectEntity, {
  resolved: { id: [], province: ["provinceCode"], announcedAt: ["announcedAtId"], sourceAgency: ["sourceAgencyId"] },
});

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
  entities: [
    PriceObservationEntity,
    PriceCorrectionEntity,
    TradeFlowEntity,
    ListingEntity,
    OcopProductEntity,
    PromotionEventEntity,
    MemorandumEntity,
    MemorandumPartyEntity,
    InvestmentProjectEntity,
  ],
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

export { InvestmentProject, Listing, Memorandum, MemorandumParty, OcopProduct, PriceCorrection, PriceObservation, PromotionEvent, TradeFlow };
export {
  InvestmentProjectEntity,
  ListingEntity,
  MemorandumEntity,
  MemorandumPartyEntity,
  OcopProductEntity,
  PriceCorrectionEntity,
  PriceObservationEntity,
  PromotionEventEntity,
  TradeFlowEntity,
};
export { PriceType } from "./price-observation.entity.js";
export { ListingKind, ListingStatus, QualityCertification } from "./listing.entity.js";
export { latestPrices, listingById, priceObservationById } from "./trade.loaders.js";
