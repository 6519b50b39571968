import type { DomainModule } from "../domain.js";
import { OperationRegistryResolver } from "./operations.resolver.js";
import { RegisteredOperation } from "./registered-operation.entity.js";

/** Third-party clients' registered operations (`registerOperations`), beside the dashboard's manifest. */
export const operationsDomain: DomainModule = { name: "operations", entities: [RegisteredOperation], resolvers: [OperationRegistryResolver] };

export { RegisteredOperation } from "./registered-operation.entity.js";
export { allRegisteredTexts, registeredText } from "./operation-registry.js";
