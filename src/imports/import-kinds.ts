import { textArray } from "../common/visible-rows.js";
import { Commodity, Market } from "../reference/index.js";
import { PriceType } from "../trade/index.js";
import { matchName, parseDay, parseMonth, parseQuantity, parseWholeVnd, remembered, type ColumnSpec, type CsvRow, type ImportProblem } from "./csv.js";
import { ImportKind } from "./data-import.entity.js";

/** What a row is checked against: the reference data, the importing agency, today. */
export interface ImportLookups {
  commodities: ReadonlyMap<string, Commodity>;
  markets: ReadonlyMap<string, Market>;
  units: ReadonlySet<string>;
  /** The unit codes the importing agency's province writes for (itself and the units it absorbed). */
  ownCodes: ReadonlySet<string>;
  agencyProvinceCode: string;
  today: string;
}

/** What a file held, gathered from its checked rows: the import's record and its announcement name them. */
export interface ImportSummary {
  commodityCodes: Set<string>;
  marketCodes: Set<string>;
  /** The provinces that own the rows, where they depend on the rows (trade flows: both ends). */
  ownerCodes: Set<string>;
}

/** A staging column: its SQL type and how a checked row gives its value. */
interface StagingColumn<R> {
  name: string;
  type: string;
  valueOf: (row: R) => string | number | null;
}

/**
 * One kind of CSV import: its columns, how a row is checked and what it becomes, its natural key,
 * and the SQL that finds rows recorded with other values and inserts the new ones from the staging
 * table `s` (STAGE stands for its name).
 */
export interface ImportDefinition<R extends { line: number }> {
  kind: ImportKind;
  columns: ColumnSpec[];
  check(row: CsvRow, lookups: ImportLookups, problems: ImportProblem[]): R | null;
  /** The staging columns of the natural key (a file imported twice is recognised by it). */
  naturalKeyColumns: string[];
  staging: StagingColumn<R>[];
  /** Lines whose natural key is recorded with other values, with their parameters. */
  conflictSql: string;
  conflictParameters(agencyId: number): unknown[];
  /** Inserts the new rows, skipping those recorded already, with their parameters. */
  insertSql: string;
  insertParameters(agencyId: number, owners: readonly string[]): unknown[];
  /** The owners of what a file of this kind writes, when they do not depend on its rows (prices: the agency's province). */
  ownersOf(lookups: ImportLookups): string[];
  /** Adds what a checked row tells of the file to its summary. */
  describe(row: R, summary: ImportSummary): void;
  auditedFields: string[];
}

const column = (name: string, required: boolean, ...aliases: string[]): ColumnSpec => ({ name, required, aliases });

/*
 * The bounds of every number a file brings. Each is inside its column's type (see the migrations)
 * and inside what the figure can mean, so that a stored row never breaks a reader: a volume past
 * a double's range was stored as Infinity, which GraphQL's Float cannot send, and every
 * tradeBalance and tradeFlows query touching that month failed for everyone.
 */
/** price_observation.price_vnd is numeric(18,0), > 0; no price of one unit of produce comes near a trillion đồng. */
const MAX_PRICE_DIGITS = 12;
/** trade_flow.value_vnd is numeric(20,0); 18 digits (as memorandum values) is far above the country's yearly GDP, ~1.1e16 đồng. */
const MAX_VALUE_DIGITS = 18;
/** trade_flow.volume is double precision, >= 0: 12 whole digits and 3 decimals stay within the 15 a double keeps exactly. */
const MAX_VOLUME = 1e12;
const MAX_VOLUME_DECIMALS = 3;

/** Digits after the decimal mark, trailing zeros aside ("12,50" has one). */
const decimalsOf = (quantity: string) => (quantity.replace(/[\s\u00a0]/g, "").split(/[.,]/)[1] ?? "").replace(/0+$/, "").length;

/** Vietnamese spellings agencies use for the price types. */
const PRICE_TYPES: Record<PriceType, readonly string[]> = {
  [PriceType.FARM_GATE]: ["tại vườn", "giá tại vườn", "thu mua", "farm gate"],
  [PriceType.WHOLESALE]: ["bán buôn", "bán sỉ", "sỉ"],
  [PriceType.RETAIL]: ["bán lẻ", "lẻ"],
};

const priceTypeOf = remembered((value) => matchName(value, PRICE_TYPES));
const dayOf = remembered(parseDay);
const monthOf = remembered(parseMonth);

interface PriceRow {
  line: number;
  commodity: Commodity;
  market: Market;
  observedOn: string;
  priceType: PriceType;
  priceVnd: string;
  note: string | null;
}

function required(row: CsvRow, name: string, problems: ImportProblem[]): string | null {
  const value = row.values.get(name);
  if (value === undefined) problems.push({ line: row.line, column: name, message: `${name} is empty` });
  return value ?? null;
}

/** Control characters (NUL above all) are no part of any value: PostgreSQL refuses NUL in text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function checkShape(row: CsvRow, problems: ImportProblem[]): void {
  if (row.extraValues > 0) problems.push({ line: row.line, column: null, message: `${row.extraValues} value(s) more than there are columns (quote values that contain the separator)` });
  for (const [column, value] of row.values) if (CONTROL.test(value)) problems.push({ line: row.line, column, message: "contains a control character (e.g. NUL)" });
}

export const PRICE_IMPORT: ImportDefinition<PriceRow> = {
  kind: ImportKind.PRICE_OBSERVATIONS,
  columns: [
    column("commodity_code", true, "mã hàng", "ma_hang", "commodity"),
    column("market_code", true, "mã chợ", "ma_cho", "market"),
    column("observed_on", true, "ngày", "ngay", "date"),
    column("price_type", true, "loại giá", "loai_gia"),
    column("price_vnd", true, "giá", "gia", "giá (đồng)", "price"),
    column("note", false, "ghi chú", "ghi_chu"),
  ],
  check(row, lookups, problems) {
    const before = problems.length;
    checkShape(row, problems);
    const commodityCode = required(row, "commodity_code", problems);
    const marketCode = required(row, "market_code", problems);
    const day = required(row, "observed_on", problems);
    const type = required(row, "price_type", problems);
    const price = required(row, "price_vnd", problems);
    const commodity = commodityCode ? lookups.commodities.get(commodityCode) : undefined;
    if (commodityCode && !commodity) problems.push({ line: row.line, column: "commodity_code", message: `unknown commodity ${commodityCode}` });
    const market = marketCode ? lookups.markets.get(marketCode) : undefined;
    if (marketCode && !market) problems.push({ line: row.line, column: "market_code", message: `unknown market ${marketCode}` });
    else if (market && !lookups.ownCodes.has(market.provinceCode)) {
      problems.push({ line: row.line, column: "market_code", message: `${marketCode} is a market of ${market.provinceCode}, not of ${lookups.agencyProvinceCode}` });
    }
    const observedOn = day ? dayOf(day) : null;
    if (day && !observedOn) problems.push({ line: row.line, column: "observed_on", message: `"${day}" is not a day (YYYY-MM-DD or DD/MM/YYYY)` });
    else if (observedOn && observedOn > lookups.today) problems.push({ line: row.line, column: "observed_on", message: `${observedOn} is in the future (today is ${lookups.today})` });
    const priceType = type ? priceTypeOf(type) : null;
    if (type && !priceType) problems.push({ line: row.line, column: "price_type", message: `"${type}" is not a price type (FARM_GATE / tại vườn, WHOLESALE / bán buôn, RETAIL / bán lẻ)` });
    const priceVnd = price ? parseWholeVnd(price) : null;
    if (price && (!priceVnd || priceVnd === "0" || priceVnd.length > MAX_PRICE_DIGITS)) problems.push({ line: row.line, column: "price_vnd", message: `"${price}" is not a whole price in đồng from 1 to 999,999,999,999` });
    const note = row.values.get("note") ?? null;
    if (note && note.length > 500) problems.push({ line: row.line, column: "note", message: "longer than 500 characters" });
    if (problems.length > before) return null;
    return { line: row.line, commodity: commodity!, market: market!, observedOn: observedOn!, priceType: priceType!, priceVnd: priceVnd!, note };
  },
  naturalKeyColumns: ["commodity_id", "market_id", "price_type", "observed_on"],
  staging: [
    { name: "line", type: "int", valueOf: (row) => row.line },
    { name: "commodity_id", type: "int", valueOf: (row) => row.commodity.id },
    { name: "market_id", type: "int", valueOf: (row) => row.market.id },
    { name: "market_province_code", type: "text", valueOf: (row) => row.market.provinceCode },
    { name: "observed_on", type: "date", valueOf: (row) => row.observedOn },
    { name: "price_type", type: "text", valueOf: (row) => row.priceType },
    // The table's own type, so a value the checks let through by mistake fails here rather than in the table.
    { name: "price_vnd", type: "numeric(18,0)", valueOf: (row) => row.priceVnd },
    { name: "unit", type: "text", valueOf: (row) => row.commodity.standardUnit },
    { name: "note", type: "text", valueOf: (row) => row.note },
  ],
  conflictSql: `select s.line from STAGE s join price_observation p
      on p.commodity_id = s.commodity_id and p.market_id = s.market_id and p.price_type = s.price_type and p.observed_on = s.observed_on and p.source_agency_id = ?
   where p.price_vnd <> s.price_vnd or p.note is distinct from s.note order by s.line limit 100`,
  conflictParameters: (agencyId) => [agencyId],
  insertSql: `insert into price_observation (owner_province_codes, commodity_id, market_id, market_province_code, observed_on, price_type, price_vnd, unit, source_agency_id, note)
    select ?::text[], s.commodity_id, s.market_id, s.market_province_code, s.observed_on, s.price_type, s.price_vnd, s.unit, ?, s.note from STAGE s
    on conflict on constraint price_observation_natural_key do nothing`,
  insertParameters: (agencyId, owners) => [textArray(owners), agencyId],
  ownersOf: (lookups) => [lookups.agencyProvinceCode],
  describe(row, summary) {
    summary.commodityCodes.add(row.commodity.code);
    summary.marketCodes.add(row.market.code);
  },
  auditedFields: ["PriceObservation.commodity", "PriceObservation.market", "PriceObservation.observedOn", "PriceObservation.priceType", "PriceObservation.priceVnd", "PriceObservation.note"],
};

interface TradeFlowRow {
  line: number;
  month: string;
  originCode: string;
  destinationCode: string;
  commodity: Commodity;
  volume: number;
  unit: string;
  valueVnd: string | null;
}

export const TRADE_FLOW_IMPORT: ImportDefinition<TradeFlowRow> = {
  kind: ImportKind.TRADE_FLOWS,
  columns: [
    column("month", true, "tháng", "thang"),
    column("origin_code", true, "nơi đi", "noi_di", "origin"),
    column("destination_code", true, "nơi đến", "noi_den", "destination"),
    column("commodity_code", true, "mã hàng", "ma_hang", "commodity"),
    column("volume", true, "khối lượng", "khoi_luong", "sản lượng"),
    column("unit", false, "đơn vị", "don_vi", "đơn vị tính"),
    column("value_vnd", false, "giá trị", "gia_tri", "giá trị (đồng)", "value"),
  ],
  check(row, lookups, problems) {
    const before = problems.length;
    checkShape(row, problems);
    const monthText = required(row, "month", problems);
    const originCode = required(row, "origin_code", problems);
    const destinationCode = required(row, "destination_code", problems);
    const commodityCode = required(row, "commodity_code", problems);
    const volumeText = required(row, "volume", problems);
    const month = monthText ? monthOf(monthText) : null;
    if (monthText && !month) problems.push({ line: row.line, column: "month", message: `"${monthText}" is not a month (YYYY-MM or MM/YYYY)` });
    else if (month && month > lookups.today.slice(0, 7)) problems.push({ line: row.line, column: "month", message: `${month} is in the future` });
    for (const [name, code] of [["origin_code", originCode], ["destination_code", destinationCode]] as const) {
      if (code && !lookups.units.has(code)) problems.push({ line: row.line, column: name, message: `unknown province ${code}` });
    }
    if (originCode && destinationCode && originCode === destinationCode) problems.push({ line: row.line, column: "destination_code", message: "the same as the origin" });
    if (originCode && destinationCode && !lookups.ownCodes.has(originCode) && !lookups.ownCodes.has(destinationCode)) {
      problems.push({ line: row.line, column: "origin_code", message: `neither end is ${lookups.agencyProvinceCode}: an agency records its own province's flows` });
    }
    const commodity = commodityCode ? lookups.commodities.get(commodityCode) : undefined;
    if (commodityCode && !commodity) problems.push({ line: row.line, column: "commodity_code", message: `unknown commodity ${commodityCode}` });
    const volume = volumeText ? parseQuantity(volumeText) : null;
    if (volumeText && /^\d{1,3}[.,]\d{3}$/.test(volumeText.trim())) {
      // "1.250" is 1250 to some and 1.25 to others: rather than guess, ask for an unambiguous figure.
      problems.push({ line: row.line, column: "volume", message: `"${volumeText}" is ambiguous (1250 or 1.25?): write it without a separator, or with one or two decimals` });
    } else if (volumeText && (volume === null || !Number.isFinite(volume) || volume <= 0 || volume >= MAX_VOLUME || decimalsOf(volumeText) > MAX_VOLUME_DECIMALS)) {
      problems.push({ line: row.line, column: "volume", message: `"${volumeText}" is not a positive quantity below 1,000,000,000,000 with at most ${MAX_VOLUME_DECIMALS} decimals` });
    }
    const valueText = row.values.get("value_vnd");
    const valueVnd = valueText ? parseWholeVnd(valueText) : null;
    if (valueText && (!valueVnd || valueVnd.length > MAX_VALUE_DIGITS)) {
      problems.push({ line: row.line, column: "value_vnd", message: `"${valueText}" is not a whole amount in đồng from 0 to 999,999,999,999,999,999` });
    }
    const unit = row.values.get("unit") ?? commodity?.standardUnit ?? "";
    if (unit.length > 32) problems.push({ line: row.line, column: "unit", message: "longer than 32 characters" });
    if (problems.length > before) return null;
    return { line: row.line, month: month!, originCode: originCode!, destinationCode: destinationCode!, commodity: commodity!, volume: volume!, unit, valueVnd };
  },
  naturalKeyColumns: ["month", "origin_code", "destination_code", "commodity_id"],
  staging: [
    { name: "line", type: "int", valueOf: (row) => row.line },
    { name: "month", type: "text", valueOf: (row) => row.month },
    { name: "origin_code", type: "text", valueOf: (row) => row.originCode },
    { name: "destination_code", type: "text", valueOf: (row) => row.destinationCode },
    { name: "commodity_id", type: "int", valueOf: (row) => row.commodity.id },
    { name: "volume", type: "float8", valueOf: (row) => row.volume },
    { name: "unit", type: "text", valueOf: (row) => row.unit },
    { name: "value_vnd", type: "numeric(20,0)", valueOf: (row) => row.valueVnd },
  ],
  // The natural key is the flow itself, whoever reported it: a different figure for it is a conflict.
  conflictSql: `select s.line from STAGE s join trade_flow t
      on t.month = s.month and t.origin_code = s.origin_code and t.destination_code = s.destination_code and t.commodity_id = s.commodity_id
   where t.volume <> s.volume or t.unit <> s.unit or t.value_vnd is distinct from s.value_vnd order by s.line limit 100`,
  conflictParameters: () => [],
  insertSql: `insert into trade_flow (owner_province_codes, month, origin_code, destination_code, commodity_id, volume, unit, value_vnd, source_agency_id)
    select case when s.origin_code = s.destination_code then array[s.origin_code] else array[s.origin_code, s.destination_code] end, s.month, s.origin_code, s.destination_code, s.commodity_id, s.volume, s.unit, s.value_vnd, ?
      from STAGE s
    on conflict on constraint trade_flow_natural_key do nothing`,
  insertParameters: (agencyId) => [agencyId],
  // Both ends of each flow own it: the summary reads them from the staged rows.
  ownersOf: () => [],
  describe(row, summary) {
    summary.commodityCodes.add(row.commodity.code);
    summary.ownerCodes.add(row.originCode);
    summary.ownerCodes.add(row.destinationCode);
  },
  auditedFields: ["TradeFlow.month", "TradeFlow.origin", "TradeFlow.destination", "TradeFlow.commodity", "TradeFlow.volume", "TradeFlow.unit", "TradeFlow.valueVnd"],
};
