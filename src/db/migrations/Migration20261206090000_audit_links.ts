import { Migration } from "@mikro-orm/migrations";

/**
 * An audit entry is never touched again once inserted: its place in the chain (sequence, previous
 * hash, HMAC) moves to a link row of its own, which the log sequencer inserts once the entry has
 * committed (src/events/log-sequencer.ts).
 *
 * Linking used to UPDATE the entry. That wrote a second version of every entry, with all of its
 * index entries (the GIN index of owners included), and left the first one dead until a vacuum.
 * Audited reads insert entries by the hundred per second, so the table carried as many dead
 * versions as live ones, and the sequencer's scan of "not linked yet" (a partial index on
 * `sequence is null`) walked them; BENCHMARKS.md, stops 24–25.
 *
 * How the sequencer now finds the committed entries it has not linked, without an index on "not
 * linked": each entry carries its inserting transaction's id (`txid`, indexed), and each complete
 * step records its snapshot (`audit_chain_progress`). Whatever the next step sees that the last
 * snapshot did not see has committed since, and its transaction id is at least that snapshot's
 * xmin. This is how PgQ cuts its batches.
 *
 * Existing links are copied as they are, so their hashes stay valid. Entries not linked yet are
 * given this migration's transaction id, so the first step after it links them.
 */
export class Migration20261206090000_audit_links extends Migration {
  override async up(): Promise<void> {
    // An instance of the previous version still running may be linking entries (an UPDATE, under
    // the sequencer's lock) or inserting them: both wait until this migration has committed, so no
    // link is made after the copy below and lost with the dropped columns. Stop those instances
    // anyway: their sequencer fails once the columns are gone.
    this.addSql(`select pg_advisory_xact_lock(7280001);`);
    this.addSql(`lock table "audit_entry" in share row exclusive mode;`);
    this.addSql(`create table "audit_link" (
      "sequence" int not null primary key,
      "entry_id" int not null,
      "previous_hash" varchar(64) not null,
      "hash" varchar(64) not null,
      constraint "audit_link_entry_id_unique" unique ("entry_id"));`);
    this.addSql(`insert into "audit_link" ("sequence", "entry_id", "previous_hash", "hash")
      select "sequence", "id", "previous_hash", "hash" from "audit_entry" where "sequence" is not null order by "sequence";`);

    // No default while the column is added, so existing rows are not rewritten (a volatile default would be evaluated per row).
    this.addSql(`alter table "audit_entry" add column "txid" xid8 null;`);
    this.addSql(`alter table "audit_entry" disable trigger "audit_entry_append_only";`);
    this.addSql(`update "audit_entry" set "txid" = pg_current_xact_id() where "sequence" is null;`);
    this.addSql(`alter table "audit_entry" enable trigger "audit_entry_append_only";`);
    this.addSql(`alter table "audit_entry" alter column "txid" set default pg_current_xact_id();`);
    this.addSql(`create index "audit_entry_txid" on "audit_entry" ("txid");`);

    this.addSql(`drop index if exists "audit_entry_unchained";`);
    this.addSql(`drop index if exists "audit_entry_sequence_unique";`);
    this.addSql(`alter table "audit_entry" drop column "sequence", drop column "previous_hash", drop column "hash";`);

    // Both tables are append-only again, without exception (defence in depth; the HMAC chain is the proof).
    this.addSql(`create or replace function audit_entry_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'the audit log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(`create trigger audit_link_append_only before update or delete on "audit_link" for each row execute function audit_entry_append_only();`);
    this.addSql(`create trigger audit_link_no_truncate before truncate on "audit_link" for each statement execute function audit_entry_append_only();`);

    // The snapshot of the last step that linked everything it saw (none yet: the first step looks at every entry with a transaction id).
    this.addSql(`create table "audit_chain_progress" (
      "only_row" boolean not null primary key default true check ("only_row"),
      "linked_through" pg_snapshot null);`);
    this.addSql(`insert into "audit_chain_progress" ("only_row", "linked_through") values (true, null);`);
    // Only the sequencer updates it; deleting it would stop linking.
    this.addSql(`create trigger audit_chain_progress_kept before delete on "audit_chain_progress" for each row execute function audit_entry_append_only();`);
    this.addSql(`create trigger audit_chain_progress_no_truncate before truncate on "audit_chain_progress" for each statement execute function audit_entry_append_only();`);

    this.addSql(`create view "audit_log" as
      select e."id", l."sequence", e."recorded_at", e."action", e."actor_subject", e."actor_kind", e."actor_province_code", e."actor_agency_code",
             e."operation_name", e."document_hash", e."fields", e."owner_province_codes", e."record_count", e."agreement_references",
             l."previous_hash", l."hash"
        from "audit_link" l join "audit_entry" e on e."id" = l."entry_id";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop view if exists "audit_log";`);
    this.addSql(`drop table if exists "audit_chain_progress";`);
    this.addSql(`alter table "audit_entry" add column "sequence" int null, add column "previous_hash" varchar(64) null, add column "hash" varchar(64) null;`);
    this.addSql(`alter table "audit_entry" disable trigger "audit_entry_append_only";`);
    this.addSql(`update "audit_entry" e set "sequence" = l."sequence", "previous_hash" = l."previous_hash", "hash" = l."hash" from "audit_link" l where l."entry_id" = e."id";`);
    this.addSql(`alter table "audit_entry" enable trigger "audit_entry_append_only";`);
    this.addSql(`create unique index "audit_entry_sequence_unique" on "audit_entry" ("sequence");`);
    this.addSql(`create index "audit_entry_unchained" on "audit_entry" ("id") where "sequence" is null;`);
    this.addSql(`drop index if exists "audit_entry_txid";`);
    this.addSql(`alter table "audit_entry" drop column "txid";`);
    this.addSql(`drop table "audit_link";`);
    // The one update the sequencer made before links had a table: linking an unlinked entry, its content unchanged.
    this.addSql(`create or replace function audit_entry_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' then
          if old.sequence is null and old.hash is null and old.previous_hash is null
             and new.sequence is not null and new.hash is not null and new.previous_hash is not null
             and (new.id, new.recorded_at, new.action, new.actor_subject, new.actor_kind, new.actor_province_code, new.actor_agency_code,
                  new.operation_name, new.document_hash, new.fields, new.owner_province_codes, new.record_count, new.agreement_references)
                 is not distinct from
                 (old.id, old.recorded_at, old.action, old.actor_subject, old.actor_kind, old.actor_province_code, old.actor_agency_code,
                  old.operation_name, old.document_hash, old.fields, old.owner_province_codes, old.record_count, old.agreement_references)
          then
            return new;
          end if;
        end if;
        raise exception 'the audit log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
  }
}
