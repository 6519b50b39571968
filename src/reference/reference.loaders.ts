import { defineKeyLoader } from "../common/visible-rows.js";
import { Dataset } from "../common/visibility.js";
import { AdministrativeUnit } from "./administrative-unit.entity.js";
import { Agency } from "./agency.entity.js";
import { Commodity } from "./commodity.entity.js";
import { Enterprise } from "./enterprise.entity.js";
import { Market } from "./market.entity.js";

/** Batched lookups of reference records; other domains resolve their relations through these. */
export const unitByCode = defineKeyLoader<AdministrativeUnit, string>("reference:unitByCode", AdministrativeUnit, Dataset.REFERENCE, "code");
export const agencyByCode = defineKeyLoader<Agency, string>("reference:agencyByCode", Agency, Dataset.REFERENCE, "code");
export const agencyById = defineKeyLoader<Agency, number>("reference:agencyById", Agency, Dataset.REFERENCE, "id");
export const enterpriseById = defineKeyLoader<Enterprise, number>("reference:enterpriseById", Enterprise, Dataset.REFERENCE, "id");
export const commodityById = defineKeyLoader<Commodity, number>("reference:commodityById", Commodity, Dataset.REFERENCE, "id");
export const marketById = defineKeyLoader<Market, number>("reference:marketById", Market, Dataset.REFERENCE, "id");

/** Lookups by natural key, for filters that take codes (e.g. trade's `commodityCodes`). */
export const commodityByCode = defineKeyLoader<Commodity, string>("reference:commodityByCode", Commodity, Dataset.REFERENCE, "code");
export const marketByCode = defineKeyLoader<Market, string>("reference:marketByCode", Market, Dataset.REFERENCE, "code");
