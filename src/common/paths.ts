import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The repository's root, found from a file either as a TypeScript source (tests run those) or
 * compiled into dist/ (what `npm start` runs): the nearest directory with a package.json that is
 * not dist/ itself.
 */
export function repositoryRoot(from: string): string {
  let directory = from;
  while (!existsSync(path.join(directory, "package.json")) || path.basename(directory) === "dist") {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`no package.json above ${from}`);
    directory = parent;
  }
  return directory;
}

export const REPOSITORY_ROOT = repositoryRoot(import.meta.dirname);

/** Where `npm run build` puts the browser assets Vite builds (the dashboard, the explorer). */
export const WEB_ASSETS = path.join(REPOSITORY_ROOT, "dist/web");
