import { Migration } from "@mikro-orm/migrations";

/** Hand-written SQL of the training domain: indexes and constraints the entity metadata cannot express. */
export class Migration00000000000004_training extends Migration {
  override async up(): Promise<void> {
    // Ownership: the visibility hook and province filters test `owner_province_codes && $codes`.
    for (const table of ["institution", "programme", "training_link", "training_participant", "training_outcome"]) {
      this.addSql(`create index ${table}_owner_province_codes on ${table} using gin (owner_province_codes);`);
    }
    // Search: `search_name like '%word%'` on names folded in the application (pg_trgm is created by the reference migration).
    for (const table of ["institution", "programme", "training_link"]) {
      this.addSql(`create index ${table}_search_name_trgm on ${table} using gin (search_name gin_trgm_ops);`);
    }
    // Discipline-code prefixes ("772%"): a pattern index serves `like 'prefix%'` whatever the database collation.
    this.addSql(`create index programme_discipline_code_pattern on programme (discipline_code text_pattern_ops);`);
    // `programmes(filter: { linkedProvince })`: programmes with a link to a partner province.
    this.addSql(`create index training_link_partner_programme on training_link (partner_province_code, programme_id) where programme_id is not null;`);
    // Nested link pages are ordered newest first within each institution / partner province.
    this.addSql(`create index training_link_institution_period on training_link (institution_id, period_from desc, id desc);`);
    this.addSql(`create index training_link_partner_period on training_link (partner_province_code, period_from desc, id desc);`);
    // Outcome statistics filter outcomes by the day they were recorded.
    this.addSql(`create index training_outcome_recorded_on on training_outcome (recorded_on, kind);`);

    this.addSql(`alter table training_link add constraint training_link_period_check check (period_to is null or period_from <= period_to);`);
    this.addSql(`alter table training_link add constraint training_link_participant_count_check check (participant_count is null or participant_count >= 0);`);
    this.addSql(`alter table training_link add constraint training_link_budget_check check (budget_vnd is null or budget_vnd >= 0);`);
    this.addSql(`alter table training_outcome add constraint training_outcome_value_check check (value >= 0);`);
    this.addSql(`alter table programme add constraint programme_discipline_code_check check (discipline_code ~ '^[0-9]{4,8}$');`);
  }
}
