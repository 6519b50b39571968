import { Migration } from "@mikro-orm/migrations";

const TRADE_TABLES = ["price_observation", "trade_flow", "listing", "ocop_product", "promotion_event", "memorandum", "memorandum_party", "investment_project"];

/** Hand-written SQL of the trade domain: indexes and constraints the entity metadata cannot express. */
export class Migration00000000000002_trade extends Migration {
  override async up(): Promise<void> {
    // Ownership: the visibility hook and province filters test `owner_province_codes && $codes`.
    for (const table of TRADE_TABLES) {
      this.addSql(`create index ${table}_owner_province_codes on ${table} using gin (owner_province_codes);`);
    }

    // Search: `like '%word%'` on text folded in the application (pg_trgm is created by the reference migration).
    this.addSql(`create index listing_search_title_trgm on listing using gin (search_title gin_trgm_ops);`);
    this.addSql(`create index ocop_product_search_name_trgm on ocop_product using gin (search_name gin_trgm_ops);`);
    this.addSql(`create index promotion_event_search_name_trgm on promotion_event using gin (search_name gin_trgm_ops);`);
    this.addSql(`create index investment_project_search_name_trgm on investment_project using gin (search_name gin_trgm_ops);`);
    // The unfiltered price list, newest first (keyset on observed_on, id), without sorting a million rows.
    this.addSql(`create index price_observation_newest on price_observation (observed_on desc, id desc);`);
    // "Listings with any of these certifications": `certifications && $list`.
    this.addSql(`create index listing_certifications on listing using gin (certifications);`);
    // The market's page of an open marketplace: open listings, newest first.
    this.addSql(`create index listing_open_newest on listing (id desc) where status = 'OPEN';`);

    // A signatory is an enterprise or an agency (or an agency for an enterprise), and signs once.
    this.addSql(`alter table memorandum_party add constraint memorandum_party_signatory check (enterprise_id is not null or agency_id is not null);`);
    this.addSql(
      `create unique index memorandum_party_natural_key on memorandum_party (memorandum_id, coalesce(enterprise_id, 0), coalesce(agency_id, 0));`,
    );

    // Values the API promises.
    this.addSql(`alter table price_observation add constraint price_observation_price_positive check (price_vnd > 0);`);
    this.addSql(`alter table price_observation add constraint price_observation_price_type check (price_type in ('FARM_GATE', 'WHOLESALE', 'RETAIL'));`);
    this.addSql(`alter table trade_flow add constraint trade_flow_month_format check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');`);
    this.addSql(`alter table trade_flow add constraint trade_flow_two_provinces check (origin_code <> destination_code);`);
    this.addSql(`alter table trade_flow add constraint trade_flow_volume_non_negative check (volume >= 0);`);
    this.addSql(`alter table listing add constraint listing_ocop_stars check (ocop_stars between 3 and 5);`);
    this.addSql(`alter table listing add constraint listing_period check (period_from is null or period_to is null or period_from <= period_to);`);
    this.addSql(`alter table listing add constraint listing_closed_at check ((status = 'CLOSED') = (closed_at is not null));`);
    this.addSql(`alter table ocop_product add constraint ocop_product_stars check (stars between 3 and 5);`);
    this.addSql(`alter table promotion_event add constraint promotion_event_period check (starts_on <= ends_on);`);

    // Found with EXPLAIN on the largest scale preset (bench/EXPLAIN.md): price series and counts filter
    // one commodity, one price type and a province's markets, and a period. By commodity and date alone,
    // 8 of 10 rows read were thrown away; this serves the equalities first, then the range, and lets the
    // count of a filtered list run as an index-only scan (34 → 3 ms; the dashboard's series 6 → 3 ms).
    this.addSql(`create index price_observation_commodity_type_province_day on price_observation (commodity_id, price_type, market_province_code, observed_on);`);
  }
}
