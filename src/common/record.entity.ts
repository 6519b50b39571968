import { ArrayType, OptionalProps, PrimaryKey, Property } from "@mikro-orm/core";

/**
 * What every record of the hub has in its table: a primary key, the provinces that own it, and
 * timestamps. Owner provinces are stored on the row, as the unit the record was made under (the
 * brief: "records keep the unit they were made under"), so the visibility hook can filter any
 * table with one indexed array condition instead of joining through its relations.
 *
 * This is the ORM's side only (writes, migrations); what readers see is the record's read model,
 * an `OwnedRecord` (src/common/owned-record.ts).
 */
export abstract class HubRecord {
  /** Properties `em.create` fills in itself (defaults); subclasses widen the list with their own. */
  [OptionalProps]?: "createdAt" | "updatedAt" | "version";

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property({ type: ArrayType, columnType: "text[]" })
  ownerProvinceCodes: string[] = [];

  @Property({ type: "timestamptz", defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "timestamptz", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
