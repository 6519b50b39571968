/**
 * The command-line scripts' arguments: `--help` (`-h`) prints the usage and exits 0; an unknown
 * option or a bad value prints one line saying what is wrong, then the usage, and exits 2 — never
 * a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** Says what is wrong with the command line, then how to use it; exits 2. */
export function usageError(usage: string, message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

/** parseArgs with `--help` added, and its errors turned into a usage error. */
export function parseCommandLine<T extends ParseArgsConfig>(usage: string, config: T, args: string[] = process.argv.slice(2)): ReturnType<typeof parseArgs<T>> {
  const withHelp = { ...config, args, strict: true, options: { ...config.options, help: { type: "boolean", short: "h" } } } as T;
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(withHelp);
  } catch (error) {
    usageError(usage, (error as Error).message);
  }
  if ((parsed.values as Record<string, unknown>).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}
