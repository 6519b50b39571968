/**
 * Training demo data: the programme's facts as the articles report them — HCMC's Department of
 * Health and six leading hospitals transferred 11 techniques to Kon Tum; the HCMC college of
 * education management certified 87 Kon Tum school managers; 33 Kon Tum health staff trained in
 * hospital quality management; 4 technique-transfer rounds to Kon Tum general hospital; 2 courses
 * by Phạm Ngọc Thạch University; 899 cataract operations by the HCMC Eye Hospital in 2017–2020;
 * study visits at Children's Hospital 1 and People's Hospital 115 — with real institution names.
 * Budgets, headcounts of visits, attributions the articles leave open, and the post-merger and
 * food-technology links are synthetic (their links carry `synthetic`).
 *
 * A link's `participantCount` is recorded wherever a PEOPLE_TRAINED outcome states how many were
 * trained (everyone trained took part; the hub's writes keep the two consistent the same way).
 * Links whose facts count something else (techniques, rounds, courses, patients) keep a null
 * count: the articles do not say how many people took part, and the demo does not make it up.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import { InstitutionKind } from "../src/training/institution.entity.js";
import { ProgrammeLevel } from "../src/training/programme.entity.js";
import { TrainingLinkKind, TrainingLinkStatus } from "../src/training/training-link.entity.js";
import { TrainingOutcomeKind } from "../src/training/training-outcome.entity.js";
import { createInstitution, createOutcome, createParticipant, createProgramme, createTrainingLink } from "./factories/training.js";

/** The programme's training facts; `healthDepartment` is HCMC's Department of Health (the Eye Hospital's managing agency). */
export async function seedTrainingFacts(em: EntityManager, healthDepartment: { readonly id: number }): Promise<void> {
  // HCMC's Department of Health and six leading hospitals transferred 11 techniques to Kon Tum.
  const department = await createInstitution(em, {
    provinceCode: "VN-SG",
    code: "VN-SG-SYT",
    kind: InstitutionKind.DEPARTMENT,
    name: "Sở Y tế Thành phố Hồ Chí Minh",
    nameEn: "Ho Chi Minh City Department of Health",
    website: "https://medinet.hochiminhcity.gov.vn",
  });
  const departmentCme = await createProgramme(em, {
    institution: department,
    name: "Chuyển giao kỹ thuật chuyên sâu",
    disciplineCode: "7720101",
    disciplineName: "Y khoa",
    level: ProgrammeLevel.CONTINUING_MEDICAL_EDUCATION,
  });
  const techniques = await createTrainingLink(em, {
    institution: department,
    programme: departmentCme,
    code: "TL-VNSG-SYT-VN28-KT",
    kind: TrainingLinkKind.TECHNIQUE_TRANSFER,
    title: "Sở Y tế và sáu bệnh viện đầu ngành TP.HCM chuyển giao kỹ thuật cho Kon Tum",
    partnerProvinceCode: "VN-28",
    partnerOrganisation: "Sở Y tế tỉnh Kon Tum",
    periodFrom: "2017-01-01",
    periodTo: "2020-12-31",
    budgetVnd: "3500000000",
  });
  await createOutcome(em, { link: techniques, kind: TrainingOutcomeKind.TECHNIQUES_TRANSFERRED, value: 11, recordedOn: "2020-12-31" });

  // The HCMC college of education management certified 87 Kon Tum school managers.
  const managementCollege = await createInstitution(em, {
    provinceCode: "VN-SG",
    code: "VN-SG-CBQLGD",
    kind: InstitutionKind.TRAINING_CENTRE,
    name: "Trường Cán bộ quản lý giáo dục Thành phố Hồ Chí Minh",
    nameEn: "Ho Chi Minh City College of Education Management",
  });
  const schoolManagement = await createProgramme(em, {
    institution: managementCollege,
    name: "Bồi dưỡng cán bộ quản lý trường phổ thông",
    disciplineCode: "7140114",
    disciplineName: "Quản lý giáo dục",
    level: ProgrammeLevel.SHORT_COURSE,
  });
  const managers = await createTrainingLink(em, {
    institution: managementCollege,
    programme: schoolManagement,
    code: "TL-VNSG-CBQLGD-VN28",
    kind: TrainingLinkKind.COURSE,
    title: "Bồi dưỡng cán bộ quản lý trường học tỉnh Kon Tum",
    partnerProvinceCode: "VN-28",
    partnerOrganisation: "Sở Giáo dục và Đào tạo tỉnh Kon Tum",
    periodFrom: "2019-03-01",
    periodTo: "2019-12-31",
    participantCount: 87,
  });
  await createOutcome(em, { link: managers, kind: TrainingOutcomeKind.PEOPLE_CERTIFIED, value: 87 });
  for (const [fullName, certified] of [["Trần Thị Ánh", true], ["Đỗ Văn Bình", false], ["A Thị Hoa", true]] as const) {
    await createParticipant(em, { link: managers, fullName, position: "Hiệu trưởng", workplace: "Trường THCS thử nghiệm, Kon Tum", certified });
  }

  // The University of Medicine and Pharmacy hospital: 4 technique-transfer rounds to Kon Tum general
  // hospital, and (synthetic attribution) the 33 health staff trained in hospital quality management.
  const umpHospital = await createInstitution(em, {
    provinceCode: "VN-SG",
    code: "VN-SG-BV-DHYD",
    kind: InstitutionKind.HOSPITAL,
    name: "Bệnh viện Đại học Y Dược Thành phố Hồ Chí Minh",
    nameEn: "University Medical Center Ho Chi Minh City",
    shortName: "UMC",
    managingBodyName: "Đại học Y Dược Thành phố Hồ Chí Minh",
  });
  const quality = await createProgramme(em, {
    institution: umpHospital,
    name: "Quản lý chất lượng bệnh viện",
    disciplineCode: "7720802",
    disciplineName: "Quản lý bệnh viện",
    level: ProgrammeLevel.CONTINUING_MEDICAL_EDUCATION,
  });
  const rounds = await createTrainingLink(em, {
    institution: umpHospital,
    code: "TL-VNSG-UMC-VN28-KT",
    kind: TrainingLinkKind.TECHNIQUE_TRANSFER,
    title: "Chuyển giao kỹ thuật cho Bệnh viện Đa khoa tỉnh Kon Tum",
    partnerProvinceCode: "VN-28",
    partnerOrganisation: "Bệnh viện Đa khoa tỉnh Kon Tum",
    periodFrom: "2018-01-01",
    periodTo: "2018-12-31",
  });
  await createOutcome(em, { link: rounds, kind: TrainingOutcomeKind.ROUNDS_DELIVERED, value: 4 });
  const qualityCourse = await createTrainingLink(em, {
    institution: umpHospital,
    programme: quality,
    code: "TL-VNSG-UMC-VN28-QLCL",
    kind: TrainingLinkKind.COURSE,
    title: "Đào tạo quản lý chất lượng bệnh viện cho cán bộ y tế Kon Tum",
    partnerProvinceCode: "VN-28",
    periodFrom: "2019-05-01",
    periodTo: "2019-08-31",
    participantCount: 33,
  });
  await createOutcome(em, { link: qualityCourse, kind: TrainingOutcomeKind.PEOPLE_TRAINED, value: 33 });

  // Phạm Ngọc Thạch University: 2 courses for provincial nursing and midwifery lecturers.
  const phamNgocThach = await createInstitution(em, {
    provinceCode: "VN-SG",
    code: "VN-SG-PNT",
    kind: InstitutionKind.UNIVERSITY,
    name: "Trường Đại học Y khoa Phạm Ngọc Thạch",
    nameEn: "Pham Ngoc Thach University of Medicine",
    shortName: "PNTU",
    website: "https://www.pnt.edu.vn",
  });
  const nursing = await createProgramme(em, { institution: phamNgocThach, name: "Điều dưỡng", nameEn: "Nursing", disciplineCode: "7720301", disciplineName: "Điều dưỡng", level: ProgrammeLevel.BACHELOR });
  await createProgramme(em, { institution: phamNgocThach, name: "Hộ sinh", nameEn: "Midwifery", disciplineCode: "7720302", disciplineName: "Hộ sinh", level: ProgrammeLevel.BACHELOR });
  const lecturers = await createTrainingLink(em, {
    institution: phamNgocThach,
    programme: nursing,
    code: "TL-VNSG-PNT-VN28",
    kind: TrainingLinkKind.COURSE,
    title: "Bồi dưỡng giảng viên điều dưỡng, hộ sinh tỉnh Kon Tum",
    partnerProvinceCode: "VN-28",
    periodFrom: "2018-06-01",
    periodTo: "2018-09-30",
  });
  await createOutcome(em, { link: lecturers, kind: TrainingOutcomeKind.COURSES_DELIVERED, value: 2 });

  // The HCMC Eye Hospital operated cataracts for 899 poor residents of Kon Tum in 2017–2020, and
  // (synthetic) for 120 residents of Quảng Ngãi after the merger.
  const eyeHospital = await createInstitution(em, {
    provinceCode: "VN-SG",
    code: "VN-SG-BV-MAT",
    kind: InstitutionKind.HOSPITAL,
    name: "Bệnh viện Mắt Thành phố Hồ Chí Minh",
    nameEn: "Ho Chi Minh City Eye Hospital",
    managingAgencyId: healthDepartment.id,
  });
  const phaco = await createProgramme(em, { institution: eyeHospital, name: "Phẫu thuật Phaco", disciplineCode: "7720101", disciplineName: "Y khoa", level: ProgrammeLevel.CONTINUING_MEDICAL_EDUCATION });
  const cataract = await createTrainingLink(em, {
    institution: eyeHospital,
    programme: phaco,
    code: "TL-VNSG-BVMAT-VN28-2017",
    kind: TrainingLinkKind.MEDICAL_OUTREACH,
    title: "Phẫu thuật đục thủy tinh thể miễn phí cho người nghèo tỉnh Kon Tum",
    partnerProvinceCode: "VN-28",
    periodFrom: "2017-01-01",
    periodTo: "2020-12-31",
    synthetic: false,
  });
  await createOutcome(em, { link: cataract, kind: TrainingOutcomeKind.PATIENTS_TREATED, value: 899, recordedOn: "2020-12-31" });
  const cataractAfterMerger = await createTrainingLink(em, {
    institution: eyeHospital,
    programme: phaco,
    code: "TL-VNSG-BVMAT-VN29-2025",
    kind: TrainingLinkKind.MEDICAL_OUTREACH,
    title: "Phẫu thuật đục thủy tinh thể cho người nghèo tỉnh Quảng Ngãi",
    partnerProvinceCode: "VN-29",
    periodFrom: "2025-09-01",
    periodTo: null,
    status: TrainingLinkStatus.ONGOING,
  });
  await createOutcome(em, { link: cataractAfterMerger, kind: TrainingOutcomeKind.PATIENTS_TREATED, value: 120, recordedOn: "2025-12-31" });

  // Children's Hospital 1 and People's Hospital 115 hosted study visits (headcounts synthetic).
  for (const [code, name, programmeName, people] of [
    ["VN-SG-BV-ND1", "Bệnh viện Nhi Đồng 1", "Nhi khoa", 12],
    ["VN-SG-BV-115", "Bệnh viện Nhân dân 115", "Điều trị đột quỵ", 15],
  ] as const) {
    const hospital = await createInstitution(em, { provinceCode: "VN-SG", code, kind: InstitutionKind.HOSPITAL, name });
    await createProgramme(em, { institution: hospital, name: programmeName, disciplineCode: "7720101", disciplineName: "Y khoa", level: ProgrammeLevel.CONTINUING_MEDICAL_EDUCATION });
    const visit = await createTrainingLink(em, {
      institution: hospital,
      code: `TL-${code}-VN28`,
      kind: TrainingLinkKind.STUDY_VISIT,
      title: `Đoàn cán bộ y tế Kon Tum tham quan, học tập tại ${name}`,
      partnerProvinceCode: "VN-28",
      periodFrom: "2019-04-01",
      periodTo: "2019-04-05",
      participantCount: people,
    });
    await createOutcome(em, { link: visit, kind: TrainingOutcomeKind.PEOPLE_TRAINED, value: people });
  }

  // Food technology for Đắk Lắk (synthetic), and Tây Nguyên University's internships in HCMC.
  const nongLam = await createInstitution(em, {
    provinceCode: "VN-SG",
    code: "VN-SG-NLU",
    kind: InstitutionKind.UNIVERSITY,
    name: "Trường Đại học Nông Lâm Thành phố Hồ Chí Minh",
    nameEn: "Nong Lam University",
    shortName: "NLU",
  });
  const foodTechnology = await createProgramme(em, { institution: nongLam, name: "Công nghệ thực phẩm", nameEn: "Food technology", disciplineCode: "7540101", disciplineName: "Công nghệ thực phẩm", level: ProgrammeLevel.BACHELOR });
  const coffee = await createTrainingLink(em, {
    institution: nongLam,
    programme: foodTechnology,
    code: "TL-VNSG-NLU-VN33",
    kind: TrainingLinkKind.COURSE,
    title: "Đào tạo kỹ thuật chế biến cà phê cho doanh nghiệp Đắk Lắk",
    partnerProvinceCode: "VN-33",
    partnerOrganisation: "Sở Khoa học và Công nghệ tỉnh Đắk Lắk",
    periodFrom: "2024-03-01",
    periodTo: "2024-06-30",
    participantCount: 40,
  });
  await createOutcome(em, { link: coffee, kind: TrainingOutcomeKind.PEOPLE_TRAINED, value: 40 });
  const tayNguyen = await createInstitution(em, {
    provinceCode: "VN-33",
    code: "VN-33-TTN",
    kind: InstitutionKind.UNIVERSITY,
    name: "Trường Đại học Tây Nguyên",
    nameEn: "Tay Nguyen University",
  });
  const tayNguyenFood = await createProgramme(em, { institution: tayNguyen, name: "Công nghệ sau thu hoạch", disciplineCode: "7540104", disciplineName: "Công nghệ sau thu hoạch", level: ProgrammeLevel.BACHELOR });
  const internship = await createTrainingLink(em, {
    institution: tayNguyen,
    programme: tayNguyenFood,
    code: "TL-VN33-TTN-VNSG",
    kind: TrainingLinkKind.INTERNSHIP,
    title: "Thực tập tại doanh nghiệp chế biến TP.HCM",
    partnerProvinceCode: "VN-SG",
    periodFrom: "2023-06-01",
    periodTo: "2023-08-31",
    participantCount: 10,
  });
  await createOutcome(em, { link: internship, kind: TrainingOutcomeKind.PEOPLE_TRAINED, value: 10 });

}

/** A synthetic food-technology link of the HCMC University of Industry and Trade (formerly of Food Industry) with Đắk Lắk. */
export async function seedFoodTechnologyLinks(em: EntityManager): Promise<void> {
  const hufi = await createInstitution(em, {
    provinceCode: "VN-SG",
    code: "VN-SG-HUIT",
    kind: InstitutionKind.UNIVERSITY,
    name: "Trường Đại học Công Thương Thành phố Hồ Chí Minh",
    nameEn: "Ho Chi Minh City University of Industry and Trade",
    shortName: "HUIT",
    website: "https://huit.edu.vn",
  });
  const foodTechnology = await createProgramme(em, {
    institution: hufi,
    name: "Công nghệ thực phẩm",
    nameEn: "Food technology",
    disciplineCode: "7540101",
    disciplineName: "Công nghệ thực phẩm",
    level: ProgrammeLevel.BACHELOR,
  });
  const course = await createTrainingLink(em, {
    institution: hufi,
    programme: foodTechnology,
    code: "TL-VNSG-HUIT-VN33",
    kind: TrainingLinkKind.COURSE,
    title: "Bồi dưỡng kỹ thuật chế biến sâu cà phê và sầu riêng cho doanh nghiệp Đắk Lắk",
    partnerProvinceCode: "VN-33",
    partnerOrganisation: "Sở Công Thương tỉnh Đắk Lắk",
    periodFrom: "2025-10-06",
    periodTo: "2025-12-19",
    participantCount: 35,
    budgetVnd: "450000000",
  });
  await createOutcome(em, { link: course, kind: TrainingOutcomeKind.PEOPLE_TRAINED, value: 35 });
}
