/**
 * Training links (with roster and outcomes), promotion events and memoranda through the API: who
 * may record them, who owns them, one transaction each, and live training-link events with the
 * roster for owners only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgencySector } from "../src/reference/agency.entity.js";
import type { EnterpriseEntity } from "../src/reference/enterprise.entity.js";
import { TrainingParticipantEntity } from "../src/training/index.js";
import type { Institution } from "../src/training/index.js";
import { createAgency, createEnterprise } from "../seeds/factories/reference.js";
import { createInstitution } from "../seeds/factories/training.js";
import { startTestHub, type TestCaller, type TestHub } from "./support/hub.js";
import { subscribe } from "./support/subscriber.js";
import { globalIdOf } from "./support/global-ids.js";

let hub: TestHub;
let eyeHospital: Institution;
let seller: EnterpriseEntity;
let buyer: EnterpriseEntity;

const HCMC_HEALTH: TestCaller = { kind: "agency", province: "VN-SG", agency: "VN-SG-SYT", roles: ["agency_editor"] };
const QUANG_NGAI_HEALTH: TestCaller = { kind: "agency", province: "VN-29", agency: "VN-29-SYT", roles: ["agency_editor"] };
const LAM_DONG_HEALTH: TestCaller = { kind: "agency", province: "VN-35", agency: "VN-35-SYT", roles: ["agency_editor"] };

beforeAll(async () => {
  hub = await startTestHub({ now: "2026-11-23T03:00:00Z" });
  const em = hub.em();
  await createAgency(em, { provinceCode: "VN-SG", code: "VN-SG-SYT", name: "Sở Y tế Thành phố Hồ Chí Minh", sector: AgencySector.HEALTH });
  await createAgency(em, { provinceCode: "VN-29", code: "VN-29-SYT", name: "Sở Y tế tỉnh Quảng Ngãi", sector: AgencySector.HEALTH });
  await createAgency(em, { provinceCode: "VN-35", code: "VN-35-SYT", name: "Sở Y tế tỉnh Lâm Đồng", sector: AgencySector.HEALTH });
  await createAgency(em, { provinceCode: "VN-SG", code: "VN-SG-SCT", name: "Sở Công Thương Thành phố Hồ Chí Minh", sector: AgencySector.INDUSTRY_TRADE });
  eyeHospital = await createInstitution(em, { provinceCode: "VN-SG", code: "VNSG-BVMAT-W", name: "Bệnh viện Mắt Thành phố Hồ Chí Minh" });
  seller = await createEnterprise(em, { provinceCode: "VN-29", name: "Công ty TNHH Sâm Ngọc Linh Măng Đen (mô phỏng)" });
  buyer = await createEnterprise(em, { provinceCode: "VN-SG", name: "Công ty Cổ phần Thương mại Sài Gòn (mô phỏng)" });
});
afterAll(async () => {
  await hub?.close();
});

async function as<T = Record<string, unknown>>(caller: TestCaller | null, query: string, variables: Record<string, unknown> = {}) {
  return hub.query<T>(query, variables, { token: caller ? await hub.token(caller) : undefined });
}

const RECORD_LINK = `mutation L($input: RecordTrainingLinkInput!) { recordTrainingLink(input: $input) { id version ownerProvinceCodes participantCount budgetVnd participants { fullName certified } outcomes { kind value } } }`;
const link = () => ({
  institutionId: globalIdOf(eyeHospital),
  partnerProvinceCode: "VN-29",
  partnerOrganisation: "Bệnh viện Đa khoa tỉnh Quảng Ngãi",
  kind: "MEDICAL_OUTREACH",
  title: "Phẫu thuật đục thủy tinh thể cho người nghèo Quảng Ngãi 2026",
  periodFrom: "2026-03-01",
  periodTo: "2026-09-30",
  budgetVnd: "1200000000",
  status: "COMPLETED",
  participants: [
    { fullName: "Nguyễn Thị Hạnh", position: "Điều dưỡng", workplace: "Bệnh viện Đa khoa tỉnh Quảng Ngãi", certified: true },
    { fullName: "Trần Văn Bảo", position: "Bác sĩ", workplace: "Bệnh viện Đa khoa tỉnh Quảng Ngãi", certified: false },
  ],
  outcomes: [{ kind: "PATIENTS_TREATED", value: 214, recordedOn: "2026-09-30", description: "Phẫu thuật Phaco miễn phí" }],
});

describe("training links", () => {
  it("records a link with roster and outcomes, owned by both sides, and announces it with the roster for owners only", async () => {
    const SUBSCRIPTION = `subscription T($after: String) { trainingLinkChanged(after: $after, provinceCodes: ["VN-29"]) { kind trainingLink { title budgetVnd participants { fullName } } } }`;
    type Event = { trainingLinkChanged: { kind: string; trainingLink: { title: string; budgetVnd: string | null; participants: { fullName: string }[] | null } } };
    const after = (await hub.query<{ latestEventPosition: string }>("{ latestEventPosition }")).data!.latestEventPosition;
    const owner = subscribe<Event>(hub.url, SUBSCRIPTION, { after }, { token: await hub.token({ kind: "agency", province: "VN-29" }) });
    const outsider = subscribe<Event>(hub.url, SUBSCRIPTION, { after }, { token: await hub.token({ kind: "agency", province: "VN-35" }) });
    try {
      const recorded = await as<{ recordTrainingLink: { id: string; ownerProvinceCodes: string[]; participantCount: number; outcomes: unknown[] } }>(HCMC_HEALTH, RECORD_LINK, { input: link() });
      expect(recorded.errors).toBeUndefined();
      expect(recorded.data!.recordTrainingLink).toMatchObject({ ownerProvinceCodes: ["VN-SG", "VN-29"], participantCount: 2, outcomes: [{ kind: "PATIENTS_TREATED", value: 214 }] });
      const ownerEvent = await owner.next();
      expect(ownerEvent.data!.trainingLinkChanged).toEqual({
        kind: "RECORDED",
        trainingLink: { title: link().title, budgetVnd: "1200000000", participants: [{ fullName: "Nguyễn Thị Hạnh" }, { fullName: "Trần Văn Bảo" }] },
      });
      const outsiderEvent = await outsider.next();
      expect(outsiderEvent.data!.trainingLinkChanged.trainingLink).toEqual({ title: link().title, budgetVnd: null, participants: null });
      expect(outsiderEvent.errors?.map((error) => error.extensions?.reason).sort()).toEqual(["NO_AGREEMENT_IN_FORCE", "OWNERS_ONLY"]);

      // Writes belong to the contributing province (HCMC): the partner reads the link as an owner but does not change it.
      const UPDATE = `mutation U($input: UpdateTrainingLinkInput!) { updateTrainingLink(input: $input) { version status participantCount } }`;
      const byPartner = await as(QUANG_NGAI_HEALTH, UPDATE, { input: { id: recorded.data!.recordTrainingLink.id, version: 1, participantCount: 3 } });
      expect(byPartner.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const byContributor = await as<{ updateTrainingLink: { version: number; participantCount: number } }>(HCMC_HEALTH, UPDATE, {
        input: { id: recorded.data!.recordTrainingLink.id, version: 1, participantCount: 3, addParticipants: [{ fullName: "Lê Thị Mai", certified: true }] },
      });
      expect(byContributor.data!.updateTrainingLink).toMatchObject({ version: 2, participantCount: 3 });
      expect((await owner.next()).data!.trainingLinkChanged.kind).toBe("CHANGED");
    } finally {
      await owner.close();
      await outsider.close();
    }
  });

  it("writes nothing when a part of the link is bad, and is refused to provinces that would not own it", async () => {
    const before = await hub.em().count(TrainingParticipantEntity, {});
    const bad = await as(HCMC_HEALTH, RECORD_LINK, { input: { ...link(), title: "Liên kết có người tham gia sai", participants: [{ fullName: "Hợp lệ", certified: true }, { fullName: "", certified: true }] } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { "participants.1.fullName": expect.any(String) } });
    const outsider = await as(LAM_DONG_HEALTH, RECORD_LINK, { input: { ...link(), title: "Liên kết của tỉnh không liên quan" } });
    expect(outsider.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await hub.em().count(TrainingParticipantEntity, {})).toBe(before);
  });
});

describe("promotion events and memoranda", () => {
  it("records an event of the organiser's province and a memorandum owned by its signatories' provinces", async () => {
    const event = await as<{ recordPromotionEvent: { id: string; ownerProvinceCodes: string[]; organiserAgency: { code: string } } }>(
      { kind: "agency", province: "VN-SG", agency: "VN-SG-SCT", roles: ["agency_editor"] },
      `mutation E($input: RecordPromotionEventInput!) { recordPromotionEvent(input: $input) { id ownerProvinceCodes organiserAgency { code } } }`,
      { input: { name: "Hội nghị kết nối cung cầu TP.HCM – Quảng Ngãi 2026", kind: "SUPPLY_DEMAND_CONFERENCE", startsOn: "2026-11-10", endsOn: "2026-11-12", venue: "SECC, Quận 7", hostProvinceCode: "VN-SG" } },
    );
    expect(event.data!.recordPromotionEvent).toMatchObject({ ownerProvinceCodes: ["VN-SG"], organiserAgency: { code: "VN-SG-SCT" } });
    const MEMORANDUM = `mutation M($input: RecordMemorandumInput!) { recordMemorandum(input: $input) { ownerProvinceCodes valueVnd event { name } parties { role provinceCode } } }`;
    const input = {
      eventId: event.data!.recordPromotionEvent.id,
      signedOn: "2026-11-11",
      title: "Biên bản ghi nhớ tiêu thụ sâm Ngọc Linh tại TP.HCM",
      valueVnd: "3200000000",
      parties: [
        { enterpriseId: globalIdOf(seller), role: "SELLER" },
        { enterpriseId: globalIdOf(buyer), role: "BUYER" },
      ],
    };
    const recorded = await as<{ recordMemorandum: { ownerProvinceCodes: string[]; valueVnd: string } }>(QUANG_NGAI_HEALTH, MEMORANDUM, { input });
    expect(recorded.data!.recordMemorandum).toMatchObject({ ownerProvinceCodes: ["VN-29", "VN-SG"], valueVnd: "3200000000", parties: [{ role: "SELLER", provinceCode: "VN-29" }, { role: "BUYER", provinceCode: "VN-SG" }] });
    const outsider = await as(LAM_DONG_HEALTH, MEMORANDUM, { input });
    expect(outsider.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const oneParty = await as(QUANG_NGAI_HEALTH, MEMORANDUM, { input: { ...input, parties: [input.parties[0]] } });
    expect(oneParty.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { parties: expect.any(String) } });
  });
});
