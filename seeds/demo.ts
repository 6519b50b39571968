/**
 * The programme's demo data: real units, departments, markets, commodities and institutions, the
 * facts the programme's articles report, and synthetic figures (marked as such) where they give
 * none. Loaded into an empty database on the embedded default's first start, and by `npm run seed`.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import { foldForSearch, vietnameseSortKey } from "../src/common/text.js";
import { AdministrativeUnitEntity, AgencyEntity, CommodityEntity, EnterpriseEntity, MarketEntity } from "../src/reference/index.js";
import type { AgencySector } from "../src/reference/agency.entity.js";
import type { EnterpriseSize } from "../src/reference/enterprise.entity.js";
import type { MarketKind } from "../src/reference/market.entity.js";
import { AGENCIES, COMMODITIES, ENTERPRISES, MARKETS } from "./reference.data.js";
import { seedSharing } from "./demo.sharing.js";
import { seedTechnology } from "./demo.technology.js";
import { seedTrade } from "./demo.trade.js";
import { seedFoodTechnologyLinks, seedTrainingFacts } from "./demo.training.js";
import { demoTaxCode } from "./tax-codes.js";
import { forgetAllButReference } from "./forget-written.js";

/** What the demo's later parts refer to, by natural key. */
export interface DemoReference {
  agencies: Map<string, AgencyEntity>;
  commodities: Map<string, CommodityEntity>;
  markets: Map<string, MarketEntity>;
  enterprises: Map<string, EnterpriseEntity>;
}

async function seedReference(em: EntityManager): Promise<DemoReference> {
  const unit = (code: string) => em.getReference(AdministrativeUnitEntity, code);
  const agencies = new Map(
    AGENCIES.map((seed) => [
      seed.code,
      em.create(AgencyEntity, {
        code: seed.code,
        name: seed.name,
        nameEn: seed.nameEn,
        sortName: vietnameseSortKey(seed.name),
        province: unit(seed.provinceCode),
        sector: seed.sector as AgencySector,
        contactEmail: null,
        ownerProvinceCodes: [seed.provinceCode],
      }),
    ]),
  );
  const commodities = new Map(
    COMMODITIES.map((seed) => [
      seed.code,
      em.create(CommodityEntity, {
        ...seed,
        searchName: foldForSearch(`${seed.name} ${seed.nameEn}`),
        sortName: vietnameseSortKey(seed.name),
        ownerProvinceCodes: [],
      }),
    ]),
  );
  const markets = new Map(
    MARKETS.map((seed) => [
      seed.code,
      em.create(MarketEntity, {
        code: seed.code,
        name: seed.name,
        sortName: vietnameseSortKey(seed.name),
        province: unit(seed.provinceCode),
        kind: seed.kind as MarketKind,
        ownerProvinceCodes: [seed.provinceCode],
      }),
    ]),
  );
  const enterprises = new Map(
    ENTERPRISES.map((seed, index) => [
      seed.key,
      em.create(EnterpriseEntity, {
        taxCode: demoTaxCode(index),
        name: seed.name,
        searchName: foldForSearch(seed.name),
        sortName: vietnameseSortKey(seed.name),
        province: unit(seed.provinceCode),
        vsicCode: seed.vsicCode,
        size: seed.size as EnterpriseSize,
        address: seed.address,
        employees: seed.employees,
        annualRevenueVnd: seed.annualRevenueVnd,
        synthetic: true,
        ownerProvinceCodes: [seed.provinceCode],
      }),
    ]),
  );
  await em.flush();
  return { agencies, commodities, markets, enterprises };
}

/**
 * Seeds the whole demo in one transaction: a failed seed leaves the database empty, never
 * half-seeded. Prices run up to `today` (YYYY-MM-DD in Asia/Ho_Chi_Minh), so "this quarter" and
 * "the last 30 days" always have data.
 */
export async function seedDemo(em: EntityManager, today: string): Promise<DemoReference> {
  return em.transactional(async (tx) => {
    const reference = await seedReference(tx);
    await seedTrade(tx, reference, today);
    forgetAllButReference(tx);
    await seedTechnology(tx, reference);
    forgetAllButReference(tx);
    await seedTrainingFacts(tx, reference.agencies.get("VN-SG-SYT")!);
    forgetAllButReference(tx);
    await seedFoodTechnologyLinks(tx);
    forgetAllButReference(tx);
    await seedSharing(tx, reference);
    return reference;
  });
}

/** Seeds the demo when the database holds no enterprise yet. Returns whether it seeded. */
export async function seedDemoIfEmpty(em: EntityManager, today: string): Promise<boolean> {
  const [row] = await em.getConnection().execute<{ count: string }[]>("select count(*) as count from enterprise");
  if (Number(row?.count ?? 0) > 0) return false;
  await seedDemo(em, today);
  return true;
}
