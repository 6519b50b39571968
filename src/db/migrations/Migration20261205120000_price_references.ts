import { Migration } from "@mikro-orm/migrations";

/** The references of a price observation, by column: the table each names. */
const REFERENCES = [
  { column: "commodity_id", table: "commodity", constraint: "price_observation_commodity_id_foreign" },
  { column: "market_id", table: "market", constraint: "price_observation_market_id_foreign" },
  { column: "source_agency_id", table: "agency", constraint: "price_observation_source_agency_id_foreign" },
] as const;

/**
 * Price observations keep their references checked per statement instead of per row.
 *
 * A foreign key checks each inserted row on its own: three lookups a row, through the trigger
 * machinery, for every row of a file. A million-row price import spent 20 of its 40 s inserting on
 * those checks (BENCHMARKS.md), while a file names a few dozen commodities, markets and agencies
 * at most. So `price_observation`, the one table written a million rows at a time, checks its
 * references once per statement: the statement's distinct references are found in one pass over
 * its rows, locked `FOR KEY SHARE` (what a foreign key's check locks, so a referenced row cannot
 * be deleted until the writer ends), and counted; a missing one fails the statement with the
 * foreign key's own error (23503). The referenced side behaves as the foreign keys did: deleting a
 * commodity, market or agency that observations name fails (checked after the delete, as the
 * foreign key's NO ACTION is, so that a writer it waited for is seen), and a changed id follows
 * into the observations (ON UPDATE CASCADE).
 */
export class Migration20261205120000_price_references extends Migration {
  override async up(): Promise<void> {
    for (const { constraint } of REFERENCES) this.addSql(`alter table price_observation drop constraint if exists ${constraint};`);

    this.addSql(`create or replace function price_observation_references_exist() returns trigger language plpgsql as $$
declare
  commodities int[];
  markets int[];
  agencies int[];
begin
  select array_agg(distinct commodity_id), array_agg(distinct market_id), array_agg(distinct source_agency_id)
    into commodities, markets, agencies
    from (select distinct commodity_id, market_id, source_agency_id from written) as named;
  if commodities is null then
    return null;
  end if;
  if (select count(*) from (select 1 from commodity where id = any (commodities) for key share) as found) < cardinality(commodities) then
    raise exception 'insert or update on table "price_observation" violates its reference to "commodity"' using errcode = 'foreign_key_violation', table = 'price_observation', column = 'commodity_id';
  end if;
  if (select count(*) from (select 1 from market where id = any (markets) for key share) as found) < cardinality(markets) then
    raise exception 'insert or update on table "price_observation" violates its reference to "market"' using errcode = 'foreign_key_violation', table = 'price_observation', column = 'market_id';
  end if;
  if (select count(*) from (select 1 from agency where id = any (agencies) for key share) as found) < cardinality(agencies) then
    raise exception 'insert or update on table "price_observation" violates its reference to "agency"' using errcode = 'foreign_key_violation', table = 'price_observation', column = 'source_agency_id';
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger price_observation_references_on_insert after insert on price_observation referencing new table as written for each statement execute function price_observation_references_exist();`);
    this.addSql(`create trigger price_observation_references_on_update after update on price_observation referencing new table as written for each statement execute function price_observation_references_exist();`);

    // The referenced side: TG_ARGV[0] is the observation's column that names the row.
    this.addSql(`create or replace function price_observation_referenced_row_deleted() returns trigger language plpgsql as $$
declare
  named boolean;
begin
  -- Each of the three columns has an index that leads with it.
  execute format('select exists (select 1 from price_observation where %I = $1)', TG_ARGV[0]) using old.id into named;
  if named then
    raise exception 'delete on table "%" violates the reference from "price_observation"', TG_TABLE_NAME using errcode = 'foreign_key_violation', table = TG_TABLE_NAME;
  end if;
  return null;
end $$;`);
    this.addSql(`create or replace function price_observation_referenced_id_changed() returns trigger language plpgsql as $$
begin
  execute format('update price_observation set %I = $1 where %I = $2', TG_ARGV[0], TG_ARGV[0]) using new.id, old.id;
  return null;
end $$;`);
    for (const { column, table } of REFERENCES) {
      this.addSql(`create trigger ${table}_price_observation_delete after delete on ${table} for each row execute function price_observation_referenced_row_deleted('${column}');`);
      this.addSql(`create trigger ${table}_price_observation_id after update of id on ${table} for each row when (old.id is distinct from new.id) execute function price_observation_referenced_id_changed('${column}');`);
    }
  }

  override async down(): Promise<void> {
    for (const { table } of REFERENCES) {
      this.addSql(`drop trigger if exists ${table}_price_observation_delete on ${table};`);
      this.addSql(`drop trigger if exists ${table}_price_observation_id on ${table};`);
    }
    this.addSql(`drop trigger if exists price_observation_references_on_insert on price_observation;`);
    this.addSql(`drop trigger if exists price_observation_references_on_update on price_observation;`);
    this.addSql(`drop function if exists price_observation_references_exist();`);
    this.addSql(`drop function if exists price_observation_referenced_row_deleted();`);
    this.addSql(`drop function if exists price_observation_referenced_id_changed();`);
    for (const { column, table, constraint } of REFERENCES) {
      this.addSql(`alter table price_observation add constraint ${constraint} foreign key (${column}) references ${table} (id) on update cascade;`);
    }
  }
}
