import nodeModule from "node:module";

/**
 * Keeps V8's compiled code of the modules a start loads on disk (Node's compile cache, in the
 * system's temporary directory unless NODE_COMPILE_CACHE names another), so a later start reuses it
 * instead of compiling them again: a start is busy loading modules on its one thread, a third of
 * that compiling them (the second embedded start, same session, alternating: about 1.7 s without,
 * 1.3 s with; BENCHMARKS.md, stop 25). It covers the modules compiled after it runs: the bundle's
 * entry (scripts/bundle-server.mjs) imports it, then the rest dynamically; src/main.ts, run
 * unbundled, imports it first, and its heavy modules (the server's and MikroORM's) load dynamically.
 * Content-hashed by Node, so a new build or an upgraded package is compiled afresh, never misread.
 */
// Optional: the hub's supported Node versions have it (22.1 and later); the types installed may not say so.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
