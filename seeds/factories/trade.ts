/**
 * Trade data factories. Owners follow the brief's "Who owns what": prices, events and investment
 * projects belong to the contributing agency's province, listings and OCOP products to the
 * enterprise's, trade flows to both ends, memoranda (and their parties) to the signatories'.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import { foldForSearch, vietnameseSortKey } from "../../src/common/text.js";
import { AdministrativeUnitEntity } from "../../src/reference/administrative-unit.entity.js";
import { AgencyEntity } from "../../src/reference/agency.entity.js";
import { CommodityEntity } from "../../src/reference/commodity.entity.js";
import { EnterpriseEntity } from "../../src/reference/enterprise.entity.js";
import { MarketEntity } from "../../src/reference/market.entity.js";
import { InvestmentProjectEntity, InvestmentProjectStatus, InvestmentSector } from "../../src/trade/investment-project.entity.js";
import { ListingEntity, ListingKind, ListingStatus, type QualityCertification } from "../../src/trade/listing.entity.js";
import { OcopProductEntity } from "../../src/trade/ocop-product.entity.js";
import { PriceObservationEntity, PriceType } from "../../src/trade/price-observation.entity.js";
import { MemorandumEntity, MemorandumPartyEntity, MemorandumPartyRole, PromotionEventEntity, PromotionEventKind } from "../../src/trade/promotion.entity.js";
import { TradeFlowEntity } from "../../src/trade/trade-flow.entity.js";
import { unique } from "./reference.js";

/**
 * What the factories need of the reference records they are given: their key, and for agencies,
 * enterprises and markets their province. Entities (a factory's result) and read models (a
 * loader's) both fit.
 */
type Keyed = { id: number };
type Placed = Keyed & ({ provinceCode: string } | { province: { code: string } });
type Agency = Placed;
type Enterprise = Placed;
type Market = Placed;
type Commodity = Keyed & { standardUnit: string };

/** The province of a reference record, entity or read model. */
export function provinceCodeOf(record: Placed): string {
  return "provinceCode" in record ? record.provinceCode : record.province.code;
}

/** Builds an entity without the ORM's create-time typing of getters (dataset, globalId). */
function build<T extends object>(em: EntityManager, type: new () => T, values: Partial<T>): T {
  const entity = Object.assign(new type(), values);
  em.persist(entity);
  return entity;
}

export async function createPriceObservation(
  em: EntityManager,
  values: { commodity: Commodity; market: Market; agency: Agency; observedOn: string; priceVnd: string; priceType?: PriceType; unit?: string; note?: string },
  options: { flush?: boolean } = {},
): Promise<PriceObservationEntity> {
  const observation = build(em, PriceObservationEntity, {
    commodity: em.getReference(CommodityEntity, values.commodity.id) as never,
    market: em.getReference(MarketEntity, values.market.id) as never,
    marketProvinceCode: provinceCodeOf(values.market),
    observedOn: values.observedOn,
    priceType: values.priceType ?? PriceType.WHOLESALE,
    priceVnd: values.priceVnd,
    unit: values.unit ?? values.commodity.standardUnit,
    sourceAgency: em.getReference(AgencyEntity, values.agency.id) as never,
    note: values.note ?? null,
    ownerProvinceCodes: [provinceCodeOf(values.agency)],
  });
  if (options.flush !== false) await em.flush();
  return observation;
}

export async function createTradeFlow(
  em: EntityManager,
  values: { month: string; originCode: string; destinationCode: string; commodity: Commodity; agency: Agency; volume: number; valueVnd: string | null; unit?: string },
  options: { flush?: boolean } = {},
): Promise<TradeFlowEntity> {
  const flow = build(em, TradeFlowEntity, {
    month: values.month,
    origin: em.getReference(AdministrativeUnitEntity, values.originCode) as never,
    destination: em.getReference(AdministrativeUnitEntity, values.destinationCode) as never,
    commodity: em.getReference(CommodityEntity, values.commodity.id) as never,
    volume: values.volume,
    unit: values.unit ?? values.commodity.standardUnit,
    valueVnd: values.valueVnd,
    sourceAgency: em.getReference(AgencyEntity, values.agency.id) as never,
    ownerProvinceCodes: [values.originCode, values.destinationCode],
  });
  if (options.flush !== false) await em.flush();
  return flow;
}

export async function createListing(
  em: EntityManager,
  values: {
    enterprise: Enterprise;
    commodity: Commodity;
    kind?: ListingKind;
    status?: ListingStatus;
    title?: string;
    quantity?: number | null;
    certifications?: QualityCertification[];
    ocopStars?: number | null;
    periodFrom?: string | null;
    periodTo?: string | null;
  },
  options: { flush?: boolean } = {},
): Promise<ListingEntity> {
  const title = values.title ?? `Cung cấp nông sản ${unique()}`;
  const status = values.status ?? ListingStatus.OPEN;
  const listing = build(em, ListingEntity, {
    reference: `LST-${provinceCodeOf(values.enterprise)}-${unique()}`,
    enterprise: em.getReference(EnterpriseEntity, values.enterprise.id) as never,
    kind: values.kind ?? ListingKind.OFFER,
    commodity: em.getReference(CommodityEntity, values.commodity.id) as never,
    quantity: values.quantity === undefined ? 20 : values.quantity,
    unit: values.commodity.standardUnit,
    periodFrom: values.periodFrom ?? null,
    periodTo: values.periodTo ?? null,
    certifications: values.certifications ?? [],
    ocopStars: values.ocopStars ?? null,
    title,
    searchTitle: foldForSearch(title),
    description: null,
    contactName: "Nguyễn Văn An",
    contactPhone: "0262 3812 345",
    contactEmail: "kinhdoanh@example.vn",
    status,
    closedAt: status === ListingStatus.CLOSED ? new Date("2026-06-30T03:00:00Z") : null,
    ownerProvinceCodes: [provinceCodeOf(values.enterprise)],
  });
  if (options.flush !== false) await em.flush();
  return listing;
}

export async function createOcopProduct(
  em: EntityManager,
  values: { enterprise: Enterprise; name?: string; stars?: number; commodity?: Commodity | null; certifiedYear?: number },
  options: { flush?: boolean } = {},
): Promise<OcopProductEntity> {
  const name = values.name ?? `Sản phẩm OCOP ${unique()}`;
  const product = build(em, OcopProductEntity, {
    enterprise: em.getReference(EnterpriseEntity, values.enterprise.id) as never,
    name,
    searchName: foldForSearch(name),
    sortName: vietnameseSortKey(name),
    commodity: values.commodity ? (em.getReference(CommodityEntity, values.commodity.id) as never) : null,
    stars: values.stars ?? 4,
    certifiedYear: values.certifiedYear ?? 2024,
    certificateNumber: `OCOP-${unique()}`,
    ownerProvinceCodes: [provinceCodeOf(values.enterprise)],
  });
  if (options.flush !== false) await em.flush();
  return product;
}

export async function createPromotionEvent(
  em: EntityManager,
  values: { name?: string; kind?: PromotionEventKind; startsOn: string; endsOn?: string; hostProvinceCode: string; organiser: Agency; venue?: string },
): Promise<PromotionEventEntity> {
  const name = values.name ?? `Hội nghị kết nối cung cầu ${unique()}`;
  const event = build(em, PromotionEventEntity, {
    name,
    searchName: foldForSearch(name),
    sortName: vietnameseSortKey(name),
    kind: values.kind ?? PromotionEventKind.SUPPLY_DEMAND_CONFERENCE,
    startsOn: values.startsOn,
    endsOn: values.endsOn ?? values.startsOn,
    venue: values.venue ?? null,
    hostProvince: em.getReference(AdministrativeUnitEntity, values.hostProvinceCode) as never,
    organiserAgency: em.getReference(AgencyEntity, values.organiser.id) as never,
    ownerProvinceCodes: [provinceCodeOf(values.organiser)],
  });
  await em.flush();
  return event;
}

export async function createMemorandum(
  em: EntityManager,
  values: {
    title?: string;
    signedOn: string;
    event?: Keyed | null;
    valueVnd?: string | null;
    parties: { enterprise?: Enterprise; agency?: Agency; role: MemorandumPartyRole }[];
  },
): Promise<MemorandumEntity> {
  const provinceOf = (party: { enterprise?: Enterprise; agency?: Agency }) => provinceCodeOf((party.enterprise ?? party.agency)!);
  const owners = [...new Set(values.parties.map(provinceOf))];
  const memorandum = build(em, MemorandumEntity, {
    reference: `MOU-${unique()}`,
    event: values.event ? (em.getReference(PromotionEventEntity, values.event.id) as never) : null,
    signedOn: values.signedOn,
    title: values.title ?? `Biên bản ghi nhớ ${unique()}`,
    valueVnd: values.valueVnd ?? null,
    ownerProvinceCodes: owners,
  });
  await em.flush();
  for (const party of values.parties) {
    build(em, MemorandumPartyEntity, {
      memorandum: em.getReference(MemorandumEntity, memorandum.id) as never,
      enterprise: party.enterprise ? (em.getReference(EnterpriseEntity, party.enterprise.id) as never) : null,
      agency: party.agency ? (em.getReference(AgencyEntity, party.agency.id) as never) : null,
      provinceCode: provinceOf(party),
      role: party.role,
      ownerProvinceCodes: owners,
    });
  }
  await em.flush();
  return memorandum;
}

export async function createInvestmentProject(
  em: EntityManager,
  values: {
    provinceCode: string;
    agency: Agency;
    name?: string;
    sector?: InvestmentSector;
    status?: InvestmentProjectStatus;
    capitalVnd?: string | null;
    areaHectares?: number | null;
    announcedAt?: Keyed | null;
  },
  options: { flush?: boolean } = {},
): Promise<InvestmentProjectEntity> {
  const name = values.name ?? `Dự án kêu gọi đầu tư ${unique()}`;
  const project = build(em, InvestmentProjectEntity, {
    province: em.getReference(AdministrativeUnitEntity, values.provinceCode) as never,
    name,
    searchName: foldForSearch(name),
    sortName: vietnameseSortKey(name),
    sector: values.sector ?? InvestmentSector.AGRICULTURE,
    capitalVnd: values.capitalVnd === undefined ? "500000000000" : values.capitalVnd,
    areaHectares: values.areaHectares ?? null,
    status: values.status ?? InvestmentProjectStatus.CALLING_FOR_INVESTMENT,
    announcedAt: values.announcedAt ? (em.getReference(PromotionEventEntity, values.announcedAt.id) as never) : null,
    sourceAgency: em.getReference(AgencyEntity, values.agency.id) as never,
    ownerProvinceCodes: [provinceCodeOf(values.agency)],
  });
  if (options.flush !== false) await em.flush();
  return project;
}
