import type { DomainModule } from "../domain.js";
import { CatalogueResolver } from "./catalogue.resolver.js";

export * from "./catalogue.types.js";

/** The data catalogue: what the hub holds, who owns it, how it is classified and how fresh it is. */
export const catalogueDomain: DomainModule = { name: "catalogue", entities: [], resolvers: [CatalogueResolver] };
