import { defineKeyLoader } from "../common/visible-rows.js";
import { AdministrativeUnit, Agency, Commodity, Enterprise, Market } from "./reference.models.js";

/** Batched lookups of reference records; other domains resolve their relations through these. */
export const unitByCode = defineKeyLoader<AdministrativeUnit, string>("reference:unitByCode", AdministrativeUnit, "code");
export const agencyByCode = defineKeyLoader<Agency, string>("reference:agencyByCode", Agency, "code");
export const agencyById = defineKeyLoader<Agency, number>("reference:agencyById", Agency, "id");
export const enterpriseById = defineKeyLoader<Enterprise, number>("reference:enterpriseById", Enterprise, "id");
export const commodityById = defineKeyLoader<Commodity, number>("reference:commodityById", Commodity, "id");
export const marketById = defineKeyLoader<Market, number>("reference:marketById", Market, "id");

/** Lookups by natural key, for filters that take codes (e.g. trade's `commodityCodes`). */
export const commodityByCode = defineKeyLoader<Commodity, string>("reference:commodityByCode", Commodity, "code");
export const marketByCode = defineKeyLoader<Market, string>("reference:marketByCode", Market, "code");
