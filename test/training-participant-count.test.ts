/**
 * A training link's participantCount and its PEOPLE_TRAINED outcomes tell one fact twice: the
 * demo records the count wherever the facts state how many were trained, and the write path keeps
 * the two consistent (a count below the trained is refused; a link without a count takes it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { globalIdOf } from "./support/global-ids.js";
import { AgencySector } from "../src/reference/agency.entity.js";
import type { Institution } from "../src/training/index.js";
import { seedFoodTechnologyLinks, seedTrainingFacts } from "../seeds/demo.training.js";
import { createAgency } from "../seeds/factories/reference.js";
import { createInstitution } from "../seeds/factories/training.js";
import { startTestHub, type TestCaller, type TestHub } from "./support/hub.js";

let hub: TestHub;
let college: Institution;

const HCMC_EDITOR: TestCaller = { kind: "agency", province: "VN-SG", agency: "VN-SG-SGDDT", roles: ["agency_editor"] };

beforeAll(async () => {
  hub = await startTestHub({ now: "2026-11-23T03:00:00Z" });
  const em = hub.em();
  const health = await createAgency(em, { provinceCode: "VN-SG", code: "VN-SG-SYT", name: "Sở Y tế Thành phố Hồ Chí Minh", sector: AgencySector.HEALTH });
  await createAgency(em, { provinceCode: "VN-SG", code: "VN-SG-SGDDT", name: "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh" });
  await seedTrainingFacts(em, health);
  await seedFoodTechnologyLinks(em);
  college = await createInstitution(em, { provinceCode: "VN-SG", code: "VNSG-CDKT-W", name: "Trường Cao đẳng Kỹ thuật Cao Thắng" });
});
afterAll(async () => {
  await hub?.close();
});

async function as<T = Record<string, unknown>>(caller: TestCaller | null, query: string, variables: Record<string, unknown> = {}) {
  return hub.query<T>(query, variables, { token: caller ? await hub.token(caller) : undefined });
}

type LinkNode = { code: string; participantCount: number | null; outcomes: { kind: string; value: number }[] };

describe("the demo's training links", () => {
  it("record participantCount wherever a PEOPLE_TRAINED outcome states it, and invent none", async () => {
    const response = await as<{ trainingLinks: { nodes: LinkNode[] } }>(null, `{ trainingLinks(first: 100) { nodes { code participantCount outcomes { kind value } } } }`);
    expect(response.errors).toBeUndefined();
    const links = response.data!.trainingLinks.nodes;
    expect(links.length).toBeGreaterThanOrEqual(10);
    for (const link of links) {
      const trained = link.outcomes.filter((outcome) => outcome.kind === "PEOPLE_TRAINED").map((outcome) => outcome.value);
      if (trained.length > 0) expect(link.participantCount, link.code).toBeGreaterThanOrEqual(Math.max(...trained));
    }
    const count = (code: string) => links.find((link) => link.code === code)?.participantCount;
    expect(count("TL-VNSG-NLU-VN33")).toBe(40);
    expect(count("TL-VN33-TTN-VNSG")).toBe(10);
    expect(count("TL-VNSG-UMC-VN28-QLCL")).toBe(33);
    // Facts that count techniques, rounds, courses or patients say nothing of how many took part.
    for (const code of ["TL-VNSG-SYT-VN28-KT", "TL-VNSG-UMC-VN28-KT", "TL-VNSG-PNT-VN28", "TL-VNSG-BVMAT-VN28-2017"]) expect(count(code), code).toBeNull();
  });
});

const RECORD = `mutation R($input: RecordTrainingLinkInput!) { recordTrainingLink(input: $input) { id version participantCount } }`;
const UPDATE = `mutation U($input: UpdateTrainingLinkInput!) { updateTrainingLink(input: $input) { version participantCount outcomes { kind value } } }`;
const course = (overrides: Record<string, unknown>) => ({
  institutionId: globalIdOf(college),
  partnerProvinceCode: "VN-33",
  kind: "COURSE",
  title: "Bồi dưỡng kỹ thuật bảo trì máy rang cà phê cho Đắk Lắk",
  periodFrom: "2026-04-01",
  periodTo: "2026-05-30",
  status: "COMPLETED",
  ...overrides,
});

describe("recording and changing a link", () => {
  it("takes the count from a PEOPLE_TRAINED outcome (or the roster, if larger) when none is reported", async () => {
    const fromOutcome = await as<{ recordTrainingLink: { participantCount: number | null } }>(HCMC_EDITOR, RECORD, {
      input: course({ outcomes: [{ kind: "PEOPLE_TRAINED", value: 24, recordedOn: "2026-05-30" }, { kind: "PEOPLE_CERTIFIED", value: 20, recordedOn: "2026-05-30" }] }),
    });
    expect(fromOutcome.errors).toBeUndefined();
    expect(fromOutcome.data!.recordTrainingLink.participantCount).toBe(24);

    const fromRoster = await as<{ recordTrainingLink: { participantCount: number | null } }>(HCMC_EDITOR, RECORD, {
      input: course({
        participants: [
          { fullName: "Y Bih Niê", certified: true },
          { fullName: "H'Hen Mlô", certified: true },
        ],
        outcomes: [{ kind: "PEOPLE_TRAINED", value: 1, recordedOn: "2026-05-30" }],
      }),
    });
    expect(fromRoster.data!.recordTrainingLink.participantCount).toBe(2);

    const nothing = await as<{ recordTrainingLink: { participantCount: number | null } }>(HCMC_EDITOR, RECORD, { input: course({ outcomes: [{ kind: "COURSES_DELIVERED", value: 2, recordedOn: "2026-05-30" }] }) });
    expect(nothing.data!.recordTrainingLink.participantCount).toBeNull();
  });

  it("refuses a reported count below the people trained", async () => {
    const response = await as(HCMC_EDITOR, RECORD, { input: course({ participantCount: 10, outcomes: [{ kind: "PEOPLE_TRAINED", value: 24, recordedOn: "2026-05-30" }] }) });
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0]?.message).toMatch(/below the 24 people/);
  });

  it("fills a missing count when a PEOPLE_TRAINED outcome is added, and keeps later changes consistent", async () => {
    const recorded = await as<{ recordTrainingLink: { id: string; participantCount: number | null } }>(HCMC_EDITOR, RECORD, {
      input: course({ outcomes: [{ kind: "COURSES_DELIVERED", value: 1, recordedOn: "2026-04-30" }] }),
    });
    const id = recorded.data!.recordTrainingLink.id;
    expect(recorded.data!.recordTrainingLink.participantCount).toBeNull();

    type Updated = { updateTrainingLink: { version: number; participantCount: number | null } };
    const added = await as<Updated>(HCMC_EDITOR, UPDATE, { input: { id, version: 1, addOutcomes: [{ kind: "PEOPLE_TRAINED", value: 18, recordedOn: "2026-05-30" }] } });
    expect(added.errors).toBeUndefined();
    expect(added.data!.updateTrainingLink).toMatchObject({ version: 2, participantCount: 18 });

    // Below the outcome recorded earlier: refused, and nothing changes.
    const lowered = await as(HCMC_EDITOR, UPDATE, { input: { id, version: 2, participantCount: 12 } });
    expect(lowered.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(lowered.errors?.[0]?.message).toMatch(/below the 18 people/);
    const raised = await as<Updated>(HCMC_EDITOR, UPDATE, { input: { id, version: 2, participantCount: 21 } });
    expect(raised.data!.updateTrainingLink).toMatchObject({ version: 3, participantCount: 21 });

    // A later PEOPLE_TRAINED figure above the reported count is refused too.
    const tooMany = await as(HCMC_EDITOR, UPDATE, { input: { id, version: 3, addOutcomes: [{ kind: "PEOPLE_TRAINED", value: 30, recordedOn: "2026-06-30" }] } });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(tooMany.errors?.[0]?.message).toMatch(/participantCount 21 is below the 30 people/);
    const within = await as<Updated>(HCMC_EDITOR, UPDATE, { input: { id, version: 3, addOutcomes: [{ kind: "PEOPLE_TRAINED", value: 20, recordedOn: "2026-06-30" }] } });
    expect(within.errors).toBeUndefined();
    expect(within.data!.updateTrainingLink).toMatchObject({ version: 4, participantCount: 21 });
  });
});
