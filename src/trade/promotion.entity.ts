import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
import { AdministrativeUnitEntity } from "../reference/administrative-unit.entity.js";
import { AgencyEntity } from "../reference/agency.entity.js";
import { EnterpriseEntity } from "../reference/enterprise.entity.js";

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
export class PromotionEventEntity extends HubRecord {
  @Property({ type: "text" })
  name!: string;

  @Property({ type: "text" })
  searchName!: string;

  @Property({ type: "text" })
  sortName!: string;

  @Property({ type: "string", length: 32 })
  kind!: PromotionEventKind;

  @Property({ type: "date" })
  @Index()
  startsOn!: string;

  @Property({ type: "date" })
  endsOn!: string;

  @Property({ type: "text", nullable: true })
  venue!: string | null;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "host_province_code" })
  @Index()
  hostProvince!: Ref<AdministrativeUnitEntity>;

  @ManyToOne(() => AgencyEntity, { ref: true })
  @Index()
  organiserAgency!: Ref<AgencyEntity>;
}

/** A memorandum (biên bản ghi nhớ) signed by enterprises and/or agencies, often at a promotion event. */
@Entity({ tableName: "memorandum" })
export class MemorandumEntity extends HubRecord {
  @Property({ type: "string", length: 40 })
  @Unique()
  reference!: string;

  @ManyToOne(() => PromotionEventEntity, { ref: true, nullable: true })
  @Index()
  event!: Ref<PromotionEventEntity> | null;

  @Property({ type: "date" })
  @Index()
  signedOn!: string;

  @Property({ type: "text" })
  title!: string;

  @Property({ type: "decimal", precision: 20, scale: 0, nullable: true })
  valueVnd!: string | null;
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
export class MemorandumPartyEntity extends HubRecord {
  @ManyToOne(() => MemorandumEntity, { ref: true })
  @Index()
  memorandum!: Ref<MemorandumEntity>;

  @ManyToOne(() => EnterpriseEntity, { ref: true, nullable: true })
  @Index()
  enterprise!: Ref<EnterpriseEntity> | null;

  @ManyToOne(() => AgencyEntity, { ref: true, nullable: true })
  @Index()
  agency!: Ref<AgencyEntity> | null;

  /** The signatory's province when signing (the enterprise's, else the agency's): the memorandum's owners are made of these. */
  @Property({ type: "string", length: 8 })
  provinceCode!: string;

  @Property({ type: "string", length: 16 })
  role!: MemorandumPartyRole;
}
