import { Migration } from "@mikro-orm/migrations";

/**
 * Enterprises by province and business line — the dashboard's "coffee processors of Đắk Lắk" — as
 * one index the count can be answered from alone: on the largest preset the count of Đắk Lắk's
 * 4,347 VSIC-1077 enterprises took 22 ms through the owners' GIN index and the VSIC index combined,
 * 1.3 ms from this one (BENCHMARKS.md).
 */
export class Migration20261203160000_enterprise_province_vsic extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index if not exists enterprise_province_vsic on enterprise (province_code, vsic_code text_pattern_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists enterprise_province_vsic;`);
  }
}
