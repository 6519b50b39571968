import { defineReadModel } from "../common/read-model.js";
import type { DomainModule } from "../domain.js";
import { OperationRegistryResolver } from "./operations.resolver.js";
import { RegisteredOperationEntity } from "./registered-operation.entity.js";
import { RegisteredOperation } from "./registered-operation.model.js";

defineReadModel(RegisteredOperation, RegisteredOperationEntity);

/** Third-party clients' registered operations (`registerOperations`), beside the dashboard's manifest. */
export const operationsDomain: DomainModule = { name: "operations", entities: [RegisteredOperationEntity], resolvers: [OperationRegistryResolver] };

export { RegisteredOperationEntity } from "./registered-operation.entity.js";
export { RegisteredOperation } from "./registered-operation.model.js";
export { allRegisteredTexts, registeredText } from "./operation-registry.js";
