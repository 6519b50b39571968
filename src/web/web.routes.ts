import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Request, type Response, Router } from "express";
import type { GraphQLSchema } from "graphql";
import { WEB_ASSETS } from "../common/paths.js";
import type { HubMode } from "../config.js";
import { printHubSchema } from "../schema.js";

export interface WebRoutesOptions {
  schema: GraphQLSchema;
  mode: HubMode;
  /** Where the built assets are (default dist/web, written by `npm run build`). */
  assetsDirectory?: string;
}

/**
 * The browser's side of the hub, all from local files (it runs with no internet access):
 *
 * - `/schema.graphql`: the SDL, public, so dashboard developers run codegen against a hub whose
 *   introspection is off (production);
 * - `/dashboard/`: the agencies' dashboard;
 * - `/graphiql/`: the explorer, in development mode only (production turns introspection off, and
 *   an explorer without it would only mislead);
 * - `/favicon.ico`: the hub's icon (built with the dashboard, from dashboard/app/public).
 *
 * The pages talk to this hub alone: a content security policy keeps scripts, styles and
 * connections to this origin, so a token typed into them goes nowhere else.
 */
export function webRoutes(options: WebRoutesOptions): Router {
  const assets = options.assetsDirectory ?? WEB_ASSETS;
  const router = Router();
  // Printed when first asked for, not on the start's critical path.
  let sdl: string | null = null;
  router.get("/schema.graphql", (_request, response) => {
    response.type("text/plain; charset=utf-8").setHeader("cache-control", "no-cache");
    sdl ??= printHubSchema(options.schema);
    response.send(sdl);
  });
  const favicon = path.join(assets, "dashboard", "favicon.ico");
  router.get("/favicon.ico", (_request, response) => {
    if (!existsSync(favicon)) {
      response.status(404).type("text/plain; charset=utf-8").send("No icon: the dashboard is not built.\n");
      return;
    }
    response.setHeader("cache-control", FAVICON_CACHE);
    response.type("image/x-icon").sendFile(favicon);
  });
  router.use("/dashboard", pageOf(path.join(assets, "dashboard"), "dashboard"));
  if (options.mode === "development") router.use("/graphiql", pageOf(path.join(assets, "explorer"), "explorer"));
  return router;
}

const FAVICON_CACHE = "public, max-age=86400";

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // The explorer's editor and the charts set styles from script; no style comes from elsewhere.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** One built single-page app: its files, index.html for its root, and a clear answer when it was not built. */
function pageOf(directory: string, name: string): Router {
  const page = Router();
  page.use((_request, response, next) => {
    response.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
    response.setHeader("x-content-type-options", "nosniff");
    response.setHeader("referrer-policy", "no-referrer");
    next();
  });
  // Hashed asset names never change content: cached for a year. index.html is always revalidated;
  // the icon, whose name is fixed, for a day.
  page.use(
    express.static(directory, {
      index: "index.html",
      redirect: true,
      setHeaders: (response, file) => response.setHeader("cache-control", file.endsWith(".html") ? "no-cache" : path.basename(file) === "favicon.ico" ? FAVICON_CACHE : "public, max-age=31536000, immutable"),
    }),
  );
  page.use((request: Request, response: Response) => {
    if (!existsSync(path.join(directory, "index.html"))) {
      response.status(503).type("text/plain; charset=utf-8").send(`The ${name} is not built: run \`npm run build\` (or \`npm start\`, which builds first).\n`);
      return;
    }
    response.status(404).type("text/plain; charset=utf-8").send(`No such file: ${request.originalUrl}\n`);
  });
  return page;
}
