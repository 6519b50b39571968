import { HubRecord } from "./common/record.entity.js";
import type { DomainModule } from "./domain.js";
import { referenceDomain } from "./reference/index.js";
import { nodeDomain } from "./common/node.resolver.js";

/** Every domain of the hub, in the order their types appear to the ORM. */
export const domains: DomainModule[] = [nodeDomain, referenceDomain];

/** Every MikroORM entity, with the shared base class the ORM needs to see. */
export const entities: Function[] = [HubRecord, ...domains.flatMap((domain) => domain.entities)];
