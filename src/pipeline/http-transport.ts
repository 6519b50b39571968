import { isUtf8 } from "node:buffer";
import type { Server } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { getOperationAST, type GraphQLError } from "graphql";
import { ErrorCode } from "../common/errors.js";
import { withRequestStatistics, type RequestStatistics } from "../common/sql-statements.js";
import type { HubConfig } from "../config.js";
import type { HubContext } from "../context.js";
import type { OperationLimits } from "../limits/operation-limits.js";
import { outcomeOf, type OperationRecord } from "../observability/operations.js";
import type { InFlight } from "./in-flight.js";
import type { Caller, OperationPipeline } from "./operation-pipeline.js";
import { CompiledOperations } from "./compiled-execution.js";

/** Bodies (HTTP) and messages (WebSocket) larger than this are refused before they are parsed. */
export const REQUEST_BODY_MAX_BYTES = 1_048_576;

const INVALID_UTF8 = "entity.encoding.invalid";

/**
 * JSON bodies must be UTF-8 (RFC 8259): a byte sequence that is not would be decoded to U+FFFD
 * and stored as such without a word, so the body is refused before it is parsed.
 */
function refuseInvalidUtf8(_request: unknown, _response: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw Object.assign(new Error("The request body is not valid UTF-8"), { type: INVALID_UTF8 });
}

/**
 * Failures Express raises before GraphQL runs (a body that is not JSON, one over the limit) answered
 * in GraphQL's shape, in every mode: Express's own page is HTML with a stack trace and server paths.
 */
export function httpFailure(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  if (response.headersSent) return next(error);
  const failure = error as { status?: unknown; type?: unknown };
  if (failure.type === INVALID_UTF8) {
    response.status(400).json({ errors: [{ message: "The request body is not valid UTF-8", extensions: { code: ErrorCode.BAD_REQUEST } }] });
    return;
  }
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

/**
 * The operations of an HTTP request as Apollo will read them: each element of a batch, or the
 * `query` of a GET's URL parsed as Apollo parses it (URLSearchParams; express's own parser stops
 * after 1,000 parameters, so it could miss a `query` Apollo still runs).
 */
function operationsOf(request: Request): unknown[] {
  if (request.method === "GET") return [{ query: new URLSearchParams(new URL(request.originalUrl, "http://hub").search).get("query") ?? undefined }];
  return Array.isArray(request.body) ? request.body : [request.body];
}

/**
 * Admits the request's operations (pipeline.admit) and puts each registered operation named by id
 * in place of its id (in the body, so Apollo runs that text). An operation without a text is
 * `undefined`, which a restricted caller is refused for (failing closed).
 */
async function admitOperations(pipeline: OperationPipeline, caller: Caller, request: Request): Promise<void> {
  const operations = operationsOf(request).map((operation) => (operation && typeof operation === "object" ? (operation as { query?: unknown; documentId?: unknown; extensions?: { persistedQuery?: unknown } }) : {}));
  const texts = await pipeline.admit(caller, operations);
  operations.forEach((sent, index) => {
    const text = texts[index];
    if (request.method === "POST" && text !== undefined && sent.query !== text) {
      sent.query = text;
      delete sent.documentId;
      if (sent.extensions && typeof sent.extensions === "object") delete sent.extensions.persistedQuery;
    }
  });
}

export interface ApolloOptions {
  pipeline: OperationPipeline;
  config: HubConfig;
  limits: OperationLimits;
  httpServer: Server;
  /** Runs while Apollo drains, before it stops the port: the WebSocket operations answer, then the sockets close. */
  drainWebSockets: () => Promise<void>;
  onOperationEnd?: (statistics: RequestStatistics & { operationName: string | null; requestId: string }) => void;
}

/** Apollo Server for `/graphql` over HTTP: its hooks call the pipeline, its limits are the pipeline's. */
export async function startApollo(options: ApolloOptions): Promise<ApolloServer<HubContext>> {
  const { pipeline, config, limits } = options;
  const pipelineHooks: ApolloServerPlugin<HubContext> = {
    async requestDidStart({ contextValue, request }) {
      contextValue.operation.name = request.operationName ?? null;
      return {
        async didResolveOperation({ operation, operationName, document }) {
          // Named as soon as it is known: a request its client abandons is still logged by name.
          contextValue.operation.name = operationName ?? contextValue.operation.name;
          if (operation) contextValue.operation.type = operation.operation;
          // Parsed and validated: the input is checked, then the standing read (the first SQL).
          // Apollo answers a hook's error alone, so the first refusal is the one sent.
          const [unsafe] = pipeline.checkInput(document, request.variables, request.operationName);
          if (unsafe) throw unsafe;
          await pipeline.establish(contextValue);
        },
        async willSendResponse({ contextValue, operationName, response, document }) {
          // The audit entry of the response's protected reads is stored before the response is
          // sent; if it cannot be, the data is not sent either.
          const withheld = await pipeline.audit(contextValue, operationName ?? null, request.query ?? null);
          if (withheld) {
            contextValue.operation.outcome = ErrorCode.INTERNAL_SERVER_ERROR;
            response.body = { kind: "single", singleResult: { errors: [withheld] } };
            response.http.status = 500;
          }
          // A document that failed validation still names its operation: the log says which.
          if (!operationName && document) {
            const named = getOperationAST(document, request.operationName);
            contextValue.operation.name ??= named?.name?.value ?? null;
            if (contextValue.operation.type === "unknown" && named) contextValue.operation.type = named.operation;
          }
          contextValue.operation.name = operationName ?? contextValue.operation.name;
          if (response.body.kind === "single" && !withheld) contextValue.operation.outcome = outcomeOf(response.body.singleResult.errors);
          options.onOperationEnd?.({ ...contextValue.statistics, operationName: operationName ?? null, requestId: contextValue.operation.requestId });
        },
      };
    },
  };
  const apollo = new ApolloServer<HubContext>({
    // Operations run compiled (graphql-jit); parsing, validation and the plugins below are Apollo's.
    gateway: new CompiledOperations(pipeline.schema).asApolloGateway(),
    introspection: config.mode === "development",
    validationRules: limits.apolloValidationRules,
    parseOptions: limits.parseOptions,
    csrfPrevention: true,
    // Apollo's automatic persisted queries would register any text a client sends, and they answer
    // `extensions.persistedQuery` before the hub sees it: off. The pipeline's registered
    // operations read that extension and `documentId` instead.
    persistedQueries: false,
    allowBatchedHttpRequests: config.limits.allowBatchedRequests,
    // main.ts owns shutdown (HTTP, WebSocket, database, embedded process) in one ordered sequence.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => pipeline.format(formatted, error),
    includeStacktraceInErrorResponses: config.mode === "development",
    plugins: [
      // The hub sets no cache hints (responses depend on the caller's token), and the implicit
      // cache-control plugin wraps every field's resolver to compute them: off (bench/EXPLAIN.md).
      ApolloServerPluginCacheControlDisabled(),
      ...limits.apolloPlugins,
      ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer, stopGracePeriodMillis: config.shutdownGraceMilliseconds }),
      { serverWillStart: async () => ({ drainServer: options.drainWebSockets }) },
      pipelineHooks,
    ],
  });
  await apollo.start();
  return apollo;
}

/**
 * `/graphql` over HTTP: the body parsed within the size limit, every SQL statement counted against
 * the request, and Apollo's context built by the pipeline — authentication, admission (each
 * operation of a batch counts), a context whose standing is read after the input is checked.
 */
export function httpTransport(apollo: ApolloServer<HubContext>, pipeline: OperationPipeline, running: InFlight): RequestHandler[] {
  const countStatements: RequestHandler = (_request, response, next) => {
    const statistics: RequestStatistics = { sqlStatements: 0 };
    response.locals.statistics = statistics;
    withRequestStatistics(statistics, () => next());
  };
  const graphql = expressMiddleware(apollo, {
    context: async ({ req, res }) => {
      const operation = res.locals.operation as OperationRecord;
      try {
        const caller = await pipeline.authenticate(req.headers.authorization, req.ip);
        res.locals.viewer = caller.viewer;
        await admitOperations(pipeline, caller, req);
        // Its standing is read once the operation is parsed and its input checked (didResolveOperation).
        return await pipeline.pendingContext(caller, res.locals.statistics as RequestStatistics, operation);
      } catch (error) {
        // Refused before GraphQL ran (a bad token, the rate): the log line still says why.
        operation.outcome = outcomeOf([error as GraphQLError]);
        operation.name = typeof req.body?.operationName === "string" ? req.body.operationName : null;
        throw error;
      }
    },
  });
  return [
    express.json({ limit: REQUEST_BODY_MAX_BYTES, verify: refuseInvalidUtf8 }),
    countStatements,
    // Counted until its handler is done — also when its client has gone, as it still writes.
    (request, response, next) => running.track(() => graphql(request, response, next)),
  ];
}
