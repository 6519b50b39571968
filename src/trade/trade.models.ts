import { Field, Float, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { OwnedRecord } from "../common/owned-record.js";
import { DecimalScalar, LocalDateScalar, YearMonthScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { InvestmentProjectStatus, InvestmentSector } from "./investment-project.entity.js";
import { ListingKind, ListingStatus, QualityCertification } from "./listing.entity.js";
import { PriceType } from "./price-observation.entity.js";
import { MemorandumPartyRole, PromotionEventKind } from "./promotion.entity.js";

/**
 * The read models of trade data (see src/common/read-model.ts): what readers see of prices, flows,
 * listings, OCOP products, promotion events, memoranda and investment projects, filled from their
 * tables' rows. A many-to-one reference is its key (`commodityId`, `originCode`…).
 */

/** What every trade read model shares: its dataset, which agreements name. */
abstract class TradeRecord extends OwnedRecord {
  get dataset(): Dataset {
    return Dataset.TRADE;
  }
}

@ObjectType({
  implements: [Node, OwnedRecord],
  description: "The volume and value of one commodity shipped from an origin province to a destination province in a month; owned by both provinces.",
})
@Classified(Classification.PUBLIC)
export class TradeFlow extends TradeRecord {
  @Field(() => YearMonthScalar, { description: "The month the shipments were made." })
  month!: string;

  originCode!: string;
  destinationCode!: string;
  commodityId!: number;

  @Field(() => Float, { description: "Volume shipped, in `unit`." })
  volume!: number;

  @Field({ description: 'The unit of `volume` (the commodity\'s standard unit when recorded), e.g. "tấn" or "kg".' })
  unit!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "Value of the shipments in VND (trade flow values are shared with members only)." })
  @Classified(Classification.SHARED)
  valueVnd!: string | null;

  sourceAgencyId!: number;
}

@ObjectType({
  implements: [Node, OwnedRecord],
  description: "A price of a commodity observed at a market on a day, in VND per the unit it was quoted in; owned by the province of the contributing agency.",
})
@Classified(Classification.PUBLIC)
export class PriceObservation extends TradeRecord {
  @Field(() => Int, { description: "The record's version, 1 when created and one more with each change. Pass it to a change (Corrections): a change based on an older version is refused with CONFLICT." })
  version!: number;

  commodityId!: number;
  marketId!: number;

  @Field({ description: "ISO 3166-2:VN code of the market's province when the price was observed (the unit it was made under)." })
  marketProvinceCode!: string;

  @Field(() => LocalDateScalar, { description: "The day the price was observed (Asia/Ho_Chi_Minh)." })
  observedOn!: string;

  @Field(() => PriceType, { description: "Farm-gate, wholesale or retail." })
  priceType!: PriceType;

  @Field(() => DecimalScalar, { description: 'The price in VND per `unit`, e.g. "126500" VND per kg.' })
  priceVnd!: string;

  @Field({ description: 'The unit the price is quoted in (the commodity\'s standard unit when recorded), e.g. "kg".' })
  unit!: string;

  sourceAgencyId!: number;

  @Field(() => String, { nullable: true, description: 'A remark of the reporting agency, e.g. "loại 1, hàng xuất khẩu".' })
  note!: string | null;
}

@ObjectType({ implements: [Node, OwnedRecord], description: "A correction of a price observation: the value it replaced, why, by whom and when. Owned as its observation." })
@Classified(Classification.PUBLIC)
export class PriceCorrection extends TradeRecord {
  observationId!: number;

  @Field(() => Int, { description: "The observation's version this correction replaced (1 for the value first reported)." })
  revision!: number;

  @Field(() => DecimalScalar, { description: "The price before the correction, in VND per the observation's unit." })
  previousPriceVnd!: string;

  @Field(() => String, { nullable: true, description: "The note before the correction." })
  previousNote!: string | null;

  @Field({ description: 'Why it was corrected, e.g. "nhập nhầm đơn vị (nghìn đồng)".' })
  reason!: string;

  correctedById!: number;

  @Field(() => Date, { description: "When it was corrected." })
  correctedAt!: Date;
}

@ObjectType({
  implements: [Node, OwnedRecord],
  description: "A supply (OFFER) or demand (DEMAND) listing of an enterprise, owned by the enterprise's province. Anyone may read it; its contact is for members only.",
})
@Classified(Classification.PUBLIC)
export class Listing extends TradeRecord {
  @Field(() => Int, { description: "The record's version, 1 when created and one more with each change. Pass it to a change (Edits by the enterprise and by its province's agencies): a change based on an older version is refused with CONFLICT." })
  version!: number;

  @Field({ description: 'Reference code of the listing, e.g. "LST-VN33-2026-000123". Natural key.' })
  reference!: string;

  enterpriseId!: number;

  @Field(() => ListingKind, { description: "Offer (supply) or demand." })
  kind!: ListingKind;

  commodityId!: number;

  @Field(() => Float, { nullable: true, description: "Quantity offered or sought, in `unit`; null when open-ended." })
  quantity!: number | null;

  @Field({ description: 'The unit of `quantity`, e.g. "tấn".' })
  unit!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "First day of delivery or purchase; null when immediately." })
  periodFrom!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day of delivery or purchase; null when open-ended." })
  periodTo!: string | null;

  @Field(() => [QualityCertification], { description: "Certifications the goods hold (offers) or must hold (demands)." })
  certifications!: QualityCertification[];

  @Field(() => Int, { nullable: true, description: "OCOP stars (3 to 5) of the product offered, or the minimum asked for; null when not OCOP." })
  ocopStars!: number | null;

  @Field({ description: 'Title, e.g. "Cung cấp 200 tấn cà phê Robusta nhân xô đạt chuẩn 4C".' })
  title!: string;

  searchTitle!: string;

  @Field(() => String, { nullable: true, description: "Details: grades, packaging, delivery terms." })
  description!: string | null;

  @Field(() => String, { nullable: true, description: "Contact person." })
  @Classified(Classification.SHARED)
  contactName!: string | null;

  @Field(() => String, { nullable: true, description: "Contact telephone." })
  @Classified(Classification.SHARED)
  contactPhone!: string | null;

  @Field(() => String, { nullable: true, description: "Contact e-mail." })
  @Classified(Classification.SHARED)
  contactEmail!: string | null;

  @Field(() => ListingStatus, { description: "Open or closed." })
  status!: ListingStatus;

  @Field(() => Date, { nullable: true, description: "When the listing was closed; null while open." })
  closedAt!: Date | null;

  /** The brief: an enterprise may read the protected fields of its own listings. */
  override get subjectEnterpriseId(): number | null {
    return this.enterpriseId;
  }
}

@ObjectType({
  implements: [Node, OwnedRecord],
  description: "A product rated under the One Commune One Product (OCOP) programme, with its stars; owned by the province of the enterprise that makes it.",
})
@Classified(Classification.PUBLIC)
export class OcopProduct extends TradeRecord {
  enterpriseId!: number;

  @Field({ description: 'Product name, e.g. "Cà phê bột nguyên chất Buôn Ma Thuột".' })
  name!: string;

  searchName!: string;
  sortName!: string;
  commodityId!: number | null;

  @Field(() => Int, { description: "OCOP stars: 3, 4 or 5 (5 is rated nationally)." })
  stars!: number;

  @Field(() => Int, { description: "The year the current rating was certified." })
  certifiedYear!: number;

  @Field({ description: "Number of the rating certificate (or the deciding act). Natural key." })
  certificateNumber!: string;

  /** The brief: an enterprise may read the protected fields of its own OCOP products. */
  override get subjectEnterpriseId(): number | null {
    return this.enterpriseId;
  }
}

@ObjectType({
  implements: [Node, OwnedRecord],
  description: "A trade- or investment-promotion event (conference, fair, business matching); owned by the province of the organising agency.",
})
@Classified(Classification.PUBLIC)
export class PromotionEvent extends TradeRecord {
  @Field({ description: 'Name, e.g. "Hội nghị xúc tiến đầu tư vùng Tây Nguyên 2024".' })
  name!: string;

  searchName!: string;
  sortName!: string;

  @Field(() => PromotionEventKind, { description: "Kind of event." })
  kind!: PromotionEventKind;

  @Field(() => LocalDateScalar, { description: "First day." })
  startsOn!: string;

  @Field(() => LocalDateScalar, { description: "Last day (the first day for one-day events)." })
  endsOn!: string;

  @Field(() => String, { nullable: true, description: "Venue, e.g. a convention centre in HCMC." })
  venue!: string | null;

  hostProvinceCode!: string;
  organiserAgencyId!: number;
}

@ObjectType({
  implements: [Node, OwnedRecord],
  description: "A memorandum of understanding or cooperation signed by enterprises and/or agencies, often at a promotion event; owned by the provinces of its signing parties.",
})
@Classified(Classification.PUBLIC)
export class Memorandum extends TradeRecord {
  @Field({ description: 'Reference of the memorandum, e.g. "MOU-2023-12-KT-SG-007". Natural key.' })
  reference!: string;

  eventId!: number | null;

  @Field(() => LocalDateScalar, { description: "The day it was signed." })
  signedOn!: string;

  @Field({ description: 'Title, e.g. "Biên bản ghi nhớ tiêu thụ sâm Ngọc Linh tại TP.HCM".' })
  title!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "Value of the deals in VND, where stated (restricted to the owners and agreement holders)." })
  @Classified(Classification.RESTRICTED)
  valueVnd!: string | null;
}

@ObjectType({
  implements: [Node, OwnedRecord],
  description: "A signatory of a memorandum (an enterprise and/or an agency) with its role; owned as its memorandum.",
})
@Classified(Classification.PUBLIC)
export class MemorandumParty extends TradeRecord {
  memorandumId!: number;
  enterpriseId!: number | null;
  agencyId!: number | null;

  @Field({ description: "ISO 3166-2:VN code of the signatory's province when it signed." })
  provinceCode!: string;

  @Field(() => MemorandumPartyRole, { description: "Role of the signatory." })
  role!: MemorandumPartyRole;
}

@ObjectType({
  implements: [Node, OwnedRecord],
  description:
    "An investment project promoted by a province (the April 2024 conference in HCMC announced 558 projects in the region, 157 in Kon Tum); owned by the province of the contributing agency.",
})
@Classified(Classification.PUBLIC)
export class InvestmentProject extends TradeRecord {
  provinceCode!: string;

  @Field({ description: 'Name, e.g. "Dự án trồng và chế biến dược liệu tại huyện Tu Mơ Rông".' })
  name!: string;

  searchName!: string;
  sortName!: string;

  @Field(() => InvestmentSector, { description: "Sector." })
  sector!: InvestmentSector;

  @Field(() => DecimalScalar, { nullable: true, description: "Total investment capital in VND, as promoted (public); null when not stated." })
  capitalVnd!: string | null;

  @Field(() => Float, { nullable: true, description: "Land area in hectares; null when not stated." })
  areaHectares!: number | null;

  @Field(() => InvestmentProjectStatus, { description: "Status." })
  status!: InvestmentProjectStatus;

  announcedAtId!: number | null;
  sourceAgencyId!: number;
}
