import type { HubContext } from "../context.js";
import type { SqlCondition } from "../common/visibility.js";
import type { TechnologyLevel } from "../technology/levels.js";

/**
 * Conditions of the enterprise filter on data other domains own. The reference domain cannot
 * import those domains (they import it), so each registers its condition when its module loads
 * (`src/<domain>/index.ts`) and the filter asks for it by name when a request runs: the owning
 * domain decides what its data means and who may filter on it, and no module imports another
 * in a cycle.
 */
export interface EnterpriseConditionProviders {
  /**
   * Technology (src/technology): enterprises, as `alias`, whose latest published assessment, the
   * one `Enterprise.latestAssessment` shows, has one of `levels`.
   */
  technologyLevels: (context: HubContext, alias: string, levels: readonly TechnologyLevel[]) => SqlCondition;
}

const providers: Partial<EnterpriseConditionProviders> = {};

/** Registers an owning domain's condition (called once, from the domain's index module). */
export function registerEnterpriseCondition<K extends keyof EnterpriseConditionProviders>(name: K, provider: EnterpriseConditionProviders[K]): void {
  providers[name] = provider;
}

/** The registered condition; a missing one is a defect (its domain was not loaded) and fails the request. */
export function enterpriseCondition<K extends keyof EnterpriseConditionProviders>(name: K): EnterpriseConditionProviders[K] {
  const provider = providers[name];
  if (!provider) throw new Error(`No domain has registered the enterprise condition "${name}"`);
  return provider;
}
