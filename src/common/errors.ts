import { GraphQLError } from "graphql";
import type { HubContext } from "../context.js";
import type { Classification } from "./classification.js";
import type { Dataset } from "./visibility.js";

/** Every `extensions.code` a client can receive, in one place. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  UNAUTHENTICATED: "UNAUTHENTICATED",
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
    throw new GraphQLError(`Filtering by ${argument} is not allowed: ${decision.reason}`, {
      extensions: { code: ErrorCode.FORBIDDEN, classification, argument },
    });
  }
}
