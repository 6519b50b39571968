import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { REPOSITORY_ROOT } from "../../src/common/paths.js";
import { HUB_NODE_FLAGS } from "../../src/common/node-flags.js";

export const ROOT = REPOSITORY_ROOT;

/**
 * The bundled entry point `npm start` runs (scripts/bundle-server.mjs). `npm test` builds before it
 * runs vitest, so this is the build a newcomer gets.
 */
export const MAIN = path.join(ROOT, "dist/bundle/main.js");

export interface RunningHub {
  url: string;
  pid: number;
  output: () => string;
  /** Resolves once the process has written a line matching `pattern` (waiting for it if need be). */
  waitFor: (pattern: RegExp) => Promise<void>;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

export interface SpawnedHub {
  pid: number;
  output: () => string;
  /** Standard error alone: where the hub says why it could not start. */
  errors: () => string;
  /** Resolves once the process has written a line matching `pattern` (waiting for it if need be). */
  waitFor: (pattern: RegExp) => Promise<void>;
  signal: (signal: NodeJS.Signals) => void;
  /** How the hub process ended: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * Resolves once no process holds the hub's standard output and error any more. The embedded
   * database process inherits them, so this is also when no database process outlives the hub.
   */
  released: Promise<void>;
}

/**
 * Node's arguments for the hub as `npm start` runs it: its flags (HUB_NODE_FLAGS), then any others
 * (a profiler's, the inspector), then the bundle. Every hub process the tests and the bench start
 * is started with these.
 */
export function mainArguments(nodeArguments: readonly string[] = [], nodeFlags: readonly string[] = HUB_NODE_FLAGS): string[] {
  return [...nodeFlags, ...nodeArguments, MAIN];
}

/** How a hub process is started, past its environment. */
export interface HubProcessOptions {
  /** Node's flags as `npm start` gives them (HUB_NODE_FLAGS) unless said otherwise. */
  nodeFlags?: readonly string[];
  /** More arguments for Node (a profiler's, say), after those flags. */
  nodeArguments?: string[];
  cwd?: string;
}

/** Starts the hub as `npm start` does without waiting for it to be ready: for start-ups that fail, or are interrupted. */
export function spawnMain(env: Record<string, string>, options: HubProcessOptions = {}): SpawnedHub {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm test\` (it compiles first) or \`npm run build\``);
  const child: ChildProcess = spawn(process.execPath, mainArguments(options.nodeArguments, options.nodeFlags), {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  const watchers = new Set<{ pattern: RegExp; resolve: () => void }>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const watcher of watchers) {
      if (watcher.pattern.test(output)) {
        watchers.delete(watcher);
        watcher.resolve();
      }
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
    onData(chunk);
  });
  const streamClosed = (stream: NodeJS.ReadableStream) => new Promise<void>((resolve) => stream.once("close", () => resolve()));
  return {
    pid: child.pid ?? 0,
    output: () => output,
    errors: () => errors,
    waitFor: (pattern) => (pattern.test(output) ? Promise.resolve() : new Promise((resolve) => watchers.add({ pattern, resolve }))),
    signal: (signal) => child.kill(signal),
    exited: new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal }))),
    released: Promise.all([streamClosed(child.stdout!), streamClosed(child.stderr!)]).then(() => undefined),
  };
}

/** Starts the hub as `npm start` does, in a process of its own, and waits for its "ready" line. */
export async function startMain(env: Record<string, string>, options: HubProcessOptions = {}): Promise<RunningHub> {
  const hub = spawnMain(env, options);
  const ready = hub.waitFor(/ready at http:\/\/\S+\/graphql/).then(() => "ready" as const);
  const ended = hub.exited.then(() => "exited" as const);
  if ((await Promise.race([ready, ended])) === "exited") {
    const { code } = await hub.exited;
    throw new Error(`the hub exited (code ${code}) before it was ready:\n${hub.output()}`);
  }
  return {
    url: /ready at (http:\/\/\S+\/graphql)/.exec(hub.output())![1]!,
    pid: hub.pid,
    output: hub.output,
    waitFor: hub.waitFor,
    stop: async () => {
      hub.signal("SIGTERM");
      return (await hub.exited).code;
    },
  };
}
