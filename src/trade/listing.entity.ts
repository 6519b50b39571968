import { ArrayType, Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { LocalDateScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { Commodity, Enterprise } from "../reference/index.js";

export enum ListingKind {
  OFFER = "OFFER",
  DEMAND = "DEMAND",
}
registerEnumType(ListingKind, {
  name: "ListingKind",
  description: "Whether a listing offers goods or asks for them.",
  valuesConfig: {
    OFFER: { description: "The enterprise sells (cung): it offers this quantity." },
    DEMAND: { description: "The enterprise buys (cầu): it looks for this quantity, e.g. an HCMC supermarket chain sourcing VietGAP vegetables." },
  },
});

export enum ListingStatus {
  OPEN = "OPEN",
  CLOSED = "CLOSED",
}
registerEnumType(ListingStatus, {
  name: "ListingStatus",
  description: "Whether a listing still seeks a counterpart.",
  valuesConfig: {
    OPEN: { description: "Open: still seeking buyers or sellers." },
    CLOSED: { description: "Closed by its enterprise (matched, withdrawn or expired); kept for the record." },
  },
});

export enum QualityCertification {
  VIETGAP = "VIETGAP",
  GLOBALGAP = "GLOBALGAP",
  ORGANIC = "ORGANIC",
  OCOP = "OCOP",
  HACCP = "HACCP",
  ISO22000 = "ISO22000",
  FAIRTRADE = "FAIRTRADE",
  RAINFOREST_ALLIANCE = "RAINFOREST_ALLIANCE",
  FOUR_C = "FOUR_C",
}
registerEnumType(QualityCertification, {
  name: "QualityCertification",
  description: "Quality, safety and sustainability certifications that HCMC buyers (supermarkets, exporters) ask for.",
  valuesConfig: {
    VIETGAP: { description: "VietGAP, Vietnamese Good Agricultural Practices (TCVN 11892)." },
    GLOBALGAP: { description: "GLOBALG.A.P. Integrated Farm Assurance." },
    ORGANIC: { description: "Organic (TCVN 11041, USDA, EU or JAS organic)." },
    OCOP: { description: "OCOP (One Commune One Product) rating; the stars are in `ocopStars`." },
    HACCP: { description: "HACCP food-safety system." },
    ISO22000: { description: "ISO 22000 food-safety management." },
    FAIRTRADE: { description: "Fairtrade." },
    RAINFOREST_ALLIANCE: { description: "Rainforest Alliance (coffee, tea)." },
    FOUR_C: { description: "4C (Common Code for the Coffee Community)." },
  },
});

/** A supply or demand listing of an enterprise; contacts are shared with members only. */
@Entity({ tableName: "listing" })
@Index({ name: "listing_enterprise_status", properties: ["enterprise", "status"] })
@Index({ name: "listing_commodity_status", properties: ["commodity", "status"] })
@ObjectType({
  implements: [Node, HubRecord],
  description: "A supply (OFFER) or demand (DEMAND) listing of an enterprise, owned by the enterprise's province. Anyone may read it; its contact is for members only.",
})
@Classified(Classification.PUBLIC)
export class Listing extends HubRecord {
  /** Optimistic concurrency: each change states the version it read, and a stale one is refused with CONFLICT. */
  @Property({ type: "integer", default: 1 })
  @Field(() => Int, { description: "The record's version, 1 when created and one more with each change. Pass it to a change (Edits by the enterprise and by its province's agencies): a change based on an older version is refused with CONFLICT." })
  version: number = 1;

  @Property({ type: "string", length: 40 })
  @Unique()
  @Field({ description: 'Reference code of the listing, e.g. "LST-VN33-2026-000123". Natural key.' })
  reference!: string;

  @ManyToOne(() => EnterpriseEntity, { ref: true })
  enterprise!: Ref<EnterpriseEntity>;

  @Property({ type: "string", length: 8 })
  @Field(() => ListingKind, { description: "Offer (supply) or demand." })
  kind!: ListingKind;

  @ManyToOne(() => CommodityEntity, { ref: true })
  commodity!: Ref<CommodityEntity>;

  @Property({ type: "double", nullable: true })
  @Field(() => Float, { nullable: true, description: "Quantity offered or sought, in `unit`; null when open-ended." })
  quantity!: number | null;

  @Property({ type: "string", length: 32 })
  @Field({ description: 'The unit of `quantity`, e.g. "tấn".' })
  unit!: string;

  @Property({ type: "date", nullable: true })
  @Field(() => LocalDateScalar, { nullable: true, description: "First day of delivery or purchase; null when immediately." })
  periodFrom!: string | null;

  @Property({ type: "date", nullable: true })
  @Field(() => LocalDateScalar, { nullable: true, description: "Last day of delivery or purchase; null when open-ended." })
  periodTo!: string | null;

  @Property({ type: ArrayType, columnType: "text[]" })
  @Field(() => [QualityCertification], { description: "Certifications the goods hold (offers) or must hold (demands)." })
  certifications: QualityCertification[] = [];

  @Property({ type: "smallint", nullable: true })
  @Field(() => Int, { nullable: true, description: "OCOP stars (3 to 5) of the product offered, or the minimum asked for; null when not OCOP." })
  ocopStars!: number | null;

  @Property({ type: "text" })
  @Field({ description: 'Title, e.g. "Cung cấp 200 tấn cà phê Robusta nhân xô đạt chuẩn 4C".' })
  title!: string;

  /** The title folded for search (no diacritics, lower case). */
  @Property({ type: "string" })
  searchTitle!: string;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "Details: grades, packaging, delivery terms." })
  description!: string | null;

  @Property({ type: "string", nullable: true })
  @Field(() => String, { nullable: true, description: "Contact person." })
  @Classified(Classification.SHARED)
  contactName!: string | null;

  @Property({ type: "string", nullable: true })
  @Field(() => String, { nullable: true, description: "Contact telephone." })
  @Classified(Classification.SHARED)
  contactPhone!: string | null;

  @Property({ type: "string", nullable: true })
  @Field(() => String, { nullable: true, description: "Contact e-mail." })
  @Classified(Classification.SHARED)
  contactEmail!: string | null;

  @Property({ type: "string", length: 8 })
  @Field(() => ListingStatus, { description: "Open or closed." })
  status!: ListingStatus;

  @Property({ type: "timestamptz", nullable: true })
  @Field(() => Date, { nullable: true, description: "When the listing was closed; null while open." })
  closedAt!: Date | null;

  /** The brief: an enterprise may read the protected fields of its own listings. */
  override get subjectEnterpriseId(): number | null {
    return this.enterprise.id;
  }

  get dataset(): Dataset {
    return Dataset.TRADE;
  }
}
