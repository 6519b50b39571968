import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123102339_audit } from "./Migration20261123102339_audit.js";
import { Migration20261201080000_audit_reads } from "./Migration20261201080000_audit_reads.js";
import { Migration20261201120000_events } from "./Migration20261201120000_events.js";
import { Migration20261201130000_writes } from "./Migration20261201130000_writes.js";
import { Migration20261201140000_imports } from "./Migration20261201140000_imports.js";
import { Migration20261203140000_registered_operations } from "./Migration20261203140000_registered_operations.js";
import { Migration20261203160000_enterprise_province_vsic } from "./Migration20261203160000_enterprise_province_vsic.js";
import { Migration20261203200000_log_sequencer } from "./Migration20261203200000_log_sequencer.js";
import { Migration20261205120000_price_references } from "./Migration20261205120000_price_references.js";
import { Migration20261206090000_audit_links } from "./Migration20261206090000_audit_links.js";
import { Migration00000000000000_initial } from "./Migration00000000000000_initial.js";
import { Migration00000000000001_reference_data } from "./Migration00000000000001_reference_data.js";
import { Migration00000000000002_trade } from "./Migration00000000000002_trade.js";
import { Migration00000000000003_technology } from "./Migration00000000000003_technology.js";
import { Migration00000000000004_training } from "./Migration00000000000004_training.js";
import { Migration00000000000005_sharing } from "./Migration00000000000005_sharing.js";

/**
 * Every migration, in order. The initial one is generated from the entities
 * (`npm run migration:create -- --initial`); the next ones are written by hand where SQL says more
 * than the entity metadata can (extensions, GIN and trigram indexes, reference data).
 * `npm run migration:create` appends new generated ones here.
 */
export const migrationsList: MigrationObject[] = [
  { name: "Migration00000000000000_initial", class: Migration00000000000000_initial },
  { name: "Migration00000000000001_reference_data", class: Migration00000000000001_reference_data },
  { name: "Migration00000000000002_trade", class: Migration00000000000002_trade },
  { name: "Migration00000000000003_technology", class: Migration00000000000003_technology },
  { name: "Migration00000000000004_training", class: Migration00000000000004_training },
  { name: "Migration00000000000005_sharing", class: Migration00000000000005_sharing },
  { name: "Migration20261123102339_audit", class: Migration20261123102339_audit },
  { name: "Migration20261201080000_audit_reads", class: Migration20261201080000_audit_reads },
  { name: "Migration20261201120000_events", class: Migration20261201120000_events },
  { name: "Migration20261201130000_writes", class: Migration20261201130000_writes },
  { name: "Migration20261201140000_imports", class: Migration20261201140000_imports },
  { name: "Migration20261203140000_registered_operations", class: Migration20261203140000_registered_operations },
  { name: "Migration20261203160000_enterprise_province_vsic", class: Migration20261203160000_enterprise_province_vsic },
  { name: "Migration20261203200000_log_sequencer", class: Migration20261203200000_log_sequencer },
  { name: "Migration20261205120000_price_references", class: Migration20261205120000_price_references },
  { name: "Migration20261206090000_audit_links", class: Migration20261206090000_audit_links },
];
