import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import express from "express";
import cors from "cors";
import proxyAddress from "proxy-addr";
import type { GraphQLSchema } from "graphql";
import { Identity } from "./auth/identity.js";
import { fixedClock, systemClock, type Clock } from "./common/clock.js";
import { listen } from "./common/listen.js";
import { REPOSITORY_ROOT } from "./common/paths.js";
import type { RequestStatistics } from "./common/sql-statements.js";
import type { HubConfig } from "./config.js";
import type { Database } from "./db/database.js";
import { EventDispatcher } from "./events/dispatcher.js";
import { EventTopic } from "./events/hub-event.entity.js";
import { pruneEvents } from "./events/event-log.js";
import { importRouter } from "./imports/import.http.js";
import { pruneIdempotencyKeys } from "./writes/write.js";
import { signalFor } from "./events/event-signal.js";
import { operationLimits } from "./limits/operation-limits.js";
import { PersistedOperations } from "./limits/persisted-operations.js";
import { allRegisteredTexts, registeredText } from "./operations/index.js";
import { RateLimiter } from "./limits/rate-limit.js";
import { hubSchema } from "./schema.js";
import { observabilityRouter, type ReadinessCheck } from "./observability/health.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { HubMetrics } from "./observability/metrics.js";
import { observeRequests, OperationObserver } from "./observability/operations.js";
import { answerShuttingDown, graphqlOverHttp, httpFailure, REQUEST_BODY_MAX_BYTES, startApollo } from "./pipeline/http-transport.js";
import { InFlight } from "./pipeline/in-flight.js";
import { OperationPipeline } from "./pipeline/operation-pipeline.js";
import { webSocketTransport } from "./pipeline/websocket-transport.js";
import { webRoutes } from "./web/web.routes.js";

export { REQUEST_BODY_MAX_BYTES };

export interface HubServer {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql (also ws:// for subscriptions). */
  url: string;
  schema: GraphQLSchema;
  /** This instance's follower of the outbox. */
  events: EventDispatcher;
  metrics: HubMetrics;
  /**
   * Graceful shutdown: readiness turns 503, WebSockets close with 1001 (Going Away), the port stops
   * accepting, requests in flight finish (within `SHUTDOWN_GRACE_MS`), then the outbox follower stops.
   */
  close(): Promise<void>;
}

export interface HubServerOptions {
  config: HubConfig;
  database: Database;
  /** Defaults to the configured fixed instant, else the system clock. */
  clock?: Clock;
  /** Receives the statistics of every HTTP operation when it ends (tests, and later metrics). */
  onOperationEnd?: (statistics: RequestStatistics & { operationName: string | null; requestId: string }) => void;
  /** Gives those statistics the text of each statement (the tests look at what a request read). */
  keepStatementTexts?: boolean;
  /** Defaults to JSON lines on standard output at the configured level. */
  logger?: Logger;
}

/** What readiness waits on: the database, and Redis when it carries events between instances. */
function readinessChecks(database: Database, dispatcher: EventDispatcher, config: HubConfig): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    {
      name: "database",
      check: async () => {
        await database.orm.em.fork().getConnection().execute("select 1");
      },
    },
  ];
  if (config.redisUrl) checks.push({ name: "redis", check: () => dispatcher.pingSignal() });
  return checks;
}

export function clockOf(config: HubConfig): Clock {
  return config.fixedNow ? fixedClock(config.fixedNow) : systemClock;
}

/** Serves GraphQL over HTTP and WebSocket (graphql-ws) on one port and path: `/graphql`. */
export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const { config, database } = options;
  const clock = options.clock ?? clockOf(config);
  const logger = options.logger ?? createLogger(config);
  const schema = await hubSchema();
  const app = express();
  // `/graphql` is served on node's request and response (graphqlOverHttp); Express serves the rest.
  let graphqlRequests: ((request: IncomingMessage, response: ServerResponse) => boolean) | null = null;
  const httpServer: Server = createServer((request, response) => {
    if (!graphqlRequests?.(request, response)) app(request, response);
  });
  // The metrics read the dispatcher's subscriptions lazily, when scraped.
  let events: EventDispatcher | null = null;
  const metrics = new HubMetrics({ subscriptions: () => events?.subscriptionCount ?? 0, em: database.orm.em });
  const observer = new OperationObserver(metrics, logger);
  events = new EventDispatcher(database.orm.em, signalFor(config, database), {
    auditKey: config.auditKey,
    onSequencingError: (error) => logger.error({ err: error }, "sequencing the event and audit log failed; the next step retries"),
    pollMilliseconds: config.eventPollMilliseconds,
    onDelivered: (topic, committedAt, count) => metrics.eventDelivered(topic, committedAt, count),
    config,
  });
  const dispatcher = events;
  // A revoked operation (revokeOperations, on any instance) is forgotten here as the outbox
  // delivers it; followed from the dispatcher's start, so none revoked while the registered ones
  // load is missed.
  let persisted: PersistedOperations | null = null;
  const revokedBeforeLoad: string[] = [];
  const stopForgetting = dispatcher.on(EventTopic.OPERATIONS, (event) => {
    const id = event.kind === "REVOKED" ? event.keys.documentId : undefined;
    if (!id) return;
    if (persisted) persisted.forget(id);
    else revokedBeforeLoad.push(id);
  });
  await dispatcher.start();
  // What the start has set going, undone in reverse should a later step fail (a port in use, a
  // manifest that cannot be read): the dispatcher's poll would go on stepping against the database
  // main.ts then closes, and log its failure after the logs have ended.
  const begun: (() => unknown)[] = [stopForgetting, () => dispatcher.close()];
  try {
    const dependencies = { em: database.orm.em, clock, config, events: dispatcher, logger };
    let draining = false;
    // Retention: events (and idempotency keys) older than the configured days are pruned hourly (a resume from before them is told it missed some).
    const pruning = setInterval(() => {
      const before = new Date(clock.now().getTime() - config.eventRetentionDays * 86_400_000);
      void pruneEvents(database.orm.em.fork(), before).catch(() => undefined);
      void pruneIdempotencyKeys(database.orm.em.fork(), before).catch(() => undefined);
    }, 3_600_000);
    pruning.unref();
    begun.push(() => clearInterval(pruning));

    // The registered operations — the dashboard's manifest and third parties' (registerOperations,
    // in the database) — and the roles held to them (PERSISTED_OPERATIONS_ONLY_FOR).
    const operationStore = { find: (id: string) => registeredText({ em: database.orm.em.fork() }, id), all: () => allRegisteredTexts({ em: database.orm.em.fork() }) };
    persisted = await PersistedOperations.load(path.resolve(REPOSITORY_ROOT, config.persistedOperations.manifestPath), config.persistedOperations.onlyFor, operationStore);
    for (const id of revokedBeforeLoad.splice(0)) persisted.forget(id);
    // Without a manifest the dashboard cannot run (it sends ids): say so at start, not per request.
    if (persisted.size === 0) logger.warn({ manifest: config.persistedOperations.manifestPath }, "No registered operations: the dashboard needs them; run `npm run build`");
    // The same limits and validation over both transports (introspection is off in production).
    const limits = operationLimits(config);
    const identity = new Identity(config.auth, clock);
    const rateLimiter = new RateLimiter(config.limits.ratePerMinute, config.redisUrl);
    begun.push(() => rateLimiter.close());
    await rateLimiter.connect((error) => logger.warn({ err: error }, "Redis does not answer: rate limits are counted per instance until it does"));
    const pipeline = new OperationPipeline({ schema, identity, rateLimiter, persisted, limits, context: dependencies, clock, logger, mode: config.mode, draining: () => draining });

    const webSocket = webSocketTransport({
      httpServer,
      pipeline,
      observer,
      metrics,
      maxPayloadBytes: REQUEST_BODY_MAX_BYTES,
      maxBufferedBytes: config.limits.webSocketMaxBufferedBytes,
      connectionInitWaitTimeoutMilliseconds: config.limits.webSocketInitTimeoutMilliseconds,
    });
    // HTTP operations until their handler is done — also those whose client has gone, which still write.
    const httpOperations = new InFlight();
    const apollo = await startApollo({
      pipeline,
      config,
      limits,
      httpServer,
      onOperationEnd: options.onOperationEnd,
      keepStatementTexts: options.keepStatementTexts,
      drainWebSockets: async () => {
        // New operations are refused already (draining); those running answer first.
        await webSocket.running.idle(config.shutdownGraceMilliseconds);
        await webSocket.dispose();
      },
    });

    if (config.trustedProxies) app.set("trust proxy", config.trustedProxies);
    // Browsers may call the hub from the configured origins only (none: same origin).
    const corsPolicy = config.corsOrigins.length > 0 ? cors({ origin: config.corsOrigins, allowedHeaders: ["authorization", "content-type", "apollo-require-preflight"], maxAge: 600 }) : null;
    if (corsPolicy) app.use(corsPolicy);
    // The client's address as Express works it out for `req.ip` (its compiled TRUSTED_PROXIES).
    const trustedProxy = app.get("trust proxy fn") as (address: string, hop: number) => boolean;
    graphqlRequests = graphqlOverHttp({
      apollo,
      pipeline,
      observer,
      running: httpOperations,
      draining: () => draining,
      cors: corsPolicy,
      clientAddress: (request) => proxyAddress(request, trustedProxy),
    });
    app.use(observabilityRouter({ metrics, metricsToken: config.metricsToken, draining: () => draining, checks: readinessChecks(database, dispatcher, config) }));
    // While shutting down, requests that still arrive on open connections are turned away (503), so
    // the connections drain; the port itself has stopped accepting.
    app.use("/imports", (request, response, next) => (!draining || request.method === "OPTIONS" ? next() : answerShuttingDown(response)));
    app.use(webRoutes({ schema, mode: config.mode }));
    app.use("/imports", observeRequests(observer));
    app.use(importRouter(dependencies, pipeline, database, config.importMaxBytes, httpOperations));

    app.use(httpFailure);

    await listen(httpServer, config.port, config.host);
    const address = httpServer.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    let closed: Promise<void> | null = null;
    return {
      url: `http://${host}:${address.port}/graphql`,
      schema,
      events: dispatcher,
      metrics,
      close: () =>
        (closed ??= (async () => {
          draining = true;
          clearInterval(pruning);
          // Apollo's drain (see the plugins) closes the sockets with 1001 first, then stops the port
          // and waits for the connections of requests in flight. A request whose client went away
          // still runs: its handler is waited for too, so its writes and audit entry commit (or roll
          // back whole) before the database closes.
          await apollo.stop();
          await httpOperations.idle(config.shutdownGraceMilliseconds);
          stopForgetting();
          await dispatcher.close();
          await rateLimiter.close();
        })()),
    };
  } catch (error) {
    for (const undo of begun.reverse()) {
      try {
        await undo();
      } catch {
        // The start's own failure is the one reported.
      }
    }
    throw error;
  }
}
