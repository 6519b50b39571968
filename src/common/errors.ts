import { GraphQLError, type GraphQLFormattedError } from "graphql";
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

/** What a SQLSTATE looks like on the errors MikroORM and pg raise: `code` (pg), or on the wrapped driver error. */
function sqlStateOf(error: unknown): string | undefined {
  const candidates = [error, (error as { previous?: unknown } | null)?.previous, (error as { cause?: unknown } | null)?.cause];
  for (const candidate of candidates) {
    const code = (candidate as { sqlState?: unknown; code?: unknown } | null | undefined)?.sqlState ?? (candidate as { code?: unknown } | null | undefined)?.code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * The caller's mistakes that surface below the schema, answered as BAD_USER_INPUT rather than as
 * a fault of the hub: a scalar refusing a literal or a variable (its own error class, which
 * graphql and Apollo keep as `originalError`), and PostgreSQL refusing a value (SQLSTATE class 22,
 * data exception: 22007/22008 dates, 22P02 text representation, 22003 out of range, 22021 NUL and
 * bad encoding, 2202x array and escape errors). The database's message names SQL and values, so
 * a fixed one replaces it. Undefined when the error is none of these.
 */
export function inputErrorOf(formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError | undefined {
  if (original instanceof ScalarInputError) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.BAD_USER_INPUT } };
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
