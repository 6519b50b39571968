import type { DomainModule } from "../domain.js";

export const trainingDomain: DomainModule = {
  name: "training",
  entities: [],
  resolvers: [],
};
