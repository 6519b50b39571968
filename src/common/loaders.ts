import DataLoader from "dataloader";
import type { HubContext } from "../context.js";

/**
 * A per-request DataLoader, declared by the domain that owns the data and created the first time a
 * request uses it: domains stay independent (no central list of loaders) and nothing is shared
 * between requests, so one caller's rows never serve another. Loaders are found by `name`, which
 * must be unique: prefix it with the domain, and include any arguments that change the rows.
 */
export function defineLoader<K, V>(
  name: string,
  batch: (context: HubContext, keys: readonly K[]) => Promise<(V | Error)[]>,
  /** Asked at each use (row rules are registered after loaders are declared): whether every viewer gets the same rows. */
  options: { sameForEveryViewer?: () => boolean } = {},
): (context: HubContext) => DataLoader<K, V> {
  return (context) => {
    // Rows every viewer sees alike may be shared by all the subscribers of one event (see `HubContext.sharedLoaders`).
    const loaders = (context.sharedLoaders && options.sameForEveryViewer?.() && context.sharedLoaders) || context.loaders;
    let loader = loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>((keys) => batch(context, keys), { maxBatchSize: 1000 });
      loaders.set(name, loader);
    }
    return loader;
  };
}

/** Orders loaded rows by the requested keys (DataLoader's contract), with null for missing ones. */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const index = new Map<K, V>();
  for (const row of rows) index.set(keyOf(row), row);
  return keys.map((key) => index.get(key) ?? null);
}

/** Groups loaded rows by the requested keys, an empty list for keys without rows. */
export function groupByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}
