/**
 * CSV imports as agencies keep their files: UTF-8 with or without BOM, NFC, Vietnamese column
 * names and conventions, by the HTTP endpoint and by `npm run import`. All or nothing with every
 * problem by line; a file imported twice adds nothing; one announcement per file.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditEntryEntity } from "../src/audit/index.js";
import { AgencySector } from "../src/reference/agency.entity.js";
import { PriceObservationEntity, TradeFlowEntity } from "../src/trade/index.js";
import { createAgency, createCommodity, createMarket } from "../seeds/factories/reference.js";
import { startTestHub, type TestCaller, type TestHub } from "./support/hub.js";
import { subscribe } from "./support/subscriber.js";

let hub: TestHub;
let directory: string;
const EDITOR: TestCaller = { kind: "agency", province: "VN-35", agency: "VN-35-SCT-IMP", roles: ["agency_editor"] };

beforeAll(async () => {
  hub = await startTestHub({ now: "2026-11-23T03:00:00Z" });
  const em = hub.em();
  await createAgency(em, { provinceCode: "VN-35", code: "VN-35-SCT-IMP", name: "Sở Công Thương tỉnh Lâm Đồng", sector: AgencySector.INDUSTRY_TRADE });
  await createCommodity(em, { code: "ARTICHOKE_IMP", name: "Atisô Đà Lạt", standardUnit: "kg" });
  await createCommodity(em, { code: "STRAWBERRY_IMP", name: "Dâu tây Đà Lạt", standardUnit: "kg" });
  await createCommodity(em, { code: "COFFEE_IMP", name: "Cà phê Cầu Đất", standardUnit: "tấn" });
  await createCommodity(em, { code: "PEPPER_IMP", name: "Hồ tiêu Di Linh", standardUnit: "tấn" });
  await createMarket(em, { provinceCode: "VN-35", code: "LD-DALAT-IMP", name: "Chợ Đà Lạt" });
  await createMarket(em, { provinceCode: "VN-35", code: "LD-BAOLOC-IMP", name: "Chợ Bảo Lộc" });
  await createMarket(em, { provinceCode: "VN-33", code: "DL-BMT-IMP", name: "Chợ Buôn Ma Thuột" });
  directory = await mkdtemp(path.join(tmpdir(), "hub-import-"));
});
afterAll(async () => {
  await hub?.close();
  await rm(directory, { recursive: true, force: true });
});

async function post(kind: string, body: string | Buffer, caller: TestCaller | null = EDITOR): Promise<{ status: number; body: { data?: { import: Record<string, unknown> }; errors?: { message: string; extensions: { code: string; problems?: { line: number; column: string | null; message: string }[] } }[] } }> {
  const response = await fetch(hub.url.replace("/graphql", `/imports/${kind}`), {
    method: "POST",
    headers: { "content-type": "text/csv", ...(caller ? { authorization: `Bearer ${await hub.token(caller)}` } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as never };
}

const countPrices = () => hub.em().count(PriceObservationEntity, { commodity: { code: { $in: ["ARTICHOKE_IMP", "STRAWBERRY_IMP"] } } });

/** A price file as a Lâm Đồng department exports it from a spreadsheet: BOM, semicolons, Vietnamese headers and conventions. */
const PRICES = [
  "\uFEFFMã hàng;Mã chợ;Ngày;Loại giá;Giá;Ghi chú",
  "ARTICHOKE_IMP;LD-DALAT-IMP;01/10/2026;Bán buôn;118.500;loại 1",
  "ARTICHOKE_IMP;LD-DALAT-IMP;02/10/2026;bán buôn;119 000;",
  // "Hàng tươi" typed in decomposed form (NFD): stored as NFC.
  `STRAWBERRY_IMP;LD-BAOLOC-IMP;2026-10-02;RETAIL;245000;"${"Hàng tươi, đóng hộp".normalize("NFD")}"`,
  "STRAWBERRY_IMP;LD-BAOLOC-IMP;2026-10-03;tại vườn;180,000;",
].join("\r\n");

describe("POST /imports/price-observations", () => {
  it("imports a spreadsheet export, audits it once and announces it once; the same file again adds nothing", async () => {
    const after = (await hub.query<{ latestEventPosition: string }>("{ latestEventPosition }")).data!.latestEventPosition;
    const subscription = subscribe<{ priceObservationAdded: { kind: string; imported: { rowCount: number; commodityCodes: string[] } | null } }>(
      hub.url,
      `subscription S($after: String) { priceObservationAdded(after: $after, commodityCodes: ["STRAWBERRY_IMP"]) { kind imported { rowCount insertedCount commodityCodes marketCodes } } }`,
      { after },
    );
    try {
      const auditBefore = await hub.em().count(AuditEntryEntity, {});
      const first = await post("price-observations", PRICES);
      expect(first.status).toBe(200);
      expect(first.body.data!.import).toMatchObject({ kind: "PRICE_OBSERVATIONS", rowCount: 4, insertedCount: 4, alreadyPresentCount: 0, ownerProvinceCodes: ["VN-35"], commodityCodes: ["ARTICHOKE_IMP", "STRAWBERRY_IMP"] });
      const stored = await hub.em().find(PriceObservationEntity, { commodity: { code: { $in: ["ARTICHOKE_IMP", "STRAWBERRY_IMP"] } } }, { orderBy: { observedOn: "asc", priceVnd: "asc" } });
      expect(stored.map((row) => [row.observedOn, row.priceType, row.priceVnd, row.note])).toEqual([
        ["2026-10-01", "WHOLESALE", "118500", "loại 1"],
        ["2026-10-02", "WHOLESALE", "119000", null],
        ["2026-10-02", "RETAIL", "245000", "Hàng tươi, đóng hộp"],
        ["2026-10-03", "FARM_GATE", "180000", null],
      ]);
      expect(stored[2]!.note).toBe("Hàng tươi, đóng hộp".normalize("NFC"));
      const audits = await hub.em().find(AuditEntryEntity, { id: { $gt: auditBefore } });
      expect(audits.map((entry) => [entry.action, entry.recordCount, entry.actorAgencyCode])).toEqual([["WRITE", 4, "VN-35-SCT-IMP"]]);
      const event = await subscription.next();
      expect(event.data!.priceObservationAdded).toMatchObject({ kind: "IMPORTED", imported: { rowCount: 4, commodityCodes: ["ARTICHOKE_IMP", "STRAWBERRY_IMP"] } });

      const again = await post("price-observations", PRICES);
      expect(again.body.data!.import).toMatchObject({ rowCount: 4, insertedCount: 0, alreadyPresentCount: 4 });
      expect(await countPrices()).toBe(4);
    } finally {
      await subscription.close();
    }
  });

  it("rejects a file with any bad row, listing every problem by line, and writes nothing", async () => {
    const before = await countPrices();
    const bad = [
      "commodity_code,market_code,observed_on,price_type,price_vnd,note",
      "ARTICHOKE_IMP,LD-DALAT-IMP,2026-10-10,WHOLESALE,120000,",
      "ARTICHOKE_IMP,LD-DALAT-IMP,2026-10-11,WHOLESALE,12.5,",
      "ARTICHOKE_IMP,NO-SUCH-MARKET,2026-10-12,WHOLESALE,120000,",
      "ARTICHOKE_IMP,DL-BMT-IMP,2026-10-13,WHOLESALE,120000,",
      "ARTICHOKE_IMP,LD-DALAT-IMP,31/02/2026,WHOLESALE,120000,",
      "ARTICHOKE_IMP,LD-DALAT-IMP,2026-10-14,wholesale price,120000,",
      "ARTICHOKE_IMP,LD-DALAT-IMP,2026-10-15,WHOLESALE,120000,loại 1, hàng đẹp",
    ].join("\n");
    const response = await post("price-observations", bad);
    expect(response.status).toBe(400);
    expect(response.body.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(response.body.errors![0]!.extensions.problems!.map((problem) => [problem.line, problem.column])).toEqual([
      [3, "price_vnd"],
      [4, "market_code"],
      [5, "market_code"],
      [6, "observed_on"],
      [7, "price_type"],
      [8, null],
    ]);
    expect(await countPrices()).toBe(before);

    const repeated = await post("price-observations", ["commodity_code,market_code,observed_on,price_type,price_vnd", "ARTICHOKE_IMP,LD-DALAT-IMP,2026-10-20,RETAIL,150000", "ARTICHOKE_IMP,LD-DALAT-IMP,20/10/2026,bán lẻ,150000"].join("\n"));
    expect(repeated.body.errors![0]!.extensions.problems).toEqual([{ line: 3, column: null, message: "repeats line 2 (the same commodity_id, market_id, price_type, observed_on)" }]);
    const changed = await post("price-observations", ["commodity_code,market_code,observed_on,price_type,price_vnd", "ARTICHOKE_IMP,LD-DALAT-IMP,2026-10-21,RETAIL,150000", "ARTICHOKE_IMP,LD-DALAT-IMP,2026-10-01,WHOLESALE,999000"].join("\n"));
    expect(changed.body.errors![0]!.extensions.problems).toEqual([{ line: 3, column: null, message: "already recorded with other values: correct the record instead of importing it again" }]);
    const header = await post("price-observations", "commodity,market,day,price_type,price_vnd\nA,B,2026-10-01,RETAIL,1");
    expect(header.body.errors![0]!.extensions.problems).toEqual([{ line: 1, column: "day", message: expect.stringContaining('unknown column "day"') }, { line: 1, column: "observed_on", message: "the required column observed_on is missing" }]);
    expect(await countPrices()).toBe(before);
  });

  it("reads files with CR-only line endings, and refuses control characters and ambiguous volumes by line", async () => {
    const oldMac = ["commodity_code,market_code,observed_on,price_type,price_vnd", "ARTICHOKE_IMP,LD-DALAT-IMP,2026-09-01,RETAIL,158000", "ARTICHOKE_IMP,LD-DALAT-IMP,2026-09-02,RETAIL,158500"].join("\r");
    expect((await post("price-observations", oldMac)).body.data!.import).toMatchObject({ rowCount: 2, insertedCount: 2 });
    const nul = await post("price-observations", ["commodity_code,market_code,observed_on,price_type,price_vnd,note", "ARTICHOKE_IMP,LD-DALAT-IMP,2026-09-03,RETAIL,158000,loại\u00001"].join("\n"));
    expect(nul.status).toBe(400);
    expect(nul.body.errors![0]!.extensions.problems).toEqual([{ line: 2, column: "note", message: "contains a control character (e.g. NUL)" }]);
    const ambiguous = await post("trade-flows", ["month,origin_code,destination_code,commodity_code,volume", "2026-08,VN-35,VN-SG,ARTICHOKE_IMP,1.250"].join("\n"));
    expect(ambiguous.body.errors![0]!.extensions.problems![0]).toMatchObject({ line: 2, column: "volume", message: expect.stringContaining("ambiguous") });
  });

  it("is for agency editors whose token names their agency", async () => {
    expect((await post("price-observations", PRICES, null)).status).toBe(401);
    expect((await post("price-observations", PRICES, { kind: "agency", province: "VN-35" })).status).toBe(403);
    expect((await post("no-such-import", PRICES)).status).toBe(404);
  });
});

describe("POST /imports/trade-flows", () => {
  it("imports flows owned by both ends, and refuses flows where neither end is the agency's province", async () => {
    const flows = ["tháng,nơi đi,nơi đến,mã hàng,khối lượng,giá trị", "09/2026,VN-35,VN-SG,ARTICHOKE_IMP,12.5,1.850.000.000", "2026-10,VN-SG,VN-35,STRAWBERRY_IMP,3,"].join("\n");
    const response = await post("trade-flows", flows);
    expect(response.status).toBe(200);
    expect(response.body.data!.import).toMatchObject({ kind: "TRADE_FLOWS", insertedCount: 2, ownerProvinceCodes: ["VN-35", "VN-SG"] });
    const stored = await hub.em().find(TradeFlowEntity, { commodity: { code: { $in: ["ARTICHOKE_IMP", "STRAWBERRY_IMP"] } } }, { orderBy: { month: "asc" } });
    expect(stored.map((flow) => [flow.month, flow.volume, flow.unit, flow.valueVnd, flow.ownerProvinceCodes])).toEqual([
      ["2026-09", 12.5, "kg", "1850000000", ["VN-35", "VN-SG"]],
      ["2026-10", 3, "kg", null, ["VN-SG", "VN-35"]],
    ]);
    const foreign = await post("trade-flows", ["month,origin_code,destination_code,commodity_code,volume", "2026-09,VN-33,VN-SG,ARTICHOKE_IMP,5"].join("\n"));
    expect(foreign.body.errors![0]!.extensions.problems![0]).toMatchObject({ line: 2, column: "origin_code", message: expect.stringContaining("neither end is VN-35") });
  });
});

type Problem = { line: number; column: string | null; message: string };
const problemsOf = (response: Awaited<ReturnType<typeof post>>): Problem[] => response.body.errors![0]!.extensions.problems!;
const flowsOf = (commodityCode: string) => hub.em().find(TradeFlowEntity, { commodity: { code: commodityCode } }, { orderBy: { month: "asc", destination: "asc" } });

describe("numbers out of their column's range", () => {
  const FLOW_HEADER = "month,origin_code,destination_code,commodity_code,volume,value_vnd";
  const NINES = "9".repeat(400);
  /** What an anonymous dashboard asks of a month's trade: it must keep answering whatever was imported. */
  const anonymousTrade = async (month: string) => {
    const balance = await hub.query<{ tradeBalance: { months: { month: string; volumes: { unit: string; aToB: number }[] }[] } }>(
      `query B($month: YearMonth!) { tradeBalance(provinceA: "VN-35", provinceB: "VN-33", fromMonth: $month, toMonth: $month, commodityCode: "PEPPER_IMP") { months { month volumes { unit aToB bToA net } } } }`,
      { month },
    );
    const flows = await hub.query<{ tradeFlows: { nodes: { month: string; volume: number }[] } }>(
      `query F($month: YearMonth!) { tradeFlows(filter: { commodityCodes: ["PEPPER_IMP"], fromMonth: $month, toMonth: $month }) { nodes { month volume unit } } }`,
      { month },
    );
    expect(balance.errors).toBeUndefined();
    expect(flows.errors).toBeUndefined();
    return { balance: balance.data!.tradeBalance, flows: flows.data!.tradeFlows.nodes };
  };

  it("refuses a volume of 400 nines (it was stored as Infinity) by line and column, writes nothing of the file, and trade queries keep answering", async () => {
    const response = await post("trade-flows", [FLOW_HEADER, "2026-07,VN-35,VN-30,PEPPER_IMP,12,", `2026-07,VN-35,VN-33,PEPPER_IMP,${NINES},`].join("\n"));
    expect(response.status).toBe(400);
    expect(response.body.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(response.body.errors![0]!.message).toContain("line 3 (volume)");
    expect(problemsOf(response)).toEqual([{ line: 3, column: "volume", message: expect.stringContaining("not a positive quantity below 1,000,000,000,000") }]);
    expect(await flowsOf("PEPPER_IMP")).toEqual([]);
    expect(await anonymousTrade("2026-07")).toEqual({ balance: { months: [{ month: "2026-07", volumes: [] }] }, flows: [] });
  });

  it("bounds every number of both kinds: volume, value_vnd and price_vnd out of range are refused by line; values at the bounds are stored and read back", async () => {
    const flows = await post(
      "trade-flows",
      [
        FLOW_HEADER,
        "2026-06,VN-35,VN-33,PEPPER_IMP,1000000000000,",
        "2026-06,VN-35,VN-30,PEPPER_IMP,1.2345,",
        "2026-06,VN-33,VN-35,PEPPER_IMP,0,",
        "2026-06,VN-30,VN-35,PEPPER_IMP,5,1000000000000000000",
        `2026-06,VN-SG,VN-35,PEPPER_IMP,5,${NINES}`,
        `2026-06,VN-35,VN-SG,PEPPER_IMP,0.${"0".repeat(400)}1,`,
      ].join("\n"),
    );
    expect(flows.status).toBe(400);
    expect(problemsOf(flows).map((problem) => [problem.line, problem.column])).toEqual([
      [2, "volume"],
      [3, "volume"],
      [4, "volume"],
      [5, "value_vnd"],
      [6, "value_vnd"],
      [7, "volume"],
    ]);
    const prices = await post("price-observations", ["commodity_code,market_code,observed_on,price_type,price_vnd", `ARTICHOKE_IMP,LD-DALAT-IMP,2026-06-01,RETAIL,${NINES}`, "ARTICHOKE_IMP,LD-DALAT-IMP,2026-06-02,RETAIL,1.000.000.000.000"].join("\n"));
    expect(prices.status).toBe(400);
    expect(problemsOf(prices).map((problem) => [problem.line, problem.column])).toEqual([
      [2, "price_vnd"],
      [3, "price_vnd"],
    ]);
    expect(await flowsOf("PEPPER_IMP")).toEqual([]);
    expect(await hub.em().count(PriceObservationEntity, { commodity: { code: "ARTICHOKE_IMP" }, observedOn: { $in: ["2026-06-01", "2026-06-02"] } })).toBe(0);

    // The largest figures allowed are stored exactly, and read back by anyone.
    const largest = await post("trade-flows", [FLOW_HEADER, "2026-06,VN-35,VN-33,PEPPER_IMP,999999999999.999,999999999999999999"].join("\n"));
    expect(largest.status).toBe(200);
    expect((await flowsOf("PEPPER_IMP")).map((flow) => [flow.volume, flow.valueVnd])).toEqual([[999999999999.999, "999999999999999999"]]);
    expect(await anonymousTrade("2026-06")).toEqual({
      balance: { months: [{ month: "2026-06", volumes: [{ unit: "tấn", aToB: 999999999999.999, bToA: 0, net: 999999999999.999 }] }] },
      flows: [{ month: "2026-06", volume: 999999999999.999, unit: "tấn" }],
    });
  });
});

describe("concurrent imports of the same natural key", () => {
  const HEADER = "month,origin_code,destination_code,commodity_code,volume";

  it("serialise: of two files giving one flow different volumes, one is imported and the other refused as a conflict by line, with nothing of it written", async () => {
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const month = `2026-0${attempt}`;
      // Line 2 is the contested flow; line 3 is each file's own, which the refused file must not leave behind.
      const files = [
        [HEADER, `${month},VN-35,VN-33,COFFEE_IMP,${100 + attempt}`, `${month},VN-35,VN-30,COFFEE_IMP,1`].join("\n"),
        [HEADER, `${month},VN-35,VN-33,COFFEE_IMP,${200 + attempt}`, `${month},VN-35,VN-SG,COFFEE_IMP,2`].join("\n"),
      ];
      const responses = await Promise.all(files.map((file) => post("trade-flows", file)));
      expect(responses.map((response) => response.status).sort()).toEqual([200, 400]);
      const winner = responses.findIndex((response) => response.status === 200);
      const loser = responses[1 - winner]!;
      expect(responses[winner]!.body.data!.import).toMatchObject({ rowCount: 2, insertedCount: 2, alreadyPresentCount: 0 });
      expect(loser.body.errors![0]!.extensions.code).toBe("CONFLICT");
      expect(loser.body.errors![0]!.message).toContain("line 2");
      expect(problemsOf(loser)).toEqual([{ line: 2, column: null, message: "already recorded with other values: correct the record instead of importing it again" }]);
      const stored = (await flowsOf("COFFEE_IMP")).filter((flow) => flow.month === month);
      expect(stored.map((flow) => [flow.destination.unwrap().code, flow.volume])).toEqual(
        winner === 0
          ? [["VN-30", 1], ["VN-33", 100 + attempt]]
          : [["VN-33", 200 + attempt], ["VN-SG", 2]],
      );
    }
  });

  it("stay idempotent: two identical files at once are one import and one of rows already present", async () => {
    const file = [HEADER, "2026-07,VN-35,VN-33,COFFEE_IMP,7", "2026-07,VN-35,VN-30,COFFEE_IMP,8"].join("\n");
    const responses = await Promise.all([post("trade-flows", file), post("trade-flows", file)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(responses.map((response) => response.body.data!.import.insertedCount).sort()).toEqual([0, 2]);
    expect(responses.map((response) => response.body.data!.import.alreadyPresentCount).sort()).toEqual([0, 2]);
    expect((await flowsOf("COFFEE_IMP")).filter((flow) => flow.month === "2026-07").map((flow) => flow.volume)).toEqual([8, 7]);
  });
});

describe("CSV syntax errors", () => {
  const HEADER = "commodity_code,market_code,observed_on,price_type,price_vnd,note";
  const countAugust = () => hub.em().count(PriceObservationEntity, { commodity: { code: "ARTICHOKE_IMP" }, observedOn: { $gte: "2026-08-01", $lte: "2026-08-31" } });

  it("answers an unterminated quote with 400 and the line its value opened on, writing nothing", async () => {
    const response = await post("price-observations", [HEADER, "ARTICHOKE_IMP,LD-DALAT-IMP,2026-08-01,RETAIL,150000,", "", `ARTICHOKE_IMP,LD-DALAT-IMP,2026-08-02,RETAIL,150000,"loại 1`, "ARTICHOKE_IMP,LD-DALAT-IMP,2026-08-03,RETAIL,150000,"].join("\n"));
    expect(response.status).toBe(400);
    expect(response.body.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(response.body.errors![0]!.message).toContain("line 4");
    expect(problemsOf(response)).toEqual([{ line: 4, column: null, message: "a quoted value opened on line 4 is never closed (the file ends inside the quotes)" }]);
    expect(await countAugust()).toBe(0);
  });

  it("answers every other csv-parse error with 400 and its line: a quote in the header, characters after a closing quote, a quote inside a value, a row past the size limit", async () => {
    const header = await post("price-observations", `"commodity_code,market_code\nARTICHOKE_IMP,LD-DALAT-IMP`);
    expect([header.status, problemsOf(header)]).toEqual([400, [{ line: 1, column: null, message: expect.stringContaining("never closed") }]]);
    const closing = await post("price-observations", [HEADER, "ARTICHOKE_IMP,LD-DALAT-IMP,2026-08-04,RETAIL,150000,", `ARTICHOKE_IMP,LD-DALAT-IMP,2026-08-05,RETAIL,150000,"loại 1"x`].join("\n"));
    expect([closing.status, problemsOf(closing)]).toEqual([400, [{ line: 3, column: null, message: expect.stringContaining("quoted value is followed by other characters") }]]);
    const opening = await post("price-observations", [HEADER, `ARTICHOKE_IMP,LD-DALAT-IMP,2026-08-06,RETAIL,150000,loại "1"`].join("\n"));
    expect([opening.status, problemsOf(opening)]).toEqual([400, [{ line: 2, column: null, message: expect.stringContaining("a quote in the middle of an unquoted value") }]]);
    // A quote left open early in a big file: refused once the record is too long, not at the end of the file.
    const rows = Array.from({ length: 3_000 }, (_, index) => `ARTICHOKE_IMP,LD-DALAT-IMP,2026-08-07,RETAIL,${150_000 + index},ghi chú dài`);
    const long = await post("price-observations", [HEADER, `ARTICHOKE_IMP,LD-DALAT-IMP,2026-08-08,RETAIL,150000,"loại 1`, ...rows].join("\n"));
    expect([long.status, problemsOf(long)]).toEqual([400, [{ line: 2, column: null, message: expect.stringContaining("the row beginning on line 2 is longer than 65536 characters") }]]);
    expect(await countAugust()).toBe(0);
  });
});

describe("npm run import", () => {
  const run = async (...args: string[]) => {
    const script = path.resolve(import.meta.dirname, "../dist/scripts/import.js");
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? "", DATABASE_URL: hub.database.url, HUB_NOW: "2026-11-23T03:00:00Z", LOG_LEVEL: "silent" } });
      return { code: 0, output: stdout.trim() };
    } catch (error) {
      const failure = error as { code: number; stdout: string; stderr: string };
      return { code: failure.code, output: `${failure.stdout}${failure.stderr}`.trim() };
    }
  };

  it("imports a file with a progress display, and names the problems of a bad one by line", async () => {
    const good = path.join(directory, "gia-atiso-11-2026.csv");
    await writeFile(good, ["commodity_code,market_code,observed_on,price_type,price_vnd", "ARTICHOKE_IMP,LD-DALAT-IMP,2026-11-01,RETAIL,160000", "ARTICHOKE_IMP,LD-DALAT-IMP,2026-11-02,RETAIL,161000"].join("\n"));
    const imported = await run("price-observations", good, "--agency", "VN-35-SCT-IMP");
    expect(imported).toMatchObject({ code: 0, output: expect.stringMatching(/Imported .*: 2 rows, 2 new, 0 already recorded/) });
    const bad = path.join(directory, "gia-sai.csv");
    await writeFile(bad, ["commodity_code,market_code,observed_on,price_type,price_vnd", "ARTICHOKE_IMP,LD-DALAT-IMP,2026-11-03,RETAIL,không rõ"].join("\n"));
    const rejected = await run("price-observations", bad, "--agency", "VN-35-SCT-IMP");
    expect(rejected.code).toBe(1);
    expect(rejected.output).toContain("line 2 (price_vnd)");
    expect((await run("price-observations", good)).code).toBe(2);
  });
});

describe("price observations' references, checked per statement (Migration20261205120000_price_references)", () => {
  it("refuses a row naming a missing commodity, market or agency, refuses deleting a referenced one, and carries a changed id", async () => {
    const em = hub.em();
    const commodity = await createCommodity(em, { code: "CABBAGE_REF", name: "Bắp cải Đà Lạt", standardUnit: "kg" });
    const market = await createMarket(em, { provinceCode: "VN-35", code: "LD-DONDUONG-REF", name: "Chợ Đơn Dương" });
    const agency = await createAgency(em, { provinceCode: "VN-35", code: "VN-35-SCT-REF", name: "Sở Công Thương tỉnh Lâm Đồng (tham chiếu)", sector: AgencySector.INDUSTRY_TRADE });
    const connection = hub.em().getConnection();
    const insert = (commodityId: number, marketId: number, agencyId: number, day: string) =>
      connection.execute(
        `insert into price_observation (owner_province_codes, commodity_id, market_id, market_province_code, observed_on, price_type, price_vnd, unit, source_agency_id)
         values ('{VN-35}', ${commodityId}, ${marketId}, 'VN-35', '${day}', 'WHOLESALE', 9000, 'kg', ${agencyId})`,
      );
    const missing = 2_000_000_000;
    for (const [ids, table] of [[[missing, market.id, agency.id], "commodity"], [[commodity.id, missing, agency.id], "market"], [[commodity.id, market.id, missing], "agency"]] as const) {
      await expect(insert(ids[0], ids[1], ids[2], "2026-09-01")).rejects.toMatchObject({ code: "23503", message: expect.stringContaining(`"${table}"`) });
    }
    await insert(commodity.id, market.id, agency.id, "2026-09-01");
    // A statement of several rows is refused whole when one of them names a missing row.
    await expect(
      connection.execute(
        `insert into price_observation (owner_province_codes, commodity_id, market_id, market_province_code, observed_on, price_type, price_vnd, unit, source_agency_id)
         values ('{VN-35}', ${commodity.id}, ${market.id}, 'VN-35', '2026-09-02', 'WHOLESALE', 9000, 'kg', ${agency.id}), ('{VN-35}', ${missing}, ${market.id}, 'VN-35', '2026-09-03', 'WHOLESALE', 9000, 'kg', ${agency.id})`,
      ),
    ).rejects.toMatchObject({ code: "23503" });
    await expect(connection.execute(`update price_observation set market_id = ${missing} where commodity_id = ${commodity.id}`)).rejects.toMatchObject({ code: "23503" });

    for (const table of ["commodity", "market", "agency"]) {
      const id = { commodity: commodity.id, market: market.id, agency: agency.id }[table];
      await expect(connection.execute(`delete from ${table} where id = ${id}`)).rejects.toMatchObject({ code: "23503", message: expect.stringContaining(`"${table}"`) });
    }
    await connection.execute(`update commodity set id = ${missing} where id = ${commodity.id}`);
    expect(await connection.execute(`select count(*)::int as count from price_observation where commodity_id = ${missing}`)).toEqual([{ count: 1 }]);
  });
});
