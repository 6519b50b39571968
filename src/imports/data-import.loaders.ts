import { byKeys, defineLoader } from "../common/loaders.js";
import { DataImport } from "./data-import.entity.js";

/** Imports by id (their records are PUBLIC summaries, with no row rule). */
export const dataImportById = defineLoader<number, DataImport | null>("imports:dataImportById", async (context, ids) => {
  const rows = await context.em.find(DataImport, { id: { $in: [...ids] } });
  return byKeys(ids, rows, (row) => row.id);
});
