import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import cors from "cors";
import { GraphQLError, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { recordReads } from "./audit/index.js";
import { Identity } from "./auth/identity.js";
import { ANONYMOUS, type Viewer } from "./auth/viewer.js";
import { fixedClock, systemClock, type Clock } from "./common/clock.js";
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
import { operationLimits, withoutSuggestions } from "./limits/operation-limits.js";
import { RateLimiter } from "./limits/rate-limit.js";
import { buildHubSchema } from "./schema.js";

export interface HubServer {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql (also ws:// for subscriptions). */
  url: string;
  schema: GraphQLSchema;
  /** This instance's follower of the outbox. */
  events: EventDispatcher;
  close(): Promise<void>;
}

export interface HubServerOptions {
  config: HubConfig;
  database: Database;
  /** Defaults to the configured fixed instant, else the system clock. */
  clock?: Clock;
  /** Receives the statistics of every HTTP operation when it ends (tests, and later metrics). */
  onOperationEnd?: (statistics: RequestStatistics & { operationName: string | null }) => void;
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

function formatError(mode: HubConfig["mode"]) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
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

function logAuditFailure(config: HubConfig, error: unknown): void {
  if (config.logLevel !== "silent") console.error("[hub] audit entry could not be written:", error);
}

/** SHA-256 of an operation's document, as Apollo Server computes its query hash for HTTP. */
function documentHash(query: string): string {
  return createHash("sha256").update(query).digest("hex");
}

/** Whose rate an operation counts against: the token's subject, else the client's address. */
function callerKey(viewer: Viewer, address: string | undefined): string {
  return viewer.kind === "anonymous" ? `ip:${address ?? "unknown"}` : `subject:${viewer.subject}`;
}

/** The configured clock: the fixed instant of `HUB_NOW`, else the system's. */
export function clockOf(config: HubConfig): Clock {
  return config.fixedNow ? fixedClock(config.fixedNow) : systemClock;
}

/** Serves GraphQL over HTTP and WebSocket (graphql-ws) on one port and path: `/graphql`. */
export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const { config, database } = options;
  const clock = options.clock ?? clockOf(config);
  const schema = await buildHubSchema();
  const app = express();
  const httpServer: Server = createServer(app);
  const events = new EventDispatcher(database.orm.em, signalFor(config, database), { pollMilliseconds: config.eventPollMilliseconds });
  await events.start();
  const dependencies = { em: database.orm.em, clock, config, events };
  // Retention: events (and idempotency keys) older than the configured days are pruned hourly (a resume from before them is told it missed some).
  const pruning = setInterval(() => {
    const before = new Date(clock.now().getTime() - config.eventRetentionDays * 86_400_000);
    void pruneEvents(database.orm.em.fork(), before).catch(() => undefined);
    void pruneIdempotencyKeys(database.orm.em.fork(), before).catch(() => undefined);
  }, 3_600_000);
  pruning.unref();

  const identity = new Identity(config.auth, clock);

  // The same limits and validation over both transports (introspection is off in production).
  const limits = operationLimits(config);
  const rateLimiter = new RateLimiter(config.limits.ratePerMinute, clock);
  const format = formatError(config.mode);
  const formatted = (errors: readonly GraphQLError[]) => errors.map((error) => format(error.toJSON(), error));

  const webSocketServer = new WebSocketServer({ server: httpServer, path: "/graphql" });
  const webSocketCleanup = useServer<{ authorization?: string } | undefined, { viewer?: Viewer; expiresAt?: Date | null }>(
    {
      schema,
      connectionInitWaitTimeout: config.limits.webSocketInitTimeoutMilliseconds,
      // The connection is authenticated once, from `connection_init`, exactly as HTTP requests are.
      // A bad token closes it with 4403 Forbidden: never a downgrade to anonymous.
      onConnect: async (ctx) => {
        try {
          const { viewer, expiresAt } = await identity.authenticate(ctx.connectionParams?.authorization);
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
      onSubscribe: (ctx, _id, payload) => {
        try {
          if (ctx.extra.expiresAt && ctx.extra.expiresAt <= clock.now()) throw unauthenticated("Unauthenticated: the token has expired; reconnect with a new one");
          rateLimiter.take(callerKey(ctx.extra.viewer ?? ANONYMOUS, (ctx.extra as { request?: { socket?: { remoteAddress?: string } } }).request?.socket?.remoteAddress));
        } catch (error) {
          return [error as GraphQLError];
        }
        const checked = limits.checkWebSocketOperation(schema, payload.query);
        if (Array.isArray(checked)) return checked as GraphQLError[];
        return { schema, document: checked as DocumentNode, variableValues: payload.variables, operationName: payload.operationName };
      },
      // graphql-ws asks for a context per operation: loaders and the identity map never outlive one.
      context: (ctx) => createContext(dependencies, ctx.extra.viewer ?? ANONYMOUS, { sqlStatements: 0 }, ctx.extra.expiresAt ?? null),
      // Each result's protected reads are recorded before it is sent, as over HTTP, and its errors
      // are masked as HTTP's are.
      onNext: async (_ctx, _id, payload, args, result) => {
        try {
          await recordReads(args.contextValue as HubContext, { operationName: payload.operationName ?? null, documentHash: documentHash(payload.query) });
        } catch (error) {
          logAuditFailure(config, error);
          return { errors: [auditUnavailable()] };
        }
        return result.errors ? { ...result, errors: formatted(result.errors) } : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => formatted(errors),
    },
    webSocketServer,
  );

  const apollo = new ApolloServer<HubContext>({
    schema,
    introspection: config.mode === "development",
    validationRules: limits.apolloValidationRules,
    parseOptions: limits.parseOptions,
    csrfPrevention: true,
    allowBatchedHttpRequests: config.limits.allowBatchedRequests,
    // main.ts owns shutdown (HTTP, WebSocket, database, embedded process) in one ordered sequence.
    stopOnTerminationSignals: false,
    formatError: formatError(config.mode),
    includeStacktraceInErrorResponses: config.mode === "development",
    plugins: [
      ...limits.apolloPlugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await webSocketCleanup.dispose();
            },
          };
        },
      },
      {
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, operationName, queryHash, response }) {
              // The audit entry of the response's protected reads is stored before the response is
              // sent; if it cannot be, the data is not sent either.
              try {
                await recordReads(contextValue, { operationName: operationName ?? null, documentHash: queryHash ?? null });
              } catch (error) {
                logAuditFailure(config, error);
                response.body = { kind: "single", singleResult: { errors: [auditUnavailable()] } };
                response.http.status = 500;
              }
              options.onOperationEnd?.({ ...contextValue.statistics, operationName: operationName ?? null });
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
  app.use(importRouter(dependencies, identity, { url: database.url, kind: database.kind }, config.importMaxBytes, (viewer, ip) => rateLimiter.take(callerKey(viewer, ip))));
  app.use(
    "/graphql",
    express.json({ limit: "1mb" }),
    (_request, response, next) => {
      // Every SQL statement sent while this request runs is counted against it.
      const statistics: RequestStatistics = { sqlStatements: 0 };
      response.locals.statistics = statistics;
      withRequestStatistics(statistics, () => next());
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const viewer = await identity.viewerOf(req.headers.authorization);
        rateLimiter.take(callerKey(viewer, req.ip));
        return createContext(dependencies, viewer, res.locals.statistics as RequestStatistics);
      },
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const address = httpServer.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/graphql`,
    schema,
    events,
    close: async () => {
      clearInterval(pruning);
      await apollo.stop();
      await events.close();
    },
  };
}
