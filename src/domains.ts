import { auditDomain } from "./audit/index.js";
import { authDomain } from "./auth/viewer.resolver.js";
import { catalogueDomain } from "./catalogue/index.js";
import { eventsDomain } from "./events/index.js";
import { importsDomain } from "./imports/index.js";
import { nodeDomain } from "./common/node.resolver.js";
import { HubRecord } from "./common/record.entity.js";
import type { DomainModule } from "./domain.js";
import { operationsDomain } from "./operations/index.js";
import { referenceDomain } from "./reference/index.js";
import { sharingDomain } from "./sharing/index.js";
import { technologyDomain } from "./technology/index.js";
import { tradeDomain } from "./trade/index.js";
import { trainingDomain } from "./training/index.js";

/** Every domain of the hub. */
export const domains: DomainModule[] = [nodeDomain, authDomain, referenceDomain, tradeDomain, technologyDomain, trainingDomain, sharingDomain, catalogueDomain, auditDomain, eventsDomain, importsDomain, operationsDomain];

/** Every MikroORM entity, with the shared base class the ORM needs to see. */
export const entities: Function[] = [HubRecord, ...domains.flatMap((domain) => domain.entities)];
