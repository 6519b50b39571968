#!/usr/bin/env node
/**
 * Builds what is out of date, nothing else: `npm start` and the command-line scripts run this
 * instead of the whole build, so a start with no changes begins at once.
 *
 *   node scripts/build-if-stale.mjs [--server-only] [--force] [--check-config]
 *
 * Two stages, each with the files it reads:
 *   dashboard  graphql-codegen, tsc -p tsconfig.dashboard.json, the dashboard's and explorer's Vite
 *              builds — from dashboard/ (not its generated gql/), schema/, codegen.ts, the tsconfigs
 *              and package-lock.json
 *   server     tsc -p . (incremental: dist/.tsbuildinfo), then the migrated embedded database new
 *              data directories start from (dist/embedded-template/, made only when a migration or
 *              PGlite changed) — from src/, seeds/, scripts/, bench/, test/, tsconfig.json and
 *              package-lock.json
 * A stage runs when a fingerprint of its inputs (every file's path, size and modification time)
 * differs from the one recorded in dist/.build-stamp.json when it last succeeded, or when its
 * outputs are missing. `--force` runs every stage (`npm run build`, and so `npm test`, always do);
 * `--server-only` leaves the dashboard alone (the scripts need only the compiled server).
 * `--check-config` first checks the hub's configuration (PORT, …) with the compiled
 * src/config.js, when that is current, so a bad setting is reported before any build (exit 2).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const USAGE = "usage: node scripts/build-if-stale.mjs [--server-only] [--force] [--check-config] [--root DIR]";

/** The build's stages, in order: inputs (directories or files, relative to the root), outputs and commands. */
export const STAGES = [
  {
    name: "dashboard",
    inputs: ["dashboard", "schema", "codegen.ts", "tsconfig.json", "tsconfig.dashboard.json", "package-lock.json"],
    // Generated or scratch files under the inputs: not inputs themselves.
    ignore: ["dashboard/gql", "dashboard/.typed-client-test-"],
    outputs: ["dashboard/gql/persisted-documents.json", "dist/web/dashboard/index.html", "dist/web/explorer/index.html"],
    state: [],
    commands: [
      ["graphql-codegen", "--config", "codegen.ts", "--silent"],
      ["tsc", "-p", "tsconfig.dashboard.json"],
      ["vite", "build", "--config", "dashboard/app/vite.config.ts", "--logLevel", "warn"],
      ["vite", "build", "--config", "dashboard/explorer/vite.config.ts", "--logLevel", "warn"],
    ],
  },
  {
    name: "server",
    inputs: ["src", "seeds", "scripts", "bench", "test", "tsconfig.json", "package-lock.json"],
    ignore: ["bench/.peer"],
    outputs: ["dist/src/main.js", "dist/bundle/main.js"],
    // tsc -p . is incremental (tsconfig.json): with an output gone, its record of what it emitted is wrong.
    state: ["dist/.tsbuildinfo"],
    // Then the bundle `npm start` runs (scripts/bundle-server.mjs), and the migrated embedded
    // database that new data directories start from (a no-op unless a migration or PGlite changed:
    // src/db/embedded-template.ts).
    commands: [["tsc", "-p", "."], ["node", "scripts/bundle-server.mjs"], ["node", "dist/scripts/embedded-template.js"]],
  },
];

const STAMP = "dist/.build-stamp.json";

function walk(root, relative, ignore, entries) {
  if (ignore.some((prefix) => relative === prefix || relative.startsWith(prefix))) return;
  let stat;
  try {
    stat = statSync(path.join(root, relative));
  } catch {
    return; // an input that does not exist (yet) adds nothing
  }
  if (stat.isDirectory()) {
    for (const name of readdirSync(path.join(root, relative)).sort()) {
      if (name === "node_modules" || name === ".git") continue;
      walk(root, `${relative}/${name}`, ignore, entries);
    }
  } else if (stat.isFile()) {
    entries.push(`${relative}\0${stat.size}\0${Math.trunc(stat.mtimeMs)}`);
  }
}

/** A fingerprint of a stage's inputs: any file added, removed, resized or touched changes it. */
export function fingerprint(root, stage) {
  const entries = [];
  for (const input of stage.inputs) walk(root, input, stage.ignore, entries);
  return createHash("sha256").update(entries.join("\n")).digest("hex");
}

function readStamp(root) {
  try {
    return JSON.parse(readFileSync(path.join(root, STAMP), "utf8"));
  } catch {
    return {};
  }
}

function writeStamp(root, stamp) {
  mkdirSync(path.join(root, "dist"), { recursive: true });
  writeFileSync(path.join(root, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
}

/** Whether a stage must run: its inputs changed since it last succeeded, or an output is missing. */
export function isStale(root, stage, stamp = readStamp(root)) {
  return stamp[stage.name] !== fingerprint(root, stage) || stage.outputs.some((output) => !existsSync(path.join(root, output)));
}

function runCommand(root, command) {
  const bin = path.join(root, "node_modules/.bin", command[0]);
  const result = spawnSync(existsSync(bin) ? bin : command[0], command.slice(1), { cwd: root, stdio: "inherit" });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/**
 * Runs the stages that are out of date (all of them with `force`); returns the exit code. `run`
 * runs one command (injectable for tests).
 */
export function buildIfStale(root, { force = false, serverOnly = false, log = (line) => console.error(line), run = (command) => runCommand(root, command) } = {}) {
  const stamp = readStamp(root);
  for (const stage of STAGES) {
    if (serverOnly && stage.name !== "server") continue;
    if (!force && !isStale(root, stage, stamp)) continue;
    if (!force) log(`[build] ${stage.name} sources changed since the last build: ${stage.commands.map((command) => command.join(" ")).join(", ")}`);
    if (stage.outputs.some((output) => !existsSync(path.join(root, output)))) for (const file of stage.state) rmSync(path.join(root, file), { force: true });
    const before = fingerprint(root, stage);
    delete stamp[stage.name];
    writeStamp(root, stamp);
    for (const command of stage.commands) {
      const code = run(command);
      if (code !== 0) return code;
    }
    // Fingerprinted as the build found its inputs: a file edited during the build makes the next run build again.
    stamp[stage.name] = before;
    writeStamp(root, stamp);
  }
  return 0;
}

/**
 * Checks the configuration with the compiled parseConfig, when it is current (the server stage is
 * up to date, or src/config.ts is not newer than its build); returns the message of a bad
 * configuration, or null. (When it is not current, the hub checks the configuration after the build.)
 */
export async function configProblem(root, env = process.env) {
  const compiled = path.join(root, "dist/src/config.js");
  const source = path.join(root, "src/config.ts");
  if (!existsSync(compiled) || !existsSync(source)) return null;
  const current = statSync(source).mtimeMs <= statSync(compiled).mtimeMs || !isStale(root, STAGES.find((stage) => stage.name === "server"));
  if (!current) return null;
  const { parseConfig, ConfigError } = await import(pathToFileURL(compiled).href);
  try {
    parseConfig(env);
    return null;
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

async function main(args) {
  const options = { force: false, serverOnly: false, checkConfig: false, root: path.resolve(fileURLToPath(new URL("..", import.meta.url))) };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      return 0;
    }
    if (arg === "--force") options.force = true;
    else if (arg === "--server-only") options.serverOnly = true;
    else if (arg === "--check-config") options.checkConfig = true;
    else if (arg === "--root" && args[i + 1]) options.root = path.resolve(args[++i]);
    else {
      console.error(`Unknown option "${arg}".\n${USAGE}`);
      return 2;
    }
  }
  if (options.checkConfig) {
    const problem = await configProblem(options.root);
    if (problem) {
      console.error(problem);
      return 2;
    }
  }
  return buildIfStale(options.root, options);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
