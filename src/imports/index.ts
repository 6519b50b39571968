import { defineReadModel } from "../common/read-model.js";
import type { DomainModule } from "../domain.js";
import { DataImportEntity } from "./data-import.entity.js";
import { DataImport } from "./data-import.model.js";

defineReadModel(DataImport, DataImportEntity);

/** Bulk CSV imports of price observations and trade flows (an HTTP endpoint and `npm run import`). */
export const importsDomain: DomainModule = { name: "imports", entities: [DataImportEntity], resolvers: [] };

export { DataImportEntity, ImportKind } from "./data-import.entity.js";
export { DataImport } from "./data-import.model.js";
export { ImportRejected, type ImportProblem } from "./csv.js";
export { ImportService, type ImportProgress, type ImportTarget } from "./import.service.js";
