#!/usr/bin/env node
/**
 * Bundles the compiled hub (dist/src/main.js and what it imports, node_modules included) into
 * dist/bundle/, which `npm start` runs:
 *
 *   node scripts/bundle-server.mjs
 *
 * Why: a start from tsc's output opened about 2,100 JavaScript files, and resolving, reading and
 * compiling them one by one was most of a second start (BENCHMARKS.md, stop 26). The bundle is
 * about fifty files, split where the entry point imports lazily, so the server's modules still load
 * while the embedded database's process starts.
 *
 * What the bundle keeps as the unbundled modules had it:
 *   - class names (`keepNames`, for classes only): type-graphql names GraphQL types after classes,
 *     MikroORM entities, and global ids and audit keys use them;
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
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const DIST = path.resolve(fileURLToPath(new URL("../dist", import.meta.url)));
const BUNDLE_DIRECTORY = path.join(DIST, "bundle");

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

/** esbuild's helper for `keepNames`, as it writes it (minified): every function and class it wraps gets its name set. */
const KEEP_NAMES_HELPER = `__name=(target,value)=>__defProp(target,"name",{value,configurable:!0})`;

/** The same helper, acting on classes only (the calls below that pass 1); for every other function it returns its argument. */
const CLASS_NAMES_HELPER = `__name=(target,value,isClass)=>isClass===1&&target.name!==value?__defProp(target,"name",{value,configurable:!0}):target`;

/** How `keepNames` names a class: a static block at the top of its body. */
const CLASS_NAMING = /static\{__name\(this,("(?:[^"\\]|\\.)*")\)\}/g;

/**
 * `keepNames` keeps names by wrapping every function and class in a call, closures made per
 * request included: the hub's request path called it about a thousand times a request, 2-3 % of
 * its CPU (BENCHMARKS.md, stop 26). The names that matter are classes' (type-graphql, MikroORM and
 * the global ids take them), so only classes keep the call's effect; for every other function the
 * helper returns its argument, which V8 inlines to nothing.
 */
async function keepClassNamesOnly() {
  let helpers = 0;
  let classes = 0;
  for (const chunk of (await readdir(BUNDLE_DIRECTORY)).filter((file) => file.endsWith(".js"))) {
    const file = path.join(BUNDLE_DIRECTORY, chunk);
    const text = await readFile(file, "utf8");
    let changed = text.replace(CLASS_NAMING, (_call, name) => {
      classes += 1;
      return `static{__name(this,${name},1)}`;
    });
    if (changed.includes(KEEP_NAMES_HELPER)) {
      changed = changed.replace(KEEP_NAMES_HELPER, CLASS_NAMES_HELPER);
      helpers += 1;
    }
    if (changed !== text) await writeFile(file, changed);
  }
  // esbuild writes both as above today; a version that writes them otherwise must not pass unnoticed.
  if (helpers !== 1 || classes === 0) throw new Error(`scripts/bundle-server.mjs: esbuild's keepNames helper found in ${helpers} chunks (1 expected), ${classes} classes named: see keepClassNamesOnly`);
}

async function bundleServer() {
  // Chunks are named by their content: last build's would otherwise stay beside this one's.
  await rm(BUNDLE_DIRECTORY, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: { main: "hub-entry" },
    outdir: BUNDLE_DIRECTORY,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    // Classes' names only, in the end: see keepClassNamesOnly.
    keepNames: true,
    // 7.6 MB to read and compile at each start instead of 11 MB (about 60 ms of a second start);
    // identifiers are kept, so stack traces stay readable.
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
  await keepClassNamesOnly();
}

await bundleServer();
