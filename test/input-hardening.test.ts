/**
 * Input that PostgreSQL would refuse, or that would cost the process its responsiveness, is the
 * caller's error (issue 11): BAD_USER_INPUT naming the argument, on HTTP and on WebSocket alike,
 * answered before any SQL runs and writing nothing. And while the heaviest request the limits
 * allow is running, `/healthz` still answers.
 */
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgencySector } from "../src/reference/agency.entity.js";
import { ErrorCode, inputErrorOf } from "../src/common/errors.js";
import { encodeCursor } from "../src/common/connection.js";
import { DecimalScalar, YearMonthScalar } from "../src/common/scalars.js";
import { SEARCH_MAX_CHARACTERS, SEARCH_MAX_WORDS } from "../src/common/text.js";
import { TEXT_MAX_CHARACTERS } from "../src/limits/input-text.js";
import { StatementCountingLogger } from "../src/common/sql-statements.js";
import { createAgency, createCommodity, createEnterprise, createMarket } from "../seeds/factories/reference.js";
import { startTestHub, type GraphQLResponse, type TestCaller, type TestHub } from "./support/hub.js";

const NOW = "2026-11-23T03:00:00Z";
const EDITOR: TestCaller = { kind: "agency", province: "VN-33", agency: "VN-33-SCT", roles: ["agency_editor"] };
const COFFEE = "COFFEE_HARDENING";
const MARKET = "DL-BMT-HARDENING";

let hub: TestHub;
let editorToken: string;

/**
 * Every statement the hub sends, whatever request (or none) it is for: WebSocket operations are not
 * counted per request, so a refusal on a socket is shown to send none by watching them all.
 * The outbox follower's polls and the log sequencer's looks (hub_event, audit_chain_progress) run
 * on their own timers and are not the operation's.
 */
const statements: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({ now: NOW });
  const logger = hub.database.orm.config.getLogger() as StatementCountingLogger;
  const logQuery = logger.logQuery.bind(logger);
  logger.logQuery = (context) => {
    if (!/hub_event|audit_chain_progress/.test(context.query)) statements.push(context.query);
    logQuery(context);
  };
  const em = hub.em();
  await createAgency(em, { provinceCode: "VN-33", code: "VN-33-SCT", name: "Sở Công Thương tỉnh Đắk Lắk", sector: AgencySector.INDUSTRY_TRADE });
  await createCommodity(em, { code: COFFEE, name: "Cà phê Robusta nhân xô", standardUnit: "kg" });
  await createMarket(em, { provinceCode: "VN-33", code: MARKET, name: "Chợ Buôn Ma Thuột" });
  // A full page at the maximum page size, each name matching every word of the largest allowed search.
  for (let i = 0; i < hub.config.maxPageSize; i += 1) {
    await createEnterprise(em, { provinceCode: "VN-33", name: `Công ty Cà phê Buôn Ma Thuột Đắk Lắk ${String(i).padStart(3, "0")}` });
  }
  editorToken = await hub.token(EDITOR);
});
afterAll(async () => {
  await hub?.close();
});

type Transport = "http" | "websocket";
const TRANSPORTS: Transport[] = ["http", "websocket"];

/** One operation over HTTP POST. */
async function overHttp(query: string, variables: Record<string, unknown>, token?: string): Promise<GraphQLResponse> {
  return hub.query(query, variables, { token });
}

/** One operation over graphql-ws: its result, or the errors a refused `subscribe` is answered with. */
async function overWebSocket(query: string, variables: Record<string, unknown>, token?: string, onConnected: () => void = () => undefined): Promise<GraphQLResponse> {
  const client = createClient({
    url: hub.url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    // Acknowledged before the operation is sent: what the connection itself read is behind us.
    on: { connected: onConnected },
  });
  try {
    return await new Promise<GraphQLResponse>((resolve, reject) => {
      let result: GraphQLResponse | undefined;
      client.subscribe(
        { query, variables },
        {
          next: (value) => (result = value as GraphQLResponse),
          error: (error) => (Array.isArray(error) ? resolve({ errors: error as never }) : reject(error)),
          complete: () => resolve(result ?? {}),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

/**
 * Sends an operation and counts the statements sent for it. A socket is authenticated once, at
 * `connection_init` (a signed-in caller's registry check is one statement then): the count starts
 * when the connection is acknowledged, before the operation is sent.
 */
async function send(transport: Transport, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ response: GraphQLResponse; statementCount: number }> {
  let before = statements.length;
  const response = transport === "http" ? await overHttp(query, variables, token) : await overWebSocket(query, variables, token, () => (before = statements.length));
  const sent = statements.slice(before);
  if (transport === "http") expect(hub.lastStatementCount()).toBe(sent.length);
  // A signed-in caller's standing (its provinces, agreements) is read only once the input has
  // passed: a refusal sends no statement on either transport, for any caller.
  return { response, statementCount: sent.length };
}

/** The refusal every case expects: BAD_USER_INPUT naming the place, before any SQL. */
async function expectRefused(transport: Transport, query: string, variables: Record<string, unknown>, names: (string | RegExp)[], token?: string): Promise<GraphQLResponse> {
  const { response, statementCount } = await send(transport, query, variables, token);
  expect(response.data ?? null).toBeNull();
  const [error] = response.errors ?? [];
  expect(error?.extensions?.code).toBe(ErrorCode.BAD_USER_INPUT);
  for (const name of names) expect(error!.message).toMatch(typeof name === "string" ? new RegExp(name.replace(/[$.*+?()[\]{}|^\\]/g, "\\$&")) : name);
  // Neither SQL nor the values that would have reached it appear in the message.
  expect(error!.message).not.toMatch(/select |insert |\bwhere\b/i);
  expect(statementCount).toBe(0);
  return response;
}

const SEARCH = `query Search($s: String) { enterprises(filter: { search: $s }) { nodes { name } } }`;

describe.each(TRANSPORTS)("string inputs over %s", (transport) => {
  it("refuse a NUL character, in a variable and in a literal", async () => {
    await expectRefused(transport, SEARCH, { s: "ca\u0000phe" }, ['"$s"', "filter.search", "NUL"]);
    await expectRefused(transport, `{ enterprises(filter: { search: "ca\\u0000phe" }) { nodes { name } } }`, {}, ['"filter.search"', '"enterprises"', "NUL"]);
  });

  it("refuse a lone surrogate, which would be stored as U+FFFD", async () => {
    await expectRefused(transport, SEARCH, { s: "c\ud800a phe" }, ['"$s"', "filter.search", "lone surrogate"]);
    // In a literal, graphql's lexer refuses it already (the document is not GraphQL): nothing runs either.
    for (const literal of ["ca \\udc00", "ca \udc00"]) {
      const { response, statementCount } = await send(transport, `{ enterprises(filter: { search: "${literal}" }) { nodes { name } } }`);
      expect(response.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
      expect(statementCount).toBe(0);
    }
  });

  it("refuse a search over its words or characters, and the 200 KB search of 100,000 words at once", async () => {
    const words = (count: number) => Array.from({ length: count }, () => "ca").join(" ");
    await expectRefused(transport, SEARCH, { s: words(SEARCH_MAX_WORDS + 1) }, ['"$s"', "filter.search", `at most ${SEARCH_MAX_WORDS} words`]);
    await expectRefused(transport, SEARCH, { s: "x".repeat(SEARCH_MAX_CHARACTERS + 1) }, ['"$s"', `at most ${SEARCH_MAX_CHARACTERS} characters`]);
    await expectRefused(transport, SEARCH, { s: words(100_000) }, ['"$s"', "filter.search"]);
    // The bound holds for a search nested in a filter passed whole as a variable, too.
    await expectRefused(transport, `query S($f: EnterpriseFilter) { enterprises(filter: $f) { nodes { name } } }`, { f: { search: words(SEARCH_MAX_WORDS + 1) } }, ['"$f"', "filter.search"]);
  });

  it("refuse any string over the general bound", async () => {
    await expectRefused(transport, `query Page($after: String) { enterprises(after: $after) { nodes { name } } }`, { after: "a".repeat(TEXT_MAX_CHARACTERS + 1) }, ['"$after"', `longer than ${TEXT_MAX_CHARACTERS} characters`]);
  });

  it("let an ordinary search through", async () => {
    const { response } = await send(transport, SEARCH, { s: "cà phê buôn ma thuột 007" });
    expect(response.errors).toBeUndefined();
    expect((response.data as { enterprises: { nodes: { name: string }[] } }).enterprises.nodes.map((node) => node.name)).toEqual(["Công ty Cà phê Buôn Ma Thuột Đắk Lắk 007"]);
  });
});

describe.each(TRANSPORTS)("dates and cursors over %s", (transport) => {
  const PRICES = `query Prices($from: LocalDate, $after: String) { priceObservations(filter: { period: { from: $from } }, after: $after) { nodes { priceVnd } } }`;

  it("refuse a LocalDate outside 1900–2100 in a variable and in a literal", async () => {
    await expectRefused(transport, PRICES, { from: "0000-01-01" }, ['"$from"', "1900-01-01"]);
    await expectRefused(transport, `{ priceObservations(filter: { period: { from: "2101-01-01" } }) { nodes { priceVnd } } }`, {}, ['Argument "filter.period.from" of "priceObservations"', "1900-01-01"]);
  });

  it("refuse forged cursors as invalid, before SQL", async () => {
    const forged = [
      "not base64 at all!",
      encodeCursor([{ shape: "wrong" }]),
      encodeCursor(["2026-02-31", 1]), // no such day
      encodeCursor(["0000-01-01", 1]), // no year 0 in PostgreSQL
      encodeCursor(["2026-11-20\u0000", 1]),
    ];
    for (const after of forged) await expectRefused(transport, PRICES, { after }, ["`after`", "invalid cursor"]);
    // A text cursor (enterprises sort by name) holding NUL.
    await expectRefused(transport, `query Page($after: String) { enterprises(after: $after) { nodes { name } } }`, { after: encodeCursor(["ab\u0000", 1]) }, ["invalid cursor"]);
    // Integers beyond their columns (ids are integer, OCOP stars smallint), which PostgreSQL would refuse with 22003.
    await expectRefused(transport, `query Page($after: String) { enterprises(after: $after) { nodes { name } } }`, { after: encodeCursor(["ab", 2 ** 40]) }, ["invalid cursor"]);
    await expectRefused(transport, `query Stars($after: String) { ocopProducts(after: $after) { nodes { name } } }`, { after: encodeCursor([40_000, 1]) }, ["invalid cursor"]);
  });
});

describe.each(TRANSPORTS)("recordPriceObservations over %s", (transport) => {
  const RECORD = `mutation Record($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { observations { id } } }`;
  const price = (overrides: Record<string, unknown> = {}) => ({ commodityCode: COFFEE, marketCode: MARKET, observedOn: "2026-11-20", priceType: "WHOLESALE", priceVnd: "118500", ...overrides });
  const recorded = async () => {
    const response = await hub.query<{ priceObservations: { totalCount: number } }>(`{ priceObservations(filter: { commodityCodes: ["${COFFEE}"] }) { totalCount } }`, {}, { token: editorToken });
    expect(response.errors).toBeUndefined();
    return response.data!.priceObservations.totalCount;
  };

  it("refuses a year-0 date, a NUL in a note, an over-long note and a price past numeric(20,0), and writes nothing", async () => {
    const before = await recorded();
    await expectRefused(transport, RECORD, { input: { observations: [price(), price({ observedOn: "0000-01-01" })] } }, ['"$input"', "1900-01-01"], editorToken);
    await expectRefused(transport, RECORD, { input: { observations: [price(), price({ note: "loại\u00001" })] } }, ['"$input"', "input.observations.1.note", "NUL"], editorToken);
    await expectRefused(transport, RECORD, { input: { observations: [price({ note: "x".repeat(TEXT_MAX_CHARACTERS + 1) })] } }, ["input.observations.0.note", "longer than"], editorToken);
    await expectRefused(transport, `mutation { recordPriceObservations(input: { observations: [{ commodityCode: "${COFFEE}", marketCode: "${MARKET}", observedOn: "2026-11-20", priceType: WHOLESALE, priceVnd: "1", note: "a\\u0000" }] }) { observations { id } } }`, {}, ['"input.observations.0.note"', '"recordPriceObservations"'], editorToken);
    await expectRefused(transport, RECORD, { input: { observations: [price({ priceVnd: "1".repeat(21) })] } }, ['"$input"', "at most 20 digits"], editorToken);
    // A literal in a list of input objects is named by its argument's path (list positions left out).
    await expectRefused(transport, `mutation { recordPriceObservations(input: { observations: [{ commodityCode: "${COFFEE}", marketCode: "${MARKET}", observedOn: "2026-11-20", priceType: WHOLESALE, priceVnd: "1" }, { commodityCode: "${COFFEE}", marketCode: "${MARKET}", observedOn: "0000-01-01", priceType: WHOLESALE, priceVnd: "1" }] }) { observations { id } } }`, {}, ['Argument "input.observations.observedOn" of "recordPriceObservations"', "1900-01-01"], editorToken);
    expect(await recorded()).toBe(before);
  });
});

describe("scalars and the database's refusals", () => {
  it("hold Decimal to the digits of its widest column (numeric(20,0)) and YearMonth to 1900–2100", () => {
    expect(DecimalScalar.parseValue("12345678901234567890")).toBe("12345678901234567890");
    expect(() => DecimalScalar.parseValue("123456789012345678901")).toThrow(/at most 20 digits/);
    expect(() => DecimalScalar.parseValue(1e21)).toThrow(/Decimal/);
    expect(() => DecimalScalar.parseValue(Number.NaN)).toThrow(/Decimal/);
    expect(YearMonthScalar.parseValue("2026-11")).toBe("2026-11");
    expect(() => YearMonthScalar.parseValue("0000-01")).toThrow(/1900-01/);
  });

  it("answer a PostgreSQL data exception (SQLSTATE class 22) as BAD_USER_INPUT, without its SQL", () => {
    const formatted = { message: 'date/time field value out of range: "0000-01-01" in select * from price_observation', path: ["priceObservations"], extensions: { code: "INTERNAL_SERVER_ERROR" } };
    for (const code of ["22007", "22008", "22P02", "22003", "22021", "2202E"]) {
      // MikroORM wraps pg's error; the SQLSTATE is on both.
      const mapped = inputErrorOf(formatted, Object.assign(new Error(formatted.message), { code, previous: { code } }));
      expect(mapped?.extensions?.code).toBe(ErrorCode.BAD_USER_INPUT);
      expect(mapped?.message).not.toMatch(/select|0000-01-01/);
      expect(mapped?.path).toEqual(["priceObservations"]);
    }
    expect(inputErrorOf(formatted, Object.assign(new Error("deadlock"), { code: "40P01" }))).toBeUndefined();
  });
});

describe("/healthz while the heaviest allowed request runs", () => {
  it("answers while a full page of the largest allowed search is in flight", async () => {
    // Every word a prefix-free match of each name, as many words as allowed, up to the character bound.
    const base = ["cong", "ty", "ca", "phe", "buon", "ma", "thuot", "dak", "lak"];
    const words = Array.from({ length: SEARCH_MAX_WORDS }, (_, index) => base[index % base.length]!);
    const search = words.join(" ");
    expect(search.length).toBeLessThanOrEqual(SEARCH_MAX_CHARACTERS);
    const order: string[] = [];
    const heavy = overHttp(`query Heavy($s: String, $first: Int!) { enterprises(first: $first, filter: { search: $s }) { totalCount nodes { name province { name } } pageInfo { endCursor } } }`, { s: search, first: hub.config.maxPageSize }).then((response) => {
      order.push("heavy");
      return response;
    });
    const health = fetch(new URL("/healthz", hub.url)).then((response) => {
      order.push("healthz");
      return response;
    });
    const [heavyResponse, healthResponse] = await Promise.all([heavy, health]);
    expect(healthResponse.status).toBe(200);
    expect(heavyResponse.errors).toBeUndefined();
    const enterprises = (heavyResponse.data as { enterprises: { totalCount: number; nodes: unknown[] } }).enterprises;
    expect(enterprises.totalCount).toBe(hub.config.maxPageSize);
    expect(enterprises.nodes).toHaveLength(hub.config.maxPageSize);
    expect(order).toHaveLength(2);
  });
});
