import { GraphQLError, Kind, TokenKind, type ASTNode, type GraphQLFormattedError, type Token } from "graphql";
import type { HubContext } from "../context.js";
import type { Classification } from "./classification.js";
import { ScalarInputError } from "./scalars.js";
import type { Dataset, DenialReason } from "./visibility.js";

/** Every `extensions.code` a client can receive, in one place. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** Over the caller's rate (HTTP 429, with Retry-After). */
  RATE_LIMITED: "RATE_LIMITED",
  /** The operation ran past its deadline (`EXECUTION_TIMEOUT_MS`). */
  TIMEOUT: "TIMEOUT",
  /** A subscriber fell too far behind: subscribe again with `after`. */
  RESUME_REQUIRED: "RESUME_REQUIRED",
  /** The instance is shutting down (SIGTERM): send the operation again, to another instance. */
  SHUTTING_DOWN: "SHUTTING_DOWN",
  /** A `documentId` (or `extensions.persistedQuery.sha256Hash`) that names no registered operation. */
  PERSISTED_QUERY_NOT_FOUND: "PERSISTED_QUERY_NOT_FOUND",
  /** The caller's role may send only registered operations (`PERSISTED_OPERATIONS_ONLY_FOR`), and this one is not. */
  OPERATION_NOT_REGISTERED: "OPERATION_NOT_REGISTERED",
  /** The HTTP request itself is malformed (e.g. a body that is not JSON): nothing was run. */
  BAD_REQUEST: "BAD_REQUEST",
  /** The request body (HTTP) or message (WebSocket) is over the size limit (`REQUEST_BODY_MAX_BYTES`). */
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function badUserInput(message: string, fields: Record<string, string> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, fields } });
}

/** Thrown by exhaustive switches: reaching it means a case was added without being handled. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}

/** Refuses a filter or sort on a field the caller may not read (it would reveal the field's values). */
export function assertMayFilter(context: HubContext, classification: Classification, dataset: Dataset, argument: string): void {
  const decision = context.visibility.filterBy(classification, dataset);
  if (!decision.allowed) {
    throw new GraphQLError(`Filtering by ${argument} is not allowed: ${decision.explanation}`, {
      extensions: { code: ErrorCode.FORBIDDEN, classification, reason: decision.reason, argument },
    });
  }
}

/** The caller must sign in (or sign in with a valid token). */
export function unauthenticated(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, ...extensions } });
}

/** The caller is known but may not do this. */
export function forbidden(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, ...extensions } });
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND } });
}

/** The record is not in the state the operation needs (already decided, already merged…). */
export function conflict(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT, ...extensions } });
}

/**
 * A field the caller may not read: null at its path with this error, which says why (`reason`, and
 * the message), at which classification and who owns the record, so a dashboard tells "withheld"
 * from "no data".
 */
export function withheld(field: string, classification: Classification, decision: { reason: DenialReason; explanation: string }, ownerProvinceCodes: string[]): GraphQLError {
  return forbidden(`${field} is withheld: ${decision.explanation}`, { classification, reason: decision.reason, ownerProvinceCodes });
}

/** The operation ran out of time: what resolved so far is returned, the rest is null with this error. */
export function timeout(milliseconds: number): GraphQLError {
  return new GraphQLError(`The operation ran past its deadline of ${milliseconds} ms`, { extensions: { code: ErrorCode.TIMEOUT } });
}

/** The SQLSTATE of a PostgreSQL error as MikroORM and pg raise it: `code` (pg), or on the wrapped driver error. */
export function sqlStateOf(error: unknown): string | undefined {
  const candidates = [error, (error as { previous?: unknown } | null)?.previous, (error as { cause?: unknown } | null)?.cause];
  for (const candidate of candidates) {
    const code = (candidate as { sqlState?: unknown; code?: unknown } | null | undefined)?.sqlState ?? (candidate as { code?: unknown } | null | undefined)?.code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * The argument a literal value is written in, read from the document's tokens around it (an error
 * keeps the value's node, not its parents): "filter.period.from" of "priceObservations". List
 * positions are not counted. Undefined when the node is not in an argument.
 */
export function argumentOfLiteral(node: ASTNode | undefined): { owner: string; path: string } | undefined {
  const closers = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);
  const openers = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
  const path: string[] = [];
  let token: Token | null | undefined = node?.loc?.startToken.prev;
  // Bounded by the document's tokens (itself bounded by maxTokens): each step moves back one.
  while (token) {
    if (token.kind === TokenKind.COLON && token.prev?.kind === TokenKind.NAME) {
      path.unshift(token.prev.value);
      token = token.prev.prev;
    }
    // Back to the opener enclosing this name, past the siblings before it.
    let depth = 0;
    while (token && !(openers.has(token.kind) && depth === 0)) {
      if (closers.has(token.kind)) depth += 1;
      else if (openers.has(token.kind)) depth -= 1;
      token = token.prev;
    }
    if (!token) return undefined;
    if (token.kind === TokenKind.PAREN_L) {
      const name = token.prev;
      if (name?.kind !== TokenKind.NAME || path.length === 0) return undefined;
      return { owner: name.prev?.kind === TokenKind.AT ? `@${name.value}` : name.value, path: path.join(".") };
    }
    token = token.prev;
  }
  return undefined;
}

/**
 * The caller's mistakes that surface below the schema, answered as BAD_USER_INPUT rather than as
 * a fault of the hub: a scalar refusing a literal or a variable (its own error class, which
 * graphql and Apollo keep as `originalError`; a literal's message is prefixed with its argument),
 * and PostgreSQL refusing a value (SQLSTATE class 22, data exception: 22007/22008 dates, 22P02
 * text representation, 22003 out of range, 22021 NUL and bad encoding, 2202x array and escape
 * errors). The database's message names SQL and values, so a fixed one replaces it. Undefined
 * when the error is none of these.
 */
export function inputErrorOf(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof ScalarInputError) {
    const node = error instanceof GraphQLError ? error.nodes?.[0] : undefined;
    // A variable's refusal already names the variable (graphql's "Variable "$x" got invalid value …").
    const argument = node && node.kind !== Kind.VARIABLE_DEFINITION ? argumentOfLiteral(node) : undefined;
    const message = argument ? `Argument "${argument.path}" of "${argument.owner}": ${formatted.message}` : formatted.message;
    return { message, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { fields: { [argument.path]: original.message } } : {}) } };
  }
  const sqlState = original instanceof GraphQLError ? undefined : sqlStateOf(original);
  if (sqlState?.startsWith("22")) {
    return {
      message: "A value of the input cannot be stored or compared by the database (out of range, or not valid text); correct it and send the request again",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    };
  }
  return undefined;
}
