import type { EntityManager } from "@mikro-orm/postgresql";
import { AdministrativeUnitEntity, AgencyEntity, CommodityEntity, EnterpriseEntity, MarketEntity } from "../src/reference/index.js";

/** The classes later parts of the demo link to (through `DemoReference`, and the units its rows refer to). */
const REFERENCE_CLASSES = new Set<string>([AdministrativeUnitEntity.name, AgencyEntity.name, CommodityEntity.name, MarketEntity.name, EnterpriseEntity.name]);

/**
 * Lets the unit of work forget the rows a part of the demo has written (and flushed), but the
 * reference ones. Every flush compares each entity the unit of work holds with its snapshot, so the
 * hundreds of rows written by earlier parts were compared again at each later flush: 1.3 s of the
 * embedded first start's 2.6 s of seeding.
 */
export function forgetAllButReference(em: EntityManager): void {
  const unitOfWork = em.getUnitOfWork();
  for (const entity of [...unitOfWork.getIdentityMap()]) {
    if (!REFERENCE_CLASSES.has(entity.constructor.name)) unitOfWork.unsetIdentity(entity);
  }
}
