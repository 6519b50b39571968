import { timingSafeEqual } from "node:crypto";
import { Router } from "express";
import type { HubMetrics } from "./metrics.js";

/** A dependency readiness waits on, with the time it may take to answer. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

const CHECK_TIMEOUT_MILLISECONDS = 2_000;

async function run(check: ReadinessCheck): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MILLISECONDS} ms`)), CHECK_TIMEOUT_MILLISECONDS);
      }),
    ]);
    return { name: check.name, ok: true };
  } catch (error) {
    // The kind of failure, not its text: a driver's message can name hosts and users.
    const reason = error instanceof Error && error.message.startsWith("no answer") ? error.message : "unavailable";
    return { name: check.name, ok: false, error: reason };
  } finally {
    clearTimeout(timer);
  }
}

function sameSecret(offered: string | undefined, expected: string): boolean {
  const a = Buffer.from(offered ?? "");
  const b = Buffer.from(`Bearer ${expected}`);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The operator's endpoints: `/healthz` (the process answers: restart it if not), `/readyz` (it can
 * serve: the database, and Redis when configured, answer, and it is not shutting down: route
 * traffic elsewhere if not) and `/metrics` (Prometheus text; behind `METRICS_TOKEN` if set).
 */
export function observabilityRouter(options: { metrics: HubMetrics; checks: ReadinessCheck[]; metricsToken: string | null; draining: () => boolean }): Router {
  const router = Router();
  router.get("/healthz", (_request, response) => {
    response.set("cache-control", "no-store").json({ status: "ok" });
  });
  router.get("/readyz", async (_request, response) => {
    response.set("cache-control", "no-store");
    if (options.draining()) {
      response.status(503).json({ status: "shutting down", checks: [] });
      return;
    }
    const checks = await Promise.all(options.checks.map(run));
    const ready = checks.every((check) => check.ok);
    response.status(ready ? 200 : 503).json({ status: ready ? "ready" : "unavailable", checks });
  });
  router.get("/metrics", async (request, response) => {
    if (options.metricsToken && !sameSecret(request.headers.authorization, options.metricsToken)) {
      response.status(401).set("www-authenticate", 'Bearer realm="metrics"').json({ error: "METRICS_TOKEN required" });
      return;
    }
    response.set("content-type", options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
  return router;
}
