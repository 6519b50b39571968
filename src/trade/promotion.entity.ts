import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { DecimalScalar, LocalDateScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { AdministrativeUnit, Agency, Enterprise } from "../reference/index.js";

export enum PromotionEventKind {
  SUPPLY_DEMAND_CONFERENCE = "SUPPLY_DEMAND_CONFERENCE",
  TRADE_FAIR = "TRADE_FAIR",
  INVESTMENT_CONFERENCE = "INVESTMENT_CONFERENCE",
  BUSINESS_MATCHING = "BUSINESS_MATCHING",
  PRODUCT_WEEK = "PRODUCT_WEEK",
  STUDY_TOUR = "STUDY_TOUR",
}
registerEnumType(PromotionEventKind, {
  name: "PromotionEventKind",
  description: "Kinds of trade- and investment-promotion events.",
  valuesConfig: {
    SUPPLY_DEMAND_CONFERENCE: { description: "A supply–demand connection conference (hội nghị kết nối cung cầu), e.g. HCMC and the provinces, November 2016 and December 2023." },
    TRADE_FAIR: { description: "A trade fair or exhibition (hội chợ, triển lãm)." },
    INVESTMENT_CONFERENCE: { description: "An investment-promotion conference (hội nghị xúc tiến đầu tư), e.g. April 2024 in HCMC." },
    BUSINESS_MATCHING: { description: "A business-matching session between buyers and suppliers." },
    PRODUCT_WEEK: { description: "A week or festival promoting a province's products in HCMC (tuần lễ, lễ hội)." },
    STUDY_TOUR: { description: "A trade study tour or market survey." },
  },
});

/** A trade- or investment-promotion event, owned by the province of its organising agency. */
@Entity({ tableName: "promotion_event" })
@Unique({ name: "promotion_event_natural_key", properties: ["name", "startsOn"] })
@ObjectType({
  implements: [Node, HubRecord],
  description: "A trade- or investment-promotion event (conference, fair, business matching); owned by the province of the organising agency.",
})
@Classified(Classification.PUBLIC)
export class PromotionEvent extends HubRecord {
  @Property({ type: "text" })
  @Field({ description: 'Name, e.g. "Hội nghị xúc tiến đầu tư vùng Tây Nguyên 2024".' })
  name!: string;

  @Property({ type: "text" })
  searchName!: string;

  @Property({ type: "text" })
  sortName!: string;

  @Property({ type: "string", length: 32 })
  @Field(() => PromotionEventKind, { description: "Kind of event." })
  kind!: PromotionEventKind;

  @Property({ type: "date" })
  @Index()
  @Field(() => LocalDateScalar, { description: "First day." })
  startsOn!: string;

  @Property({ type: "date" })
  @Field(() => LocalDateScalar, { description: "Last day (the first day for one-day events)." })
  endsOn!: string;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "Venue, e.g. a convention centre in HCMC." })
  venue!: string | null;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "host_province_code" })
  @Index()
  hostProvince!: Ref<AdministrativeUnitEntity>;

  @ManyToOne(() => AgencyEntity, { ref: true })
  @Index()
  organiserAgency!: Ref<AgencyEntity>;

  get dataset(): Dataset {
    return Dataset.TRADE;
  }
}

/** A memorandum (biên bản ghi nhớ) signed by enterprises and/or agencies, often at a promotion event. */
@Entity({ tableName: "memorandum" })
@ObjectType({
  implements: [Node, HubRecord],
  description: "A memorandum of understanding or cooperation signed by enterprises and/or agencies, often at a promotion event; owned by the provinces of its signing parties.",
})
@Classified(Classification.PUBLIC)
export class Memorandum extends HubRecord {
  @Property({ type: "string", length: 40 })
  @Unique()
  @Field({ description: 'Reference of the memorandum, e.g. "MOU-2023-12-KT-SG-007". Natural key.' })
  reference!: string;

  @ManyToOne(() => PromotionEvent, { ref: true, nullable: true })
  @Index()
  event!: Ref<PromotionEvent> | null;

  @Property({ type: "date" })
  @Index()
  @Field(() => LocalDateScalar, { description: "The day it was signed." })
  signedOn!: string;

  @Property({ type: "text" })
  @Field({ description: 'Title, e.g. "Biên bản ghi nhớ tiêu thụ sâm Ngọc Linh tại TP.HCM".' })
  title!: string;

  @Property({ type: "decimal", precision: 20, scale: 0, nullable: true })
  @Field(() => DecimalScalar, { nullable: true, description: "Value of the deals in VND, where stated (restricted to the owners and agreement holders)." })
  @Classified(Classification.RESTRICTED)
  valueVnd!: string | null;

  get dataset(): Dataset {
    return Dataset.TRADE;
  }
}

export enum MemorandumPartyRole {
  BUYER = "BUYER",
  SELLER = "SELLER",
  PARTNER = "PARTNER",
  WITNESS = "WITNESS",
}
registerEnumType(MemorandumPartyRole, {
  name: "MemorandumPartyRole",
  description: "The part a signatory plays in a memorandum.",
  valuesConfig: {
    BUYER: { description: "Buys under the memorandum (e.g. an HCMC distributor)." },
    SELLER: { description: "Supplies under the memorandum (e.g. a Kon Tum producer)." },
    PARTNER: { description: "A cooperation partner without a buyer or seller role." },
    WITNESS: { description: "Witnesses the signing (typically a department of Industry and Trade)." },
  },
});

/** One signatory of a memorandum: an enterprise, an agency, or an agency signing for an enterprise. */
@Entity({ tableName: "memorandum_party" })
@ObjectType({
  implements: [Node, HubRecord],
  description: "A signatory of a memorandum (an enterprise and/or an agency) with its role; owned as its memorandum.",
})
@Classified(Classification.PUBLIC)
export class MemorandumParty extends HubRecord {
  @ManyToOne(() => Memorandum, { ref: true })
  @Index()
  memorandum!: Ref<Memorandum>;

  @ManyToOne(() => EnterpriseEntity, { ref: true, nullable: true })
  @Index()
  enterprise!: Ref<EnterpriseEntity> | null;

  @ManyToOne(() => AgencyEntity, { ref: true, nullable: true })
  @Index()
  agency!: Ref<AgencyEntity> | null;

  /** The signatory's province when signing (the enterprise's, else the agency's): the memorandum's owners are made of these. */
  @Property({ type: "string", length: 8 })
  @Field({ description: "ISO 3166-2:VN code of the signatory's province when it signed." })
  provinceCode!: string;

  @Property({ type: "string", length: 16 })
  @Field(() => MemorandumPartyRole, { description: "Role of the signatory." })
  role!: MemorandumPartyRole;

  get dataset(): Dataset {
    return Dataset.TRADE;
  }
}
