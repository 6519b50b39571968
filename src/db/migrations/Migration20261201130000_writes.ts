import { Migration } from "@mikro-orm/migrations";

/**
 * Writes: a version on the records two agencies (or an agency and an enterprise) may edit, for
 * optimistic concurrency, and the history of corrected price observations.
 */
export class Migration20261201130000_writes extends Migration {
  override async up(): Promise<void> {
    for (const table of ["price_observation", "listing", "technology_assessment", "training_link"]) {
      this.addSql(`alter table "${table}" add column "version" int not null default 1;`);
    }
    // Writes of a link belong to the province of the agency that contributed it (both sides own it).
    this.addSql(`alter table "training_link" add column "source_agency_id" int null references "agency" ("id") on update cascade on delete set null;`);
    this.addSql(`create table "price_correction" ("id" serial primary key, "observation_id" int not null references "price_observation" ("id") on update cascade, "revision" int not null, "previous_price_vnd" numeric(18,0) not null, "previous_note" text null, "reason" text not null, "corrected_by_id" int not null references "agency" ("id") on update cascade, "corrected_at" timestamptz not null, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create unique index "price_correction_observation_revision" on "price_correction" ("observation_id", "revision");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "price_correction";`);
    this.addSql(`alter table "training_link" drop column "source_agency_id";`);
    for (const table of ["price_observation", "listing", "technology_assessment", "training_link"]) this.addSql(`alter table "${table}" drop column "version";`);
  }
}
