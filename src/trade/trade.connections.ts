import { ConnectionType } from "../common/connection.js";
import { InvestmentProject, Listing, Memorandum, OcopProduct, PriceObservation, PromotionEvent, TradeFlow } from "./trade.models.js";

export const PriceObservationConnection = ConnectionType(PriceObservation, "A page of price observations.");
export const TradeFlowConnection = ConnectionType(TradeFlow, "A page of trade flows.");
export const ListingConnection = ConnectionType(Listing, "A page of supply and demand listings.");
export const OcopProductConnection = ConnectionType(OcopProduct, "A page of OCOP products.");
export const PromotionEventConnection = ConnectionType(PromotionEvent, "A page of promotion events.");
export const MemorandumConnection = ConnectionType(Memorandum, "A page of memoranda.");
export const InvestmentProjectConnection = ConnectionType(InvestmentProject, "A page of investment projects.");
