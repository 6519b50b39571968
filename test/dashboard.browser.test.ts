import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../seeds/demo.js";
import { vietnamDate } from "../src/common/clock.js";
import { REPOSITORY_ROOT } from "../src/common/paths.js";
import { startTestHub, type TestHub } from "./support/hub.js";

/**
 * The dashboard in headless Chromium (Debian's package, driven by playwright-core;
 * test/support/browser-setup.ts installs it when it is missing) against a hub seeded with the programme's demo data: the values on screen are the
 * hub's answers for the signed-in caller, a price reported while the page is open appears without a
 * reload, and a viewer without an agreement sees budgets as withheld, with the reason.
 * Screenshots and the load time are kept in test-artifacts/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = path.join(REPOSITORY_ROOT, "test-artifacts");
const PROVINCE = "VN-33";
const COMMODITY = "COFFEE_ROBUSTA";

let hub: TestHub;
let browser: Browser;
let dashboardUrl: string;

const vnd = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });
const inVietnamese = (value: string | null) => (value === null ? "" : vnd.format(Number(value)));

/** The window the dashboard shows: the first of the month eleven months ago, to today (Vietnam's dates). */
function window12(): { from: string; to: string } {
  const today = vietnamDate(new Date());
  const first = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 12, 1));
  return { from: first.toISOString().slice(0, 10), to: today };
}

/** Requests a page made to anywhere but the hub: the dashboard must work with no internet access. */
function requestsElsewhere(page: Page): string[] {
  const elsewhere: string[] = [];
  const origin = new URL(hub.url).origin;
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["blob:", "data:"].includes(url.protocol) && url.origin !== origin) elsewhere.push(request.url());
  });
  return elsewhere;
}

const elsewhereOf = new WeakMap<Page, string[]>();

/** Closes a page opened by `openSignedIn`, once it is sure the page asked nothing of another origin. */
async function closeChecked(page: Page): Promise<void> {
  expect(elsewhereOf.get(page)).toEqual([]);
  await page.close();
}

async function openSignedIn(token: string | null, expectedKind: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1800 }, locale: "vi-VN" });
  page.on("pageerror", (error) => {
    throw error;
  });
  elsewhereOf.set(page, requestsElsewhere(page));
  await page.goto(dashboardUrl);
  await page.waitForSelector('body[data-ready-for="ANONYMOUS"]');
  if (token) {
    await page.fill("#token", token);
    await page.click("#sign-in button[type=submit]");
    await page.waitForSelector(`body[data-ready-for="${expectedKind}"]`);
  }
  return page;
}

/** The texts of a table's rows, cell by cell. */
function rowsOf(page: Page, tableId: string): Promise<string[][]> {
  return page.$$eval(`#${tableId} tbody tr`, (rows) => rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent ?? "")));
}

beforeAll(async () => {
  hub = await startTestHub();
  await seedDemo(hub.em(), vietnamDate(new Date()));
  dashboardUrl = new URL("/dashboard/", hub.url).toString();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  await mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

describe("the dashboard in Chromium", () => {
  it("loads in Vietnamese and shows the hub's figures for an owning province's agency, panel by panel", async () => {
    const token = await hub.token({ kind: "agency", province: PROVINCE, agency: `${PROVINCE}-SCT` });
    const started = Date.now();
    const page = await openSignedIn(null, "ANONYMOUS");
    // (Code run in the page is given as text: this file is compiled without the DOM's types.)
    const loadedAfter = (await page.evaluate("window.dashboardReadyAfter ?? null")) as number | null;
    expect(loadedAfter).toBeGreaterThan(0);
    await writeFile(path.join(ARTIFACTS, "dashboard-load.json"), `${JSON.stringify({ readyAfterMilliseconds: Math.round(loadedAfter!), wallClockMilliseconds: Date.now() - started }, null, 2)}\n`);
    expect(await page.textContent("h1")).toBe("Cổng dữ liệu vùng — Bảng điều khiển");

    await page.fill("#token", token);
    await page.click("#sign-in button[type=submit]");
    await page.waitForSelector('body[data-ready-for="AGENCY"]');

    // Prices: every month of every market, as the hub answers the same question for this caller.
    const { from, to } = window12();
    const prices = await hub.query<{ priceSeries: { market: { code: string }; priceType: string; points: { periodStart: string; min: string; avg: string; max: string; count: number }[] }[] }>(
      `query P($c: String!, $p: [String!]!, $from: LocalDate!, $to: LocalDate!) { priceSeries(filter: { commodityCodes: [$c], marketProvince: { codes: $p }, period: { from: $from, to: $to } }, interval: MONTH) { market { code } priceType points { periodStart min avg max count } } }`,
      { c: COMMODITY, p: [PROVINCE, "VN-SG"], from, to },
      { token },
    );
    const expectedPrices = prices.data!.priceSeries.flatMap((series) => series.points.map((point) => ({ market: series.market.code, priceType: series.priceType, month: point.periodStart.slice(0, 7), cells: [inVietnamese(point.min), inVietnamese(point.avg), inVietnamese(point.max), String(point.count)] })));
    expect(expectedPrices.length).toBeGreaterThan(12);
    const shownPrices = await page.$$eval("#prices-table tbody tr", (rows) =>
      rows.map((row) => {
        const cells = [...row.querySelectorAll("td")];
        return { market: cells[0]!.dataset.market, priceType: cells[0]!.dataset.priceType, month: cells[1]!.dataset.month, cells: cells.slice(2).map((cell) => cell.textContent ?? "") };
      }),
    );
    expect(new Set(shownPrices.map((row) => JSON.stringify(row)))).toEqual(new Set(expectedPrices.map((row) => JSON.stringify(row))));
    expect(await page.locator("#prices-chart canvas").count()).toBe(1);

    // Trade balance: the values are SHARED, so a signed-in agency reads them.
    const trade = await hub.query<{ tradeBalance: { months: { month: string; valueAToB: string | null; valueBToA: string | null; netValue: string | null; flowsAToB: number; flowsBToA: number }[] } }>(
      `query T($p: String!, $f: YearMonth!, $t: YearMonth!) { tradeBalance(provinceA: "VN-SG", provinceB: $p, fromMonth: $f, toMonth: $t) { months { month valueAToB valueBToA netValue flowsAToB flowsBToA } } }`,
      { p: PROVINCE, f: from.slice(0, 7), t: to.slice(0, 7) },
      { token },
    );
    const tradeRows = await rowsOf(page, "trade-table");
    expect(trade.data!.tradeBalance.months.length).toBeGreaterThan(0);
    // Newest month first.
    expect(tradeRows.map((row) => row.slice(1, 6))).toEqual(trade.data!.tradeBalance.months.map((month) => [inVietnamese(month.valueAToB), inVietnamese(month.valueBToA), inVietnamese(month.netValue), String(month.flowsAToB), String(month.flowsBToA)]).reverse());

    // Training: the links with Đắk Lắk, budgets readable by an owner.
    const training = await hub.query<{ trainingLinks: { nodes: { code: string; title: string; budgetVnd: string | null }[] } }>(
      `query L($p: String!) { trainingLinks(filter: { partnerProvince: { codes: [$p] } }, first: 50) { nodes { code title budgetVnd } } }`,
      { p: PROVINCE },
      { token },
    );
    expect(training.errors).toBeUndefined();
    const trainingRows = await rowsOf(page, "training-table");
    expect(trainingRows.map((row) => [row[0], row[5]])).toEqual(training.data!.trainingLinks.nodes.map((link) => [link.title, inVietnamese(link.budgetVnd)]));
    expect(await page.locator("#training-table td.withheld").count()).toBe(0);

    // Technology levels: the chosen province's, one row per sector, with its total.
    const technology = await hub.query<{ technologyLevelDistribution: { cells: { provinceCode: string; sectorCode: string; total: number }[] } }>(
      `query D($p: String!) { technologyLevelDistribution(filter: { province: { codes: [$p] } }, groupBy: [PROVINCE, SECTOR]) { cells { provinceCode sectorCode total } } }`,
      { p: PROVINCE },
    );
    expect(new Set(technology.data!.technologyLevelDistribution.cells.map((cell) => cell.provinceCode))).toEqual(new Set([PROVINCE]));
    const technologyRows = await page.$$eval("#technology-table tbody tr", (rows) => rows.map((row) => [row.querySelector("[data-province]").dataset.province, row.querySelector("[data-sector]").dataset.sector, row.lastElementChild.textContent]));
    expect(technology.data!.technologyLevelDistribution.cells.length).toBeGreaterThan(0);
    expect(technologyRows).toEqual(technology.data!.technologyLevelDistribution.cells.map((cell) => [cell.provinceCode, cell.sectorCode, String(cell.total)]));

    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-owner-vi.png"), fullPage: true });
    await closeChecked(page);
  });

  it("updates live when a price is reported while the page is open", async () => {
    const page = await openSignedIn(await hub.token({ kind: "agency", province: PROVINCE }), "AGENCY");
    const today = vietnamDate(new Date());
    const month = today.slice(0, 7);
    const market = "DLK-BUON-MA-THUOT";
    // The demo quotes wholesale prices there, every day: a retail price starts a series of its own.
    const priceVnd = "127500";
    const maxCell = `#prices-table tr:has(td[data-market="${market}"][data-price-type="RETAIL"]):has(td[data-month="${month}"]) td:nth-child(5)`;
    expect(await page.locator(maxCell).count()).toBe(0);
    const editor = await hub.token({ kind: "agency", province: PROVINCE, agency: `${PROVINCE}-SCT`, roles: ["agency_editor"] });
    const recorded = await hub.query(
      `mutation R($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { observations { id } } }`,
      { input: { observations: [{ commodityCode: COMMODITY, marketCode: market, observedOn: today, priceType: "RETAIL", priceVnd }] } },
      { token: editor },
    );
    expect(recorded.errors).toBeUndefined();
    // Waits on the page's own updates (a function, not a string: the page's CSP forbids eval).
    type InPage = { document: { querySelector(selector: string): { textContent: string | null } | null } };
    await page.waitForFunction(([selector, expected]) => (globalThis as unknown as InPage).document.querySelector(selector!)?.textContent === expected, [maxCell, inVietnamese(priceVnd)]);
    expect(await page.getAttribute("#live-status", "data-state")).toBe("live");
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-live-update.png"), fullPage: true });
    await closeChecked(page);
  });

  it("shows budgets as withheld, with the reason, to a viewer without an agreement — in Vietnamese and in English", async () => {
    // Lâm Đồng holds no TRAINING agreement from Đắk Lắk or HCMC, who own the links with Đắk Lắk.
    const token = await hub.token({ kind: "agency", province: "VN-35" });
    const response = await hub.query<{ trainingLinks: { nodes: { title: string }[] } }>(
      `query L($p: String!) { trainingLinks(filter: { partnerProvince: { codes: [$p] } }, first: 50) { nodes { title budgetVnd } } }`,
      { p: PROVINCE },
      { token },
    );
    const withheldPaths = (response.errors ?? []).filter((error) => error.extensions?.reason === "NO_AGREEMENT_IN_FORCE").map((error) => error.path!.join("."));
    expect(withheldPaths.length).toBe(response.data!.trainingLinks.nodes.length);
    expect(withheldPaths.length).toBeGreaterThan(0);

    const page = await openSignedIn(token, "AGENCY");
    const budgets = await page.$$eval("#training-table tbody tr td:nth-child(6)", (cells) => cells.map((cell) => ({ text: cell.textContent, reason: cell.getAttribute("data-withheld") })));
    expect(budgets).toEqual(withheldPaths.map(() => ({ text: "Bị giữ lại — chưa có thỏa thuận chia sẻ dữ liệu còn hiệu lực", reason: "NO_AGREEMENT_IN_FORCE" })));
    // The titles, which are PUBLIC, are there: withheld is not "no data".
    expect((await rowsOf(page, "training-table")).map((row) => row[0])).toEqual(response.data!.trainingLinks.nodes.map((link) => link.title));
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-withheld-vi.png"), fullPage: true });

    const names = (await hub.query<{ unit: { name: string; nameEn: string } }>(`{ unit(code: "${PROVINCE}") { name nameEn } }`)).data!.unit;
    expect(await page.textContent(`#province option[value="${PROVINCE}"]`)).toBe(names.name);
    await page.click("#language-en");
    await page.waitForSelector("html[lang=en]");
    expect(await page.textContent("h1")).toBe("Regional Data Hub — Dashboard");
    expect(await page.textContent(`#province option[value="${PROVINCE}"]`)).toBe(names.nameEn);
    const english = await page.$$eval("#training-table tbody tr td:nth-child(6)", (cells) => cells.map((cell) => cell.textContent));
    expect(english).toEqual(withheldPaths.map(() => "Withheld — no data-sharing agreement in force"));
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard-withheld-en.png"), fullPage: true });
    await closeChecked(page);
  });

  it("refuses a token the hub does not accept, says why, and carries on with public data", async () => {
    const page = await openSignedIn(null, "ANONYMOUS");
    // Signed with another secret: the hub answers UNAUTHENTICATED, never anonymous access.
    const forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwicHJvdmluY2UiOiJWTi0zMyIsInJvbGVzIjpbImFnZW5jeV92aWV3ZXIiXX0.c2lnbmVkLXdpdGgtYW5vdGhlci1zZWNyZXQ";
    await page.evaluate("document.body.removeAttribute('data-ready-for')");
    await page.fill("#token", forged);
    await page.click("#sign-in button[type=submit]");
    await page.waitForSelector('body[data-ready-for="ANONYMOUS"]');
    expect(await page.textContent("#sign-in-error")).toMatch(/^Mã truy cập bị từ chối: /);
    expect(await page.isVisible("#sign-in")).toBe(true);
    expect(await page.evaluate("sessionStorage.getItem('regional-data-hub.token')")).toBeNull();
    await closeChecked(page);
  });

  it("shows trade values as withheld to a caller without a token, who reads PUBLIC data only", async () => {
    const page = await openSignedIn(null, "ANONYMOUS");
    const valueCells = await page.$$eval("#trade-table tbody tr td:nth-child(2)", (cells) => cells.map((cell) => cell.getAttribute("data-withheld")));
    expect(valueCells.length).toBeGreaterThan(0);
    expect(new Set(valueCells)).toEqual(new Set(["SIGN_IN_REQUIRED"]));
    await closeChecked(page);
  });
});

/** What an analyst reads on the page, measured in it (code run in the page is text: this file has no DOM types). */
interface Reading {
  visibleText: string;
  pageHeight: number;
  pageWidth: number;
  viewportWidth: number;
  favicon: string | null;
  charts: Record<string, { months: string[]; lines: { label: string; values: (number | null)[] }[]; yLabels: { text: string; left: number; right: number }[]; canvasWidth: number; chartHeight: number; legendHeight: number; legendEntries: number }>;
  visibleRows: Record<string, number>;
  technologyProvinces: string[];
  tradeHeaders: string[];
}

const READING = `(() => {
  const charts = {};
  for (const chart of document.querySelectorAll(".chart")) {
    const canvas = chart.querySelector("canvas");
    const legend = chart.querySelector(".legend");
    charts[chart.id] = {
      months: JSON.parse(chart.dataset.months ?? "[]"),
      lines: JSON.parse(chart.dataset.lines ?? "[]"),
      yLabels: JSON.parse(chart.dataset.yLabels ?? "[]"),
      canvasWidth: canvas ? canvas.getBoundingClientRect().width : 0,
      chartHeight: canvas ? canvas.getBoundingClientRect().height : 0,
      legendHeight: legend ? legend.getBoundingClientRect().height : 0,
      legendEntries: legend ? legend.querySelectorAll("li").length : 0,
    };
  }
  const visibleRows = {};
  for (const table of document.querySelectorAll("table[id]")) visibleRows[table.id] = [...table.querySelectorAll("tbody tr")].filter((row) => row.getClientRects().length > 0).length;
  return {
    visibleText: document.body.innerText,
    pageHeight: document.documentElement.scrollHeight,
    pageWidth: document.documentElement.scrollWidth,
    viewportWidth: document.documentElement.clientWidth,
    favicon: document.querySelector("link[rel=icon]")?.href ?? null,
    charts,
    visibleRows,
    technologyProvinces: [...document.querySelectorAll("#technology-table [data-province]")].map((cell) => cell.dataset.province),
    tradeHeaders: [...document.querySelectorAll("#trade-table th")].map((cell) => cell.textContent),
  };
})()`;

/** The enum values the hub answers with that the page shows (as words): none may show as a code. */
const ENUM_CODES = /\b(ADVANCED|ADVANCED_AVERAGE|AVERAGE|OBSOLETE|PLANNED|ONGOING|COMPLETED|CANCELLED|AGENCY|ANONYMOUS|ENTERPRISE|HUB_ADMIN|FARM_GATE|WHOLESALE|RETAIL|COURSE|INTERNSHIP|SCHOLARSHIP|STUDY_VISIT|MEDICAL_OUTREACH|JOINT_RESEARCH)\b/;

const VIEWPORTS = { laptop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;

describe("the dashboard as an analyst reads it, at a laptop's and a phone's width, in Vietnamese and in English", () => {
  for (const language of ["vi", "en"] as const) {
    for (const device of ["laptop", "phone"] as const) {
      it(`${device}, ${language}: words for every code, compact charts, short tables, the province's data only`, async () => {
        const token = await hub.token({ kind: "agency", province: PROVINCE, agency: `${PROVINCE}-SCT` });
        const page = await browser.newPage({ viewport: VIEWPORTS[device], locale: language === "vi" ? "vi-VN" : "en-GB", isMobile: device === "phone", hasTouch: device === "phone" });
        const problems: string[] = [];
        page.on("pageerror", (error) => problems.push(error.message));
        const elsewhere = requestsElsewhere(page);
        await page.goto(dashboardUrl);
        await page.waitForSelector('body[data-ready-for="ANONYMOUS"]');
        await page.fill("#token", token);
        await page.click("#sign-in button[type=submit]");
        await page.waitForSelector('body[data-ready-for="AGENCY"]');
        if (language === "en") {
          await page.click("#language-en");
          await page.waitForSelector("html[lang=en]");
        }
        await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${device}-${language}.png`), fullPage: true });
        // The first screen, as the analyst sees it on opening the page.
        await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${device}-${language}-first-screen.png`) });
        const reading = (await page.evaluate(READING)) as Reading;

        // Words, not codes: no SCREAMING_SNAKE_CASE, no enum value.
        expect(reading.visibleText).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b/);
        expect(reading.visibleText).not.toMatch(ENUM_CODES);
        expect(reading.visibleText).toContain(language === "vi" ? "cơ quan cấp tỉnh" : "provincial agency");

        if (device === "laptop") expect(reading.pageHeight).toBeLessThan(2500);
        else expect(reading.pageWidth).toBeLessThanOrEqual(reading.viewportWidth);

        // Each y label inside its canvas, and short: "1,2 tỷ", "850 tr" / "1.2bn", "850m".
        const compact = language === "vi" ? /^-?\d{1,3}(,\d{1,2})?( (tỷ|tr|nghìn))?$/ : /^-?\d{1,3}(\.\d{1,2})?(bn|m|k)?$/;
        for (const id of ["prices-chart", "trade-chart"]) {
          const chart = reading.charts[id]!;
          expect(chart.yLabels.length, id).toBeGreaterThan(1);
          for (const label of chart.yLabels) {
            expect(label.text, id).toMatch(compact);
            expect(label.left, `${id} ${label.text}`).toBeGreaterThanOrEqual(0);
            expect(label.right, `${id} ${label.text}`).toBeLessThanOrEqual(chart.canvasWidth);
          }
          // The legend: a few short lines under the chart, not a column taller than it.
          expect(chart.legendHeight, id).toBeLessThan(chart.chartHeight / 2);
        }

        // The price chart starts at the first month with a price; one legend entry per market and price type.
        const { from, to } = window12();
        const prices = await hub.query<{ priceSeries: { points: { periodStart: string }[] }[] }>(
          `query P($c: String!, $p: [String!]!, $from: LocalDate!, $to: LocalDate!) { priceSeries(filter: { commodityCodes: [$c], marketProvince: { codes: $p }, period: { from: $from, to: $to } }, interval: MONTH) { points { periodStart } } }`,
          { c: COMMODITY, p: [PROVINCE, "VN-SG"], from, to },
          { token },
        );
        const firstMonth = prices.data!.priceSeries.flatMap((series) => series.points.map((point) => point.periodStart.slice(0, 7))).sort()[0];
        expect(reading.charts["prices-chart"]!.months[0]).toBe(firstMonth);
        expect(reading.charts["prices-chart"]!.legendEntries).toBe(prices.data!.priceSeries.length);

        // A month without flows is a gap in the trade chart, not a zero.
        const trade = await hub.query<{ tradeBalance: { months: { month: string; flowsAToB: number; flowsBToA: number }[] } }>(
          `query T($p: String!, $f: YearMonth!, $t: YearMonth!) { tradeBalance(provinceA: "VN-SG", provinceB: $p, fromMonth: $f, toMonth: $t) { months { month flowsAToB flowsBToA } } }`,
          { p: PROVINCE, f: from.slice(0, 7), t: to.slice(0, 7) },
          { token },
        );
        const tradeChart = reading.charts["trade-chart"]!;
        const withoutFlows = trade.data!.tradeBalance.months.filter((month) => month.flowsAToB === 0);
        for (const month of withoutFlows) expect(tradeChart.lines[0]!.values[tradeChart.months.indexOf(month.month)], month.month).toBeNull();
        for (const month of trade.data!.tradeBalance.months.filter((one) => one.flowsAToB > 0)) expect(tradeChart.lines[0]!.values[tradeChart.months.indexOf(month.month)], month.month).not.toBeNull();
        // The counts say what they count, each way.
        expect(reading.tradeHeaders.slice(4)).toEqual(language === "vi" ? ["Luồng hàng TP.HCM → tỉnh", "Luồng hàng tỉnh → TP.HCM"] : ["Flows HCMC → province", "Flows province → HCMC"]);

        // Long tables show 10 rows, with "more".
        for (const [id, rows] of Object.entries(reading.visibleRows)) expect(rows, id).toBeLessThanOrEqual(10);
        const hiddenPrices = await page.locator("#prices-table tbody tr[hidden]").count();
        expect(hiddenPrices).toBeGreaterThan(0);
        await page.click("#prices-panel button.more");
        expect(await page.locator("#prices-table tbody tr[hidden]").count()).toBe(0);

        // The technology table is the chosen province's.
        expect(reading.technologyProvinces.length).toBeGreaterThan(0);
        expect(new Set(reading.technologyProvinces)).toEqual(new Set([PROVINCE]));

        // The icon, from this hub.
        expect(new URL(reading.favicon!).origin).toBe(new URL(hub.url).origin);
        for (const url of [reading.favicon!, new URL("/favicon.ico", hub.url).toString()]) {
          const icon = await page.request.get(url);
          expect(icon.status(), url).toBe(200);
          expect(icon.headers()["content-type"], url).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
          // A fixed name: never cached as immutable.
          expect(icon.headers()["cache-control"], url).not.toContain("immutable");
        }

        // The legend hides and shows a market's line; min and max are there on demand.
        const firstEntry = page.locator("#prices-chart .legend button").first();
        await firstEntry.click();
        expect(await firstEntry.getAttribute("aria-pressed")).toBe("false");
        await page.check("#prices-range");
        const withRange = (await page.evaluate(READING)) as Reading;
        expect(withRange.charts["prices-chart"]!.lines.length).toBe(3 * prices.data!.priceSeries.length);
        expect(withRange.charts["prices-chart"]!.legendEntries).toBe(prices.data!.priceSeries.length);

        expect(problems).toEqual([]);
        expect(elsewhere).toEqual([]);
        await page.close();
      });
    }
  }
});

describe("GraphiQL in Chromium", () => {
  it("loads from this hub alone and opens on the tour (dashboard/operations/cross-dataset.graphql), which it runs", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const elsewhere = requestsElsewhere(page);
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(error.message));
    await page.goto(new URL("/graphiql/", hub.url).toString());
    // Ready once the editor (Monaco, loaded after the page) shows the default query: the tour.
    await page.waitForSelector(".graphiql-query-editor .view-lines :text('DakLakCoffee')");
    // GraphiQL also sends its own introspection query: wait for the answer to the one it runs.
    const answered = page.waitForResponse((response) => response.url() === hub.url && (response.request().postData() ?? "").includes("query DakLakCoffee"));
    await page.click(".graphiql-execute-button");
    const response = await answered;
    const body = (await response.json()) as { data?: { farmGate: unknown[]; hcmcWholesale: unknown[]; coffeeProcessors: { totalCount: number }; foodTechnologyProgrammes: { nodes: unknown[] } } };
    expect(Object.keys(body.data ?? {})).toEqual(["farmGate", "hcmcWholesale", "coffeeProcessors", "foodTechnologyProgrammes"]);
    expect(body.data!.farmGate.length).toBeGreaterThan(0);
    await page.waitForSelector(".graphiql-response :text('farmGate')");
    await page.screenshot({ path: path.join(ARTIFACTS, "graphiql.png") });
    expect(elsewhere).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });
});
