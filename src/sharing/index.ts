import type { DomainModule } from "../domain.js";

export const sharingDomain: DomainModule = {
  name: "sharing",
  entities: [],
  resolvers: [],
};
