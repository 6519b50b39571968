import type { DomainModule } from "../domain.js";
import { DataImport } from "./data-import.entity.js";

/** Bulk CSV imports of price observations and trade flows (an HTTP endpoint and `npm run import`). */
export const importsDomain: DomainModule = { name: "imports", entities: [DataImport], resolvers: [] };

export { DataImport, ImportKind } from "./data-import.entity.js";
export { ImportRejected, type ImportProblem } from "./csv.js";
export { ImportService, type ImportProgress, type ImportTarget } from "./import.service.js";
