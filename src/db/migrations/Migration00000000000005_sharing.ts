import { Migration } from "@mikro-orm/migrations";

/** Hand-written SQL of the sharing domain: indexes and constraints the entity metadata cannot express. */
export class Migration00000000000005_sharing extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index agreement_owner_province_codes on agreement using gin (owner_province_codes);`);
    this.addSql(`alter table agreement add constraint agreement_period_check check (period_from <= period_to);`);
    this.addSql(`alter table agreement add constraint agreement_parties_check check (grantor_code <> grantee_code);`);
  }
}
