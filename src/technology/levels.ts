/**
 * The scale of Circular 17/2019/TT-BKHCN (Ministry of Science and Technology, 10 December 2019, in
 * force since 25 January 2020) "Hướng dẫn đánh giá trình độ và năng lực công nghệ sản xuất", as
 * data in one place: the five groups and their 26 criteria (Articles 3–8), the synchrony
 * coefficient (Article 9(2), computed as Appendix III section 3 directs) and the four levels
 * (Article 9(3)). Everything else in the domain (the service, the SQL statistics, the API's
 * `technologyLevelScale`) reads these tables, never its own copy of a number.
 *
 * Checked against the Circular's text as codified in the Vietnamese Legal Code (Pháp điển, topic
 * 19.2 "Chuyển giao công nghệ", articles 19.2.TT.9.3–19.2.TT.9.9):
 * - Article 3(2): 100 points over 26 criteria: T ≤ 30 (7), E ≤ 20 (5), O ≤ 19 (5), R ≤ 17 (5), I ≤ 14 (4).
 * - Articles 4–8: the maximum of every criterion (listed below; they add up to the group maxima).
 * - Article 9(3): FOUR levels, "lạc hậu", "trung bình", "trung bình tiên tiến", "tiên tiến", each
 *   defined by a minimum total and a minimum synchrony coefficient. The Circular has no level
 *   called "hiện đại" (modern): its top level is "tiên tiến" (advanced), and we name the levels
 *   exactly as it does.
 *
 * NOT confirmed from the text: Appendix III (a separate document attached to the Circular) holds the
 * formula of the synchrony coefficient, and we could not read it. Article 3(3) says only that the
 * coefficient "is computed from the points achieved by groups T, E, O, R, I". We implement the
 * best-supported reading: the mean of the five groups' degrees of attainment (each group's points
 * divided by its maximum), a number from 0 to 1 that equals total/100 when every group is equally
 * strong and falls below it when the groups are unbalanced. It lives in `synchronyCoefficient`
 * alone, so a confirmed formula changes one function and its tests.
 */

/** The five groups of criteria (nhóm yếu tố thành phần), in the Circular's order. */
export enum CriteriaGroupCode {
  T = "T",
  E = "E",
  O = "O",
  R = "R",
  I = "I",
}

export interface CriterionDefinition {
  /** The criterion's number in the Circular (tiêu chí 1…26). */
  number: number;
  nameVi: string;
  nameEn: string;
  maxScore: number;
}

export interface CriteriaGroupDefinition {
  code: CriteriaGroupCode;
  nameVi: string;
  nameEn: string;
  maxScore: number;
  /** The Circular's article that defines the group. */
  article: string;
  criteria: CriterionDefinition[];
}

/**
 * Articles 4–8: groups and criteria with their maximum points. The maxima are the Circular's; the
 * short names of criteria 2–4 are paraphrased from their formulas (Kcđ, Kđm, Ktđh), whose headings
 * are garbled in the codified text we read.
 */
export const CRITERIA_GROUPS: readonly CriteriaGroupDefinition[] = [
  {
    code: CriteriaGroupCode.T,
    nameVi: "Hiện trạng thiết bị, công nghệ",
    nameEn: "Technology and equipment status",
    maxScore: 30,
    article: "Điều 4",
    criteria: [
      { number: 1, nameVi: "Mức độ khấu hao thiết bị, công nghệ", nameEn: "Depreciation of equipment and technology", maxScore: 5 },
      { number: 2, nameVi: "Chi phí đầu tư thiết bị, công nghệ", nameEn: "Investment in equipment and technology", maxScore: 3 },
      { number: 3, nameVi: "Mức độ đổi mới thiết bị, công nghệ", nameEn: "Renewal of equipment and technology", maxScore: 3 },
      { number: 4, nameVi: "Mức độ tự động hóa và quản lý sản xuất tự động", nameEn: "Automation and automated production management", maxScore: 7 },
      { number: 5, nameVi: "Tỷ lệ chi phí năng lượng sản xuất", nameEn: "Energy cost ratio of production", maxScore: 4 },
      { number: 6, nameVi: "Tỷ lệ chi phí nguyên vật liệu sản xuất", nameEn: "Material cost ratio of production", maxScore: 4 },
      { number: 7, nameVi: "Tiêu chuẩn sản phẩm của dây chuyền công nghệ sản xuất", nameEn: "Product standard of the production line", maxScore: 4 },
    ],
  },
  {
    code: CriteriaGroupCode.E,
    nameVi: "Hiệu quả khai thác công nghệ",
    nameEn: "Efficiency of technology use",
    maxScore: 20,
    article: "Điều 5",
    criteria: [
      { number: 8, nameVi: "Năng suất lao động", nameEn: "Labour productivity", maxScore: 5 },
      { number: 9, nameVi: "Mức độ áp dụng sáng kiến, cải tiến kỹ thuật, hợp lý hóa sản xuất", nameEn: "Use of initiatives, technical improvements and rationalisation", maxScore: 3 },
      { number: 10, nameVi: "Năng lực bảo dưỡng, sửa chữa máy móc, dây chuyền, thiết bị", nameEn: "Maintenance and repair capability", maxScore: 4 },
      { number: 11, nameVi: "Khả năng tiếp nhận chuyển giao công nghệ", nameEn: "Capacity to absorb technology transfer", maxScore: 4 },
      { number: 12, nameVi: "Chất lượng nguồn nhân lực", nameEn: "Quality of human resources", maxScore: 4 },
    ],
  },
  {
    code: CriteriaGroupCode.O,
    nameVi: "Năng lực tổ chức, quản lý",
    nameEn: "Organisation and management capacity",
    maxScore: 19,
    article: "Điều 6",
    criteria: [
      { number: 13, nameVi: "Tỷ lệ chi phí cho đào tạo, huấn luyện", nameEn: "Training expenditure ratio", maxScore: 3 },
      { number: 14, nameVi: "Thông tin phục vụ sản xuất, quản lý", nameEn: "Information systems for production and management", maxScore: 5 },
      { number: 15, nameVi: "Quản lý hiệu suất thiết bị tổng thể", nameEn: "Overall equipment effectiveness", maxScore: 5 },
      { number: 16, nameVi: "Áp dụng tiêu chuẩn hệ thống quản lý chất lượng tiên tiến", nameEn: "Advanced quality management systems", maxScore: 3 },
      { number: 17, nameVi: "Bảo vệ môi trường", nameEn: "Environmental protection", maxScore: 3 },
    ],
  },
  {
    code: CriteriaGroupCode.R,
    nameVi: "Năng lực nghiên cứu, phát triển",
    nameEn: "Research and development capacity",
    maxScore: 17,
    article: "Điều 7",
    criteria: [
      { number: 18, nameVi: "Ứng dụng công nghệ thông tin", nameEn: "Use of information technology", maxScore: 3 },
      { number: 19, nameVi: "Chi phí thông tin", nameEn: "Information expenditure", maxScore: 3 },
      { number: 20, nameVi: "Nhân lực dành cho nghiên cứu, phát triển", nameEn: "R&D staff", maxScore: 4 },
      { number: 21, nameVi: "Hạ tầng dành cho nghiên cứu, phát triển", nameEn: "R&D infrastructure", maxScore: 3 },
      { number: 22, nameVi: "Quỹ phát triển khoa học và công nghệ và đầu tư cho nghiên cứu, phát triển", nameEn: "Science and technology fund and R&D investment", maxScore: 4 },
    ],
  },
  {
    code: CriteriaGroupCode.I,
    nameVi: "Năng lực đổi mới sáng tạo",
    nameEn: "Innovation capacity",
    maxScore: 14,
    article: "Điều 8",
    criteria: [
      { number: 23, nameVi: "Kết quả nghiên cứu, phát triển sản phẩm", nameEn: "Product R&D results", maxScore: 4 },
      { number: 24, nameVi: "Kết quả nghiên cứu, phát triển công nghệ", nameEn: "Technology R&D results", maxScore: 4 },
      { number: 25, nameVi: "Năng lực liên kết hợp tác nghiên cứu, phát triển", nameEn: "R&D cooperation capacity", maxScore: 2 },
      { number: 26, nameVi: "Năng lực chuyển đổi số của doanh nghiệp", nameEn: "Digital transformation capacity", maxScore: 4 },
    ],
  },
];

/** The levels of Article 9(3), lowest first. Enum values are stable API names; the Vietnamese names are the Circular's. */
export enum TechnologyLevel {
  OBSOLETE = "OBSOLETE",
  AVERAGE = "AVERAGE",
  ADVANCED_AVERAGE = "ADVANCED_AVERAGE",
  ADVANCED = "ADVANCED",
}

export interface LevelDefinition {
  level: TechnologyLevel;
  /** 1 for the lowest level; higher is better. */
  rank: number;
  /** The Circular's own words ("Trình độ và năng lực công nghệ sản xuất …"). */
  nameVi: string;
  nameEn: string;
  /** Inclusive minimum of the total score (0 for the lowest level). */
  minTotalScore: number;
  /** Exclusive upper bound of the total score's band; null for the top level. */
  totalScoreBelow: number | null;
  /** Inclusive minimum of the synchrony coefficient (0 for the lowest level). */
  minSynchronyCoefficient: number;
  /** The point of Article 9(3) that defines the level. */
  clause: string;
}

/** Article 9(3) of Circular 17/2019/TT-BKHCN, lowest level first. */
export const LEVELS: readonly LevelDefinition[] = [
  {
    level: TechnologyLevel.OBSOLETE,
    rank: 1,
    nameVi: "lạc hậu",
    nameEn: "obsolete (backward)",
    minTotalScore: 0,
    totalScoreBelow: 35,
    minSynchronyCoefficient: 0,
    clause: "Điều 9 khoản 3 điểm a: hệ số mức độ đồng bộ nhỏ hơn 0,3 và tổng số điểm nhỏ hơn 35",
  },
  {
    level: TechnologyLevel.AVERAGE,
    rank: 2,
    nameVi: "trung bình",
    nameEn: "average",
    minTotalScore: 35,
    totalScoreBelow: 60,
    minSynchronyCoefficient: 0.3,
    clause: "Điều 9 khoản 3 điểm b: hệ số mức độ đồng bộ từ 0,3 trở lên và tổng số điểm từ 35 đến dưới 60",
  },
  {
    level: TechnologyLevel.ADVANCED_AVERAGE,
    rank: 3,
    nameVi: "trung bình tiên tiến",
    nameEn: "advanced average",
    minTotalScore: 60,
    totalScoreBelow: 75,
    minSynchronyCoefficient: 0.5,
    clause: "Điều 9 khoản 3 điểm c: hệ số mức độ đồng bộ từ 0,5 trở lên và tổng số điểm từ 60 đến dưới 75",
  },
  {
    level: TechnologyLevel.ADVANCED,
    rank: 4,
    nameVi: "tiên tiến",
    nameEn: "advanced",
    minTotalScore: 75,
    totalScoreBelow: null,
    minSynchronyCoefficient: 0.65,
    clause: "Điều 9 khoản 3 điểm d: hệ số mức độ đồng bộ từ 0,65 trở lên và tổng số điểm từ 75 trở lên",
  },
];

/** Where the scale comes from, as the API reports it. */
export const SCALE_SOURCE = {
  circular: "17/2019/TT-BKHCN",
  title: "Thông tư hướng dẫn đánh giá trình độ và năng lực công nghệ sản xuất",
  issuer: "Bộ Khoa học và Công nghệ (Ministry of Science and Technology)",
  issuedOn: "2019-12-10",
  effectiveFrom: "2020-01-25",
  groupsProvision: "Điều 3 khoản 2; Điều 4–8 (tiêu chí 1–26)",
  levelsProvision: "Điều 9 khoản 3",
  synchronyProvision: "Điều 3 khoản 3; Điều 9 khoản 2; Phụ lục III mục 3",
} as const;

/** How the hub reads the rules where the Circular's text leaves room; reported by the API next to the numbers. */
export const SYNCHRONY_FORMULA =
  "K = (T/30 + E/20 + O/19 + R/17 + I/14) / 5: the mean of the five groups' degrees of attainment, from 0 to 1, rounded to 4 decimals. " +
  "Appendix III section 3 of the Circular, which holds the official formula, could not be confirmed; this is the hub's reading of Article 3(3).";

export const LEVEL_RULE =
  "An assessment has the highest level whose minimum total score AND minimum synchrony coefficient it both reaches; anything below the minimums of " +
  "\"trung bình\" is \"lạc hậu\". Article 9(3) states each level as a pair of conditions and leaves mixed cases (e.g. 80 points with K = 0.6) open; " +
  "this reading places them at the highest level both conditions support (here \"trung bình tiên tiến\").";

/** Total scores are kept to two decimals, coefficients to four, so thresholds compare exactly. */
const TOTAL_DECIMALS = 2;
const COEFFICIENT_DECIMALS = 4;

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round((value + Number.EPSILON) * factor) / factor;
}

export type GroupScores = Record<CriteriaGroupCode, number>;

export interface CriterionScoreValue {
  criterion: number;
  score: number;
}

/** The group a criterion number belongs to, with the criterion's definition; undefined for numbers outside 1…26. */
export function criterionDefinition(number: number): { group: CriteriaGroupDefinition; criterion: CriterionDefinition } | undefined {
  for (const group of CRITERIA_GROUPS) {
    const criterion = group.criteria.find((candidate) => candidate.number === number);
    if (criterion) return { group, criterion };
  }
  return undefined;
}

/**
 * Problems with a set of scores, one message per problem (empty when valid): every group score
 * within 0…its maximum; criterion scores (optional) known, unique, within their maxima, and
 * consistent with their group (never above it, and equal to it when the group is complete).
 */
export function scoreProblems(groups: GroupScores, criteria: readonly CriterionScoreValue[] = []): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const group of CRITERIA_GROUPS) {
    const score = groups[group.code];
    if (!Number.isFinite(score) || score < 0 || score > group.maxScore) {
      problems[`scores.${group.code}`] = `must be between 0 and ${group.maxScore} (group ${group.code}, ${SCALE_SOURCE.circular} ${group.article})`;
    }
  }
  const seen = new Set<number>();
  const sums = new Map<CriteriaGroupCode, { sum: number; count: number }>();
  for (const value of criteria) {
    const definition = criterionDefinition(value.criterion);
    const key = `criterionScores.${value.criterion}`;
    if (!definition) {
      problems[key] = "no such criterion: the Circular numbers them 1 to 26";
      continue;
    }
    if (seen.has(value.criterion)) {
      problems[key] = "given more than once";
      continue;
    }
    seen.add(value.criterion);
    if (!Number.isFinite(value.score) || value.score < 0 || value.score > definition.criterion.maxScore) {
      problems[key] = `must be between 0 and ${definition.criterion.maxScore}`;
      continue;
    }
    const entry = sums.get(definition.group.code) ?? { sum: 0, count: 0 };
    sums.set(definition.group.code, { sum: entry.sum + value.score, count: entry.count + 1 });
  }
  for (const group of CRITERIA_GROUPS) {
    const entry = sums.get(group.code);
    if (!entry || problems[`scores.${group.code}`]) continue;
    const sum = round(entry.sum, TOTAL_DECIMALS);
    const score = round(groups[group.code], TOTAL_DECIMALS);
    if (entry.count === group.criteria.length && sum !== score) {
      problems[`scores.${group.code}`] = `is ${score} but its ${group.criteria.length} criterion scores add up to ${sum}`;
    } else if (sum > score) {
      problems[`scores.${group.code}`] = `is ${score}, less than the ${sum} its criterion scores already add up to`;
    }
  }
  return problems;
}

/** The total of the five groups (0…100), to two decimals. */
export function totalScore(groups: GroupScores): number {
  return round(
    CRITERIA_GROUPS.reduce((sum, group) => sum + groups[group.code], 0),
    TOTAL_DECIMALS,
  );
}

/** The synchrony coefficient (hệ số mức độ đồng bộ), 0…1, to four decimals. See the module comment for its source. */
export function synchronyCoefficient(groups: GroupScores): number {
  const attainment = CRITERIA_GROUPS.reduce((sum, group) => sum + groups[group.code] / group.maxScore, 0);
  return round(attainment / CRITERIA_GROUPS.length, COEFFICIENT_DECIMALS);
}

/** The level of a total and a coefficient under Article 9(3), read as `LEVEL_RULE` says. */
export function levelFor(total: number, coefficient: number): TechnologyLevel {
  let reached = LEVELS[0]!;
  for (const definition of LEVELS) {
    if (total >= definition.minTotalScore && coefficient >= definition.minSynchronyCoefficient) reached = definition;
  }
  return reached.level;
}

export interface AssessmentResult {
  totalScore: number;
  synchronyCoefficient: number;
  level: TechnologyLevel;
}

/** Everything the hub derives from the five group scores (the caller validates them first with `scoreProblems`). */
export function assessLevel(groups: GroupScores): AssessmentResult {
  const total = totalScore(groups);
  const coefficient = synchronyCoefficient(groups);
  return { totalScore: total, synchronyCoefficient: coefficient, level: levelFor(total, coefficient) };
}

export function levelDefinition(level: TechnologyLevel): LevelDefinition {
  const definition = LEVELS.find((candidate) => candidate.level === level);
  if (!definition) throw new Error(`Unknown technology level ${String(level)}`);
  return definition;
}
