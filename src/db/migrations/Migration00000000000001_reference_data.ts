import { Migration } from "@mikro-orm/migrations";
import { vietnameseSortKey } from "../../common/text.js";

/**
 * Provincial-level units of the programme as they stand after the 1 July 2025 mergers (Resolution
 * 202/2025/QH15): the five current member units keep their ISO 3166-2:VN codes, and each absorbed
 * unit keeps its own code as a historical unit ending on 2025-06-30 with its successor.
 */
const UNITS: { code: string; name: string; nameEn: string; kind: "MUNICIPALITY" | "PROVINCE"; successor: string | null; member: boolean }[] = [
  { code: "VN-SG", name: "Thành phố Hồ Chí Minh", nameEn: "Ho Chi Minh City", kind: "MUNICIPALITY", successor: null, member: true },
  { code: "VN-29", name: "Quảng Ngãi", nameEn: "Quang Ngai", kind: "PROVINCE", successor: null, member: true },
  { code: "VN-30", name: "Gia Lai", nameEn: "Gia Lai", kind: "PROVINCE", successor: null, member: true },
  { code: "VN-33", name: "Đắk Lắk", nameEn: "Dak Lak", kind: "PROVINCE", successor: null, member: true },
  { code: "VN-35", name: "Lâm Đồng", nameEn: "Lam Dong", kind: "PROVINCE", successor: null, member: true },
  { code: "VN-28", name: "Kon Tum", nameEn: "Kon Tum", kind: "PROVINCE", successor: "VN-29", member: true },
  { code: "VN-72", name: "Đắk Nông", nameEn: "Dak Nong", kind: "PROVINCE", successor: "VN-35", member: true },
  { code: "VN-40", name: "Bình Thuận", nameEn: "Binh Thuan", kind: "PROVINCE", successor: "VN-35", member: false },
  { code: "VN-31", name: "Bình Định", nameEn: "Binh Dinh", kind: "PROVINCE", successor: "VN-30", member: false },
  { code: "VN-32", name: "Phú Yên", nameEn: "Phu Yen", kind: "PROVINCE", successor: "VN-33", member: false },
  { code: "VN-57", name: "Bình Dương", nameEn: "Binh Duong", kind: "PROVINCE", successor: "VN-SG", member: false },
  { code: "VN-43", name: "Bà Rịa – Vũng Tàu", nameEn: "Ba Ria – Vung Tau", kind: "PROVINCE", successor: "VN-SG", member: false },
];
const MERGE_DATE = "2025-07-01";
const LAST_DAY_BEFORE_MERGE = "2025-06-30";

export class Migration00000000000001_reference_data extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    // Search: trigram indexes serve `search_name like '%word%'` on names folded in the application.
    this.addSql(`create index enterprise_search_name_trgm on enterprise using gin (search_name gin_trgm_ops);`);
    this.addSql(`create index commodity_search_name_trgm on commodity using gin (search_name gin_trgm_ops);`);
    // VSIC prefix filters (`vsic_code like '10%'`) need a pattern index under a non-C collation.
    this.addSql(`create index enterprise_vsic_code_pattern on enterprise (vsic_code text_pattern_ops);`);
    // Ownership: the visibility hook and province filters test `owner_province_codes && $codes`.
    for (const table of ["agency", "enterprise", "market"]) {
      this.addSql(`create index ${table}_owner_province_codes on ${table} using gin (owner_province_codes);`);
    }

    const knex = this.getKnex();
    const successors = new Set(UNITS.map((unit) => unit.successor).filter(Boolean));
    this.addSql(
      knex("administrative_unit").insert(
        UNITS.map((unit) => ({
          code: unit.code,
          name: unit.name,
          name_en: unit.nameEn,
          sort_name: vietnameseSortKey(unit.name),
          kind: unit.kind,
          valid_from: successors.has(unit.code) ? MERGE_DATE : null,
          valid_to: unit.successor ? LAST_DAY_BEFORE_MERGE : null,
          successor_code: null,
          programme_member: unit.member,
        })),
      ),
    );
    for (const unit of UNITS.filter((u) => u.successor)) {
      this.addSql(knex("administrative_unit").update({ successor_code: unit.successor }).where({ code: unit.code }));
    }
  }
}
