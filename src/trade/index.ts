import type { DomainModule } from "../domain.js";

export const tradeDomain: DomainModule = {
  name: "trade",
  entities: [],
  resolvers: [],
};
