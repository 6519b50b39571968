import { ArrayType, Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
import { CommodityEntity } from "../reference/commodity.entity.js";
import { EnterpriseEntity } from "../reference/enterprise.entity.js";

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
export class ListingEntity extends HubRecord {
  /** Optimistic concurrency: each change states the version it read, and a stale one is refused with CONFLICT. */
  @Property({ type: "integer", default: 1 })
  version: number = 1;

  @Property({ type: "string", length: 40 })
  @Unique()
  reference!: string;

  @ManyToOne(() => EnterpriseEntity, { ref: true })
  enterprise!: Ref<EnterpriseEntity>;

  @Property({ type: "string", length: 8 })
  kind!: ListingKind;

  @ManyToOne(() => CommodityEntity, { ref: true })
  commodity!: Ref<CommodityEntity>;

  @Property({ type: "double", nullable: true })
  quantity!: number | null;

  @Property({ type: "string", length: 32 })
  unit!: string;

  @Property({ type: "date", nullable: true })
  periodFrom!: string | null;

  @Property({ type: "date", nullable: true })
  periodTo!: string | null;

  @Property({ type: ArrayType, columnType: "text[]" })
  certifications: QualityCertification[] = [];

  @Property({ type: "smallint", nullable: true })
  ocopStars!: number | null;

  @Property({ type: "text" })
  title!: string;

  /** The title folded for search (no diacritics, lower case). */
  @Property({ type: "string" })
  searchTitle!: string;

  @Property({ type: "text", nullable: true })
  description!: string | null;

  @Property({ type: "string", nullable: true })
  contactName!: string | null;

  @Property({ type: "string", nullable: true })
  contactPhone!: string | null;

  @Property({ type: "string", nullable: true })
  contactEmail!: string | null;

  @Property({ type: "string", length: 8 })
  status!: ListingStatus;

  @Property({ type: "timestamptz", nullable: true })
  closedAt!: Date | null;
}
