import { defineKeyLoader } from "../common/visible-rows.js";
import { Dataset } from "../common/visibility.js";
import { AdministrativeUnit } from "./administrative-unit.entity.js";
import { Agency } from "./agency.entity.js";
import { Commodity } from "./commodity.entity.js";
import { Enterprise } from "./enterprise.entity.js";
import { Market } from "./market.entity.js";

/** Batched lookups of reference records; other domains resolve their relations through these. */
export const unitByCode = defineKeyLoader<AdministrativeUnit, string>("unitByCode", AdministrativeUnit, Dataset.REFERENCE, "code");
export const agencyById = defineKeyLoader<Agency, number>("agencyById", Agency, Dataset.REFERENCE, "id");
export const enterpriseById = defineKeyLoader<Enterprise, number>("enterpriseById", Enterprise, Dataset.REFERENCE, "id");
export const commodityById = defineKeyLoader<Commodity, number>("commodityById", Commodity, Dataset.REFERENCE, "id");
export const marketById = defineKeyLoader<Market, number>("marketById", Market, Dataset.REFERENCE, "id");
