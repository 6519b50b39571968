import { describe, expect, it } from "vitest";
import {
  assessLevel,
  CRITERIA_GROUPS,
  CriteriaGroupCode,
  levelFor,
  LEVELS,
  scoreProblems,
  synchronyCoefficient,
  TechnologyLevel,
  totalScore,
  type GroupScores,
} from "./levels.js";

/** Group scores at the same share of every group's maximum: K equals total / 100. */
function balanced(share: number): GroupScores {
  return { T: 30 * share, E: 20 * share, O: 19 * share, R: 17 * share, I: 14 * share };
}

describe("the scale as data", () => {
  it("has the Circular's five groups, 26 criteria and 100 points", () => {
    expect(CRITERIA_GROUPS.map((group) => [group.code, group.maxScore, group.criteria.length])).toEqual([
      ["T", 30, 7],
      ["E", 20, 5],
      ["O", 19, 5],
      ["R", 17, 5],
      ["I", 14, 4],
    ]);
    expect(CRITERIA_GROUPS.reduce((sum, group) => sum + group.maxScore, 0)).toBe(100);
    for (const group of CRITERIA_GROUPS) {
      expect(group.criteria.reduce((sum, criterion) => sum + criterion.maxScore, 0)).toBe(group.maxScore);
    }
    expect(CRITERIA_GROUPS.flatMap((group) => group.criteria.map((criterion) => criterion.number))).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
  });

  it("names the four levels as Article 9(3) does, lowest first, with contiguous bands", () => {
    expect(LEVELS.map((level) => level.nameVi)).toEqual(["lạc hậu", "trung bình", "trung bình tiên tiến", "tiên tiến"]);
    expect(LEVELS.map((level) => [level.minTotalScore, level.minSynchronyCoefficient])).toEqual([
      [0, 0],
      [35, 0.3],
      [60, 0.5],
      [75, 0.65],
    ]);
    LEVELS.slice(0, -1).forEach((level, index) => expect(level.totalScoreBelow).toBe(LEVELS[index + 1]!.minTotalScore));
  });
});

describe("synchronyCoefficient and totalScore", () => {
  it("equal total/100 when every group is equally strong", () => {
    expect(totalScore(balanced(0.6))).toBe(60);
    expect(synchronyCoefficient(balanced(0.6))).toBe(0.6);
    expect(synchronyCoefficient(balanced(1))).toBe(1);
    expect(synchronyCoefficient(balanced(0))).toBe(0);
  });

  it("fall apart when the groups are unbalanced", () => {
    // Full equipment points and nothing else: 30 points, but only one group of five attained.
    const equipmentOnly: GroupScores = { T: 30, E: 0, O: 0, R: 0, I: 0 };
    expect(totalScore(equipmentOnly)).toBe(30);
    expect(synchronyCoefficient(equipmentOnly)).toBe(0.2);
  });

  it("round sums of decimal scores so thresholds compare exactly", () => {
    expect(totalScore({ T: 20.1, E: 10.2, O: 10.3, R: 10.2, I: 9.2 })).toBe(60);
  });
});

describe("levelFor at and around each threshold", () => {
  it.each([
    // total, coefficient, level
    [0, 0, TechnologyLevel.OBSOLETE],
    [34.99, 0.9, TechnologyLevel.OBSOLETE],
    [35, 0.2999, TechnologyLevel.OBSOLETE],
    [35, 0.3, TechnologyLevel.AVERAGE],
    [59.99, 0.9, TechnologyLevel.AVERAGE],
    [60, 0.4999, TechnologyLevel.AVERAGE],
    [60, 0.5, TechnologyLevel.ADVANCED_AVERAGE],
    [74.99, 0.99, TechnologyLevel.ADVANCED_AVERAGE],
    [75, 0.6499, TechnologyLevel.ADVANCED_AVERAGE],
    [75, 0.65, TechnologyLevel.ADVANCED],
    [100, 1, TechnologyLevel.ADVANCED],
  ])("total %d with K = %d is %s", (total, coefficient, level) => {
    expect(levelFor(total, coefficient)).toBe(level);
  });

  it("places mixed cases at the highest level both conditions support", () => {
    expect(levelFor(80, 0.6)).toBe(TechnologyLevel.ADVANCED_AVERAGE);
    expect(levelFor(80, 0.35)).toBe(TechnologyLevel.AVERAGE);
    expect(levelFor(50, 0.1)).toBe(TechnologyLevel.OBSOLETE);
  });
});

describe("assessLevel", () => {
  it("derives total, coefficient and level from the group scores", () => {
    expect(assessLevel(balanced(0.75))).toEqual({ totalScore: 75, synchronyCoefficient: 0.75, level: TechnologyLevel.ADVANCED });
    expect(assessLevel({ T: 24, E: 14, O: 10, R: 8, I: 6 })).toEqual({ totalScore: 62, synchronyCoefficient: 0.5851, level: TechnologyLevel.ADVANCED_AVERAGE });
    // Points from equipment and efficiency alone: 40 points with K = 0.32 is still "trung bình" ...
    expect(assessLevel({ T: 24, E: 16, O: 0, R: 0, I: 0 })).toEqual({ totalScore: 40, synchronyCoefficient: 0.32, level: TechnologyLevel.AVERAGE });
    // ... but 37 points with K = 0.2867 is too unbalanced for it.
    expect(assessLevel({ T: 25, E: 12, O: 0, R: 0, I: 0 })).toEqual({ totalScore: 37, synchronyCoefficient: 0.2867, level: TechnologyLevel.OBSOLETE });
  });
});

describe("scoreProblems", () => {
  const valid: GroupScores = { T: 20, E: 12, O: 10, R: 8, I: 6 };

  it("accepts scores within the maxima, with or without criterion scores", () => {
    expect(scoreProblems(valid)).toEqual({});
    expect(scoreProblems(valid, [{ criterion: 1, score: 5 }, { criterion: 26, score: 4 }])).toEqual({});
  });

  it("rejects group scores outside 0…maximum", () => {
    expect(Object.keys(scoreProblems({ ...valid, T: 30.5, I: -1 }))).toEqual(["scores.T", "scores.I"]);
  });

  it("rejects unknown, repeated or excessive criterion scores", () => {
    const problems = scoreProblems(valid, [
      { criterion: 27, score: 1 },
      { criterion: 1, score: 5 },
      { criterion: 1, score: 4 },
      { criterion: 25, score: 3 },
    ]);
    expect(Object.keys(problems).sort()).toEqual(["criterionScores.1", "criterionScores.25", "criterionScores.27"]);
  });

  it("requires a complete group's criteria to add up to the group score", () => {
    const innovation = [
      { criterion: 23, score: 2 },
      { criterion: 24, score: 1 },
      { criterion: 25, score: 1 },
      { criterion: 26, score: 1 },
    ];
    expect(scoreProblems(valid, innovation)[`scores.${CriteriaGroupCode.I}`]).toMatch(/add up to 5/);
    expect(scoreProblems({ ...valid, I: 5 }, innovation)).toEqual({});
    expect(scoreProblems({ ...valid, I: 2 }, innovation.slice(0, 2))[`scores.${CriteriaGroupCode.I}`]).toMatch(/less than/);
  });
});
