#!/usr/bin/env node
/**
 * Bundles the compiled hub (dist/src/main.js and what it imports, node_modules included) into
 * dist/bundle/, which `npm start` runs:
 *
 *   node scripts/bundle-server.mjs [--root DIR]
 *
 * Why: a start from tsc's output opened about 2,100 JavaScript files, and resolving, reading and
 * compiling them one by one was most of a second start (BENCHMARKS.md, stop 26). The bundle is a
 * few files, split where the entry point imports lazily, so the server's modules still load while
 * the embedded database's process starts.
 *
 * What the bundle keeps as the unbundled modules had it:
 *   - class names (`keepNames`): type-graphql names GraphQL types after classes, MikroORM entities,
 *     and global ids and audit keys use them;
 *   - each hub module's `import.meta.url` and `import.meta.dirname`, rewritten to the module's own
 *     place in dist/, so paths such as the migrations' folder or the embedded database's script
 *     resolve as before;
 *   - `require` in the CommonJS packages, through `createRequire`;
 *   - optional modules that are not installed (knex's other drivers, MikroORM's look for a package
 *     file that does not exist): left to a require at run time, which fails there as it did before.
 * PGlite stays out: it runs in the embedded database's own process, which is not bundled.
 */
import { builtinModules } from "node:module";
import path from "node:path";
import { readFile, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const rootArgument = process.argv.indexOf("--root");
const ROOT = rootArgument >= 0 ? path.resolve(process.argv[rootArgument + 1]) : path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const DIST = path.join(ROOT, "dist");
export const BUNDLE_DIRECTORY = path.join(DIST, "bundle");

/** A path from the bundle's folder, as a relative URL. */
function fromBundle(file) {
  return path.relative(BUNDLE_DIRECTORY, file).split(path.sep).join("/");
}

/** Each compiled hub module keeps its own location for `import.meta.url` and `import.meta.dirname`. */
const keepModuleLocation = {
  name: "keep-module-location",
  setup(build) {
    build.onLoad({ filter: /\.m?js$/ }, async (args) => {
      if (!args.path.startsWith(DIST + path.sep)) return undefined;
      const text = await readFile(args.path, "utf8");
      if (!text.includes("import.meta")) return { contents: text, loader: "js" };
      const here = JSON.stringify(fromBundle(args.path));
      return {
        contents: text
          .replaceAll("import.meta.url", `new URL(${here}, import.meta.url).href`)
          .replaceAll("import.meta.dirname", `__hubDirectoryOf(${here})`),
        loader: "js",
      };
    });
  },
};

/** A module that does not resolve stays a require (or import) at run time, where it fails as before. */
const leaveAbsentModules = {
  name: "leave-absent-modules",
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.probing || args.kind === "entry-point") return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { probing: true } });
      if (found.errors.length === 0) return found;
      if (!args.path.startsWith(".")) return { path: args.path, external: true };
      // A relative path is kept relative to the module that asked, now seen from the bundle's folder.
      const relative = fromBundle(path.resolve(args.resolveDir, args.path));
      return { path: relative.startsWith(".") ? relative : `./${relative}`, external: true };
    });
  },
};

/**
 * The bundle's entry: Node's compile cache first (src/common/compile-cache.ts), then the hub's
 * entry point, imported dynamically. Modules imported statically are compiled before any of their
 * code runs, so the cache must be switched on by a module that imports the rest later.
 */
const entry = {
  name: "entry",
  setup(build) {
    build.onResolve({ filter: /^hub-entry$/ }, () => ({ path: "hub-entry", namespace: "hub-entry" }));
    build.onLoad({ filter: /.*/, namespace: "hub-entry" }, () => ({
      contents: `import "./src/common/compile-cache.js";\nawait import("./src/main.js");\n`,
      resolveDir: DIST,
      loader: "js",
    }));
  },
};

const BUILTIN = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * Node's own modules through `require`: an `import` of one builds an ES module facade that reads
 * every export, and node:http's facade loads its fetch implementation (undici) on the way — 70 ms
 * of a start for an export the hub never uses.
 */
const builtinsThroughRequire = {
  name: "builtins-through-require",
  setup(build) {
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!BUILTIN.has(args.path)) return undefined;
      if (args.kind === "require-call" || args.namespace === "builtin") return { path: args.path, external: true };
      return { path: args.path, namespace: "builtin" };
    });
    build.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: "js" }));
  },
};

export async function bundleServer() {
  // Chunks are named by their content: last build's would otherwise stay beside this one's.
  await rm(BUNDLE_DIRECTORY, { recursive: true, force: true });
  return esbuild.build({
    entryPoints: { main: "hub-entry" },
    outdir: BUNDLE_DIRECTORY,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    keepNames: true,
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: "linked",
    logLevel: "warning",
    // PGlite runs in the embedded database's process (src/db/embedded-server.mjs), not bundled;
    // the hub only looks up where it is installed.
    external: ["@electric-sql/pglite", "@electric-sql/pglite-socket"],
    banner: {
      // process.getBuiltinModule rather than imports: see builtinsThroughRequire.
      js: [
        `const require = process.getBuiltinModule("node:module").createRequire(import.meta.url);`,
        `const __hubDirectoryOf = (relative) => process.getBuiltinModule("node:path").dirname(process.getBuiltinModule("node:url").fileURLToPath(new URL(relative, import.meta.url)));`,
      ].join(" "),
    },
    plugins: [entry, builtinsThroughRequire, leaveAbsentModules, keepModuleLocation],
  });
}

if (fileURLToPath(import.meta.url) === path.resolve(process.argv[1] ?? "")) {
  await bundleServer();
}
