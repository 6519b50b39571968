/**
 * Reference data of the demo: real commodities (with HS 2022 codes), real markets and real
 * provincial departments. Enterprises of the demo are synthetic (the articles name none with
 * figures): their names say so and their tax codes come from the reserved range (see tax-codes.ts).
 */
export interface CommoditySeed {
  code: string;
  name: string;
  nameEn: string;
  standardUnit: string;
  hsCode: string | null;
  category: string;
}

export const COMMODITIES: CommoditySeed[] = [
  { code: "COFFEE_ROBUSTA", name: "Cà phê Robusta nhân xô", nameEn: "Robusta coffee, green beans", standardUnit: "kg", hsCode: "0901.11", category: "Cây công nghiệp" },
  { code: "COFFEE_ARABICA", name: "Cà phê Arabica nhân", nameEn: "Arabica coffee, green beans", standardUnit: "kg", hsCode: "0901.11", category: "Cây công nghiệp" },
  { code: "PEPPER_BLACK", name: "Hồ tiêu đen", nameEn: "Black pepper", standardUnit: "kg", hsCode: "0904.11", category: "Gia vị" },
  { code: "CASHEW_RAW", name: "Hạt điều thô", nameEn: "Raw cashew nuts, in shell", standardUnit: "kg", hsCode: "0801.31", category: "Cây công nghiệp" },
  { code: "RUBBER_LATEX", name: "Mủ cao su nước", nameEn: "Natural rubber latex", standardUnit: "kg", hsCode: "4001.10", category: "Cây công nghiệp" },
  { code: "MACADAMIA", name: "Hạt mắc ca", nameEn: "Macadamia nuts, in shell", standardUnit: "kg", hsCode: "0802.61", category: "Cây công nghiệp" },
  { code: "DURIAN_RI6", name: "Sầu riêng Ri6", nameEn: "Durian, Ri6 variety", standardUnit: "kg", hsCode: "0810.60", category: "Trái cây" },
  { code: "DURIAN_MONTHONG", name: "Sầu riêng Monthong", nameEn: "Durian, Monthong variety", standardUnit: "kg", hsCode: "0810.60", category: "Trái cây" },
  { code: "AVOCADO_BOOTH", name: "Bơ booth", nameEn: "Avocado, Booth variety", standardUnit: "kg", hsCode: "0804.40", category: "Trái cây" },
  { code: "PASSION_FRUIT", name: "Chanh dây", nameEn: "Passion fruit", standardUnit: "kg", hsCode: "0810.90", category: "Trái cây" },
  { code: "CABBAGE", name: "Bắp cải", nameEn: "Cabbage", standardUnit: "kg", hsCode: "0704.90", category: "Rau" },
  { code: "POTATO", name: "Khoai tây", nameEn: "Potatoes", standardUnit: "kg", hsCode: "0701.90", category: "Rau" },
  { code: "TOMATO", name: "Cà chua", nameEn: "Tomatoes", standardUnit: "kg", hsCode: "0702.00", category: "Rau" },
  { code: "TEA_OOLONG", name: "Trà ô long", nameEn: "Oolong tea", standardUnit: "kg", hsCode: "0902.30", category: "Chè" },
  { code: "TEA_FRESH_LEAF", name: "Chè búp tươi", nameEn: "Fresh tea leaves", standardUnit: "kg", hsCode: null, category: "Chè" },
  { code: "ROSE", name: "Hoa hồng", nameEn: "Roses, cut", standardUnit: "cành", hsCode: "0603.11", category: "Hoa" },
  { code: "CHRYSANTHEMUM", name: "Hoa cúc", nameEn: "Chrysanthemums, cut", standardUnit: "cành", hsCode: "0603.14", category: "Hoa" },
  { code: "GINSENG_NGOC_LINH", name: "Sâm Ngọc Linh", nameEn: "Ngoc Linh ginseng, fresh roots", standardUnit: "kg", hsCode: "1211.20", category: "Dược liệu" },
];

export interface MarketSeed {
  code: string;
  name: string;
  provinceCode: string;
  kind: "WHOLESALE" | "RETAIL" | "PURCHASING_POINT";
}

export const MARKETS: MarketSeed[] = [
  { code: "HCM-BINH-DIEN", name: "Chợ đầu mối Bình Điền", provinceCode: "VN-SG", kind: "WHOLESALE" },
  { code: "HCM-THU-DUC", name: "Chợ đầu mối nông sản thực phẩm Thủ Đức", provinceCode: "VN-SG", kind: "WHOLESALE" },
  { code: "HCM-HOC-MON", name: "Chợ đầu mối nông sản thực phẩm Hóc Môn", provinceCode: "VN-SG", kind: "WHOLESALE" },
  { code: "DLK-BUON-MA-THUOT", name: "Chợ Buôn Ma Thuột", provinceCode: "VN-33", kind: "WHOLESALE" },
  { code: "DLK-CU-MGAR", name: "Vùng thu mua Cư M'gar", provinceCode: "VN-33", kind: "PURCHASING_POINT" },
  { code: "DLK-KRONG-PAC", name: "Vùng thu mua Krông Pắc", provinceCode: "VN-33", kind: "PURCHASING_POINT" },
  { code: "LDG-DA-LAT", name: "Chợ Đà Lạt", provinceCode: "VN-35", kind: "WHOLESALE" },
  { code: "LDG-DI-LINH", name: "Vùng thu mua Di Linh", provinceCode: "VN-35", kind: "PURCHASING_POINT" },
  { code: "LDG-BAO-LOC", name: "Vùng thu mua Bảo Lộc", provinceCode: "VN-35", kind: "PURCHASING_POINT" },
  { code: "DNO-DAK-MIL", name: "Vùng thu mua Đắk Mil", provinceCode: "VN-72", kind: "PURCHASING_POINT" },
  { code: "GLA-CHU-SE", name: "Vùng thu mua Chư Sê", provinceCode: "VN-30", kind: "PURCHASING_POINT" },
  { code: "GLA-PLEIKU", name: "Chợ Pleiku", provinceCode: "VN-30", kind: "WHOLESALE" },
  { code: "KTM-DAK-HA", name: "Vùng thu mua Đăk Hà", provinceCode: "VN-28", kind: "PURCHASING_POINT" },
  { code: "QNG-KON-TUM", name: "Chợ Kon Tum", provinceCode: "VN-29", kind: "WHOLESALE" },
];

export interface AgencySeed {
  code: string;
  name: string;
  nameEn: string;
  provinceCode: string;
  sector: "INDUSTRY_TRADE" | "SCIENCE_TECHNOLOGY" | "HEALTH" | "EDUCATION" | "AGRICULTURE" | "PLANNING_INVESTMENT" | "PEOPLES_COMMITTEE" | "OTHER";
}

/** Departments of today's units, and of Kon Tum and Đắk Nông as they were before 1 July 2025 (records were made under them). */
export const AGENCIES: AgencySeed[] = [
  { code: "VN-SG-SCT", name: "Sở Công Thương Thành phố Hồ Chí Minh", nameEn: "HCMC Department of Industry and Trade", provinceCode: "VN-SG", sector: "INDUSTRY_TRADE" },
  { code: "VN-SG-SKHCN", name: "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh", nameEn: "HCMC Department of Science and Technology", provinceCode: "VN-SG", sector: "SCIENCE_TECHNOLOGY" },
  { code: "VN-SG-SYT", name: "Sở Y tế Thành phố Hồ Chí Minh", nameEn: "HCMC Department of Health", provinceCode: "VN-SG", sector: "HEALTH" },
  { code: "VN-SG-SGDDT", name: "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh", nameEn: "HCMC Department of Education and Training", provinceCode: "VN-SG", sector: "EDUCATION" },
  { code: "VN-SG-ITPC", name: "Trung tâm Xúc tiến Thương mại và Đầu tư Thành phố Hồ Chí Minh", nameEn: "Investment and Trade Promotion Centre of HCMC (ITPC)", provinceCode: "VN-SG", sector: "PLANNING_INVESTMENT" },
  { code: "VN-33-SCT", name: "Sở Công Thương tỉnh Đắk Lắk", nameEn: "Dak Lak Department of Industry and Trade", provinceCode: "VN-33", sector: "INDUSTRY_TRADE" },
  { code: "VN-33-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Đắk Lắk", nameEn: "Dak Lak Department of Science and Technology", provinceCode: "VN-33", sector: "SCIENCE_TECHNOLOGY" },
  { code: "VN-33-SNNMT", name: "Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk", nameEn: "Dak Lak Department of Agriculture and Environment", provinceCode: "VN-33", sector: "AGRICULTURE" },
  { code: "VN-30-SCT", name: "Sở Công Thương tỉnh Gia Lai", nameEn: "Gia Lai Department of Industry and Trade", provinceCode: "VN-30", sector: "INDUSTRY_TRADE" },
  { code: "VN-30-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Gia Lai", nameEn: "Gia Lai Department of Science and Technology", provinceCode: "VN-30", sector: "SCIENCE_TECHNOLOGY" },
  { code: "VN-35-SCT", name: "Sở Công Thương tỉnh Lâm Đồng", nameEn: "Lam Dong Department of Industry and Trade", provinceCode: "VN-35", sector: "INDUSTRY_TRADE" },
  { code: "VN-35-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Lâm Đồng", nameEn: "Lam Dong Department of Science and Technology", provinceCode: "VN-35", sector: "SCIENCE_TECHNOLOGY" },
  { code: "VN-29-SCT", name: "Sở Công Thương tỉnh Quảng Ngãi", nameEn: "Quang Ngai Department of Industry and Trade", provinceCode: "VN-29", sector: "INDUSTRY_TRADE" },
  { code: "VN-29-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi", nameEn: "Quang Ngai Department of Science and Technology", provinceCode: "VN-29", sector: "SCIENCE_TECHNOLOGY" },
  { code: "VN-29-SYT", name: "Sở Y tế tỉnh Quảng Ngãi", nameEn: "Quang Ngai Department of Health", provinceCode: "VN-29", sector: "HEALTH" },
  { code: "VN-28-SCT", name: "Sở Công Thương tỉnh Kon Tum", nameEn: "Kon Tum Department of Industry and Trade (until 30 June 2025)", provinceCode: "VN-28", sector: "INDUSTRY_TRADE" },
  { code: "VN-28-SYT", name: "Sở Y tế tỉnh Kon Tum", nameEn: "Kon Tum Department of Health (until 30 June 2025)", provinceCode: "VN-28", sector: "HEALTH" },
  { code: "VN-28-SKHCN", name: "Sở Khoa học và Công nghệ tỉnh Kon Tum", nameEn: "Kon Tum Department of Science and Technology (until 30 June 2025)", provinceCode: "VN-28", sector: "SCIENCE_TECHNOLOGY" },
  { code: "VN-72-SCT", name: "Sở Công Thương tỉnh Đắk Nông", nameEn: "Dak Nong Department of Industry and Trade (until 30 June 2025)", provinceCode: "VN-72", sector: "INDUSTRY_TRADE" },
  { code: "VN-28-SGDDT", name: "Sở Giáo dục và Đào tạo tỉnh Kon Tum", nameEn: "Kon Tum Department of Education and Training (until 30 June 2025)", provinceCode: "VN-28", sector: "EDUCATION" },
];

export interface EnterpriseSeed {
  key: string;
  name: string;
  provinceCode: string;
  vsicCode: string;
  size: "MICRO" | "SMALL" | "MEDIUM" | "LARGE";
  address: string;
  employees: number;
  annualRevenueVnd: string;
}

/** Synthetic enterprises (figures and names are made up; "(mô phỏng)" marks them as such). */
export const ENTERPRISES: EnterpriseSeed[] = [
  { key: "dlk-coffee-1", name: "Công ty TNHH Chế biến Cà phê Ea Tu (mô phỏng)", provinceCode: "VN-33", vsicCode: "1077", size: "MEDIUM", address: "Xã Ea Tu, Đắk Lắk", employees: 180, annualRevenueVnd: "412000000000" },
  { key: "dlk-coffee-2", name: "Hợp tác xã Cà phê Cư M'gar Xanh (mô phỏng)", provinceCode: "VN-33", vsicCode: "1077", size: "SMALL", address: "Xã Cư M'gar, Đắk Lắk", employees: 46, annualRevenueVnd: "58000000000" },
  { key: "dlk-coffee-3", name: "Công ty Cổ phần Cà phê Rang xay Buôn Ma Thuột (mô phỏng)", provinceCode: "VN-33", vsicCode: "1077", size: "SMALL", address: "Phường Buôn Ma Thuột, Đắk Lắk", employees: 62, annualRevenueVnd: "96500000000" },
  { key: "dlk-durian", name: "Công ty TNHH Sầu riêng Krông Pắc (mô phỏng)", provinceCode: "VN-33", vsicCode: "1030", size: "SMALL", address: "Xã Krông Pắc, Đắk Lắk", employees: 38, annualRevenueVnd: "71000000000" },
  { key: "dlk-pepper", name: "Hợp tác xã Hồ tiêu Hữu cơ Ea H'leo (mô phỏng)", provinceCode: "VN-33", vsicCode: "0128", size: "MICRO", address: "Xã Ea H'leo, Đắk Lắk", employees: 12, annualRevenueVnd: "9400000000" },
  { key: "lam-veg", name: "Hợp tác xã Rau Công nghệ cao Đà Lạt (mô phỏng)", provinceCode: "VN-35", vsicCode: "0118", size: "SMALL", address: "Phường Lâm Viên – Đà Lạt, Lâm Đồng", employees: 55, annualRevenueVnd: "43000000000" },
  { key: "lam-tea", name: "Công ty TNHH Trà Bảo Lộc (mô phỏng)", provinceCode: "VN-35", vsicCode: "1079", size: "MEDIUM", address: "Phường Bảo Lộc, Lâm Đồng", employees: 140, annualRevenueVnd: "186000000000" },
  { key: "lam-flower", name: "Công ty TNHH Hoa Đà Lạt Xanh (mô phỏng)", provinceCode: "VN-35", vsicCode: "0119", size: "SMALL", address: "Phường Xuân Hương – Đà Lạt, Lâm Đồng", employees: 70, annualRevenueVnd: "39000000000" },
  { key: "dno-coffee", name: "Công ty TNHH Cà phê Đắk Mil (mô phỏng)", provinceCode: "VN-72", vsicCode: "1077", size: "SMALL", address: "Huyện Đắk Mil, tỉnh Đắk Nông (cũ)", employees: 40, annualRevenueVnd: "52000000000" },
  { key: "gla-pepper", name: "Công ty Cổ phần Hồ tiêu Chư Sê (mô phỏng)", provinceCode: "VN-30", vsicCode: "1079", size: "MEDIUM", address: "Xã Chư Sê, Gia Lai", employees: 120, annualRevenueVnd: "230000000000" },
  { key: "gla-coffee", name: "Công ty TNHH Cà phê Pleiku (mô phỏng)", provinceCode: "VN-30", vsicCode: "1077", size: "SMALL", address: "Phường Pleiku, Gia Lai", employees: 58, annualRevenueVnd: "64000000000" },
  { key: "ktm-ginseng", name: "Công ty Cổ phần Sâm Ngọc Linh Tu Mơ Rông (mô phỏng)", provinceCode: "VN-28", vsicCode: "0128", size: "SMALL", address: "Huyện Tu Mơ Rông, tỉnh Kon Tum (cũ)", employees: 35, annualRevenueVnd: "27000000000" },
  { key: "ktm-coffee", name: "Hợp tác xã Cà phê Đăk Hà (mô phỏng)", provinceCode: "VN-28", vsicCode: "1077", size: "MICRO", address: "Huyện Đăk Hà, tỉnh Kon Tum (cũ)", employees: 18, annualRevenueVnd: "11000000000" },
  { key: "qng-food", name: "Công ty TNHH Nông sản Kon Tum Xanh (mô phỏng)", provinceCode: "VN-29", vsicCode: "4632", size: "SMALL", address: "Phường Kon Tum, Quảng Ngãi", employees: 30, annualRevenueVnd: "33000000000" },
  { key: "hcm-wholesale", name: "Công ty TNHH Phân phối Nông sản Sài Gòn (mô phỏng)", provinceCode: "VN-SG", vsicCode: "4632", size: "MEDIUM", address: "Phường Bình Điền, TP. Hồ Chí Minh", employees: 210, annualRevenueVnd: "890000000000" },
  { key: "hcm-retail", name: "Công ty Cổ phần Chuỗi Siêu thị Xanh Sài Gòn (mô phỏng)", provinceCode: "VN-SG", vsicCode: "4711", size: "LARGE", address: "Phường Bến Thành, TP. Hồ Chí Minh", employees: 1450, annualRevenueVnd: "3200000000000" },
  { key: "hcm-coffee", name: "Công ty TNHH Rang xay Cà phê Thủ Đức (mô phỏng)", provinceCode: "VN-SG", vsicCode: "1077", size: "MEDIUM", address: "Phường Thủ Đức, TP. Hồ Chí Minh", employees: 160, annualRevenueVnd: "520000000000" },
];
