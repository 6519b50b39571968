import { registerNodeType, registerNumericNodeType } from "../common/node.js";
import type { DomainModule } from "../domain.js";
import { AdministrativeUnit } from "./administrative-unit.entity.js";
import { Agency } from "./agency.entity.js";
import { Commodity } from "./commodity.entity.js";
import { Enterprise } from "./enterprise.entity.js";
import { Market } from "./market.entity.js";
import { agencyById, commodityById, enterpriseById, marketById, unitByCode } from "./reference.loaders.js";
import { AdministrativeUnitResolver, AgencyResolver, EnterpriseResolver, MarketResolver, ReferenceAdministrationResolver, ReferenceQueryResolver } from "./reference.resolver.js";

registerNodeType("AdministrativeUnit", (context, key) => unitByCode(context).load(key));
registerNumericNodeType("Agency", (context, id) => agencyById(context).load(id));
registerNumericNodeType("Enterprise", (context, id) => enterpriseById(context).load(id));
registerNumericNodeType("Commodity", (context, id) => commodityById(context).load(id));
registerNumericNodeType("Market", (context, id) => marketById(context).load(id));

export const referenceDomain: DomainModule = {
  name: "reference",
  entities: [AdministrativeUnit, Agency, Enterprise, Commodity, Market],
  resolvers: [ReferenceQueryResolver, ReferenceAdministrationResolver, AdministrativeUnitResolver, AgencyResolver, EnterpriseResolver, MarketResolver],
};

export { AdministrativeUnit, Agency, Commodity, Enterprise, Market };
export { agencyByCode, agencyById, commodityByCode, commodityById, enterpriseById, marketByCode, marketById, unitByCode } from "./reference.loaders.js";
export { currentUnitCodes, provinceCodes, searchWords, todayOf, whereOwnedBy } from "./reference.service.js";
export { ProvinceFilter } from "./reference.inputs.js";
