import type { NonEmptyArray } from "type-graphql";

/** What a domain folder hands to the composition root: its entities and its resolvers. */
export interface DomainModule {
  name: string;
  entities: Function[];
  resolvers: NonEmptyArray<Function> | Function[];
}
