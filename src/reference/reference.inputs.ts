import { Field, InputType, registerEnumType } from "type-graphql";
import { AgencySector } from "./agency.entity.js";
import { EnterpriseSize } from "./enterprise.entity.js";
import { MarketKind } from "./market.entity.js";
import { SearchText } from "../limits/input-text.js";
// The level enum only, from the technology domain's leaf module of constants (it imports nothing),
// so the filter can name the type; the condition itself comes from the technology domain
// (./enterprise-conditions.ts).
import { TechnologyLevel } from "../technology/levels.js";

/** Province filters shared by every dataset. */
@InputType({ description: "Which provinces' records to include." })
export class ProvinceFilter {
  @Field(() => [String], {
    description:
      'ISO 3166-2:VN codes, current or historical (e.g. "VN-33", "VN-28"). A historical code means the records made under that unit.',
  })
  codes!: string[];

  @Field({
    defaultValue: true,
    description:
      "Also include records made under the units these have absorbed (VN-29 then also matches Kon Tum's VN-28 records). Ignored for historical codes.",
  })
  includePredecessors: boolean = true;
}

@InputType({ description: "Filters of the unit list." })
export class UnitFilter {
  @Field(() => Boolean, { nullable: true, description: "Only today's units (true) or only historical ones (false)." })
  current?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Only units that are (or signed as) programme members." })
  programmeMember?: boolean | null;
}

@InputType({ description: "Filters of the agency list." })
export class AgencyFilter {
  @Field(() => ProvinceFilter, { nullable: true, description: "The agencies' provinces." })
  province?: ProvinceFilter | null;

  @Field(() => [AgencySector], { nullable: true, description: "The agencies' fields." })
  sectors?: AgencySector[] | null;
}

export enum EnterpriseOrder {
  NAME = "NAME",
  NEWEST = "NEWEST",
}
registerEnumType(EnterpriseOrder, {
  name: "EnterpriseOrder",
  description: "Orders of the enterprise list; every order is total and stable (ties broken by id).",
  valuesConfig: {
    NAME: { description: "By name in Vietnamese dictionary order (a < ă < â … đ …), tones as a tie-break." },
    NEWEST: { description: "Most recently registered in the hub first." },
  },
});

@InputType({ description: "Filters of the enterprise list." })
export class EnterpriseFilter {
  @Field(() => ProvinceFilter, { nullable: true, description: "The enterprises' provinces." })
  province?: ProvinceFilter | null;

  @Field(() => [String], {
    nullable: true,
    description: 'VSIC 2018 code prefixes of the main business line: "10" food manufacturing, "1077" coffee production.',
  })
  vsicPrefixes?: string[] | null;

  @Field(() => [EnterpriseSize], { nullable: true, description: "Size classes." })
  sizes?: EnterpriseSize[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words of the name, ignoring diacritics and case ("dak lak" finds "Đắk Lắk"), or the start of a tax code. At most 20 words and 200 characters.',
  })
  @SearchText()
  search?: string | null;

  @Field(() => [TechnologyLevel], {
    nullable: true,
    description:
      "Technology levels: only enterprises whose latest published assessment (the one `latestAssessment` shows) has one of these levels; enterprises never assessed, or with drafts only, do not match. " +
      "Open to every caller, signed in or not: a published assessment's `level` is PUBLIC, and drafts never count (not even for callers who may read them), so the filter reveals nothing a caller could not read. " +
      'With `province` and `vsicPrefixes`: "which Đắk Lắk coffee processors are ADVANCED" is `{ province: { codes: ["VN-33"] }, vsicPrefixes: ["1077"], technologyLevels: [ADVANCED] }`.',
  })
  technologyLevels?: TechnologyLevel[] | null;
}

@InputType({ description: "Filters of the commodity list." })
export class CommodityFilter {
  @Field(() => String, { nullable: true, description: "Words of the Vietnamese or English name, ignoring diacritics and case. At most 20 words and 200 characters." })
  @SearchText()
  search?: string | null;

  @Field(() => [String], { nullable: true, description: "Commodity codes." })
  codes?: string[] | null;

  @Field(() => String, { nullable: true, description: "The commodity group." })
  category?: string | null;
}

@InputType({ description: "Filters of the market list." })
export class MarketFilter {
  @Field(() => ProvinceFilter, { nullable: true, description: "The markets' provinces." })
  province?: ProvinceFilter | null;

  @Field(() => [MarketKind], { nullable: true, description: "Kinds of market." })
  kinds?: MarketKind[] | null;

  @Field(() => [String], { nullable: true, description: "Market codes." })
  codes?: string[] | null;
}
