import { GraphQLScalarType, Kind } from "graphql";

/**
 * A scalar's refusal of an input value. Its own class so the error formatter answers it as the
 * caller's mistake (BAD_USER_INPUT) whether it came from a variable or from a literal in the document.
 */
export class ScalarInputError extends TypeError {}

/**
 * The widest decimal column the scalar feeds is numeric(20,0) (revenue, budgets, capital, trade
 * values; prices are numeric(18,0) and checked further by their inputs): 20 digits before the point.
 * The columns keep no fraction, but a few fractional digits are accepted (and rounded by PostgreSQL).
 */
export const DECIMAL_MAX_INTEGER_DIGITS = 20;
export const DECIMAL_MAX_FRACTION_DIGITS = 6;

const DECIMAL_PATTERN = new RegExp(`^-?\\d{1,${DECIMAL_MAX_INTEGER_DIGITS}}(\\.\\d{1,${DECIMAL_MAX_FRACTION_DIGITS}})?$`);

function checkDecimal(text: string): string {
  // Leading zeros do not count towards the digits a column holds.
  const significant = text.replace(/^(-?)0+(?=\d)/, "$1");
  if (DECIMAL_PATTERN.test(significant)) return text;
  throw new ScalarInputError(
    `Decimal must be a decimal number written as a string, with at most ${DECIMAL_MAX_INTEGER_DIGITS} digits before the point and ${DECIMAL_MAX_FRACTION_DIGITS} after, got ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`,
  );
}

/**
 * Amounts in VND and other exact decimals, as strings: VND totals exceed 32-bit integers and
 * JavaScript numbers lose precision past 2^53, so the wire format never rounds.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: "Decimal",
  description: `An exact decimal number as a string, e.g. "125000" or "1250.50", with at most ${DECIMAL_MAX_INTEGER_DIGITS} digits before the point and ${DECIMAL_MAX_FRACTION_DIGITS} after. Used for amounts in VND, which exceed 32-bit integers.`,
  serialize(value) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") return String(value);
    throw new TypeError(`Decimal cannot represent ${String(value)}`);
  },
  parseValue(value) {
    // A JSON number is accepted when it is finite and prints as a plain decimal (1e21 prints with an exponent).
    if (typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) return checkDecimal(String(value));
    throw new ScalarInputError(`Decimal must be a decimal number written as a string, got ${typeof value}`);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return checkDecimal(ast.value);
    throw new ScalarInputError("Decimal must be a decimal number written as a string");
  },
});

/**
 * The years a date or month may name. PostgreSQL refuses year 0 and much else, and no record of the
 * hub (assessments, prices, trade, training) lies outside the range: a date beyond it is a typing mistake.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2100;

const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether `value` is a real calendar date YYYY-MM-DD (2026-02-31 is not), in any year. Checked
 * by arithmetic: every date a response carries passes through here (prices' days, series'
 * periods), and a Date object per value was a visible share of a large answer's CPU time.
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== "string" || !DATE_PATTERN.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

function yearInRange(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

function printed(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : typeof value;
}

/** Dates the hub sends back are printed as stored; only input is held to the range. */
function serializeDate(value: unknown): string {
  if (isCalendarDate(value)) return value;
  throw new TypeError(`LocalDate must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

function parseDate(value: unknown): string {
  if (!isCalendarDate(value)) throw new ScalarInputError(`LocalDate must be a calendar date YYYY-MM-DD, got ${printed(value)}`);
  if (!yearInRange(value)) throw new ScalarInputError(`LocalDate must lie between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31, got ${printed(value)}`);
  return value;
}

/** A calendar date in Asia/Ho_Chi_Minh, without time or zone: dates never shift across zones. */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: "LocalDate",
  description: `A calendar date (YYYY-MM-DD) in Asia/Ho_Chi_Minh, with no time of day and no zone. Input dates lie between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31.`,
  serialize: serializeDate,
  parseValue: parseDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new ScalarInputError("LocalDate must be a string YYYY-MM-DD");
    return parseDate(ast.value);
  },
});

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

function serializeMonth(value: unknown): string {
  if (typeof value === "string" && MONTH_PATTERN.test(value)) return value;
  throw new TypeError(`YearMonth must be YYYY-MM, got ${JSON.stringify(value)}`);
}

function parseMonth(value: unknown): string {
  if (typeof value !== "string" || !MONTH_PATTERN.test(value)) throw new ScalarInputError(`YearMonth must be YYYY-MM, got ${printed(value)}`);
  if (!yearInRange(value)) throw new ScalarInputError(`YearMonth must lie between ${FIRST_YEAR}-01 and ${LAST_YEAR}-12, got ${printed(value)}`);
  return value;
}

/** A calendar month, the period of trade-flow statistics. */
export const YearMonthScalar = new GraphQLScalarType<string, string>({
  name: "YearMonth",
  description: `A calendar month (YYYY-MM), e.g. the period of a trade flow. Input months lie between ${FIRST_YEAR}-01 and ${LAST_YEAR}-12.`,
  serialize: serializeMonth,
  parseValue: parseMonth,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new ScalarInputError("YearMonth must be a string YYYY-MM");
    return parseMonth(ast.value);
  },
});
