/**
 * `node dist/bench/explain.js` (after `npm run build`): the SQL behind the hub's main lists and
 * aggregates on the largest scale preset, each statement timed with EXPLAIN (ANALYZE, BUFFERS).
 * It starts the hub on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hub_scale)
 * with statement logging, sends each operation below over HTTP, captures the statements it ran (with
 * their parameters inlined by the ORM's logger), and explains each three times after a warm-up,
 * reporting the median. `--plans` prints every plan too. This is how bench/EXPLAIN.md was measured.
 */
import "reflect-metadata";
import { MikroORM } from "@mikro-orm/postgresql";
import { parseConfig } from "../src/config.js";
import { ormConfig } from "../src/db/mikro-orm.config.js";
import { startHubServer } from "../src/server.js";
import { median } from "./statistics.js";

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/hub_scale";
const SHOW_PLANS = process.argv.includes("--plans");

/** The operations measured: the dashboard's main lists and aggregates, with filters a dashboard uses. */
export const OPERATIONS: Record<string, string> = {
  priceSeries: `{ priceSeries(filter: { commodityCodes: ["COFFEE_ROBUSTA"], marketProvince: { codes: ["VN-33"] }, priceTypes: [FARM_GATE], period: { relative: CURRENT_QUARTER } }, interval: MONTH) { market { name } points { periodStart min avg max count } } }`,
  priceSeriesWeeklyTwoYears: `{ priceSeries(filter: { commodityCodes: ["PEPPER_BLACK"], period: { from: "2025-01-01", to: "2026-11-23" } }, interval: WEEK) { points { count } } }`,
  pricesNewest: `{ priceObservations(first: 20) { totalCount nodes { observedOn priceVnd market { name } commodity { code } } } }`,
  pricesFiltered: `{ priceObservations(filter: { commodityCodes: ["COFFEE_ROBUSTA"], marketProvince: { codes: ["VN-33"] }, priceTypes: [FARM_GATE] }, first: 20) { totalCount nodes { observedOn priceVnd market { name } } } }`,
  pricesProvinceType: `{ priceObservations(filter: { marketProvince: { codes: ["VN-SG"] }, priceTypes: [WHOLESALE] }, first: 20) { totalCount nodes { observedOn } } }`,
  pricesMarketLast30Days: `{ priceObservations(filter: { marketCodes: ["SIM-MKT-00001"], period: { relative: LAST_30_DAYS } }, first: 20) { totalCount nodes { observedOn priceVnd } } }`,
  enterprisesSearch: `{ enterprises(filter: { province: { codes: ["VN-33"] }, vsicPrefixes: ["10"], search: "ca phe" }, first: 20) { totalCount nodes { name vsicCode latestAssessment { level assessedOn } } } }`,
  enterprisesProvinceVsic: `{ enterprises(filter: { province: { codes: ["VN-33"] }, vsicPrefixes: ["1077"] }, first: 50) { totalCount nodes { name latestAssessment { level assessedOn } } } }`,
  assessmentsByProvince: `{ assessments(filter: { province: { codes: ["VN-33"] } }, first: 20) { totalCount nodes { assessedOn level enterprise { name } } } }`,
  assessmentsByProvinceVsicLevel: `{ assessments(filter: { province: { codes: ["VN-29"] }, vsicPrefixes: ["10"], levels: [ADVANCED] }, first: 20) { totalCount nodes { assessedOn level } } }`,
  levelDistributionProvince: `{ technologyLevelDistribution(filter: { province: { codes: ["VN-33"] } }, groupBy: [SECTOR]) { total cells { sectorCode total } } }`,
  levelDistributionAll: `{ technologyLevelDistribution(groupBy: [PROVINCE, SECTOR]) { total cells { provinceCode sectorCode total } } }`,
  tradeBalance: `{ tradeBalance(provinceA: "VN-SG", provinceB: "VN-29", fromMonth: "2025-01", toMonth: "2026-10") { unitCodesB months { __typename } } }`,
  programmesLinkedProvince: `{ programmes(filter: { institutionProvince: { codes: ["VN-SG"] }, disciplinePrefixes: ["7540"], linkedProvince: { codes: ["VN-33"] } }, first: 20) { totalCount nodes { name institution { name } links(first: 5) { nodes { title } } } } }`,
  listingsCommodityOpen: `{ listings(filter: { commodityCodes: ["COFFEE_ROBUSTA"], statuses: [OPEN], province: { codes: ["VN-33"] } }, first: 20) { totalCount nodes { title } } }`,
};

/** Lookups every operation makes (units, codes → ids): a few rows by primary or unique key, not worth a plan. */
const TRIVIAL = [/from "administrative_unit" as "u" order by/, /from "(commodity|market)" as "r" where "r"\."code" in/];

/** The access paths of a text plan: which indexes (and sequential scans) it reads. */
function accessPaths(plan: string): string {
  const paths = new Set<string>();
  for (const match of plan.matchAll(/(Seq Scan|Index Only Scan using|Index Scan using|Index Scan Backward using|Bitmap Index Scan on) ?(\w+)?/g)) {
    paths.add(match[1] === "Seq Scan" ? "Seq Scan" : `${match[1]!.replace(/ using| on/, "")} ${match[2]}`);
  }
  return [...paths].join(", ");
}

async function main(): Promise<void> {
  const captured: string[] = [];
  const base = ormConfig({ clientUrl: DATABASE_URL, poolSize: 4 });
  const orm = await MikroORM.init({
    ...base,
    debug: ["query", "query-params"],
    colors: false,
    logger: (message: string) => captured.push(message),
  });
  const config = parseConfig({ ...process.env, DATABASE_URL, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "error", SEED_DEMO: "false" });
  const server = await startHubServer({ config, database: { orm, url: DATABASE_URL, kind: "server", close: async () => {} } });
  const connection = orm.em.fork().getConnection();
  const rows: string[] = ["| operation | statement | median | reads |", "| --- | --- | ---: | --- |"];
  try {
    for (const [name, query] of Object.entries(OPERATIONS)) {
      captured.length = 0;
      const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
      const body = (await response.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(`${name} failed: ${JSON.stringify(body.errors).slice(0, 1_000)}`);
      const statements = captured
        .map((message) => /\[query\] (.*) \[took \d+ ms/.exec(message)?.[1])
        .filter((sql): sql is string => sql !== undefined && !TRIVIAL.some((pattern) => pattern.test(sql)));
      for (const [index, sql] of statements.entries()) {
        const times: number[] = [];
        let plan = "";
        for (let run = 0; run < 4; run += 1) {
          const result = await connection.execute<{ "QUERY PLAN": string }[]>(`explain (analyze, buffers) ${sql}`, [], "all");
          plan = result.map((row) => row["QUERY PLAN"]).join("\n");
          const time = /Execution Time: ([\d.]+) ms/.exec(plan);
          if (run > 0 && time) times.push(Number(time[1]));
        }
        const shown = sql.length > 110 ? `${sql.slice(0, 107)}…` : sql;
        rows.push(`| ${name}.${index + 1} | \`${shown.replace(/\|/g, "\\|")}\` | ${median(times).toFixed(2)} ms | ${accessPaths(plan)} |`);
        if (SHOW_PLANS) console.log(`\n===== ${name}.${index + 1}\n${sql}\n${plan}`);
      }
    }
  } finally {
    await server.close();
    await orm.close(true);
  }
  console.log(rows.join("\n"));
}

await main();
