/**
 * The Node flags the hub's process starts with: `npm start` passes them, and the tests and the
 * bench start their hub processes with them, as deployed. V8 reads these once, when the process
 * starts, so the hub cannot set them from its code (as it sets `HEAP_GROWTH_PERCENT`, which V8
 * reads at each full collection).
 *
 * `--max-semi-space-size=8`: the young generation at most two 8 MiB halves, where V8 gives a
 * process on a machine with gigabytes of memory two 32 MiB halves. V8 starts a full collection's
 * marking once the old generation's room left (30 % over what the last one kept) is no more than
 * the young generation's capacity, so that one scavenge cannot overrun it. With 64 MiB of young
 * generation that took 32 MiB off the room, and after 10,000 subscribers had connected, the
 * objects of the last of them, still young, filled the rest: a full collection of some 1.5 million
 * objects landed among the first twenty events in every measured run (stop 27), and made the
 * fan-out's slowest event. With two 8 MiB halves, none did in stop 28's runs (BENCHMARKS.md), and
 * each subscriber costs the process less memory: the reads' cost did not move out of this
 * machine's drift.
 */
export const HUB_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=8"];

/**
 * The flags of HUB_NODE_FLAGS this process did not start with, on its command line or in
 * NODE_OPTIONS (`node dist/bundle/main.js` alone, say): the hub warns of them at start.
 */
export function missingNodeFlags(execArgv: readonly string[] = process.execArgv, nodeOptions: string = process.env.NODE_OPTIONS ?? ""): string[] {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/)].map((flag) => flag.replaceAll("_", "-")));
  return HUB_NODE_FLAGS.filter((flag) => !given.has(flag));
}
