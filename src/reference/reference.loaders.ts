import type DataLoader from "dataloader";
import { defineLoader } from "../common/loaders.js";
import type { ReadModelClass } from "../common/read-model.js";
import type { HubContext } from "../context.js";
import { defineKeyLoader } from "../common/visible-rows.js";
import { referenceCache } from "./reference-cache.js";
import { AdministrativeUnit, Agency, Commodity, Enterprise, Market } from "./reference.models.js";

/** A batched lookup of cached reference data (see ReferenceCache) by a unique column. */
function defineCachedLoader<T extends object, K extends string | number>(name: string, model: { name: string; prototype: T }, property: keyof T & string, column: string = property) {
  return defineLoader<K, T | null>(name, (context, keys) => referenceCache(context).lookup(context, model, property, column, keys), { sameForEveryViewer: () => true });
}

/** Batched lookups of reference records; other domains resolve their relations through these. */
export const unitByCode = defineCachedLoader<AdministrativeUnit, string>("reference:unitByCode", AdministrativeUnit, "code");
export const agencyByCode = defineCachedLoader<Agency, string>("reference:agencyByCode", Agency, "code");
export const agencyById = defineCachedLoader<Agency, number>("reference:agencyById", Agency, "id");
export const commodityById = defineCachedLoader<Commodity, number>("reference:commodityById", Commodity, "id");
export const marketById = defineCachedLoader<Market, number>("reference:marketById", Market, "id");
/** Enterprises are not reference data of that kind (a hundred thousand rows, changing daily): read per request. */
export const enterpriseById = defineKeyLoader<Enterprise, number>("reference:enterpriseById", Enterprise, "id");

/** Lookups by natural key, for filters that take codes (e.g. trade's `commodityCodes`). */
export const commodityByCode = defineCachedLoader<Commodity, string>("reference:commodityByCode", Commodity, "code");
export const marketByCode = defineCachedLoader<Market, string>("reference:marketByCode", Market, "code");

/** A reference record as a resolver answers it: the record, null (no such key), or its pending lookup. */
export type Lookup<T> = T | null | Promise<T | null>;

/**
 * A resolver's reference record: the record itself when this instance's cache holds the key, so a
 * relation of every row of a page resolves without a promise per row; else the batched lookup.
 */
function cachedOrLoaded<T extends object, K extends string | number>(model: ReadModelClass<T>, property: keyof T & string, loader: (context: HubContext) => DataLoader<K, T | null>) {
  return (context: HubContext, key: K): Lookup<T> => referenceCache(context).peek(model, property, key) ?? loader(context).load(key);
}

export const unitOf = cachedOrLoaded(AdministrativeUnit, "code", unitByCode);
export const agencyOf = cachedOrLoaded(Agency, "id", agencyById);
export const commodityOf = cachedOrLoaded(Commodity, "id", commodityById);
export const marketOf = cachedOrLoaded(Market, "id", marketById);
