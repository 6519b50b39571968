import { Migration } from '@mikro-orm/migrations';

export class Migration00000000000000_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "administrative_unit" ("code" varchar(8) not null, "name" text not null, "name_en" text not null, "sort_name" text not null, "kind" varchar(255) not null, "valid_from" date null, "valid_to" date null, "successor_code" varchar(8) null, "programme_member" boolean not null default false, constraint "administrative_unit_pkey" primary key ("code"));`);
    this.addSql(`create index "administrative_unit_sort_name_index" on "administrative_unit" ("sort_name");`);

    this.addSql(`create table "agency" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(255) not null, "name" text not null, "name_en" text not null, "sort_name" text not null, "province_code" varchar(8) not null, "sector" varchar(255) not null, "contact_email" varchar(255) null);`);
    this.addSql(`alter table "agency" add constraint "agency_code_unique" unique ("code");`);
    this.addSql(`create index "agency_sort_name_index" on "agency" ("sort_name");`);
    this.addSql(`create index "agency_province_code_index" on "agency" ("province_code");`);

    this.addSql(`create table "agreement" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "reference" varchar(255) not null, "grantor_code" varchar(8) not null, "grantee_code" varchar(8) not null, "requested_by_id" int not null, "datasets" text[] not null, "purpose" text not null, "legal_basis" text not null, "period_from" date not null, "period_to" date not null, "decision" varchar(255) not null, "requested_at" timestamptz not null, "decided_at" timestamptz null, "decided_by_id" int null, "decline_reason" text null, "decline_legal_basis" text null, "revoked_at" timestamptz null, "revoke_reason" text null);`);
    this.addSql(`alter table "agreement" add constraint "agreement_reference_unique" unique ("reference");`);
    this.addSql(`create index "agreement_grantor_code_index" on "agreement" ("grantor_code");`);
    this.addSql(`create index "agreement_grantee_code_index" on "agreement" ("grantee_code");`);

    this.addSql(`create table "commodity" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(255) not null, "name" text not null, "name_en" text not null, "search_name" text not null, "sort_name" text not null, "standard_unit" varchar(255) not null, "hs_code" varchar(255) null, "category" varchar(255) not null);`);
    this.addSql(`alter table "commodity" add constraint "commodity_code_unique" unique ("code");`);
    this.addSql(`create index "commodity_search_name_index" on "commodity" ("search_name");`);
    this.addSql(`create index "commodity_sort_name_index" on "commodity" ("sort_name");`);

    this.addSql(`create table "enterprise" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "tax_code" varchar(14) not null, "name" text not null, "search_name" text not null, "sort_name" text not null, "province_code" varchar(8) not null, "vsic_code" varchar(5) not null, "size" varchar(255) not null, "address" text null, "employees" int null, "annual_revenue_vnd" numeric(20,0) null, "synthetic" boolean not null default false);`);
    this.addSql(`alter table "enterprise" add constraint "enterprise_tax_code_unique" unique ("tax_code");`);
    this.addSql(`create index "enterprise_search_name_index" on "enterprise" ("search_name");`);
    this.addSql(`create index "enterprise_sort_name_index" on "enterprise" ("sort_name");`);
    this.addSql(`create index "enterprise_province_code_index" on "enterprise" ("province_code");`);
    this.addSql(`create index "enterprise_vsic_code_index" on "enterprise" ("vsic_code");`);

    this.addSql(`create table "technology_assessment" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "enterprise_id" int not null, "assessor_agency_id" int not null, "assessed_on" date not null, "status" varchar(16) not null, "published_at" timestamptz null, "vsic_code" varchar(5) not null, "technology_score" double precision not null, "efficiency_score" double precision not null, "organisation_score" double precision not null, "research_score" double precision not null, "innovation_score" double precision not null, "total_score" double precision not null, "synchrony_coefficient" double precision not null, "level" varchar(24) not null, "criterion_scores" jsonb null, "assessor_recommendations" text null);`);
    this.addSql(`create index "technology_assessment_enterprise_id_index" on "technology_assessment" ("enterprise_id");`);
    this.addSql(`create index "technology_assessment_assessor_agency_id_index" on "technology_assessment" ("assessor_agency_id");`);
    this.addSql(`create index "technology_assessment_level_index" on "technology_assessment" ("level");`);
    this.addSql(`alter table "technology_assessment" add constraint "technology_assessment_enterprise_id_assessed_on_unique" unique ("enterprise_id", "assessed_on");`);

    this.addSql(`create table "institution" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(255) not null, "kind" varchar(255) not null, "name" text not null, "name_en" text null, "short_name" varchar(255) null, "search_name" text not null, "sort_name" text not null, "province_code" varchar(8) not null, "managing_agency_id" int null, "managing_body_name" text null, "website" varchar(255) null);`);
    this.addSql(`alter table "institution" add constraint "institution_code_unique" unique ("code");`);
    this.addSql(`create index "institution_sort_name_index" on "institution" ("sort_name");`);
    this.addSql(`create index "institution_province_code_index" on "institution" ("province_code");`);
    this.addSql(`create index "institution_managing_agency_id_index" on "institution" ("managing_agency_id");`);

    this.addSql(`create table "listing" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "reference" varchar(40) not null, "enterprise_id" int not null, "kind" varchar(8) not null, "commodity_id" int not null, "quantity" double precision null, "unit" varchar(32) not null, "period_from" date null, "period_to" date null, "certifications" text[] not null, "ocop_stars" smallint null, "title" text not null, "search_title" varchar(255) not null, "description" text null, "contact_name" varchar(255) null, "contact_phone" varchar(255) null, "contact_email" varchar(255) null, "status" varchar(8) not null, "closed_at" timestamptz null);`);
    this.addSql(`alter table "listing" add constraint "listing_reference_unique" unique ("reference");`);
    this.addSql(`create index "listing_commodity_status" on "listing" ("commodity_id", "status");`);
    this.addSql(`create index "listing_enterprise_status" on "listing" ("enterprise_id", "status");`);

    this.addSql(`create table "market" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(255) not null, "name" text not null, "sort_name" text not null, "province_code" varchar(8) not null, "kind" varchar(255) not null);`);
    this.addSql(`alter table "market" add constraint "market_code_unique" unique ("code");`);
    this.addSql(`create index "market_sort_name_index" on "market" ("sort_name");`);
    this.addSql(`create index "market_province_code_index" on "market" ("province_code");`);

    this.addSql(`create table "ocop_product" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "enterprise_id" int not null, "name" text not null, "search_name" text not null, "sort_name" text not null, "commodity_id" int null, "stars" smallint not null, "certified_year" smallint not null, "certificate_number" varchar(64) not null);`);
    this.addSql(`create index "ocop_product_enterprise_id_index" on "ocop_product" ("enterprise_id");`);
    this.addSql(`create index "ocop_product_sort_name_index" on "ocop_product" ("sort_name");`);
    this.addSql(`create index "ocop_product_commodity_id_index" on "ocop_product" ("commodity_id");`);
    this.addSql(`alter table "ocop_product" add constraint "ocop_product_certificate_number_unique" unique ("certificate_number");`);

    this.addSql(`create table "price_observation" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "commodity_id" int not null, "market_id" int not null, "market_province_code" varchar(8) not null, "observed_on" date not null, "price_type" varchar(16) not null, "price_vnd" numeric(18,0) not null, "unit" varchar(32) not null, "source_agency_id" int not null, "note" text null);`);
    this.addSql(`create index "price_observation_source_agency_id_index" on "price_observation" ("source_agency_id");`);
    this.addSql(`create index "price_observation_market_province_observed_on" on "price_observation" ("market_province_code", "observed_on");`);
    this.addSql(`create index "price_observation_market_observed_on" on "price_observation" ("market_id", "observed_on");`);
    this.addSql(`create index "price_observation_commodity_observed_on" on "price_observation" ("commodity_id", "observed_on");`);
    this.addSql(`alter table "price_observation" add constraint "price_observation_natural_key" unique ("commodity_id", "market_id", "price_type", "observed_on", "source_agency_id");`);

    this.addSql(`create table "programme" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "institution_id" int not null, "name" text not null, "name_en" text null, "search_name" text not null, "sort_name" text not null, "discipline_code" varchar(8) not null, "discipline_name" text not null, "level" varchar(255) not null);`);
    this.addSql(`create index "programme_institution_id_index" on "programme" ("institution_id");`);
    this.addSql(`create index "programme_sort_name_index" on "programme" ("sort_name");`);
    this.addSql(`alter table "programme" add constraint "programme_institution_id_level_name_unique" unique ("institution_id", "level", "name");`);

    this.addSql(`create table "promotion_event" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" text not null, "search_name" text not null, "sort_name" text not null, "kind" varchar(32) not null, "starts_on" date not null, "ends_on" date not null, "venue" text null, "host_province_code" varchar(8) not null, "organiser_agency_id" int not null);`);
    this.addSql(`create index "promotion_event_starts_on_index" on "promotion_event" ("starts_on");`);
    this.addSql(`create index "promotion_event_host_province_code_index" on "promotion_event" ("host_province_code");`);
    this.addSql(`create index "promotion_event_organiser_agency_id_index" on "promotion_event" ("organiser_agency_id");`);
    this.addSql(`alter table "promotion_event" add constraint "promotion_event_natural_key" unique ("name", "starts_on");`);

    this.addSql(`create table "memorandum" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "reference" varchar(40) not null, "event_id" int null, "signed_on" date not null, "title" text not null, "value_vnd" numeric(20,0) null);`);
    this.addSql(`alter table "memorandum" add constraint "memorandum_reference_unique" unique ("reference");`);
    this.addSql(`create index "memorandum_event_id_index" on "memorandum" ("event_id");`);
    this.addSql(`create index "memorandum_signed_on_index" on "memorandum" ("signed_on");`);

    this.addSql(`create table "memorandum_party" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "memorandum_id" int not null, "enterprise_id" int null, "agency_id" int null, "province_code" varchar(8) not null, "role" varchar(16) not null);`);
    this.addSql(`create index "memorandum_party_memorandum_id_index" on "memorandum_party" ("memorandum_id");`);
    this.addSql(`create index "memorandum_party_enterprise_id_index" on "memorandum_party" ("enterprise_id");`);
    this.addSql(`create index "memorandum_party_agency_id_index" on "memorandum_party" ("agency_id");`);

    this.addSql(`create table "investment_project" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "province_code" varchar(8) not null, "name" text not null, "search_name" text not null, "sort_name" text not null, "sector" varchar(32) not null, "capital_vnd" numeric(20,0) null, "area_hectares" double precision null, "status" varchar(32) not null, "announced_at_id" int null, "source_agency_id" int not null);`);
    this.addSql(`create index "investment_project_sort_name_index" on "investment_project" ("sort_name");`);
    this.addSql(`create index "investment_project_status_index" on "investment_project" ("status");`);
    this.addSql(`create index "investment_project_announced_at_id_index" on "investment_project" ("announced_at_id");`);
    this.addSql(`create index "investment_project_source_agency_id_index" on "investment_project" ("source_agency_id");`);
    this.addSql(`create index "investment_project_province_sector" on "investment_project" ("province_code", "sector");`);
    this.addSql(`alter table "investment_project" add constraint "investment_project_natural_key" unique ("province_code", "name");`);

    this.addSql(`create table "trade_flow" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "month" varchar(7) not null, "origin_code" varchar(8) not null, "destination_code" varchar(8) not null, "commodity_id" int not null, "volume" double precision not null, "unit" varchar(32) not null, "value_vnd" numeric(20,0) null, "source_agency_id" int not null);`);
    this.addSql(`create index "trade_flow_source_agency_id_index" on "trade_flow" ("source_agency_id");`);
    this.addSql(`create index "trade_flow_commodity_month" on "trade_flow" ("commodity_id", "month");`);
    this.addSql(`create index "trade_flow_destination_month" on "trade_flow" ("destination_code", "month");`);
    this.addSql(`create index "trade_flow_origin_month" on "trade_flow" ("origin_code", "month");`);
    this.addSql(`alter table "trade_flow" add constraint "trade_flow_natural_key" unique ("month", "origin_code", "destination_code", "commodity_id");`);

    this.addSql(`create table "training_link" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(255) not null, "institution_id" int not null, "programme_id" int null, "partner_province_code" varchar(8) not null, "partner_organisation" text null, "kind" varchar(255) not null, "title" text not null, "search_name" text not null, "period_from" date not null, "period_to" date null, "participant_count" int null, "budget_vnd" numeric(20,0) null, "status" varchar(255) not null, "synthetic" boolean not null default false);`);
    this.addSql(`alter table "training_link" add constraint "training_link_code_unique" unique ("code");`);
    this.addSql(`create index "training_link_institution_id_index" on "training_link" ("institution_id");`);
    this.addSql(`create index "training_link_programme_id_index" on "training_link" ("programme_id");`);
    this.addSql(`create index "training_link_partner_province_code_index" on "training_link" ("partner_province_code");`);
    this.addSql(`create index "training_link_period_from_index" on "training_link" ("period_from");`);

    this.addSql(`create table "training_outcome" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "link_id" int not null, "kind" varchar(255) not null, "value" int not null, "description" text null, "recorded_on" date not null);`);
    this.addSql(`create index "training_outcome_link_id_index" on "training_outcome" ("link_id");`);
    this.addSql(`alter table "training_outcome" add constraint "training_outcome_link_id_kind_recorded_on_unique" unique ("link_id", "kind", "recorded_on");`);

    this.addSql(`create table "training_participant" ("id" serial primary key, "owner_province_codes" text[] not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "link_id" int not null, "full_name" text not null, "sort_name" text not null, "position" text null, "workplace" varchar(255) not null default '', "certified" boolean not null default false);`);
    this.addSql(`create index "training_participant_link_id_index" on "training_participant" ("link_id");`);
    this.addSql(`alter table "training_participant" add constraint "training_participant_link_id_full_name_workplace_unique" unique ("link_id", "full_name", "workplace");`);

    this.addSql(`alter table "administrative_unit" add constraint "administrative_unit_successor_code_foreign" foreign key ("successor_code") references "administrative_unit" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "agency" add constraint "agency_province_code_foreign" foreign key ("province_code") references "administrative_unit" ("code") on update cascade;`);

    this.addSql(`alter table "agreement" add constraint "agreement_grantor_code_foreign" foreign key ("grantor_code") references "administrative_unit" ("code") on update cascade;`);
    this.addSql(`alter table "agreement" add constraint "agreement_grantee_code_foreign" foreign key ("grantee_code") references "administrative_unit" ("code") on update cascade;`);
    this.addSql(`alter table "agreement" add constraint "agreement_requested_by_id_foreign" foreign key ("requested_by_id") references "agency" ("id") on update cascade;`);
    this.addSql(`alter table "agreement" add constraint "agreement_decided_by_id_foreign" foreign key ("decided_by_id") references "agency" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "enterprise" add constraint "enterprise_province_code_foreign" foreign key ("province_code") references "administrative_unit" ("code") on update cascade;`);

    this.addSql(`alter table "technology_assessment" add constraint "technology_assessment_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade;`);
    this.addSql(`alter table "technology_assessment" add constraint "technology_assessment_assessor_agency_id_foreign" foreign key ("assessor_agency_id") references "agency" ("id") on update cascade;`);

    this.addSql(`alter table "institution" add constraint "institution_province_code_foreign" foreign key ("province_code") references "administrative_unit" ("code") on update cascade;`);
    this.addSql(`alter table "institution" add constraint "institution_managing_agency_id_foreign" foreign key ("managing_agency_id") references "agency" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "listing" add constraint "listing_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade;`);
    this.addSql(`alter table "listing" add constraint "listing_commodity_id_foreign" foreign key ("commodity_id") references "commodity" ("id") on update cascade;`);

    this.addSql(`alter table "market" add constraint "market_province_code_foreign" foreign key ("province_code") references "administrative_unit" ("code") on update cascade;`);

    this.addSql(`alter table "ocop_product" add constraint "ocop_product_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade;`);
    this.addSql(`alter table "ocop_product" add constraint "ocop_product_commodity_id_foreign" foreign key ("commodity_id") references "commodity" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "price_observation" add constraint "price_observation_commodity_id_foreign" foreign key ("commodity_id") references "commodity" ("id") on update cascade;`);
    this.addSql(`alter table "price_observation" add constraint "price_observation_market_id_foreign" foreign key ("market_id") references "market" ("id") on update cascade;`);
    this.addSql(`alter table "price_observation" add constraint "price_observation_source_agency_id_foreign" foreign key ("source_agency_id") references "agency" ("id") on update cascade;`);

    this.addSql(`alter table "programme" add constraint "programme_institution_id_foreign" foreign key ("institution_id") references "institution" ("id") on update cascade;`);

    this.addSql(`alter table "promotion_event" add constraint "promotion_event_host_province_code_foreign" foreign key ("host_province_code") references "administrative_unit" ("code") on update cascade;`);
    this.addSql(`alter table "promotion_event" add constraint "promotion_event_organiser_agency_id_foreign" foreign key ("organiser_agency_id") references "agency" ("id") on update cascade;`);

    this.addSql(`alter table "memorandum" add constraint "memorandum_event_id_foreign" foreign key ("event_id") references "promotion_event" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "memorandum_party" add constraint "memorandum_party_memorandum_id_foreign" foreign key ("memorandum_id") references "memorandum" ("id") on update cascade;`);
    this.addSql(`alter table "memorandum_party" add constraint "memorandum_party_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "memorandum_party" add constraint "memorandum_party_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "investment_project" add constraint "investment_project_province_code_foreign" foreign key ("province_code") references "administrative_unit" ("code") on update cascade;`);
    this.addSql(`alter table "investment_project" add constraint "investment_project_announced_at_id_foreign" foreign key ("announced_at_id") references "promotion_event" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "investment_project" add constraint "investment_project_source_agency_id_foreign" foreign key ("source_agency_id") references "agency" ("id") on update cascade;`);

    this.addSql(`alter table "trade_flow" add constraint "trade_flow_origin_code_foreign" foreign key ("origin_code") references "administrative_unit" ("code") on update cascade;`);
    this.addSql(`alter table "trade_flow" add constraint "trade_flow_destination_code_foreign" foreign key ("destination_code") references "administrative_unit" ("code") on update cascade;`);
    this.addSql(`alter table "trade_flow" add constraint "trade_flow_commodity_id_foreign" foreign key ("commodity_id") references "commodity" ("id") on update cascade;`);
    this.addSql(`alter table "trade_flow" add constraint "trade_flow_source_agency_id_foreign" foreign key ("source_agency_id") references "agency" ("id") on update cascade;`);

    this.addSql(`alter table "training_link" add constraint "training_link_institution_id_foreign" foreign key ("institution_id") references "institution" ("id") on update cascade;`);
    this.addSql(`alter table "training_link" add constraint "training_link_programme_id_foreign" foreign key ("programme_id") references "programme" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "training_link" add constraint "training_link_partner_province_code_foreign" foreign key ("partner_province_code") references "administrative_unit" ("code") on update cascade;`);

    this.addSql(`alter table "training_outcome" add constraint "training_outcome_link_id_foreign" foreign key ("link_id") references "training_link" ("id") on update cascade;`);

    this.addSql(`alter table "training_participant" add constraint "training_participant_link_id_foreign" foreign key ("link_id") references "training_link" ("id") on update cascade;`);
  }

}
