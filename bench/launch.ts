/**
 * `npm run bench` starts here: the bench runs (bench/run.ts) on a Node the hub supports, because
 * the hub is measured as deployed. On a machine whose own Node is older (this kind of machine
 * ships Node 20, which package.json's `engines` excludes) it runs on the npm-packaged Node 24,
 * fetched once into bench/.peer/. Everything the bench starts — the hub in its own process or in
 * the bench's, the load generators, the subscriber clients, the embedded starts — then runs on that
 * Node (its version heads BENCHMARKS.md). BENCH_NODE names another binary instead (e.g. the
 * machine's own, to compare runtimes).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { npmPackagedNode, supportedByTheHub } from "./node-runtime.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const chosen = process.env.BENCH_NODE ? path.resolve(process.env.BENCH_NODE) : supportedByTheHub(process.versions.node) ? process.execPath : await npmPackagedNode(ROOT, 24);
if (chosen !== process.execPath) console.log(`This Node (${process.version}) is not one the hub supports; the bench runs on ${path.relative(ROOT, chosen) || chosen}.`);
const bench = spawn(chosen, [path.join(ROOT, "dist/bench/run.js"), ...process.argv.slice(2)], { stdio: "inherit" });
// Ctrl-C reaches both (one process group); the bench stops its servers and answers with its code.
const code = await new Promise<number | null>((resolve) => bench.once("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
process.exit(code ?? 1);
