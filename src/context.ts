import type { EntityManager } from "@mikro-orm/postgresql";
import type { Clock } from "./common/clock.js";
import type { RequestStatistics } from "./common/sql-statements.js";
import type { Viewer } from "./auth/viewer.js";
import { openVisibility, type Visibility } from "./common/visibility.js";
import type { HubConfig } from "./config.js";

/** What every resolver receives: request-scoped, built once per operation by `createContext`. */
export interface HubContext {
  /** An EntityManager forked for this request: its identity map is never shared. */
  em: EntityManager;
  viewer: Viewer;
  /** The visibility hook every query and classified field goes through. */
  visibility: Visibility;
  /** Per-request DataLoaders, created on first use (see `defineLoader`). */
  loaders: Map<string, unknown>;
  clock: Clock;
  config: HubConfig;
  statistics: RequestStatistics;
}

export interface ContextDependencies {
  em: EntityManager;
  clock: Clock;
  config: HubConfig;
}

export function createContext(dependencies: ContextDependencies, viewer: Viewer, statistics: RequestStatistics): HubContext {
  return {
    em: dependencies.em.fork({ useContext: false }),
    viewer,
    visibility: openVisibility(),
    loaders: new Map(),
    clock: dependencies.clock,
    config: dependencies.config,
    statistics,
  };
}
