import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ErrorCode, inputErrorOf, sqlStateOf } from "../common/errors.js";
import type { HubConfig } from "../config.js";
import { withoutSuggestions } from "../limits/operation-limits.js";

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/** class-validator's nested failures as the hub's `fields`: "observations.3.priceVnd" → its first message. */
function validationFields(failures: readonly ValidationFailure[], prefix = ""): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const failure of failures) {
    const path = prefix ? `${prefix}.${failure.property}` : failure.property;
    const message = Object.values(failure.constraints ?? {})[0];
    if (message) fields[path] = message;
    Object.assign(fields, validationFields(failure.children ?? [], path));
  }
  return fields;
}

/** `extensions.http` tells Apollo which status to answer with; it is for the server, never for the client. */
function withoutHttpExtension(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !("http" in formatted.extensions)) return formatted;
  const { http: _http, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

/**
 * graphql-js reports its token limit as a syntax error ("Syntax Error: Document contains more than
 * 2000 tokens"): the document is well formed, only too long, so the message says that.
 */
function limitMessage(message: string): string {
  // (graphql-js 16 spells it "more that".)
  const tokens = /^Syntax Error: Document contains more (?:than|that) (\d+) tokens\. Parsing aborted\.$/.exec(message);
  return tokens ? `The operation has more than ${tokens[1]} tokens, the limit; send a smaller one` : message;
}

/**
 * Unexpected errors are masked outside development so internals (SQL, stack traces) never reach a
 * client; GraphQLErrors raised on purpose carry their code and pass through. The same function
 * formats errors on HTTP (Apollo's `formatError`) and WebSocket (graphql-ws's results).
 */
export function errorFormatter(mode: HubConfig["mode"]) {
  return (unformatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    let formatted = withoutHttpExtension(unformatted);
    const failures = formatted.extensions?.validationErrors as ValidationFailure[] | undefined;
    if (failures) {
      // Input rejected by its declared rules: the same shape as every other BAD_USER_INPUT.
      const fields = validationFields(failures);
      const first = Object.entries(fields)[0];
      return { ...formatted, message: first ? `Invalid input: ${first[0]}: ${first[1]}` : formatted.message, extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
    }
    if (formatted.message.includes("Did you mean")) formatted = { ...formatted, message: withoutSuggestions(formatted.message) };
    if (formatted.message.startsWith("Syntax Error: Document contains more")) formatted = { ...formatted, message: limitMessage(formatted.message) };
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const sqlState = sqlStateOf(original);
    // PostgreSQL cancelled a statement at statement_timeout: the operation's deadline, not a fault.
    if (sqlState === "57014") {
      return { message: "The operation ran past its deadline (a statement was cancelled)", path: formatted.path, locations: formatted.locations, extensions: { code: ErrorCode.TIMEOUT } };
    }
    // A value the caller sent that a scalar or PostgreSQL (SQLSTATE class 22, data exception) refused
    // is the caller's error: BAD_USER_INPUT naming the argument where known, never the SQL.
    const inputError = inputErrorOf(formatted, error);
    if (inputError) return inputError;
    const code = formatted.extensions?.code;
    const intended = original instanceof GraphQLError || (typeof code === "string" && code !== ErrorCode.INTERNAL_SERVER_ERROR);
    if (intended || mode === "development") return formatted;
    return { message: "Internal server error", path: formatted.path, locations: formatted.locations, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

/** What a client gets instead of data whose reads could not be written to the audit log. */
export function auditUnavailable(): GraphQLFormattedError {
  return { message: "The response could not be recorded in the audit log, so it is not sent; try again", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
