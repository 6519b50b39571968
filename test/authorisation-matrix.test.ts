/**
 * The authorisation matrix: every classified field of the committed SDL, for every kind of caller
 * the issue names, through every query shape that reaches it — root lists (connections), nested
 * fields, aliases, named fragments, `node(id)` and aggregates. Expected outcomes come from the
 * hand-written truth table (`authorisation/truth-table.ts`), never from the hub's policy code. A
 * visible field must carry its known fixture value; a withheld one must be null with a FORBIDDEN
 * error at its path that gives the classification, the reason and the owning provinces, while the
 * rest of the response stays intact.
 */
import { readFileSync } from "node:fs";
import { buildSchema, isObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classificationMap } from "../src/common/classification.js";
import { Dataset } from "../src/common/visibility.js";
import { AgreementDecision } from "../src/sharing/agreement.entity.js";
import { createAgreement } from "../seeds/factories/sharing.js";
import { buildWorld, type Fixture, type World } from "./authorisation/world.js";
import { Caller, CALLERS, CLASSIFIED_FIELDS, expectedOutcome, ROWS_VISIBLE_TO, WORLD_OF, type Cell, type Outcome } from "./authorisation/truth-table.js";
import { startTestHub, type GraphQLResponse, type TestCaller, type TestHub } from "./support/hub.js";
import { globalIdOf } from "./support/global-ids.js";

const NOW = "2026-11-23T03:00:00Z";
const K = 5;
const ALL_DATASETS = [Dataset.REFERENCE, Dataset.TRADE, Dataset.TECHNOLOGY, Dataset.TRAINING];

type Shape = "list" | "nested" | "aliases" | "fragment" | "node" | "aggregate";
type Path = (string | number)[];

interface Check {
  type: string;
  field: string;
  path: Path;
  expected: unknown;
  owners: string[];
  /** A classified field above this one: when it is withheld, this one is never resolved. */
  withheldWith?: { type: string; field: string; path: Path };
  cell?: Cell;
}

interface Plan {
  type: string;
  shape: Shape;
  query: string;
  variables?: Record<string, unknown>;
  checks: Check[];
  /** Rows the caller may not see at all: where the row would be, and which rule hides it. */
  row?: { kind: keyof typeof ROWS_VISIBLE_TO; path: Path; asList: boolean };
}

let hub: TestHub;
const worlds = new Map<string, World>();
let revoked: Fixture;
let declined: Fixture;

beforeAll(async () => {
  hub = await startTestHub({ now: NOW, env: { STATISTICS_MIN_CELL_SIZE: String(K) } });
  const em = hub.em();
  worlds.set("VN-33", await buildWorld(em, "VN-33", "VN-33"));
  worlds.set("VN-28", await buildWorld(em, "VN-28", "VN-29"));
  // The agreements that make the callers what they are (today is 23 November 2026).
  await createAgreement(em, { grantor: "VN-33", grantee: "VN-35", decision: AgreementDecision.APPROVED, periodFrom: "2026-01-01", periodTo: "2027-12-31", datasets: ALL_DATASETS });
  await createAgreement(em, { grantor: "VN-33", grantee: "VN-SG", decision: AgreementDecision.APPROVED, periodFrom: "2025-01-01", periodTo: "2025-12-31", datasets: ALL_DATASETS });
  const revokedAgreement = await createAgreement(em, { grantor: "VN-33", grantee: "VN-29", decision: AgreementDecision.REVOKED, periodTo: "2027-12-31", datasets: ALL_DATASETS });
  const declinedAgreement = await createAgreement(em, { grantor: "VN-29", grantee: "VN-30", decision: AgreementDecision.DECLINED, periodTo: "2027-12-31", datasets: ALL_DATASETS });
  const plain = (value: unknown) => ({ select: "", value });
  const shared = (agreement: typeof revokedAgreement) => ({
    reference: plain(agreement.reference),
    datasets: plain(ALL_DATASETS),
    purpose: plain(agreement.purpose),
    legalBasis: plain(agreement.legalBasis),
    periodFrom: plain(agreement.periodFrom),
    periodTo: plain(agreement.periodTo),
    status: plain(agreement.decision),
    grantor: { select: "{ code }", value: { code: agreement.grantor.code } },
    grantee: { select: "{ code }", value: { code: agreement.grantee.code } },
    requestedAt: plain(agreement.requestedAt.toISOString()),
    requestedBy: { select: "{ code }", value: { code: agreement.requestedBy.getEntity().code } },
    decidedAt: plain(agreement.decidedAt!.toISOString()),
    decidedBy: { select: "{ code }", value: { code: agreement.decidedBy!.getEntity().code } },
  });
  revoked = {
    id: globalIdOf(revokedAgreement),
    owners: ["VN-33", "VN-29"],
    search: "",
    values: { ...shared(revokedAgreement), revokedAt: plain(revokedAgreement.revokedAt!.toISOString()), revokeReason: plain(revokedAgreement.revokeReason) },
  };
  declined = {
    id: globalIdOf(declinedAgreement),
    owners: ["VN-29", "VN-30"],
    search: "",
    values: { ...shared(declinedAgreement), declineReason: plain(declinedAgreement.declineReason), declineLegalBasis: plain(declinedAgreement.declineLegalBasis) },
  };
});
afterAll(async () => {
  await hub?.close();
});

function callerToken(caller: Caller, world: World): TestCaller | null {
  switch (caller) {
    case Caller.ANONYMOUS:
      return null;
    case Caller.ENTERPRISE_ITSELF:
      return { kind: "enterprise", province: world.currentCode, taxCode: world.enterprise.taxCode };
    case Caller.ENTERPRISE_OTHER:
      return { kind: "enterprise", province: world.currentCode, taxCode: world.otherEnterpriseTaxCode };
    case Caller.OWNER_AGENCY:
      return { kind: "agency", province: "VN-33" };
    case Caller.SUCCESSOR_AGENCY:
      return { kind: "agency", province: "VN-29" };
    case Caller.NO_AGREEMENT:
    case Caller.AGREEMENT_DECLINED:
      return { kind: "agency", province: "VN-30" };
    case Caller.AGREEMENT_IN_FORCE:
      return { kind: "agency", province: "VN-35" };
    case Caller.AGREEMENT_EXPIRED:
      return { kind: "agency", province: "VN-SG" };
    case Caller.AGREEMENT_REVOKED:
      return { kind: "agency", province: "VN-29" };
    case Caller.HUB_ADMIN:
      return { kind: "hub_admin" };
  }
}

// ---- building the queries ---------------------------------------------------------------------

/** A fixture's fields as a selection, once each or twice under two aliases. */
function selectionOf(fixture: Fixture, aliased: boolean): string {
  return Object.entries(fixture.values)
    .map(([field, { select }]) => (aliased ? `first_${field}: ${field} ${select} second_${field}: ${field} ${select}` : `${field} ${select}`))
    .join(" ");
}

/** Checks for a fixture's fields found at `base` in the response; embedded types (criteria, roster entries) follow their parent field. */
function checksOf(type: string, fixture: Fixture, base: Path, aliased: boolean, embedded?: { field: string; type: string; fixture: Fixture }): Check[] {
  const keys = (field: string) => (aliased ? [`first_${field}`, `second_${field}`] : [field]);
  const checks: Check[] = [];
  for (const [field, { value }] of Object.entries(fixture.values)) {
    for (const key of keys(field)) {
      checks.push({ type, field, path: [...base, key], expected: value, owners: fixture.owners });
      if (embedded?.field === field) {
        for (const [childField, child] of Object.entries(embedded.fixture.values)) {
          if (childField === "link") continue; // selected only on the roster's own node(id) below
          checks.push({ type: embedded.type, field: childField, path: [...base, key, 0, childField], expected: child.value, owners: embedded.fixture.owners, withheldWith: { type, field, path: [...base, key] } });
        }
      }
    }
  }
  return checks;
}

/** The four shapes every record type is reached through (list, aliases, fragment, node), plus a nested path where the schema has one. */
function recordPlans(
  type: string,
  fixture: Fixture,
  list: { field: string; args: string },
  nested: { query: (selection: string) => string; path: Path } | null,
  options: { row?: keyof typeof ROWS_VISIBLE_TO; embedded?: { field: string; type: string; fixture: Fixture } } = {},
): Plan[] {
  const fields = selectionOf(fixture, false);
  const listPath = [list.field, "nodes", 0];
  const row = (path: Path, asList: boolean) => (options.row ? { kind: options.row, path, asList } : undefined);
  const plans: Plan[] = [
    { type, shape: "list", query: `{ ${list.field}(${list.args}) { nodes { id ${fields} } } }`, checks: checksOf(type, fixture, listPath, false, options.embedded), row: row([list.field, "nodes"], true) },
    {
      type,
      shape: "aliases",
      query: `{ ${list.field}(${list.args}) { nodes { id ${selectionOf(fixture, true)} } } }`,
      checks: checksOf(type, fixture, listPath, true, options.embedded),
      row: row([list.field, "nodes"], true),
    },
    {
      type,
      shape: "fragment",
      query: `query WithFragment { ${list.field}(${list.args}) { nodes { ...Fields } } } fragment Fields on ${type} { id ${fields} }`,
      checks: checksOf(type, fixture, listPath, false, options.embedded),
      row: row([list.field, "nodes"], true),
    },
    {
      type,
      shape: "node",
      query: `query Node($id: ID!) { node(id: $id) { id ... on ${type} { ${fields} } } }`,
      variables: { id: fixture.id },
      checks: checksOf(type, fixture, ["node"], false, options.embedded),
      row: row(["node"], false),
    },
  ];
  if (nested) plans.push({ type, shape: "nested", query: nested.query(`id ${fields}`), checks: checksOf(type, fixture, nested.path, false, options.embedded) });
  return plans;
}

function plansFor(world: World): Plan[] {
  const province = `province: { codes: ["${world.code}"], includePredecessors: false }`;
  const assessmentFilter = `filter: { ${province}, period: { from: "2025-03-10", to: "2025-03-10" } }`;
  const byName = (search: string) => `filter: { search: ${JSON.stringify(search)} }`;
  const criterionFixture = world.criterion;
  const criterion = { field: "criterionScores", type: "CriterionScore", fixture: criterionFixture };
  const roster = { field: "participants", type: "TrainingParticipant", fixture: world.participant };
  const participantFields = selectionOf(world.participant, false);
  return [
    ...recordPlans("Agency", world.agency, { field: "agencies", args: `filter: { ${province}, sectors: [SCIENCE_TECHNOLOGY] }` }, {
      query: (selection) => `{ assessments(${assessmentFilter}) { nodes { assessorAgency { ${selection} } } } }`,
      path: ["assessments", "nodes", 0, "assessorAgency"],
    }),
    ...recordPlans("Agreement", revoked, { field: "agreements", args: `filter: { grantor: { codes: ["VN-33"] }, grantee: { codes: ["VN-29"] } }` }, null, { row: "agreement" }),
    ...recordPlans("Agreement", declined, { field: "agreements", args: `filter: { grantor: { codes: ["VN-29"] }, grantee: { codes: ["VN-30"] } }` }, null, { row: "agreement" }),
    ...recordPlans(
      "Assessment",
      { ...world.assessment, values: { ...world.assessment.values, criterionScores: { select: "{ criterion score maxScore group }", value: [{ criterion: 1, score: 4.5, maxScore: 5, group: "T" }] } } },
      { field: "assessments", args: assessmentFilter },
      {
        query: (selection) => `{ enterprises(${byName(world.enterprise.search)}) { nodes { latestAssessment { ${selection} } } } }`,
        path: ["enterprises", "nodes", 0, "latestAssessment"],
      },
      { embedded: criterion },
    ),
    ...recordPlans("Enterprise", world.enterprise, { field: "enterprises", args: byName(world.enterprise.search) }, {
      query: (selection) => `{ listings(${byName(world.listing.search)}) { nodes { enterprise { ${selection} } } } }`,
      path: ["listings", "nodes", 0, "enterprise"],
    }),
    ...recordPlans("Listing", world.listing, { field: "listings", args: byName(world.listing.search) }, {
      query: (selection) => `{ enterprises(${byName(world.enterprise.search)}) { nodes { listings { nodes { ${selection} } } } } }`,
      path: ["enterprises", "nodes", 0, "listings", "nodes", 0],
    }),
    ...recordPlans("Memorandum", world.memorandum, { field: "memoranda", args: `filter: { ${province} }` }, {
      query: (selection) => `{ promotionEvents(${byName(world.eventSearch)}) { nodes { memoranda { nodes { ${selection} } } } } }`,
      path: ["promotionEvents", "nodes", 0, "memoranda", "nodes", 0],
    }),
    ...recordPlans("TradeFlow", world.tradeFlow, { field: "tradeFlows", args: `filter: { commodityCodes: ["${world.tradeFlow.commodityCode}"] }` }, null),
    ...recordPlans(
      "TrainingLink",
      { ...world.trainingLink, values: { ...world.trainingLink.values, participants: { select: `{ ${participantFields.replace("link { id }", "")} }`, value: [withoutLink(world.participant)] } } },
      { field: "trainingLinks", args: byName(world.trainingLink.search) },
      {
        query: (selection) => `{ institutions(${byName(world.institutionSearch)}) { nodes { links { nodes { ${selection} } } } } }`,
        path: ["institutions", "nodes", 0, "links", "nodes", 0],
      },
      { embedded: roster },
    ),
    {
      type: "TrainingParticipant",
      shape: "node",
      query: `query Node($id: ID!) { node(id: $id) { id ... on TrainingParticipant { ${participantFields} } } }`,
      variables: { id: world.participant.id },
      checks: checksOf("TrainingParticipant", world.participant, ["node"], false),
      row: { kind: "training participant", path: ["node"], asList: false },
    },
    {
      type: "TradeBalanceMonth",
      shape: "aggregate",
      query: `{ tradeBalance(provinceA: "${world.code}", provinceB: "VN-SG", fromMonth: "2025-06", toMonth: "2025-06", rollUpToCurrentUnits: false) { months { month valueAToB valueBToA netValue } } }`,
      checks: [
        ["valueAToB", "4200000000"],
        ["valueBToA", "0"],
        ["netValue", "4200000000"],
      ].map(([field, expected]) => ({ type: "TradeBalanceMonth", field: field!, path: ["tradeBalance", "months", 0, field!], expected, owners: [world.code, "VN-SG"] })),
    },
    {
      type: "TechnologyScoreCell",
      shape: "aggregate",
      query: `{ technologyScoreStatistics(year: 2025, provinceCodes: ["${world.currentCode}"]) { minimumCellSize cells { sectorCode assessmentCount ${Object.keys(world.cells[0]!.averages).join(" ")} } } }`,
      checks: world.cells.flatMap((cell, index) =>
        Object.entries(cell.averages).map(([field, average]) => ({
          type: "TechnologyScoreCell",
          field,
          path: ["technologyScoreStatistics", "cells", index, field],
          expected: average,
          owners: [world.code],
          cell: { records: cell.records, ownEnterpriseRecords: cell.ownEnterpriseRecords, k: K },
        })),
      ),
    },
  ];
}

function withoutLink(fixture: Fixture): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fixture.values).filter(([field]) => field !== "link").map(([field, { value }]) => [field, value]));
}

// ---- checking the answers ---------------------------------------------------------------------

function at(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || value === undefined) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

const samePath = (a: readonly (string | number)[] | undefined, b: Path) => JSON.stringify(a) === JSON.stringify(b);
/** Scores are averaged and rounded by the hub: two decimals (four for the coefficient) are the contract. */
const sameValue = (actual: unknown, expected: unknown) =>
  typeof expected === "number" && typeof actual === "number" ? Math.abs(actual - expected) < 0.006 : JSON.stringify(actual) === JSON.stringify(expected);

function verify(caller: Caller, plan: Plan, response: GraphQLResponse, results: { failures: string[]; checks: number }): void {
  const where = `${plan.type} (${plan.shape})`;
  const errors = response.errors ?? [];
  if (plan.row && !ROWS_VISIBLE_TO[plan.row.kind].includes(caller)) {
    // A row the caller may not see: absent exactly as if it did not exist, with no error naming it.
    const value = at(response.data, plan.row.path);
    results.checks += plan.checks.length;
    if (plan.row.asList ? JSON.stringify(value) !== "[]" : value !== null) results.failures.push(`${where}: the ${plan.row.kind} row is visible: ${JSON.stringify(value)}`);
    if (errors.length > 0) results.failures.push(`${where}: a hidden row answered with errors: ${errors.map((e) => e.message).join("; ")}`);
    return;
  }
  if (at(response.data, [Object.keys(response.data ?? {})[0] ?? ""]) === undefined) results.failures.push(`${where}: no data at all: ${JSON.stringify(response.errors)}`);
  for (const check of plan.checks) {
    results.checks += 1;
    const outcome: Outcome = expectedOutcome(caller, check.type, check.field, check.cell);
    const label = `${where} ${check.type}.${check.field} at ${check.path.join(".")}`;
    const value = at(response.data, check.path);
    if (outcome.read) {
      if (!sameValue(value, check.expected)) results.failures.push(`${label}: expected ${JSON.stringify(check.expected)}, got ${JSON.stringify(value)} ${JSON.stringify(errors.find((e) => samePath(e.path, check.path))?.message ?? "")}`);
      continue;
    }
    if (value !== null && value !== undefined) {
      results.failures.push(`${label}: leaked ${JSON.stringify(value)}`);
      continue;
    }
    const parent = check.withheldWith && !expectedOutcome(caller, check.withheldWith.type, check.withheldWith.field).read ? check.withheldWith : null;
    const errorPath = parent ? parent.path : check.path;
    const error = errors.find((e) => samePath(e.path, errorPath));
    const extensions = error?.extensions ?? {};
    const expectedReason = parent ? (expectedOutcome(caller, parent.type, parent.field) as { reason: string }).reason : outcome.reason;
    if (!error || extensions.code !== "FORBIDDEN") results.failures.push(`${label}: withheld without a FORBIDDEN error at ${errorPath.join(".")}`);
    else if (extensions.reason !== expectedReason) results.failures.push(`${label}: reason ${String(extensions.reason)}, expected ${expectedReason}`);
    else if (!parent && extensions.classification !== CLASSIFIED_FIELDS[check.type]!.fields[check.field]) results.failures.push(`${label}: classification ${String(extensions.classification)}`);
    else if (!parent && JSON.stringify(extensions.ownerProvinceCodes) !== JSON.stringify(check.owners)) results.failures.push(`${label}: owners ${JSON.stringify(extensions.ownerProvinceCodes)}, expected ${JSON.stringify(check.owners)}`);
  }
  // The rest of the response is intact: every error is a FORBIDDEN withholding.
  for (const error of errors) if (error.extensions?.code !== "FORBIDDEN") results.failures.push(`${where}: unexpected error ${error.message}`);
}

const tally = { checks: 0, fields: new Set<string>(), shapes: new Map<string, Set<Shape>>() };

describe("the authorisation matrix", () => {
  it("names exactly the classified fields of the committed SDL, with the brief's classifications", () => {
    const committed = classificationMap(buildSchema(readFileSync(new URL("../schema/schema.graphql", import.meta.url), "utf8")));
    const inSdl: string[] = [];
    for (const [type, fields] of committed) for (const [field, level] of fields) if (level !== "PUBLIC") inSdl.push(`${type}.${field}: ${level}`);
    const inTable = Object.entries(CLASSIFIED_FIELDS).flatMap(([type, spec]) => Object.entries(spec.fields).map(([field, level]) => `${type}.${field}: ${level}`));
    expect(inTable.sort()).toEqual(inSdl.sort());
    // Every type the SDL classifies is an object type the matrix knows.
    for (const type of committed.keys()) expect(isObjectType(buildSchema(readFileSync(new URL("../schema/schema.graphql", import.meta.url), "utf8")).getType(type))).toBe(true);
  });

  it.each(CALLERS)("holds for the %s", async (caller) => {
    const world = worlds.get(WORLD_OF[caller])!;
    const who = callerToken(caller, world);
    const token = who ? await hub.token(who) : undefined;
    const plans = plansFor(world);
    const responses = await Promise.all(plans.map((plan) => hub.query(plan.query, plan.variables ?? {}, { token })));
    const results = { failures: [] as string[], checks: 0 };
    plans.forEach((plan, index) => {
      verify(caller, plan, responses[index]!, results);
      for (const check of plan.checks) {
        tally.fields.add(`${check.type}.${check.field}`);
        const shapes = tally.shapes.get(`${check.type}.${check.field}`) ?? new Set<Shape>();
        tally.shapes.set(`${check.type}.${check.field}`, shapes.add(plan.shape));
      }
    });
    tally.checks += results.checks;
    expect(results.failures).toEqual([]);
  });

  it("covered every classified field through every shape that reaches it", () => {
    const classified = Object.entries(CLASSIFIED_FIELDS).flatMap(([type, spec]) => Object.keys(spec.fields).map((field) => `${type}.${field}`));
    expect([...tally.fields].sort()).toEqual(classified.sort());
    const shapeCount = [...tally.shapes.values()].reduce((sum, shapes) => sum + shapes.size, 0);
    // Recorded for the closing note: fields × callers × shapes, and the checks made.
    console.info(`[matrix] ${tally.fields.size} fields × ${CALLERS.length} callers, ${shapeCount} field-shape pairs: ${tally.checks} checks`);
    expect(tally.checks).toBeGreaterThan(tally.fields.size * CALLERS.length);
  });
});

describe("rows a caller may not see", () => {
  it("answers node(id) of a hidden row exactly as for an id that does not exist", async () => {
    const world = worlds.get("VN-33")!;
    const missing = Buffer.from("Assessment:999999999").toString("base64url");
    const query = `query Node($id: ID!) { node(id: $id) { id ... on Assessment { status level totalScore } } }`;
    for (const caller of CALLERS.filter((c) => WORLD_OF[c] === "VN-33")) {
      const who = callerToken(caller, world);
      const token = who ? await hub.token(who) : undefined;
      const draft = await hub.query(query, { id: world.draftAssessmentId }, { token });
      const nothing = await hub.query(query, { id: missing }, { token });
      if (ROWS_VISIBLE_TO["draft assessment"].includes(caller)) {
        expect(draft.data, caller).toMatchObject({ node: { status: "DRAFT", level: "ADVANCED", totalScore: 80 } });
      } else {
        expect(draft, caller).toEqual(nothing);
        expect(draft).toEqual({ data: { node: null } });
      }
      const drafts = await hub.query<{ assessments: { totalCount: number } }>(`{ assessments(filter: { statuses: [DRAFT], province: { codes: ["VN-33"], includePredecessors: false } }) { totalCount } }`, {}, { token });
      expect(drafts.data!.assessments.totalCount, caller).toBe(ROWS_VISIBLE_TO["draft assessment"].includes(caller) ? 1 : 0);
    }
  });
});
