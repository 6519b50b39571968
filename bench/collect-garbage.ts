import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * A full garbage collection of this process, now: for the benchmark's own processes (its driver
 * and the fan-out's client processes, never the hub), between a setup phase and the phase it
 * measures. They share the machine's two cores with the hub: a driver's heap from seeding and
 * earlier parts, or a client's from opening thousands of sockets, would otherwise be collected
 * during the measured events, on a core the hub needs (seen in `perf` profiles of the fan-out,
 * BENCHMARKS.md stop 27). `--expose-gc` set at run time exposes `gc` to contexts created after
 * it, hence the new context.
 */
export function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as unknown;
  // Node documents setting V8's flags after start-up as unsupported: say so plainly if this one stops working.
  if (typeof gc !== "function") throw new Error("--expose-gc set at run time no longer exposes gc(): start the benchmark's processes with --expose-gc instead");
  (gc as () => void)();
}
