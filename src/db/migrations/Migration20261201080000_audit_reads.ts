import { Migration } from "@mikro-orm/migrations";

/**
 * Recording reads: one entry may rest on several agreements, so the agreement used becomes a list.
 * The log also becomes append-only in the database itself: triggers refuse UPDATE, DELETE and
 * TRUNCATE. That is defence in depth only (whoever owns the table can drop the triggers); the HMAC
 * chain is what makes a rewrite detectable.
 */
export class Migration20261201080000_audit_reads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "audit_entry" add column "agreement_references" text[] not null default '{}';`);
    this.addSql(`update "audit_entry" set "agreement_references" = array["agreement_reference"] where "agreement_reference" is not null;`);
    this.addSql(`alter table "audit_entry" drop column "agreement_reference";`);
    this.addSql(`create index "audit_entry_actor_province_code_index" on "audit_entry" ("actor_province_code");`);
    this.addSql(`create function audit_entry_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'the audit log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(`create trigger audit_entry_append_only before update or delete on "audit_entry" for each row execute function audit_entry_append_only();`);
    this.addSql(`create trigger audit_entry_no_truncate before truncate on "audit_entry" for each statement execute function audit_entry_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists audit_entry_no_truncate on "audit_entry";`);
    this.addSql(`drop trigger if exists audit_entry_append_only on "audit_entry";`);
    this.addSql(`drop function if exists audit_entry_append_only();`);
    this.addSql(`drop index if exists "audit_entry_actor_province_code_index";`);
    this.addSql(`alter table "audit_entry" add column "agreement_reference" text null;`);
    this.addSql(`update "audit_entry" set "agreement_reference" = "agreement_references"[1];`);
    this.addSql(`alter table "audit_entry" drop column "agreement_references";`);
  }
}
