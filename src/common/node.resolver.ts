import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { HubContext } from "../context.js";
import type { DomainModule } from "../domain.js";
import { fetchNode, Node } from "./node.js";

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: "Any record by its global id. A record the caller may not see answers exactly as an id that does not exist: null.",
  })
  node(@Arg("id", () => ID, { description: "A global id from a record's `id` field." }) id: string, @Ctx() context: HubContext): Promise<object | null> {
    return fetchNode(context, id);
  }

  @Query(() => [Node], { nullable: "items", description: "Several records by global id, in the order asked; null for each that is missing or hidden." })
  nodes(@Arg("ids", () => [ID], { description: "Global ids." }) ids: string[], @Ctx() context: HubContext): Promise<(object | null)[]> {
    return Promise.all(ids.map((id) => fetchNode(context, id)));
  }
}

export const nodeDomain: DomainModule = { name: "node", entities: [], resolvers: [NodeResolver] };
