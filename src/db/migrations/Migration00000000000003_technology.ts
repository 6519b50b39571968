import { Migration } from "@mikro-orm/migrations";

/** Hand-written SQL of the technology domain: indexes and constraints the entity metadata cannot express. */
export class Migration00000000000003_technology extends Migration {
  override async up(): Promise<void> {
    // Ownership: the visibility hook and province filters test `owner_province_codes && $codes`.
    this.addSql(`create index technology_assessment_owner_province_codes on technology_assessment using gin (owner_province_codes);`);
    // Enterprise.latestAssessment: `distinct on (enterprise_id) … order by enterprise_id, assessed_on desc, id desc` over published rows.
    this.addSql(
      `create index technology_assessment_latest_published on technology_assessment (enterprise_id, assessed_on desc, id desc) where status = 'PUBLISHED';`,
    );
    // Enterprise.assessments and the root list: newest first within an enterprise / overall.
    this.addSql(`create index technology_assessment_enterprise_newest on technology_assessment (enterprise_id, assessed_on desc, id desc);`);
    this.addSql(`create index technology_assessment_newest on technology_assessment (assessed_on desc, id desc);`);
    // Statistics and level filters read published rows by year; VSIC prefixes (`like '10%'`) need a pattern index whatever the collation.
    this.addSql(`create index technology_assessment_published_on on technology_assessment (assessed_on, level) where status = 'PUBLISHED';`);
    this.addSql(`create index technology_assessment_vsic_code_pattern on technology_assessment (vsic_code text_pattern_ops);`);

    // The Circular's maxima (17/2019/TT-BKHCN, Articles 3–8) and the derived values' ranges, enforced by the database too.
    this.addSql(`alter table technology_assessment add constraint technology_assessment_status_check check (status in ('DRAFT', 'PUBLISHED'));`);
    this.addSql(
      `alter table technology_assessment add constraint technology_assessment_level_check check (level in ('OBSOLETE', 'AVERAGE', 'ADVANCED_AVERAGE', 'ADVANCED'));`,
    );
    this.addSql(
      `alter table technology_assessment add constraint technology_assessment_published_check check ((status = 'PUBLISHED') = (published_at is not null));`,
    );
    this.addSql(
      `alter table technology_assessment add constraint technology_assessment_scores_check check (
         technology_score between 0 and 30 and efficiency_score between 0 and 20 and organisation_score between 0 and 19
         and research_score between 0 and 17 and innovation_score between 0 and 14
         and total_score between 0 and 100 and synchrony_coefficient between 0 and 1);`,
    );
    this.addSql(`alter table technology_assessment add constraint technology_assessment_vsic_code_check check (vsic_code ~ '^[0-9]{2,5}$');`);
    this.addSql(
      `alter table technology_assessment add constraint technology_assessment_owner_check check (cardinality(owner_province_codes) = 1);`,
    );
  }
}
