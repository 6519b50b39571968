import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import cors from "cors";
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { recordReads } from "./audit/index.js";
import { Identity } from "./auth/identity.js";
import { ANONYMOUS, type Viewer } from "./auth/viewer.js";
import { fixedClock, systemClock, type Clock } from "./common/clock.js";
import { REPOSITORY_ROOT } from "./common/paths.js";
import { ErrorCode, unauthenticated } from "./common/errors.js";
import { withRequestStatistics, type RequestStatistics } from "./common/sql-statements.js";
import type { HubConfig } from "./config.js";
import { createContext, type HubContext } from "./context.js";
import type { Database } from "./db/database.js";
import { EventDispatcher } from "./events/dispatcher.js";
import { pruneEvents } from "./events/event-log.js";
import { importRouter } from "./imports/import.http.js";
import { pruneIdempotencyKeys } from "./writes/write.js";
import { signalFor } from "./events/event-signal.js";
import { SharedSubscriptionResults } from "./events/shared-results.js";
import { operationLimits, withoutSuggestions } from "./limits/operation-limits.js";
import { PersistedOperations } from "./limits/persisted-operations.js";
import { RateLimiter } from "./limits/rate-limit.js";
import { buildHubSchema } from "./schema.js";
import { observabilityRouter, type ReadinessCheck } from "./observability/health.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { HubMetrics } from "./observability/metrics.js";
import { newOperationRecord, observeRequests, OperationObserver, outcomeOf, type OperationRecord } from "./observability/operations.js";
import { webRoutes } from "./web/web.routes.js";

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
  /** Defaults to JSON lines on standard output at the configured level. */
  logger?: Logger;
}

/**
 * Unexpected errors are masked outside development so internals (SQL, stack traces) never reach a
 * client; GraphQLErrors raised on purpose carry their code and pass through.
 */
interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/** class-validator's nested failures as the hub's `fields`: "observations.3.priceVnd" → its first message. */
function validationFields(failures: readonly ValidationFailure[], prefix = ""): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const failure of failures) {
    const path = prefix ? `${prefix}.${failure.property}` : failure.property;
    const message = Object.values(failure.constraints ?? {})[0];
    if (message) fields[path] = message;
    Object.assign(fields, validationFields(failure.children ?? [], path));
  }
  return fields;
}

/** Bodies (HTTP) and messages (WebSocket) larger than this are refused before they are parsed. */
export const REQUEST_BODY_MAX_BYTES = 1_048_576;

/** `extensions.http` tells Apollo which status to answer with; it is for the server, never for the client. */
function withoutHttpExtension(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !("http" in formatted.extensions)) return formatted;
  const { http: _http, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

/**
 * Failures Express raises before GraphQL runs (a body that is not JSON, one over the limit) answered
 * in GraphQL's shape, in every mode: Express's own page is HTML with a stack trace and server paths.
 */
function httpFailure(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  if (response.headersSent) return next(error);
  const failure = error as { status?: unknown; type?: unknown };
  const status = typeof failure.status === "number" && failure.status >= 400 && failure.status < 600 ? failure.status : 500;
  const [code, message] =
    failure.type === "entity.too.large"
      ? [ErrorCode.PAYLOAD_TOO_LARGE, `The request body is over ${REQUEST_BODY_MAX_BYTES} bytes`]
      : failure.type === "entity.parse.failed"
        ? [ErrorCode.BAD_REQUEST, "The request body is not valid JSON"]
        : status < 500
          ? [ErrorCode.BAD_REQUEST, "The request could not be read"]
          : [ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error"];
  response.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** graphql-ws's `connection_init` payload carries the token as `authorization`, in any letter case (as HTTP headers are). */
function authorizationOf(connectionParams: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!connectionParams) return undefined;
  const key = Object.keys(connectionParams).find((name) => name.toLowerCase() === "authorization");
  const value = key === undefined ? undefined : connectionParams[key];
  return typeof value === "string" ? value : undefined;
}

function formatError(mode: HubConfig["mode"]) {
  return (unformatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    let formatted = withoutHttpExtension(unformatted);
    const failures = formatted.extensions?.validationErrors as ValidationFailure[] | undefined;
    if (failures) {
      // Input rejected by its declared rules: the same shape as every other BAD_USER_INPUT.
      const fields = validationFields(failures);
      const first = Object.entries(fields)[0];
      return { ...formatted, message: first ? `Invalid input: ${first[0]}: ${first[1]}` : formatted.message, extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
    }
    if (formatted.message.includes("Did you mean")) formatted = { ...formatted, message: withoutSuggestions(formatted.message) };
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    // PostgreSQL cancelled a statement at statement_timeout: the operation's deadline, not a fault.
    if ((original as { code?: string } | null)?.code === "57014") {
      return { message: "The operation ran past its deadline (a statement was cancelled)", path: formatted.path, locations: formatted.locations, extensions: { code: ErrorCode.TIMEOUT } };
    }
    const code = formatted.extensions?.code;
    const intended = original instanceof GraphQLError || (typeof code === "string" && code !== ErrorCode.INTERNAL_SERVER_ERROR);
    if (intended || mode === "development") return formatted;
    return { message: "Internal server error", path: formatted.path, locations: formatted.locations, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

/** What a client gets instead of data whose reads could not be written to the audit log. */
function auditUnavailable(): GraphQLFormattedError {
  return { message: "The response could not be recorded in the audit log, so it is not sent; try again", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

function logAuditFailure(logger: Logger, operation: OperationRecord, error: unknown): void {
  logger.error({ err: error, requestId: operation.requestId }, "audit entry could not be written; the response was withheld");
}

/** SHA-256 of an operation's document, as Apollo Server computes its query hash for HTTP. */
function documentHash(query: string): string {
  return createHash("sha256").update(query).digest("hex");
}

/** The operation `operationName` picks (or the only one), as graphql-js would run it. */
function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((operation) => operation.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}


/** Whose rate an operation counts against: the token's subject, else the client's address. */
function callerKey(viewer: Viewer, address: string | undefined): string {
  return viewer.kind === "anonymous" ? `ip:${address ?? "unknown"}` : `subject:${viewer.subject}`;
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

/** Queries and mutations running on WebSockets: shutdown lets them answer before the sockets close. */
class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  begin(): void {
    this.count += 1;
  }

  end(): void {
    this.count -= 1;
    if (this.count === 0) for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Resolves when none is running, or after `milliseconds` regardless. */
  idle(milliseconds: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, milliseconds);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** An Express handler counted in `inFlight` until its promise settles (not merely until its response is sent). */
function tracked(inFlight: InFlight, handler: (request: Request, response: Response, next: NextFunction) => unknown): RequestHandler {
  return async (request, response, next) => {
    inFlight.begin();
    try {
      await handler(request, response, next);
    } finally {
      inFlight.end();
    }
  };
}

/** The configured clock: the fixed instant of `HUB_NOW`, else the system's. */
/** Replaces a request's `documentId` (or `extensions.persistedQuery`) by the registered text it names. */
function substituteRegistered(persisted: PersistedOperations, operation: unknown): void {
  if (!operation || typeof operation !== "object") return;
  const request = operation as { query?: unknown; documentId?: unknown; extensions?: { persistedQuery?: unknown } };
  const text = persisted.resolve(request);
  if (text === undefined) return;
  request.query = text;
  delete request.documentId;
  if (request.extensions && typeof request.extensions === "object") delete request.extensions.persistedQuery;
}

/**
 * The operation texts of an HTTP request as Apollo will read them: each element of a batch, or
 * the `query` of a GET's URL parsed as Apollo parses it (URLSearchParams; express's own parser
 * stops after 1,000 parameters, so it could miss a `query` Apollo still runs). An operation
 * without a text is `undefined`, which a restricted caller is refused for (failing closed).
 */
function operationTexts(request: Request): (string | undefined)[] {
  if (request.method === "GET") return [new URLSearchParams(new URL(request.originalUrl, "http://hub").search).get("query") ?? undefined];
  const operations: unknown[] = Array.isArray(request.body) ? request.body : [request.body];
  return operations.map((operation) => {
    const query = (operation as { query?: unknown } | null | undefined)?.query;
    return typeof query === "string" ? query : undefined;
  });
}

export function clockOf(config: HubConfig): Clock {
  return config.fixedNow ? fixedClock(config.fixedNow) : systemClock;
}

/** Serves GraphQL over HTTP and WebSocket (graphql-ws) on one port and path: `/graphql`. */
export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const { config, database } = options;
  const clock = options.clock ?? clockOf(config);
  const logger = options.logger ?? createLogger(config);
  const schema = await buildHubSchema();
  const app = express();
  const httpServer: Server = createServer(app);
  // The metrics read the dispatcher's subscriptions lazily, when scraped.
  let events: EventDispatcher | null = null;
  const metrics = new HubMetrics({ subscriptions: () => events?.subscriptionCount ?? 0, em: database.orm.em });
  const observer = new OperationObserver(metrics, logger);
  events = new EventDispatcher(database.orm.em, signalFor(config, database), {
    pollMilliseconds: config.eventPollMilliseconds,
    onDelivered: (topic, committedAt) => metrics.eventDelivered(topic, committedAt),
  });
  const dispatcher = events;
  await dispatcher.start();
  const dependencies = { em: database.orm.em, clock, config, events: dispatcher, logger };
  let draining = false;
  // Retention: events (and idempotency keys) older than the configured days are pruned hourly (a resume from before them is told it missed some).
  const pruning = setInterval(() => {
    const before = new Date(clock.now().getTime() - config.eventRetentionDays * 86_400_000);
    void pruneEvents(database.orm.em.fork(), before).catch(() => undefined);
    void pruneIdempotencyKeys(database.orm.em.fork(), before).catch(() => undefined);
  }, 3_600_000);
  pruning.unref();

  const identity = new Identity(config.auth, clock);
  // The dashboard's registered operations, and the roles held to them (PERSISTED_OPERATIONS_ONLY_FOR).
  const persisted = await PersistedOperations.load(path.resolve(REPOSITORY_ROOT, config.persistedOperations.manifestPath), config.persistedOperations.onlyFor);
  // Without a manifest the dashboard cannot run (it sends ids): say so at start, not per request.
  if (persisted.size === 0) logger.warn({ manifest: config.persistedOperations.manifestPath }, "No registered operations: the dashboard needs them; run `npm run build`");

  // The same limits and validation over both transports (introspection is off in production).
  const limits = operationLimits(config);
  const rateLimiter = new RateLimiter(config.limits.ratePerMinute, clock);
  const format = formatError(config.mode);
  const formatted = (errors: readonly GraphQLError[]) => errors.map((error) => format(error.toJSON(), error));

  const webSocketServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: REQUEST_BODY_MAX_BYTES });
  webSocketServer.on("connection", (socket) => {
    metrics.connectionOpened();
    socket.once("close", () => metrics.connectionClosed());
  });
  // Each operation on a socket is logged and counted like an HTTP one, when it completes.
  type SocketState = { viewer?: Viewer; expiresAt?: Date | null; operations?: Map<string, OperationRecord> };
  const webSocketRequests = new InFlight();
  // HTTP operations until their handler is done — also those whose client has gone, which still write.
  const httpOperations = new InFlight();
  const operationOn = (extra: SocketState, id: string): OperationRecord => {
    extra.operations ??= new Map();
    let record = extra.operations.get(id);
    if (!record) {
      record = newOperationRecord("websocket");
      extra.operations.set(id, record);
    }
    return record;
  };
  const operationEnded = (extra: SocketState, id: string) => {
    const record = extra.operations?.get(id);
    if (!record) return;
    extra.operations!.delete(id);
    if (record.type === "query" || record.type === "mutation") webSocketRequests.end();
    observer.ended(record, extra.viewer ?? null);
  };
  const webSocketCleanup = useServer<Record<string, unknown> | undefined, SocketState>(
    {
      schema,
      // Anonymous subscribers of the same selection share each event's execution (see SharedSubscriptionResults).
      subscribe: new SharedSubscriptionResults().subscribe,
      connectionInitWaitTimeout: config.limits.webSocketInitTimeoutMilliseconds,
      // The connection is authenticated once, from `connection_init`, exactly as HTTP requests are.
      // A bad token closes it with 4403 Forbidden: never a downgrade to anonymous.
      onConnect: async (ctx) => {
        try {
          const { viewer, expiresAt } = await identity.authenticate(authorizationOf(ctx.connectionParams));
          ctx.extra.viewer = viewer;
          ctx.extra.expiresAt = expiresAt;
          return true;
        } catch {
          return false;
        }
      },
      // Every operation on the socket passes what an HTTP one does: a token still valid (the socket
      // outlives it), the caller's rate, the token and validation limits. Errors answer that
      // operation; the client reconnects with a new token when it has expired.
      onSubscribe: (ctx, id, payload) => {
        const record = operationOn(ctx.extra, id);
        record.name = payload.operationName ?? null;
        const refused = (errors: readonly GraphQLError[]) => {
          record.outcome = outcomeOf(formatted(errors));
          operationEnded(ctx.extra, id);
          return [...errors];
        };
        if (draining) return refused([new GraphQLError("The hub is shutting down; reconnect to another instance", { extensions: { code: ErrorCode.SHUTTING_DOWN } })]);
        try {
          if (ctx.extra.expiresAt && ctx.extra.expiresAt <= clock.now()) throw unauthenticated("Unauthenticated: the token has expired; reconnect with a new one");
          rateLimiter.take(callerKey(ctx.extra.viewer ?? ANONYMOUS, (ctx.extra as { request?: { socket?: { remoteAddress?: string } } }).request?.socket?.remoteAddress));
        } catch (error) {
          return refused([error as GraphQLError]);
        }
        let text: string;
        try {
          // A registered operation may come by id alone (an empty query); the rest of the hub sees its text.
          text = persisted.resolve(payload) ?? payload.query;
          persisted.check(ctx.extra.viewer ?? ANONYMOUS, [text]);
          // graphql-ws types the payload read-only; the hub's later hooks (the audit's document hash) read this text.
          (payload as { query: string }).query = text;
        } catch (error) {
          return refused([error as GraphQLError]);
        }
        const checked = limits.checkWebSocketOperation(schema, text);
        if (Array.isArray(checked)) return refused(checked as GraphQLError[]);
        const chosen = operationOf(checked as DocumentNode, payload.operationName);
        record.name ??= chosen?.name?.value ?? null;
        record.type = chosen?.operation ?? "unknown";
        if (record.type === "query" || record.type === "mutation") webSocketRequests.begin();
        return { schema, document: checked as DocumentNode, variableValues: payload.variables, operationName: payload.operationName };
      },
      // graphql-ws asks for a context per operation: loaders and the identity map never outlive one.
      context: (ctx, id) => createContext(dependencies, ctx.extra.viewer ?? ANONYMOUS, { sqlStatements: 0 }, ctx.extra.expiresAt ?? null, operationOn(ctx.extra, id)),
      // Each result's protected reads are recorded before it is sent, as over HTTP, and its errors
      // are masked as HTTP's are.
      onNext: async (ctx, id, payload, args, result) => {
        const record = operationOn(ctx.extra, id);
        record.deliveries += 1;
        try {
          // (Hashed only when there is something to record: most deliveries read nothing protected.)
          const context = args.contextValue as HubContext;
          if (!context.readLog.empty) await recordReads(context, { operationName: payload.operationName ?? null, documentHash: documentHash(payload.query) });
        } catch (error) {
          logAuditFailure(logger, record, error);
          record.outcome = ErrorCode.INTERNAL_SERVER_ERROR;
          return { errors: [auditUnavailable()] };
        }
        if (!result.errors) return undefined;
        const errors = formatted(result.errors);
        if (record.outcome === "ok") record.outcome = outcomeOf(errors);
        return { ...result, errors };
      },
      onError: (ctx, id, _payload, errors) => {
        const masked = formatted(errors);
        operationOn(ctx.extra, id).outcome = outcomeOf(masked);
        return masked;
      },
      onComplete: (ctx, id) => operationEnded(ctx.extra, id),
    },
    webSocketServer,
  );

  const apollo = new ApolloServer<HubContext>({
    schema,
    introspection: config.mode === "development",
    validationRules: limits.apolloValidationRules,
    parseOptions: limits.parseOptions,
    csrfPrevention: true,
    // Apollo's automatic persisted queries would register any text a client sends, and they answer
    // `extensions.persistedQuery` before the hub sees it: off. The hub's own registered operations
    // (PersistedOperations) read that extension and `documentId` instead.
    persistedQueries: false,
    allowBatchedHttpRequests: config.limits.allowBatchedRequests,
    // main.ts owns shutdown (HTTP, WebSocket, database, embedded process) in one ordered sequence.
    stopOnTerminationSignals: false,
    formatError: formatError(config.mode),
    includeStacktraceInErrorResponses: config.mode === "development",
    plugins: [
      // The hub sets no cache hints (responses depend on the caller's token), and the implicit
      // cache-control plugin wraps every field's resolver to compute them: off (bench/EXPLAIN.md).
      ApolloServerPluginCacheControlDisabled(),
      ...limits.apolloPlugins,
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMilliseconds }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              // New operations are refused already (draining); those running answer first.
              await webSocketRequests.idle(config.shutdownGraceMilliseconds);
              await webSocketCleanup.dispose();
            },
          };
        },
      },
      {
        async requestDidStart({ contextValue, request }) {
          contextValue.operation.name = request.operationName ?? null;
          return {
            async didResolveOperation({ operation, operationName }) {
              // Named as soon as it is known: a request its client abandons is still logged by name.
              contextValue.operation.name = operationName ?? contextValue.operation.name;
              if (operation) contextValue.operation.type = operation.operation;
            },
            async willSendResponse({ contextValue, operationName, queryHash, response, document }) {
              // The audit entry of the response's protected reads is stored before the response is
              // sent; if it cannot be, the data is not sent either.
              try {
                await recordReads(contextValue, { operationName: operationName ?? null, documentHash: queryHash ?? null });
              } catch (error) {
                logAuditFailure(logger, contextValue.operation, error);
                response.body = { kind: "single", singleResult: { errors: [auditUnavailable()] } };
                response.http.status = 500;
              }
              // A document that failed validation still names its operation: the log says which.
              if (!operationName && document) {
                const named = operationOf(document, request.operationName);
                contextValue.operation.name ??= named?.name?.value ?? null;
                if (contextValue.operation.type === "unknown" && named) contextValue.operation.type = named.operation;
              }
              contextValue.operation.name = operationName ?? contextValue.operation.name;
              if (response.body.kind === "single") contextValue.operation.outcome = outcomeOf(response.body.singleResult.errors);
              options.onOperationEnd?.({ ...contextValue.statistics, operationName: operationName ?? null, requestId: contextValue.operation.requestId });
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  if (config.trustedProxies) app.set("trust proxy", config.trustedProxies);
  // Browsers may call the hub from the configured origins only (none: same origin).
  if (config.corsOrigins.length > 0) app.use(cors({ origin: config.corsOrigins, allowedHeaders: ["authorization", "content-type", "apollo-require-preflight"], maxAge: 600 }));
  app.use(observabilityRouter({ metrics, metricsToken: config.metricsToken, draining: () => draining, checks: readinessChecks(database, dispatcher, config) }));
  // While shutting down, requests that still arrive on open connections are turned away (503), so
  // the connections drain; the port itself has stopped accepting.
  app.use(["/graphql", "/imports"], (request, response, next) => {
    if (!draining || request.method === "OPTIONS") return next();
    response.setHeader("connection", "close");
    response.status(503).json({ errors: [{ message: "The hub is shutting down; send the request again (to another instance)", extensions: { code: ErrorCode.SHUTTING_DOWN } }] });
  });
  app.use(webRoutes({ schema, mode: config.mode }));
  app.use(["/graphql", "/imports"], observeRequests(observer));
  app.use(importRouter(dependencies, identity, { url: database.url, kind: database.kind }, config.importMaxBytes, (viewer, ip) => rateLimiter.take(callerKey(viewer, ip)), httpOperations));
  app.use(
    "/graphql",
    express.json({ limit: REQUEST_BODY_MAX_BYTES }),
    (request, response, next) => {
      // A registered operation named by id becomes its text before Apollo reads the request.
      try {
        if (request.method === "POST") for (const operation of Array.isArray(request.body) ? request.body : [request.body]) substituteRegistered(persisted, operation);
        next();
      } catch (error) {
        response.status(400).json({ errors: formatted([error as GraphQLError]) });
      }
    },
    (_request, response, next) => {
      // Every SQL statement sent while this request runs is counted against it.
      const statistics: RequestStatistics = { sqlStatements: 0 };
      response.locals.statistics = statistics;
      withRequestStatistics(statistics, () => next());
    },
    tracked(httpOperations, expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const operation = res.locals.operation as OperationRecord;
        try {
          const viewer = await identity.viewerOf(req.headers.authorization);
          res.locals.viewer = viewer;
          rateLimiter.take(callerKey(viewer, req.ip));
          persisted.check(viewer, operationTexts(req));
          return await createContext(dependencies, viewer, res.locals.statistics as RequestStatistics, null, operation);
        } catch (error) {
          // Refused before GraphQL ran (a bad token, the rate): the log line still says why.
          operation.outcome = outcomeOf([error as GraphQLError]);
          operation.name = typeof req.body?.operationName === "string" ? req.body.operationName : null;
          throw error;
        }
      },
    })),
  );

  app.use(httpFailure);

  await (await import("./common/listen.js")).listen(httpServer, config.port, config.host);
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
        await dispatcher.close();
      })()),
  };
}
