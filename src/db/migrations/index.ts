import type { MigrationObject } from "@mikro-orm/core";
import { Migration00000000000000_initial } from "./Migration00000000000000_initial.js";
import { Migration00000000000001_reference_data } from "./Migration00000000000001_reference_data.js";

/**
 * Every migration, in order. The initial one is generated from the entities
 * (`npm run migration:create -- --initial`); the next ones are written by hand where SQL says more
 * than the entity metadata can (extensions, GIN and trigram indexes, reference data).
 * `npm run migration:create` appends new generated ones here.
 */
export const migrationsList: MigrationObject[] = [
  { name: "Migration00000000000000_initial", class: Migration00000000000000_initial },
  { name: "Migration00000000000001_reference_data", class: Migration00000000000001_reference_data },
];
