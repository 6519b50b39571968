import { ArgsType, Field, ID, InputType, Int, registerEnumType } from "type-graphql";
import { DateRangeInput } from "../common/period.js";
import { YearMonthScalar } from "../common/scalars.js";
import { ProvinceFilter } from "../reference/index.js";
import { InvestmentProjectStatus, InvestmentSector } from "./investment-project.entity.js";
import { ListingKind, ListingStatus, QualityCertification } from "./listing.entity.js";
import { PriceType } from "./price-observation.entity.js";
import { PromotionEventKind } from "./promotion.entity.js";
import { SearchText } from "../limits/input-text.js";

@InputType({ description: "Filters of price observations (also of price series)." })
export class PriceObservationFilter {
  @Field(() => [String], { nullable: true, description: 'Commodity codes, e.g. ["COFFEE_ROBUSTA"]. Unknown codes are an input error.' })
  commodityCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Market codes, e.g. ["HCM-BINH-DIEN"]. Unknown codes are an input error.' })
  marketCodes?: string[] | null;

  @Field(() => ProvinceFilter, {
    nullable: true,
    description: 'The province of the market ("prices in Đắk Lắk"); a historical code means markets observed under that unit.',
  })
  marketProvince?: ProvinceFilter | null;

  @Field(() => [PriceType], { nullable: true, description: "Price types." })
  priceTypes?: PriceType[] | null;

  @Field(() => DateRangeInput, { nullable: true, description: "Days of observation (inclusive)." })
  period?: DateRangeInput | null;
}

export enum PriceInterval {
  DAY = "DAY",
  WEEK = "WEEK",
  MONTH = "MONTH",
}
registerEnumType(PriceInterval, {
  name: "PriceInterval",
  description: "The length of the periods a price series is bucketed into.",
  valuesConfig: {
    DAY: { description: "Calendar days." },
    WEEK: { description: "ISO 8601 weeks, Monday to Sunday." },
    MONTH: { description: "Calendar months." },
  },
});

@InputType({ description: "Filters of trade flows." })
export class TradeFlowFilter {
  @Field(() => ProvinceFilter, { nullable: true, description: "Provinces the goods came from." })
  origin?: ProvinceFilter | null;

  @Field(() => ProvinceFilter, { nullable: true, description: "Provinces the goods went to." })
  destination?: ProvinceFilter | null;

  @Field(() => [String], { nullable: true, description: "Commodity codes." })
  commodityCodes?: string[] | null;

  @Field(() => YearMonthScalar, { nullable: true, description: "First month (inclusive)." })
  fromMonth?: string | null;

  @Field(() => YearMonthScalar, { nullable: true, description: "Last month (inclusive)." })
  toMonth?: string | null;
}

@InputType({ description: "Filters of supply and demand listings." })
export class ListingFilter {
  @Field(() => [ListingKind], { nullable: true, description: "Offers, demands or both." })
  kinds?: ListingKind[] | null;

  @Field(() => [ListingStatus], { nullable: true, description: "Open, closed or both (default both)." })
  statuses?: ListingStatus[] | null;

  @Field(() => [String], { nullable: true, description: "Commodity codes." })
  commodityCodes?: string[] | null;

  @Field(() => [QualityCertification], { nullable: true, description: "Listings holding (or asking for) at least one of these certifications." })
  certifications?: QualityCertification[] | null;

  @Field(() => ProvinceFilter, { nullable: true, description: "The province of the listing's enterprise." })
  province?: ProvinceFilter | null;

  @Field(() => String, { nullable: true, description: 'Words of the title, ignoring diacritics and case ("ca phe" finds "Cà phê"). At most 20 words and 200 characters.' })
  @SearchText()
  search?: string | null;
}

@InputType({ description: "Filters of OCOP products." })
export class OcopProductFilter {
  @Field(() => [Int], { nullable: true, description: "Star ratings, e.g. [4, 5]." })
  stars?: number[] | null;

  @Field(() => ProvinceFilter, { nullable: true, description: "The province of the product's enterprise." })
  province?: ProvinceFilter | null;

  @Field(() => [String], { nullable: true, description: "Commodity codes." })
  commodityCodes?: string[] | null;

  @Field(() => String, { nullable: true, description: "Words of the product name, ignoring diacritics and case. At most 20 words and 200 characters." })
  @SearchText()
  search?: string | null;
}

@InputType({ description: "Filters of promotion events." })
export class PromotionEventFilter {
  @Field(() => [PromotionEventKind], { nullable: true, description: "Kinds of event." })
  kinds?: PromotionEventKind[] | null;

  @Field(() => ProvinceFilter, { nullable: true, description: "The province where the event took place." })
  hostProvince?: ProvinceFilter | null;

  @Field(() => ProvinceFilter, { nullable: true, description: "The province of the organising agency (the owner)." })
  province?: ProvinceFilter | null;

  @Field(() => DateRangeInput, { nullable: true, description: "Events overlapping these days." })
  period?: DateRangeInput | null;

  @Field(() => String, { nullable: true, description: "Words of the name, ignoring diacritics and case. At most 20 words and 200 characters." })
  @SearchText()
  search?: string | null;
}

@InputType({ description: "Filters of memoranda." })
export class MemorandumFilter {
  @Field(() => ID, { nullable: true, description: "Only memoranda signed at this promotion event (its global id)." })
  eventId?: string | null;

  @Field(() => ProvinceFilter, { nullable: true, description: "Memoranda with a signatory from these provinces." })
  province?: ProvinceFilter | null;

  @Field(() => DateRangeInput, { nullable: true, description: "Days of signing." })
  period?: DateRangeInput | null;
}

@InputType({ description: "Filters of investment projects." })
export class InvestmentProjectFilter {
  @Field(() => ProvinceFilter, { nullable: true, description: "The province where the project is located." })
  province?: ProvinceFilter | null;

  @Field(() => [InvestmentSector], { nullable: true, description: "Sectors." })
  sectors?: InvestmentSector[] | null;

  @Field(() => [InvestmentProjectStatus], { nullable: true, description: "Statuses." })
  statuses?: InvestmentProjectStatus[] | null;

  @Field(() => ID, { nullable: true, description: "Only projects announced at this promotion event (its global id)." })
  announcedAtEventId?: string | null;

  @Field(() => String, { nullable: true, description: "Words of the name, ignoring diacritics and case. At most 20 words and 200 characters." })
  @SearchText()
  search?: string | null;
}

@ArgsType()
export class TradeBalanceArgs {
  @Field({ description: 'ISO 3166-2:VN code of province A, e.g. "VN-SG".' })
  provinceA!: string;

  @Field({ description: 'ISO 3166-2:VN code of province B, e.g. "VN-29" (or "VN-28" for Kon Tum as it was).' })
  provinceB!: string;

  @Field(() => YearMonthScalar, { description: "First month (inclusive)." })
  fromMonth!: string;

  @Field(() => YearMonthScalar, { description: "Last month (inclusive); at most 240 months after `fromMonth`." })
  toMonth!: string;

  @Field(() => String, { nullable: true, description: "Only this commodity (its code); all commodities when omitted." })
  commodityCode?: string | null;

  @Field({
    defaultValue: true,
    description:
      "Count flows of historical units for today's unit (Kon Tum's VN-28 flows count for VN-29), and read A and B as today's units. When false, exactly the codes given.",
  })
  rollUpToCurrentUnits: boolean = true;
}
