import { defineKeyLoader } from "../common/visible-rows.js";
import { DataImport } from "./data-import.model.js";

/** Imports by id (their records are PUBLIC summaries, with no row rule). */
export const dataImportById = defineKeyLoader<DataImport, number>("imports:dataImportById", DataImport, "id");
