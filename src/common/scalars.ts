import { GraphQLScalarType, Kind } from "graphql";

/**
 * Amounts in VND and other exact decimals, as strings: VND totals exceed 32-bit integers and
 * JavaScript numbers lose precision past 2^53, so the wire format never rounds.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: "Decimal",
  description:
    'An exact decimal number as a string, e.g. "125000" or "1250.50". Used for amounts in VND, which exceed 32-bit integers.',
  serialize(value) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") return String(value);
    throw new TypeError(`Decimal cannot represent ${String(value)}`);
  },
  parseValue(value) {
    if ((typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) || (typeof value === "number" && Number.isFinite(value))) {
      return String(value);
    }
    throw new TypeError(`Decimal must be a decimal number written as a string, got ${JSON.stringify(value)}`);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && /^-?\d+(\.\d+)?$/.test(ast.value)) return ast.value;
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return ast.value;
    throw new TypeError("Decimal must be a decimal number written as a string");
  },
});

const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function checkDate(value: unknown): string {
  if (typeof value === "string" && DATE_PATTERN.test(value)) {
    const parsed = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value) return value;
  }
  throw new TypeError(`LocalDate must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/** A calendar date in Asia/Ho_Chi_Minh, without time or zone: dates never shift across zones. */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: "LocalDate",
  description: "A calendar date (YYYY-MM-DD) in Asia/Ho_Chi_Minh, with no time of day and no zone.",
  serialize: checkDate,
  parseValue: checkDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError("LocalDate must be a string YYYY-MM-DD");
    return checkDate(ast.value);
  },
});

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

function checkMonth(value: unknown): string {
  if (typeof value === "string" && MONTH_PATTERN.test(value)) return value;
  throw new TypeError(`YearMonth must be YYYY-MM, got ${JSON.stringify(value)}`);
}

/** A calendar month, the period of trade-flow statistics. */
export const YearMonthScalar = new GraphQLScalarType<string, string>({
  name: "YearMonth",
  description: "A calendar month (YYYY-MM), e.g. the period of a trade flow.",
  serialize: checkMonth,
  parseValue: checkMonth,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError("YearMonth must be a string YYYY-MM");
    return checkMonth(ast.value);
  },
});
