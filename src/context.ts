import type { EntityManager } from "@mikro-orm/postgresql";
import { loadAccess, type Access } from "./auth/access.js";
import { Policy } from "./auth/policy.js";
import type { Viewer } from "./auth/viewer.js";
import { ReadLog } from "./audit/read-log.js";
import { vietnamDate, type Clock } from "./common/clock.js";
import type { SelectedFields } from "./common/selected-fields.js";
import type { RequestStatistics } from "./common/sql-statements.js";
import type { Visibility } from "./common/visibility.js";
import type { HubConfig } from "./config.js";
import type { EventDispatcher } from "./events/dispatcher.js";
import type { Logger } from "./observability/logger.js";
import { newOperationRecord, type OperationRecord } from "./observability/operations.js";

/** What every resolver receives: request-scoped, built once per operation by `createContext`. */
export interface HubContext {
  /** An EntityManager forked for this request: its identity map is never shared. */
  em: EntityManager;
  viewer: Viewer;
  /** The caller's standing (own provinces, agreements in force, own enterprise), read once for this request. */
  access: Access;
  /** The policy every query and classified field goes through. */
  visibility: Visibility;
  /** Protected reads of other provinces' data made by this operation, for its one audit entry. */
  readLog: ReadLog;
  /** Per-request DataLoaders, created on first use (see `defineLoader`). */
  loaders: Map<string, unknown>;
  /**
   * While a subscription event is delivered: loaders shared by every subscriber of that event, for
   * rows every viewer sees alike, so one event costs one read of its record however many follow
   * it. Null for requests.
   */
  sharedLoaders: Map<string, unknown> | null;
  clock: Clock;
  config: HubConfig;
  statistics: RequestStatistics;
  /** This instance's follower of the outbox: writes announce through it, subscriptions read from it. */
  events: EventDispatcher;
  /** When the caller's token expires, for operations that outlive a request (subscriptions); null without one. */
  viewerExpiresAt: Date | null;
  /** `performance.now()` past which the operation stops resolving fields (`EXECUTION_TIMEOUT_MS`; per event for subscriptions). */
  deadline: number;
  /** The operation as operators see it (request id, name, type, outcome): logged and counted when it ends. */
  operation: OperationRecord;
  /** A query's selected fields, per type, once it is parsed: its reads take only the columns those need (src/common/read-model.ts). Null (mutations, subscriptions, commands): every column. */
  selection: SelectedFields | null;
}

/** Gives a context built before its standing was read (HTTP: before parsing) the caller's access, and the policy that follows from it. */
export function withAccess(context: HubContext, access: Access): void {
  context.access = access;
  context.visibility = new Policy(context.viewer, access, context.readLog, context.config.statisticsMinimumCellSize);
}

export interface ContextDependencies {
  em: EntityManager;
  clock: Clock;
  config: HubConfig;
  events: EventDispatcher;
  /** Where failures nobody asked for are reported (absent: not reported, e.g. in benchmarks). */
  logger?: Logger;
}

/**
 * Builds an operation's context. The caller's access is read here, in at most one statement, so
 * every authorisation decision of the operation is a lookup, and a change of agreements applies to
 * the next operation on any instance.
 */
export async function createContext(
  dependencies: ContextDependencies,
  viewer: Viewer,
  statistics: RequestStatistics,
  viewerExpiresAt: Date | null = null,
  operation: OperationRecord = newOperationRecord("http"),
  /** Already read for this request (while authenticating it): not read twice. */
  knownAccess?: Access,
): Promise<HubContext> {
  const em = dependencies.em.fork({ useContext: false });
  const access = knownAccess ?? (await loadAccess({ em, config: dependencies.config }, viewer, vietnamDate(dependencies.clock.now())));
  const readLog = new ReadLog();
  return {
    em,
    viewer,
    access,
    visibility: new Policy(viewer, access, readLog, dependencies.config.statisticsMinimumCellSize),
    readLog,
    loaders: new Map(),
    sharedLoaders: null,
    clock: dependencies.clock,
    config: dependencies.config,
    statistics,
    events: dependencies.events,
    viewerExpiresAt,
    deadline: performance.now() + dependencies.config.limits.executionTimeoutMilliseconds,
    operation,
    selection: null,
  };
}
