import { Migration } from '@mikro-orm/migrations';

export class Migration00000000000000_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "administrative_unit" ("code" varchar(8) not null, "name" varchar(255) not null, "name_en" varchar(255) not null, "sort_name" varchar(255) not null, "kind" varchar(255) not null, "valid_from" date null, "valid_to" date null, "successor_code" varchar(8) null, "programme_member" boolean not null default false, constraint "administrative_unit_pkey" primary key ("code"));`);
    this.addSql(`create index "administrative_unit_sort_name_index" on "administrative_unit" ("sort_name");`);

    this.addSql(`create table "agency" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(255) not null, "name" varchar(255) not null, "name_en" varchar(255) not null, "sort_name" varchar(255) not null, "province_code" varchar(8) not null, "sector" varchar(255) not null, "contact_email" varchar(255) null);`);
    this.addSql(`alter table "agency" add constraint "agency_code_unique" unique ("code");`);
    this.addSql(`create index "agency_sort_name_index" on "agency" ("sort_name");`);
    this.addSql(`create index "agency_province_code_index" on "agency" ("province_code");`);

    this.addSql(`create table "commodity" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(255) not null, "name" varchar(255) not null, "name_en" varchar(255) not null, "search_name" varchar(255) not null, "sort_name" varchar(255) not null, "standard_unit" varchar(255) not null, "hs_code" varchar(255) null, "category" varchar(255) not null);`);
    this.addSql(`alter table "commodity" add constraint "commodity_code_unique" unique ("code");`);
    this.addSql(`create index "commodity_search_name_index" on "commodity" ("search_name");`);
    this.addSql(`create index "commodity_sort_name_index" on "commodity" ("sort_name");`);

    this.addSql(`create table "enterprise" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "tax_code" varchar(14) not null, "name" varchar(255) not null, "search_name" varchar(255) not null, "sort_name" varchar(255) not null, "province_code" varchar(8) not null, "vsic_code" varchar(5) not null, "size" varchar(255) not null, "address" varchar(255) null, "employees" int null, "annual_revenue_vnd" numeric(20,0) null, "synthetic" boolean not null default false);`);
    this.addSql(`alter table "enterprise" add constraint "enterprise_tax_code_unique" unique ("tax_code");`);
    this.addSql(`create index "enterprise_search_name_index" on "enterprise" ("search_name");`);
    this.addSql(`create index "enterprise_sort_name_index" on "enterprise" ("sort_name");`);
    this.addSql(`create index "enterprise_province_code_index" on "enterprise" ("province_code");`);
    this.addSql(`create index "enterprise_vsic_code_index" on "enterprise" ("vsic_code");`);

    this.addSql(`create table "market" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(255) not null, "name" varchar(255) not null, "sort_name" varchar(255) not null, "province_code" varchar(8) not null, "kind" varchar(255) not null);`);
    this.addSql(`alter table "market" add constraint "market_code_unique" unique ("code");`);
    this.addSql(`create index "market_sort_name_index" on "market" ("sort_name");`);
    this.addSql(`create index "market_province_code_index" on "market" ("province_code");`);

    this.addSql(`alter table "administrative_unit" add constraint "administrative_unit_successor_code_foreign" foreign key ("successor_code") references "administrative_unit" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "agency" add constraint "agency_province_code_foreign" foreign key ("province_code") references "administrative_unit" ("code") on update cascade;`);

    this.addSql(`alter table "enterprise" add constraint "enterprise_province_code_foreign" foreign key ("province_code") references "administrative_unit" ("code") on update cascade;`);

    this.addSql(`alter table "market" add constraint "market_province_code_foreign" foreign key ("province_code") references "administrative_unit" ("code") on update cascade;`);
  }

}
