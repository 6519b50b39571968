import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgencySector } from "../src/reference/agency.entity.js";
import { printHubSchema } from "../src/schema.js";
import { ProgrammeLevel } from "../src/training/programme.entity.js";
import { TrainingOutcomeKind } from "../src/training/training-outcome.entity.js";
import { createAgency } from "../seeds/factories/reference.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { seedTrainingFacts } from "../seeds/demo.training.js";
import { createInstitution, createOutcome, createProgramme, createTrainingLink } from "../seeds/factories/training.js";

/**
 * The programme's facts from the brief (HCMC institutions and Kon Tum, VN-28, before the 2025
 * merger into Quảng Ngãi, VN-29), a post-merger link to VN-29, links with Đắk Lắk and HCMC as
 * partners, and filler institutions in Lâm Đồng linked to Gia Lai for the batching test.
 * Figures the brief does not give (study-visit headcounts, budgets) are synthetic.
 */
const FILLER_INSTITUTIONS = 45;

let hub: TestHub;
beforeAll(async () => {
  // A fixed "now" for relative periods: 15 March 2026 in Asia/Ho_Chi_Minh.
  hub = await startTestHub({ now: "2026-03-15T03:00:00Z" });
  const em = hub.em();
  const healthDepartment = await createAgency(em, { provinceCode: "VN-SG", code: "VN-SG-SYT", name: "Sở Y tế Thành phố Hồ Chí Minh", sector: AgencySector.HEALTH });

  await seedTrainingFacts(em, healthDepartment);

  // Filler: Lâm Đồng training centres, each with a programme and a link to Gia Lai with one outcome.
  for (let i = 0; i < FILLER_INSTITUTIONS; i += 1) {
    const centre = await createInstitution(em, { provinceCode: "VN-35", name: `Trung tâm Giáo dục nghề nghiệp Lâm Đồng ${String(i).padStart(2, "0")}` });
    const programme = await createProgramme(em, { institution: centre, name: "Kỹ thuật chế biến món ăn", disciplineCode: "6810207", disciplineName: "Kỹ thuật chế biến món ăn", level: ProgrammeLevel.VOCATIONAL });
    const link = await createTrainingLink(em, { institution: centre, programme, partnerProvinceCode: "VN-30", periodFrom: "2022-01-01", periodTo: "2022-06-30" });
    await createOutcome(em, { link, kind: TrainingOutcomeKind.PEOPLE_TRAINED, value: 1 });
  }
});
afterAll(async () => {
  await hub?.close();
});

type Nodes<T> = { nodes: T[]; totalCount?: number };

describe("institutions", () => {
  it("filters by province, kind and a search without diacritics, in Vietnamese order", async () => {
    const hospitals = await hub.query<{ institutions: Nodes<{ name: string; kind: string; province: { code: string } }> }>(
      `{ institutions(filter: { province: { codes: ["VN-SG"] }, kinds: [HOSPITAL] }) { totalCount nodes { name kind province { code } } } }`,
    );
    expect(hospitals.errors).toBeUndefined();
    expect(hospitals.data!.institutions.nodes.map((node) => node.name)).toEqual([
      "Bệnh viện Đại học Y Dược Thành phố Hồ Chí Minh",
      "Bệnh viện Mắt Thành phố Hồ Chí Minh",
      "Bệnh viện Nhân dân 115",
      "Bệnh viện Nhi Đồng 1",
    ]);
    expect(hospitals.data!.institutions.totalCount).toBe(4);

    const search = await hub.query<{ institutions: Nodes<{ code: string; shortName: string | null; website: string | null }> }>(
      `{ institutions(filter: { search: "pham ngoc thach" }) { nodes { code shortName website } } }`,
    );
    expect(search.data!.institutions.nodes).toEqual([{ code: "VN-SG-PNT", shortName: "PNTU", website: "https://www.pnt.edu.vn" }]);

    const english = await hub.query<{ institutions: Nodes<{ code: string }> }>(`{ institutions(filter: { search: "eye hospital" }) { nodes { code } } }`);
    expect(english.data!.institutions.nodes).toEqual([{ code: "VN-SG-BV-MAT" }]);
  });

  it("resolves the managing agency or the managing body's name", async () => {
    const response = await hub.query<{ institutions: Nodes<{ code: string; managingAgency: { code: string; name: string } | null; managingBodyName: string | null }> }>(
      `{ institutions(filter: { search: "benh vien" , kinds: [HOSPITAL] }) { nodes { code managingAgency { code name } managingBodyName } } }`,
    );
    const byCode = new Map(response.data!.institutions.nodes.map((node) => [node.code, node]));
    expect(byCode.get("VN-SG-BV-MAT")!.managingAgency).toEqual({ code: "VN-SG-SYT", name: "Sở Y tế Thành phố Hồ Chí Minh" });
    expect(byCode.get("VN-SG-BV-DHYD")).toMatchObject({ managingAgency: null, managingBodyName: "Đại học Y Dược Thành phố Hồ Chí Minh" });
  });

  it("navigates to programmes and links with their partner provinces and outcomes", async () => {
    const response = await hub.query<{
      institutions: Nodes<{
        programmes: Nodes<{ name: string; disciplineCode: string; level: string }> & { totalCount: number };
        links: Nodes<{ code: string; periodFrom: string; periodTo: string | null; status: string; partnerProvince: { code: string; name: string }; outcomes: { kind: string; value: number }[] }>;
      }>;
    }>(
      `{ institutions(filter: { search: "mat thanh pho" }) { nodes {
          programmes(first: 5) { totalCount nodes { name disciplineCode level } }
          links(first: 5) { totalCount nodes { code periodFrom periodTo status partnerProvince { code name } outcomes { kind value } } }
        } } }`,
    );
    expect(response.errors).toBeUndefined();
    const eye = response.data!.institutions.nodes[0]!;
    expect(eye.programmes).toEqual({ totalCount: 1, nodes: [{ name: "Phẫu thuật Phaco", disciplineCode: "7720101", level: "CONTINUING_MEDICAL_EDUCATION" }] });
    expect(eye.links.totalCount).toBe(2);
    expect(eye.links.nodes).toEqual([
      {
        code: "TL-VNSG-BVMAT-VN29-2025",
        periodFrom: "2025-09-01",
        periodTo: null,
        status: "ONGOING",
        partnerProvince: { code: "VN-29", name: "Quảng Ngãi" },
        outcomes: [{ kind: "PATIENTS_TREATED", value: 120 }],
      },
      {
        code: "TL-VNSG-BVMAT-VN28-2017",
        periodFrom: "2017-01-01",
        periodTo: "2020-12-31",
        status: "COMPLETED",
        partnerProvince: { code: "VN-28", name: "Kon Tum" },
        outcomes: [{ kind: "PATIENTS_TREATED", value: 899 }],
      },
    ]);
  });

  it("batches nested lists: the same statement count for 1, 10 and 50 institutions", async () => {
    const counts: number[] = [];
    for (const first of [1, 10, 50]) {
      const response = await hub.query<{
        institutions: Nodes<{ programmes: Nodes<{ name: string }>; links: Nodes<{ partnerProvince: { name: string }; outcomes: { value: number }[] }> }>;
      }>(
        `query Batched($first: Int!) { institutions(first: $first) { nodes {
            programmes(first: 5) { nodes { name } }
            links(first: 5) { nodes { partnerProvince { name } outcomes { value } } }
          } } }`,
        { first },
      );
      expect(response.errors).toBeUndefined();
      const nodes = response.data!.institutions.nodes;
      expect(nodes).toHaveLength(first);
      for (const node of nodes) {
        expect(node.programmes.nodes.length).toBeGreaterThan(0);
        expect(node.links.nodes.length).toBeGreaterThan(0);
        for (const link of node.links.nodes) {
          expect(link.partnerProvince.name).toBeTruthy();
          expect(link.outcomes.length).toBeGreaterThan(0);
        }
      }
      counts.push(hub.lastStatementCount());
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts).toEqual([counts[0], counts[0], counts[0]]);
  });
});

describe("programmes", () => {
  it("filters by discipline-code prefix, level and institution province", async () => {
    const food = await hub.query<{ programmes: Nodes<{ name: string; disciplineName: string; institution: { code: string } }> }>(
      `{ programmes(filter: { disciplinePrefixes: ["754"] }) { nodes { name disciplineName institution { code } } } }`,
    );
    expect(food.errors).toBeUndefined();
    expect(food.data!.programmes.nodes).toEqual([
      { name: "Công nghệ sau thu hoạch", disciplineName: "Công nghệ sau thu hoạch", institution: { code: "VN-33-TTN" } },
      { name: "Công nghệ thực phẩm", disciplineName: "Công nghệ thực phẩm", institution: { code: "VN-SG-NLU" } },
    ]);

    const nursing = await hub.query<{ programmes: Nodes<{ name: string }> }>(
      `{ programmes(filter: { disciplinePrefixes: ["7720301", "7720302"], levels: [BACHELOR], institutionProvince: { codes: ["VN-SG"] } }) { nodes { name } } }`,
    );
    expect(nursing.data!.programmes.nodes.map((node) => node.name)).toEqual(["Điều dưỡng", "Hộ sinh"]);

    const english = await hub.query<{ programmes: Nodes<{ name: string }> }>(`{ programmes(filter: { search: "food technology" }) { nodes { name } } }`);
    expect(english.data!.programmes.nodes.map((node) => node.name)).toEqual(["Công nghệ thực phẩm"]);
  });

  it("keeps only programmes linked to a partner province, historical codes and successors included", async () => {
    const linked = async (province: string) => {
      const response = await hub.query<{ programmes: Nodes<{ name: string }> }>(`{ programmes(filter: { linkedProvince: ${province} }) { totalCount nodes { name } } }`);
      expect(response.errors).toBeUndefined();
      return response.data!.programmes.nodes.map((node) => node.name);
    };
    // HCMC food-technology programmes linked to Đắk Lắk (the brief's cross-dataset question).
    expect(await linked(`{ codes: ["VN-33"] }`)).toEqual(["Công nghệ thực phẩm"]);
    // Kon Tum's own links: the historical code means the records made under Kon Tum.
    const konTum = ["Bồi dưỡng cán bộ quản lý trường phổ thông", "Chuyển giao kỹ thuật chuyên sâu", "Điều dưỡng", "Phẫu thuật Phaco", "Quản lý chất lượng bệnh viện"];
    expect(await linked(`{ codes: ["VN-28"] }`)).toEqual(konTum);
    // Quảng Ngãi today covers Kon Tum's links too; without predecessors only the post-merger one.
    expect(await linked(`{ codes: ["VN-29"] }`)).toEqual(konTum);
    expect(await linked(`{ codes: ["VN-29"], includePredecessors: false }`)).toEqual(["Phẫu thuật Phaco"]);
  });

  it("navigates from a programme to its institution and links", async () => {
    const response = await hub.query<{ programmes: Nodes<{ institution: { name: string }; links: Nodes<{ title: string; participantCount: number | null }> }> }>(
      `{ programmes(filter: { search: "quan ly chat luong" }) { nodes { institution { name } links(first: 3) { totalCount nodes { title participantCount } } } } }`,
    );
    expect(response.data!.programmes.nodes).toEqual([
      {
        institution: { name: "Bệnh viện Đại học Y Dược Thành phố Hồ Chí Minh" },
        links: { totalCount: 1, nodes: [{ title: "Đào tạo quản lý chất lượng bệnh viện cho cán bộ y tế Kon Tum", participantCount: 33 }] },
      },
    ]);
  });
});

describe("training links", () => {
  it("filters by partner province (with successors), institution province, kind and period", async () => {
    const codes = async (filter: string) => {
      const response = await hub.query<{ trainingLinks: Nodes<{ code: string }> }>(`{ trainingLinks(first: 100, filter: ${filter}) { totalCount nodes { code } } }`);
      expect(response.errors).toBeUndefined();
      return response.data!.trainingLinks.nodes.map((node) => node.code);
    };
    expect(await codes(`{ partnerProvince: { codes: ["VN-29"] }, kinds: [MEDICAL_OUTREACH] }`)).toEqual(["TL-VNSG-BVMAT-VN29-2025", "TL-VNSG-BVMAT-VN28-2017"]);
    expect(await codes(`{ partnerProvince: { codes: ["VN-28"] }, kinds: [TECHNIQUE_TRANSFER] }`)).toEqual(["TL-VNSG-UMC-VN28-KT", "TL-VNSG-SYT-VN28-KT"]);
    expect(await codes(`{ institutionProvince: { codes: ["VN-33"] } }`)).toEqual(["TL-VN33-TTN-VNSG"]);
    // Periods overlapping 2020 (the open-ended 2025 link does not; the 2017–2020 ones do).
    expect(await codes(`{ period: { from: "2020-01-01", to: "2020-12-31" } }`)).toEqual(["TL-VNSG-BVMAT-VN28-2017", "TL-VNSG-SYT-VN28-KT"]);
    // An open-ended link overlaps every later range.
    expect(await codes(`{ period: { from: "2030-01-01" } }`)).toEqual(["TL-VNSG-BVMAT-VN29-2025"]);
    // Relative periods resolve with the hub's clock: only the open-ended link runs in 2026.
    expect(await codes(`{ period: { relative: CURRENT_YEAR } }`)).toEqual(["TL-VNSG-BVMAT-VN29-2025"]);
    expect(await codes(`{ statuses: [ONGOING] }`)).toEqual(["TL-VNSG-BVMAT-VN29-2025"]);
    expect(await codes(`{ search: "benh vien da khoa kon tum" }`)).toEqual(["TL-VNSG-UMC-VN28-KT"]);
  });

  it("rejects an unknown partner province code", async () => {
    const response = await hub.query(`{ trainingLinks(filter: { partnerProvince: { codes: ["VN-99"] } }) { totalCount } }`);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("pages newest first without gaps or repeats", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { data?: { trainingLinks: { nodes: { code: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } = await hub.query(
        `query P($after: String) { trainingLinks(first: 3, after: $after, filter: { partnerProvince: { codes: ["VN-29"] } }) { nodes { code } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...page.data!.trainingLinks.nodes.map((node) => node.code));
      if (!page.data!.trainingLinks.pageInfo.hasNextPage) break;
      after = page.data!.trainingLinks.pageInfo.endCursor;
    }
    expect(seen).toEqual([
      "TL-VNSG-BVMAT-VN29-2025",
      "TL-VNSG-UMC-VN28-QLCL",
      // Same start: the later record first (ties break by id, in the list's direction).
      "TL-VN-SG-BV-115-VN28",
      "TL-VN-SG-BV-ND1-VN28",
      "TL-VNSG-CBQLGD-VN28",
      "TL-VNSG-PNT-VN28",
      "TL-VNSG-UMC-VN28-KT",
      "TL-VNSG-BVMAT-VN28-2017",
      "TL-VNSG-SYT-VN28-KT",
    ]);
  });

  it("resolves institution, programme, partner, owners, budget, roster and outcomes of a link", async () => {
    // The budget is RESTRICTED and the roster CONFIDENTIAL: Quảng Ngãi reads them as Kon Tum's successor.
    const konTumSuccessor = { token: await hub.token({ kind: "agency", province: "VN-29" }) };
    const response = await hub.query<{
      trainingLinks: Nodes<{
        code: string;
        ownerProvinceCodes: string[];
        participantCount: number | null;
        budgetVnd: string | null;
        partnerOrganisation: string | null;
        institution: { shortName: string | null; name: string };
        programme: { name: string } | null;
        partnerProvince: { code: string; isCurrent: boolean; successor: { code: string } | null };
        participants: { fullName: string; position: string; workplace: string; certified: boolean; ownerProvinceCodes: string[] }[] | null;
        outcomes: { kind: string; value: number; recordedOn: string; link: { code: string } }[];
      }>;
    }>(
      `{ trainingLinks(filter: { search: "can bo quan ly truong hoc" }) { nodes {
          code ownerProvinceCodes participantCount budgetVnd partnerOrganisation
          institution { name shortName } programme { name }
          partnerProvince { code isCurrent successor { code } }
          participants { fullName position workplace certified ownerProvinceCodes }
          outcomes { kind value recordedOn link { code } }
        } } }`,
      {},
      konTumSuccessor,
    );
    expect(response.errors).toBeUndefined();
    const link = response.data!.trainingLinks.nodes[0]!;
    expect(link).toMatchObject({
      code: "TL-VNSG-CBQLGD-VN28",
      ownerProvinceCodes: ["VN-SG", "VN-28"],
      participantCount: 87,
      budgetVnd: null,
      partnerOrganisation: "Sở Giáo dục và Đào tạo tỉnh Kon Tum",
      institution: { name: "Trường Cán bộ quản lý giáo dục Thành phố Hồ Chí Minh", shortName: null },
      programme: { name: "Bồi dưỡng cán bộ quản lý trường phổ thông" },
      partnerProvince: { code: "VN-28", isCurrent: false, successor: { code: "VN-29" } },
      outcomes: [{ kind: "PEOPLE_CERTIFIED", value: 87, recordedOn: "2019-12-31", link: { code: "TL-VNSG-CBQLGD-VN28" } }],
    });
    // The roster in Vietnamese order: "A" < "Đ" < "T".
    expect(link.participants!.map((p) => [p.fullName, p.certified])).toEqual([
      ["A Thị Hoa", true],
      ["Đỗ Văn Bình", false],
      ["Trần Thị Ánh", true],
    ]);
    expect(link.participants![0]).toMatchObject({ position: "Hiệu trưởng", workplace: "Trường THCS thử nghiệm, Kon Tum", ownerProvinceCodes: ["VN-SG", "VN-28"] });

    const budget = await hub.query<{ trainingLinks: Nodes<{ budgetVnd: string | null }> }>(`{ trainingLinks(filter: { search: "sau benh vien dau nganh" }) { nodes { budgetVnd } } }`, {}, konTumSuccessor);
    expect(budget.data!.trainingLinks.nodes).toEqual([{ budgetVnd: "3500000000" }]);
  });

  it("declares the roster CONFIDENTIAL and the budget RESTRICTED in the SDL, with nullable fields", async () => {
    const sdl = printHubSchema(hub.server.schema);
    expect(sdl).toMatch(/participants: \[TrainingParticipant!\] @classification\(level: CONFIDENTIAL\)/);
    expect(sdl).toMatch(/budgetVnd: Decimal @classification\(level: RESTRICTED\)/);
    expect(sdl).toMatch(/type TrainingParticipant implements Node & OwnedRecord @classification\(level: CONFIDENTIAL\)/);
    expect(sdl).toMatch(/participantCount: Int\n/);
  });

  it("lists a province's links as partner, on the administrative unit", async () => {
    const response = await hub.query<{ units: { code: string; trainingLinksAsPartner: Nodes<{ code: string }> & { totalCount: number } }[] }>(
      `{ units(filter: { programmeMember: true }) { code trainingLinksAsPartner(first: 2, filter: { kinds: [MEDICAL_OUTREACH, TECHNIQUE_TRANSFER, COURSE, STUDY_VISIT, INTERNSHIP] }) { totalCount nodes { code } } } }`,
    );
    expect(response.errors).toBeUndefined();
    const byCode = new Map(response.data!.units.map((unit) => [unit.code, unit.trainingLinksAsPartner]));
    expect(byCode.get("VN-28")).toEqual({ totalCount: 8, nodes: [{ code: "TL-VNSG-UMC-VN28-QLCL" }, { code: "TL-VN-SG-BV-115-VN28" }] });
    expect(byCode.get("VN-29")).toEqual({ totalCount: 1, nodes: [{ code: "TL-VNSG-BVMAT-VN29-2025" }] });
    expect(byCode.get("VN-33")).toEqual({ totalCount: 1, nodes: [{ code: "TL-VNSG-NLU-VN33" }] });
    expect(byCode.get("VN-30")!.totalCount).toBe(FILLER_INSTITUTIONS);
    expect(byCode.get("VN-72")).toEqual({ totalCount: 0, nodes: [] });
  });

  it("finds every training type by node(id), and null for an unknown id", async () => {
    // Roster entries exist only for the agencies of the link's owners (HCMC here).
    const owner = { token: await hub.token({ kind: "agency", province: "VN-SG" }) };
    const response = await hub.query<{
      trainingLinks: Nodes<{ id: string; institution: { id: string }; programme: { id: string }; outcomes: { id: string }[]; participants: { id: string }[] }>;
    }>(`{ trainingLinks(filter: { search: "can bo quan ly truong hoc" }) { nodes { id institution { id } programme { id } outcomes { id } participants { id } } } }`, {}, owner);
    const link = response.data!.trainingLinks.nodes[0]!;
    const ids = [link.id, link.institution.id, link.programme.id, link.outcomes[0]!.id, link.participants[0]!.id];
    const nodes = await hub.query<{ nodes: { __typename: string; code?: string; name?: string; value?: number; fullName?: string }[] }>(
      `query N($ids: [ID!]!) { nodes(ids: $ids) { __typename
        ... on TrainingLink { code } ... on Institution { name } ... on Programme { name } ... on TrainingOutcome { value } ... on TrainingParticipant { fullName } } }`,
      { ids },
      owner,
    );
    expect(nodes.errors).toBeUndefined();
    expect(nodes.data!.nodes).toEqual([
      { __typename: "TrainingLink", code: "TL-VNSG-CBQLGD-VN28" },
      { __typename: "Institution", name: "Trường Cán bộ quản lý giáo dục Thành phố Hồ Chí Minh" },
      { __typename: "Programme", name: "Bồi dưỡng cán bộ quản lý trường phổ thông" },
      { __typename: "TrainingOutcome", value: 87 },
      { __typename: "TrainingParticipant", fullName: "A Thị Hoa" },
    ]);
    const missing = await hub.query<{ node: null }>(`query N($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from("TrainingLink:999999").toString("base64url") });
    expect(missing.errors).toBeUndefined();
    expect(missing.data!.node).toBeNull();
  });
});

describe("trainingOutcomesByProvince", () => {
  type Total = { partnerProvinceCode: string; kind: string; total: number; linkCount: number };
  const totals = async (args: string) => {
    const response = await hub.query<{ trainingOutcomesByProvince: Total[] }>(`{ trainingOutcomesByProvince${args} { partnerProvinceCode kind total linkCount } }`);
    expect(response.errors).toBeUndefined();
    return response.data!.trainingOutcomesByProvince;
  };

  it("rolls Kon Tum's figures up to Quảng Ngãi by default", async () => {
    expect(await totals("")).toEqual([
      { partnerProvinceCode: "VN-29", kind: "COURSES_DELIVERED", total: 2, linkCount: 1 },
      { partnerProvinceCode: "VN-29", kind: "PATIENTS_TREATED", total: 1019, linkCount: 2 },
      { partnerProvinceCode: "VN-29", kind: "PEOPLE_CERTIFIED", total: 87, linkCount: 1 },
      { partnerProvinceCode: "VN-29", kind: "PEOPLE_TRAINED", total: 60, linkCount: 3 },
      { partnerProvinceCode: "VN-29", kind: "ROUNDS_DELIVERED", total: 4, linkCount: 1 },
      { partnerProvinceCode: "VN-29", kind: "TECHNIQUES_TRANSFERRED", total: 11, linkCount: 1 },
      { partnerProvinceCode: "VN-30", kind: "PEOPLE_TRAINED", total: FILLER_INSTITUTIONS, linkCount: FILLER_INSTITUTIONS },
      { partnerProvinceCode: "VN-33", kind: "PEOPLE_TRAINED", total: 40, linkCount: 1 },
      { partnerProvinceCode: "VN-SG", kind: "PEOPLE_TRAINED", total: 10, linkCount: 1 },
    ]);
  });

  it("keeps each unit's own figures without roll-up", async () => {
    expect(await totals(`(rollUpToCurrentUnits: false, filter: { kinds: [PATIENTS_TREATED, TECHNIQUES_TRANSFERRED, PEOPLE_CERTIFIED] })`)).toEqual([
      { partnerProvinceCode: "VN-28", kind: "PATIENTS_TREATED", total: 899, linkCount: 1 },
      { partnerProvinceCode: "VN-28", kind: "PEOPLE_CERTIFIED", total: 87, linkCount: 1 },
      { partnerProvinceCode: "VN-28", kind: "TECHNIQUES_TRANSFERRED", total: 11, linkCount: 1 },
      { partnerProvinceCode: "VN-29", kind: "PATIENTS_TREATED", total: 120, linkCount: 1 },
    ]);
  });

  it("filters by the day outcomes were recorded, link kind and institution province, and resolves the province", async () => {
    expect(await totals(`(filter: { period: { from: "2020-01-01", to: "2020-12-31" } })`)).toEqual([
      { partnerProvinceCode: "VN-29", kind: "PATIENTS_TREATED", total: 899, linkCount: 1 },
      { partnerProvinceCode: "VN-29", kind: "TECHNIQUES_TRANSFERRED", total: 11, linkCount: 1 },
    ]);
    expect(await totals(`(filter: { linkKinds: [STUDY_VISIT] })`)).toEqual([{ partnerProvinceCode: "VN-29", kind: "PEOPLE_TRAINED", total: 27, linkCount: 2 }]);
    expect(await totals(`(filter: { institutionProvince: { codes: ["VN-33"] } })`)).toEqual([{ partnerProvinceCode: "VN-SG", kind: "PEOPLE_TRAINED", total: 10, linkCount: 1 }]);

    const named = await hub.query<{ trainingOutcomesByProvince: { partnerProvince: { name: string }; total: number }[] }>(
      `{ trainingOutcomesByProvince(filter: { kinds: [PEOPLE_CERTIFIED] }) { partnerProvince { name } total } }`,
    );
    expect(named.data!.trainingOutcomesByProvince).toEqual([{ partnerProvince: { name: "Quảng Ngãi" }, total: 87 }]);
  });
});
