import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import type { Viewer } from "../auth/viewer.js";
import type { RequestStatistics } from "../common/sql-statements.js";
import type { Logger } from "./logger.js";
import type { HubMetrics } from "./metrics.js";

/** One operation as operators see it: filled in as it runs, logged and counted when it ends. */
export interface OperationRecord {
  /** The client's `X-Request-Id` when it sent a usable one, else a fresh UUID; returned in the response's `X-Request-Id`. */
  requestId: string;
  transport: "http" | "websocket";
  /** `performance.now()` when the hub received it. */
  startedAt: number;
  name: string | null;
  /** query, mutation, subscription, or `unknown` when it never got as far as a parsed operation. */
  type: string;
  /** `ok`, or the first error's `extensions.code`. */
  outcome: string;
  /** Results sent (subscriptions). */
  deliveries: number;
}

/** A client's request id is kept only if it is a plain token (it ends up in logs). */
const USABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * A fresh UUID as one flat string: `randomUUID` answers a tree of concatenated pieces (V8 keeps
 * each piece), and a subscription's record keeps its id for as long as it lasts (thousands of
 * them on an instance).
 */
function flatUuid(): string {
  return Buffer.from(randomUUID(), "latin1").toString("latin1");
}

export function newOperationRecord(transport: OperationRecord["transport"], requestIdHeader?: string | string[]): OperationRecord {
  const offered = typeof requestIdHeader === "string" && USABLE_REQUEST_ID.test(requestIdHeader) ? requestIdHeader : null;
  return { requestId: offered ?? flatUuid(), transport, startedAt: performance.now(), name: null, type: "unknown", outcome: "ok", deliveries: 0 };
}

/** `ok`, or the code of the first error (what an operator filters on). */
export function outcomeOf(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): string {
  if (!errors || errors.length === 0) return "ok";
  const code = errors[0]!.extensions?.code;
  return typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
}

/**
 * Who called, as far as a log may say: the kind of caller and its province and agency. Never the
 * token, its subject (a person's identifier), a tax code, a variable or a value.
 */
function callerOf(viewer: Viewer | null): Record<string, string | null> {
  if (!viewer) return { caller: "unidentified" };
  switch (viewer.kind) {
    case "anonymous":
      return { caller: "anonymous" };
    case "enterprise":
      return { caller: "enterprise", province: viewer.provinceCode };
    default:
      return { caller: viewer.kind, province: viewer.provinceCode, agency: viewer.agencyCode };
  }
}

/** Turns ended operations into one log line each and their metrics. */
export class OperationObserver {
  constructor(
    readonly metrics: HubMetrics,
    private readonly logger: Logger,
  ) {}

  ended(record: OperationRecord, viewer: Viewer | null, details: { sqlStatements?: number; status?: number } = {}): void {
    const seconds = (performance.now() - record.startedAt) / 1000;
    this.metrics.operationEnded({
      name: record.name,
      type: record.type,
      outcome: record.outcome,
      transport: record.transport,
      // A subscription's duration is how long it stayed open, not a latency.
      seconds: record.type === "subscription" ? undefined : seconds,
      statements: record.transport === "http" ? details.sqlStatements : undefined,
    });
    this.logger.info(
      {
        requestId: record.requestId,
        transport: record.transport,
        operation: record.name,
        type: record.type,
        outcome: record.outcome,
        ...callerOf(viewer),
        durationMs: Math.round(seconds * 10_000) / 10,
        ...(details.sqlStatements !== undefined ? { sqlStatements: details.sqlStatements } : {}),
        ...(details.status !== undefined ? { status: details.status } : {}),
        ...(record.type === "subscription" ? { deliveries: record.deliveries } : {}),
      },
      "operation",
    );
  }
}

/** An HTTP request that runs an operation, as its log line will tell it: filled in while it runs. */
export interface ObservedRequest {
  record: OperationRecord;
  /** Who called, once the token is verified (null: refused before that, or not yet). */
  viewer: Viewer | null;
  /** Its SQL statements, once it runs any. */
  statistics: RequestStatistics | null;
}

/**
 * Gives an HTTP request that runs operations (`/graphql`, `/imports`) its record and
 * `X-Request-Id`, and logs and counts it once its response is sent — including requests refused
 * before GraphQL saw them (a bad token, a rate limit) and those whose client went away.
 */
export function observeHttpRequest(observer: OperationObserver, request: IncomingMessage, response: ServerResponse): ObservedRequest {
  const record = newOperationRecord("http", request.headers["x-request-id"]);
  const observed: ObservedRequest = { record, viewer: null, statistics: null };
  response.setHeader("x-request-id", record.requestId);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    if (record.outcome === "ok" && response.statusCode >= 400) record.outcome = response.statusCode === 429 ? "RATE_LIMITED" : `HTTP_${response.statusCode}`;
    observer.ended(record, observed.viewer, { sqlStatements: observed.statistics?.sqlStatements, status: response.statusCode });
  };
  response.once("finish", end);
  // A client that went away before its response: logged too, as such.
  response.once("close", () => {
    if (!response.writableFinished && record.outcome === "ok") record.outcome = "CLIENT_CLOSED";
    end();
  });
  return observed;
}

/** `observeHttpRequest` as Express middleware (the imports): the request's `ObservedRequest` is `response.locals.observed`. */
export function observeRequests(observer: OperationObserver): RequestHandler {
  return (request, response, next) => {
    response.locals.observed = observeHttpRequest(observer, request, response);
    next();
  };
}
