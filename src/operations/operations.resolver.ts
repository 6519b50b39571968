import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, ID, Info, Mutation, Query, Resolver } from "type-graphql";
import type { HubContext } from "../context.js";
import { registeredOperations, registerOperations, RegisterOperationsInput, revokeOperations, RevokeOperationsInput } from "./operation-registry.js";
import { RegisteredOperation } from "./registered-operation.model.js";

@Resolver()
export class OperationRegistryResolver {
  @Mutation(() => [RegisteredOperation], {
    description:
      "Registers a third-party client's operations (hub administrators), so callers held to registered operations (`PERSISTED_OPERATIONS_ONLY_FOR`) may send them by `documentId` on every instance. Each document is validated against the schema and the hub's limits first; if one is invalid nothing is stored (BAD_USER_INPUT). Answers one entry per document, in order, with its id (the SHA-256 of its text). Registering a document again changes nothing and answers the stored entry. Audited.",
  })
  registerOperations(
    @Arg("input", () => RegisterOperationsInput, { description: "The client and its documents." }) input: RegisterOperationsInput,
    @Ctx() context: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RegisteredOperation[]> {
    return registerOperations(context, info.schema, input);
  }

  @Mutation(() => [ID], {
    description:
      "Revokes operations registered with `registerOperations` (hub administrators): every instance stops running them (at once, or within its event poll). Answers the ids revoked; ids not registered, and the hub dashboard's own operations, are left alone. Audited.",
  })
  revokeOperations(@Arg("input", () => RevokeOperationsInput, { description: "The ids to revoke." }) input: RevokeOperationsInput, @Ctx() context: HubContext): Promise<string[]> {
    return revokeOperations(context, input);
  }

  @Query(() => [RegisteredOperation], { description: "Operations registered for third-party clients, newest first, at most 1,000 (hub administrators)." })
  registeredOperations(
    @Arg("client", () => String, { nullable: true, description: "Only this client's." }) client: string | null | undefined,
    @Ctx() context: HubContext,
  ): Promise<RegisteredOperation[]> {
    return registeredOperations(context, client);
  }
}
