import { ConnectionType } from "../common/connection.js";
import { InvestmentProject } from "./investment-project.entity.js";
import { Listing } from "./listing.entity.js";
import { OcopProduct } from "./ocop-product.entity.js";
import { PriceObservation } from "./price-observation.entity.js";
import { Memorandum, PromotionEvent } from "./promotion.entity.js";
import { TradeFlow } from "./trade-flow.entity.js";

export const PriceObservationConnection = ConnectionType(PriceObservation, "A page of price observations.");
export const TradeFlowConnection = ConnectionType(TradeFlow, "A page of trade flows.");
export const ListingConnection = ConnectionType(Listing, "A page of supply and demand listings.");
export const OcopProductConnection = ConnectionType(OcopProduct, "A page of OCOP products.");
export const PromotionEventConnection = ConnectionType(PromotionEvent, "A page of promotion events.");
export const MemorandumConnection = ConnectionType(Memorandum, "A page of memoranda.");
export const InvestmentProjectConnection = ConnectionType(InvestmentProject, "A page of investment projects.");
