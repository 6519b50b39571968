import { Migration } from "@mikro-orm/migrations";

/** CSV imports: what each brought in and by whom (the files themselves are not kept). */
export class Migration20261201140000_imports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "data_import" ("id" serial primary key, "kind" varchar(32) not null, "file_sha256" varchar(64) not null, "row_count" int not null, "inserted_count" int not null, "already_present_count" int not null, "agency_code" varchar(64) null, "owner_province_codes" text[] not null, "commodity_codes" text[] not null, "market_codes" text[] not null, "imported_at" timestamptz not null);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "data_import";`);
  }
}
