import type { DomainModule } from "../domain.js";

export const technologyDomain: DomainModule = {
  name: "technology",
  entities: [],
  resolvers: [],
};
