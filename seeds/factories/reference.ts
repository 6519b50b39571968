/**
 * Record factories for reference data, shared by the tests (each test builds the records it needs)
 * and the demo seed: valid, overridable defaults, with owners, search names and sort keys derived
 * the way the hub derives them.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import { foldForSearch, vietnameseSortKey } from "../../src/common/text.js";
import { AdministrativeUnitEntity } from "../../src/reference/administrative-unit.entity.js";
import { AgencyEntity, AgencySector } from "../../src/reference/agency.entity.js";
import { CommodityEntity } from "../../src/reference/commodity.entity.js";
import { EnterpriseEntity, EnterpriseSize } from "../../src/reference/enterprise.entity.js";
import { MarketEntity, MarketKind } from "../../src/reference/market.entity.js";

let sequence = 0;
/** A value unique within the test run (tax codes, codes). */
export function unique(): number {
  sequence += 1;
  return process.pid * 10_000 + sequence;
}

export async function createAgency(em: EntityManager, overrides: Partial<Pick<AgencyEntity, "code" | "name" | "sector">> & { provinceCode: string }): Promise<AgencyEntity> {
  const name = overrides.name ?? `Sở Công Thương ${overrides.provinceCode} ${unique()}`;
  const agency = em.create(AgencyEntity, {
    code: overrides.code ?? `${overrides.provinceCode}-AG-${unique()}`,
    name,
    nameEn: name,
    sortName: vietnameseSortKey(name),
    province: em.getReference(AdministrativeUnitEntity, overrides.provinceCode),
    sector: overrides.sector ?? AgencySector.INDUSTRY_TRADE,
    contactEmail: "lienhe@example.gov.vn",
    ownerProvinceCodes: [overrides.provinceCode],
  });
  await em.flush();
  return agency;
}

export async function createEnterprise(
  em: EntityManager,
  overrides: Partial<Pick<EnterpriseEntity, "name" | "taxCode" | "vsicCode" | "size" | "employees" | "annualRevenueVnd">> & { provinceCode: string },
): Promise<EnterpriseEntity> {
  const name = overrides.name ?? `Công ty TNHH Thử nghiệm ${unique()}`;
  const enterprise = em.create(EnterpriseEntity, {
    // The reserved 00… range (see seeds/tax-codes.ts), 0097…: apart from the demo's and the generator's.
    taxCode: overrides.taxCode ?? `0097${String(unique() % 1_000_000).padStart(6, "0")}`,
    name,
    searchName: foldForSearch(name),
    sortName: vietnameseSortKey(name),
    province: em.getReference(AdministrativeUnitEntity, overrides.provinceCode),
    vsicCode: overrides.vsicCode ?? "1077",
    size: overrides.size ?? EnterpriseSize.SMALL,
    address: "Số 1, đường Thử nghiệm",
    employees: overrides.employees ?? 42,
    annualRevenueVnd: overrides.annualRevenueVnd ?? "12500000000",
    synthetic: true,
    ownerProvinceCodes: [overrides.provinceCode],
  });
  await em.flush();
  return enterprise;
}

export async function createCommodity(em: EntityManager, overrides: Partial<Pick<CommodityEntity, "code" | "name" | "nameEn" | "standardUnit" | "category" | "hsCode">> = {}): Promise<CommodityEntity> {
  const name = overrides.name ?? `Nông sản ${unique()}`;
  const commodity = em.create(CommodityEntity, {
    code: overrides.code ?? `TEST_${unique()}`,
    name,
    nameEn: overrides.nameEn ?? name,
    searchName: foldForSearch(`${name} ${overrides.nameEn ?? ""}`),
    sortName: vietnameseSortKey(name),
    standardUnit: overrides.standardUnit ?? "kg",
    hsCode: overrides.hsCode ?? null,
    category: overrides.category ?? "Cây công nghiệp",
    ownerProvinceCodes: [],
  });
  await em.flush();
  return commodity;
}

export async function createMarket(em: EntityManager, overrides: Partial<Pick<MarketEntity, "code" | "name" | "kind">> & { provinceCode: string }): Promise<MarketEntity> {
  const name = overrides.name ?? `Chợ đầu mối ${unique()}`;
  const market = em.create(MarketEntity, {
    code: overrides.code ?? `MKT-${unique()}`,
    name,
    sortName: vietnameseSortKey(name),
    province: em.getReference(AdministrativeUnitEntity, overrides.provinceCode),
    kind: overrides.kind ?? MarketKind.WHOLESALE,
    ownerProvinceCodes: [overrides.provinceCode],
  });
  await em.flush();
  return market;
}
