/**
 * The dashboard's browser tests (test/*.browser.test.ts) drive Debian's Chromium (through
 * playwright-core: no browser download). When the run includes them and no Chromium is at
 * `CHROMIUM_PATH` (default /usr/bin/chromium), this installs Debian's `chromium` package with
 * apt-get — as root, or through `sudo -n` — saying so in one line. When that is impossible the run
 * fails, saying how to install it: no browser test skips for want of a browser.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

const HOW_TO_INSTALL = "Install it with `sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome executable.";

export interface ChromiumSituation {
  /** CHROMIUM_PATH, when set. */
  configuredPath: string | undefined;
  /** Whether an executable is at the path the tests use. */
  present: boolean;
  isRoot: boolean;
  /** Whether `sudo -n true` succeeds (sudo without a password). */
  sudoWithoutPassword: boolean;
  /** Whether apt-get is on PATH. */
  aptGet: boolean;
}

export type ChromiumPlan =
  | { action: "none" }
  | { action: "install"; prefix: string[]; announcement: string }
  | { action: "fail"; message: string };

/** What to do about the browser, from what the machine offers. */
export function planChromium(situation: ChromiumSituation): ChromiumPlan {
  const target = situation.configuredPath ?? DEFAULT_CHROMIUM;
  if (situation.present) return { action: "none" };
  if (situation.configuredPath !== undefined) {
    return { action: "fail", message: `The browser tests need Chromium, and CHROMIUM_PATH=${situation.configuredPath} is not an executable. Point CHROMIUM_PATH at a Chromium or Chrome executable, or unset it to use Debian's ${DEFAULT_CHROMIUM}.` };
  }
  if (!situation.aptGet) return { action: "fail", message: `The browser tests need Chromium at ${target}, and there is no apt-get to install it with. ${HOW_TO_INSTALL}` };
  if (!situation.isRoot && !situation.sudoWithoutPassword) {
    return { action: "fail", message: `The browser tests need Chromium at ${target}; installing it needs root (or sudo without a password), which this run has not. ${HOW_TO_INSTALL}` };
  }
  return {
    action: "install",
    prefix: situation.isRoot ? [] : ["sudo", "-n"],
    announcement: `[tests] No Chromium at ${target}: installing Debian's chromium package with ${situation.isRoot ? "" : "sudo "}apt-get (once; the browser tests need it)…`,
  };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir !== "" && isExecutable(path.join(dir, command)));
}

/** Whether this run includes a browser test (a run of other files does not need a browser). */
async function runIncludesBrowserTests(project: TestProject): Promise<boolean> {
  // Vitest keeps the command line's file filters here (not a public API: without it, assume all files).
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const { testFiles } = await project.globTestFiles(filters);
  return testFiles.some((file) => file.endsWith(".browser.test.ts"));
}

function run(command: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command[0]!, command.slice(1), { encoding: "utf8", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, stdio: ["ignore", "pipe", "pipe"] });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}` };
}

export default async function setup(project: TestProject): Promise<void> {
  if (!(await runIncludesBrowserTests(project))) return;
  const configuredPath = process.env.CHROMIUM_PATH || undefined;
  const target = configuredPath ?? DEFAULT_CHROMIUM;
  const isRoot = process.getuid?.() === 0;
  const plan = planChromium({
    configuredPath,
    present: isExecutable(target),
    isRoot,
    sudoWithoutPassword: !isRoot && !isExecutable(target) && onPath("sudo") && run(["sudo", "-n", "true"]).ok,
    aptGet: onPath("apt-get"),
  });
  if (plan.action === "none") return;
  if (plan.action === "fail") throw new Error(plan.message);
  console.log(plan.announcement);
  for (const step of [
    ["apt-get", "update", "-qq"],
    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
  ]) {
    const result = run([...plan.prefix, ...step]);
    if (!result.ok) throw new Error(`Installing Chromium failed (${[...plan.prefix, ...step].join(" ")}):\n${result.output.trim().split("\n").slice(-10).join("\n")}\n${HOW_TO_INSTALL}`);
  }
  if (!isExecutable(target)) throw new Error(`apt-get installed chromium, but there is still no executable at ${target}. ${HOW_TO_INSTALL}`);
}
