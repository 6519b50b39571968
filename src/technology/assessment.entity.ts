import { Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
import { AgencyEntity } from "../reference/agency.entity.js";
import { EnterpriseEntity } from "../reference/enterprise.entity.js";
import { CRITERIA_GROUPS, CriteriaGroupCode, LEVELS, SCALE_SOURCE, TechnologyLevel, type CriterionScoreValue } from "./levels.js";

export enum AssessmentStatus {
  DRAFT = "DRAFT",
  PUBLISHED = "PUBLISHED",
}
registerEnumType(AssessmentStatus, {
  name: "AssessmentStatus",
  description: "Where an assessment stands: a draft until the assessor agency publishes it.",
  valuesConfig: {
    DRAFT: { description: "Being prepared; its level is not public yet, and others' drafts may be hidden from a caller." },
    PUBLISHED: { description: "Published by the assessor agency: its level is public and it counts in the statistics." },
  },
});

registerEnumType(TechnologyLevel, {
  name: "TechnologyLevel",
  description: `Level of production technology and capability, the four levels of Circular ${SCALE_SOURCE.circular} ${SCALE_SOURCE.levelsProvision} (lowest first). See \`technologyLevelScale\` for the thresholds.`,
  valuesConfig: Object.fromEntries(
    LEVELS.map((level) => [
      level.level,
      {
        description: `"${level.nameVi}" (${level.nameEn}): total ${level.totalScoreBelow === null ? `≥ ${level.minTotalScore}` : `${level.minTotalScore}–<${level.totalScoreBelow}`} points, synchrony coefficient ≥ ${level.minSynchronyCoefficient}.`,
      },
    ]),
  ),
});

registerEnumType(CriteriaGroupCode, {
  name: "CriteriaGroupCode",
  description: `The five groups of criteria of Circular ${SCALE_SOURCE.circular} (Article 3).`,
  valuesConfig: Object.fromEntries(CRITERIA_GROUPS.map((group) => [group.code, { description: `${group.nameVi} (${group.nameEn}), at most ${group.maxScore} points.` }])),
});

/**
 * An enterprise's technology-capability assessment under Circular 17/2019/TT-BKHCN. Owned by the
 * enterprise's province (stored at creation, with the enterprise's VSIC code, because this domain
 * filters and aggregates on both without reading the enterprise table). Total, coefficient and
 * level are derived by the service from the group scores and stored, so filters and statistics are
 * plain column conditions; they are never taken from input.
 */
@Entity({ tableName: "technology_assessment" })
@Unique({ properties: ["enterprise", "assessedOn"] })
export class AssessmentEntity extends HubRecord {
  /** Optimistic concurrency: each change states the version it read, and a stale one is refused with CONFLICT. */
  @Property({ type: "integer", default: 1 })
  version: number = 1;

  @ManyToOne(() => EnterpriseEntity, { ref: true })
  @Index()
  enterprise!: Ref<EnterpriseEntity>;

  @ManyToOne(() => AgencyEntity, { ref: true })
  @Index()
  assessorAgency!: Ref<AgencyEntity>;

  @Property({ type: "date" })
  assessedOn!: string;

  @Property({ type: "string", length: 16 })
  status!: AssessmentStatus;

  @Property({ type: "timestamptz", nullable: true })
  publishedAt: Date | null = null;

  /** The enterprise's main business line when assessed (VSIC 2018), for sector filters and statistics. */
  @Property({ type: "string", length: 5 })
  vsicCode!: string;

  @Property({ type: "double" })
  technologyScore!: number;

  @Property({ type: "double" })
  efficiencyScore!: number;

  @Property({ type: "double" })
  organisationScore!: number;

  @Property({ type: "double" })
  researchScore!: number;

  @Property({ type: "double" })
  innovationScore!: number;

  @Property({ type: "double" })
  totalScore!: number;

  @Property({ type: "double" })
  synchronyCoefficient!: number;

  /** Exposed through `AssessmentResolver.level`, which withholds a draft's level unless the caller may read its scores. */
  @Property({ type: "string", length: 24 })
  @Index()
  level!: TechnologyLevel;

  /**
   * The optional detail of the 26 criteria, as a JSON array on the row: it is always read with its
   * assessment and never filtered or aggregated on its own, so a child table would only add a join
   * (or a batched loader) to every read. Statistics work on the five group columns.
   */
  @Property({ type: "json", nullable: true })
  criterionScores: CriterionScoreValue[] | null = null;

  @Property({ type: "text", nullable: true })
  assessorRecommendations: string | null = null;
}
