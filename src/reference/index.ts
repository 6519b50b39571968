import { registerNodeType, registerNumericNodeType } from "../common/node.js";
import type { DomainModule } from "../domain.js";
import { defineReadModel } from "../common/read-model.js";
import { AdministrativeUnitEntity } from "./administrative-unit.entity.js";
import { AgencyEntity } from "./agency.entity.js";
import { CommodityEntity } from "./commodity.entity.js";
import { EnterpriseEntity } from "./enterprise.entity.js";
import { MarketEntity } from "./market.entity.js";
import { AdministrativeUnit, Agency, Commodity, Enterprise, Market } from "./reference.models.js";
import { agencyById, commodityById, enterpriseById, marketById, unitByCode } from "./reference.loaders.js";
import { AdministrativeUnitResolver, AgencyResolver, EnterpriseResolver, MarketResolver, ReferenceAdministrationResolver, ReferenceQueryResolver } from "./reference.resolver.js";

defineReadModel(AdministrativeUnit, AdministrativeUnitEntity);
defineReadModel(Agency, AgencyEntity);
// The hottest list (enterprises by name, with their province and latest assessment): read by selection.
defineReadModel(Enterprise, EnterpriseEntity, {
  // An enterprise is its own subject (`subjectEnterpriseId` is its id); its province is what rules
  // about it most often read.
  always: ["provinceCode"],
  resolved: { id: [], province: ["provinceCode"], latestAssessment: [], assessments: [], listings: [], ocopProducts: [] },
});
defineReadModel(Commodity, CommodityEntity);
defineReadModel(Market, MarketEntity);

registerNodeType("AdministrativeUnit", (context, key) => unitByCode(context).load(key));
registerNumericNodeType("Agency", (context, id) => agencyById(context).load(id));
registerNumericNodeType("Enterprise", (context, id) => enterpriseById(context).load(id));
registerNumericNodeType("Commodity", (context, id) => commodityById(context).load(id));
registerNumericNodeType("Market", (context, id) => marketById(context).load(id));

export const referenceDomain: DomainModule = {
  name: "reference",
  entities: [AdministrativeUnitEntity, AgencyEntity, EnterpriseEntity, CommodityEntity, MarketEntity],
  resolvers: [ReferenceQueryResolver, ReferenceAdministrationResolver, AdministrativeUnitResolver, AgencyResolver, EnterpriseResolver, MarketResolver],
};

export { AdministrativeUnit, Agency, Commodity, Enterprise, Market };
export { AdministrativeUnitEntity, AgencyEntity, CommodityEntity, EnterpriseEntity, MarketEntity };
export { agencyByCode, agencyById, agencyOf, commodityByCode, commodityById, commodityOf, enterpriseById, marketByCode, marketById, marketOf, unitByCode, unitOf, type Lookup } from "./reference.loaders.js";
export { currentUnitCodes, provinceCodes, searchWords, todayOf, whereOwnedBy } from "./reference.service.js";
export { ProvinceFilter } from "./reference.inputs.js";
