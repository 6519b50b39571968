import { isUtf8 } from "node:buffer";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLResponse } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import express, { type NextFunction, type Request, type Response } from "express";
import getRawBody from "raw-body";
import { getOperationAST, type GraphQLError } from "graphql";
import { ErrorCode } from "../common/errors.js";
import { withRequestStatistics, type RequestStatistics } from "../common/sql-statements.js";
import type { HubConfig } from "../config.js";
import type { HubContext } from "../context.js";
import type { OperationLimits } from "../limits/operation-limits.js";
import { observeHttpRequest, outcomeOf, type ObservedRequest, type OperationObserver } from "../observability/operations.js";
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

/** A JSON answer written on node's response (the GraphQL endpoint has no Express response). */
function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("content-length", Buffer.byteLength(text));
  response.end(text);
}

/**
 * A request refused before GraphQL ran (a body that is not JSON, one over the limit, one that is not
 * UTF-8) answered in GraphQL's shape, in every mode: Express's own page is HTML with a stack trace
 * and server paths. The errors are body-parser's and raw-body's (`status`, `type`).
 */
function answerUnread(response: ServerResponse, error: unknown): void {
  const failure = error as { status?: unknown; type?: unknown };
  if (failure.type === INVALID_UTF8) {
    sendJson(response, 400, { errors: [{ message: "The request body is not valid UTF-8", extensions: { code: ErrorCode.BAD_REQUEST } }] });
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
  sendJson(response, status, { errors: [{ message, extensions: { code } }] });
}

/** `answerUnread` as Express's last error handler, for the routes Express serves (imports, pages). */
export function httpFailure(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  if (response.headersSent) return next(error);
  answerUnread(response, error);
}

/**
 * The body as clients almost always send it: `application/json`, UTF-8 (said or implied), not
 * compressed. Any other form is read by body-parser, which knows every charset and encoding.
 */
const PLAIN_JSON = /^\s*application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** The first character that is not JSON's whitespace (RFC 8259: space, tab, line feed, carriage return). */
const JSON_NOT_WHITESPACE = /[^\x20\x09\x0a\x0d]/;

/** body-parser's JSON reader, for the bodies that are not plain (`PLAIN_JSON`). */
const readAnyJson = express.json({ limit: REQUEST_BODY_MAX_BYTES, verify: refuseInvalidUtf8 });

/**
 * A POST's JSON body, read within the size limit and checked as body-parser checks it (UTF-8, an
 * object or array at the top, `{}` when empty); undefined when it is not JSON at all, which
 * Apollo then refuses (400, or its CSRF refusal for a form's content type).
 */
async function readJsonBody(request: IncomingMessage, response: ServerResponse): Promise<unknown> {
  const type = request.headers["content-type"];
  const encoding = request.headers["content-encoding"];
  if (type === undefined || !PLAIN_JSON.test(type) || (encoding !== undefined && encoding.toLowerCase() !== "identity")) {
    const parsed = request as IncomingMessage & { body?: unknown };
    await new Promise<void>((resolve, reject) => readAnyJson(parsed as Request, response as Response, (error?: unknown) => (error ? reject(error) : resolve())));
    return parsed.body;
  }
  const body = await getRawBody(request, { length: request.headers["content-length"], limit: REQUEST_BODY_MAX_BYTES });
  refuseInvalidUtf8(request, response, body);
  // A byte-order mark is not part of the JSON (body-parser's decoder drops it too).
  const text = body.toString("utf8", body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0);
  const first = JSON_NOT_WHITESPACE.exec(text)?.[0];
  if (first === undefined) return {};
  if (first !== "{" && first !== "[") throw Object.assign(new SyntaxError("The body is neither a JSON object nor an array"), { status: 400, type: "entity.parse.failed" });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw Object.assign(error as Error, { status: 400, type: "entity.parse.failed" });
  }
}

/**
 * The operations of an HTTP request as Apollo will read them: each element of a batch, or the
 * `query` of a GET's URL parsed as Apollo parses it (URLSearchParams; express's own parser stops
 * after 1,000 parameters, so it could miss a `query` Apollo still runs).
 */
function operationsOf(request: IncomingMessage, search: string, body: unknown): unknown[] {
  if (request.method === "GET") return [{ query: new URLSearchParams(search).get("query") ?? undefined }];
  return Array.isArray(body) ? body : [body];
}

/**
 * Admits the request's operations (pipeline.admit) and puts each registered operation named by id
 * in place of its id (in the body, so Apollo runs that text). An operation without a text is
 * `undefined`, which a restricted caller is refused for (failing closed).
 */
async function admitOperations(pipeline: OperationPipeline, caller: Caller, request: IncomingMessage, search: string, body: unknown): Promise<void> {
  const operations = operationsOf(request, search, body).map((operation) => (operation && typeof operation === "object" ? (operation as { query?: unknown; documentId?: unknown; extensions?: { persistedQuery?: unknown } }) : {}));
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
  /** Hands `onOperationEnd` the text of each statement too (the tests). */
  keepStatementTexts?: boolean;
}

/** Apollo Server for `/graphql` over HTTP: its hooks call the pipeline, its limits are the pipeline's. */
export async function startApollo(options: ApolloOptions): Promise<ApolloServer<HubContext>> {
  const { pipeline, config, limits } = options;
  const pipelineHooks: ApolloServerPlugin<HubContext> = {
    async requestDidStart({ contextValue, request }) {
      contextValue.operation.name = request.operationName ?? null;
      if (options.keepStatementTexts) contextValue.statistics.statements ??= [];
      return {
        async didResolveOperation({ operation, operationName, document, requestIsBatched }) {
          // Named as soon as it is known: a request its client abandons is still logged by name.
          contextValue.operation.name = operationName ?? contextValue.operation.name;
          if (operation) contextValue.operation.type = operation.operation;
          // Parsed and validated: the input is checked, then the standing read (the first SQL).
          // Apollo answers a hook's error alone, so the first refusal is the one sent.
          const [unsafe] = pipeline.checkInput(document, request.variables, request.operationName);
          if (unsafe) throw unsafe;
          // A batch's operations share the request's loaders (Apollo copies the context shallowly):
          // one operation's narrow rows would reach another, so a batch reads every column.
          if (!requestIsBatched) pipeline.select(contextValue, document, operation);
          await pipeline.establish(contextValue);
        },
        async willSendResponse({ contextValue, operationName, response, document, queryHash }) {
          // The audit entry of the response's protected reads is stored before the response is
          // sent; if it cannot be, the data is not sent either. Apollo has hashed the text already.
          const withheld = await pipeline.audit(contextValue, operationName ?? null, request.query ?? null, [], queryHash);
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

export interface GraphQLOverHttpOptions {
  apollo: ApolloServer<HubContext>;
  pipeline: OperationPipeline;
  observer: OperationObserver;
  /** HTTP operations until their handler is done — also those whose client has gone, which still write. */
  running: InFlight;
  /** True once the instance is shutting down: requests still arriving on open connections are turned away. */
  draining: () => boolean;
  /** CORS for the configured origins (the `cors` middleware every route gets); null: same origin only. */
  cors: ((request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void) | null;
  /** The client's address through the trusted proxies (Express's `req.ip`): whom an anonymous caller's rate counts against. */
  clientAddress: (request: IncomingMessage) => string | undefined;
}

/**
 * Node's request target as a URL: its path, and its query without a fragment (`#…` is not part of
 * a request's query, and Apollo and the admission of registered operations must read the same
 * one). The absolute form (`POST http://host/graphql`) is a request for its path too.
 */
function requestTarget(url: string | undefined): URL {
  try {
    return new URL(url ?? "/", "http://hub");
  } catch {
    // Not a URL at all (`http://[`): not `/graphql` either; Express answers it.
    return new URL("http://hub/");
  }
}

/** Whether a request target is `/graphql`, matched as Express matched its mount path (any case, a trailing part allowed). */
function isGraphQLPath(target: URL): boolean {
  const path = target.pathname.toLowerCase();
  return path === "/graphql" || path.startsWith("/graphql/");
}

/**
 * The refusal of a request that arrives while the instance shuts down (503, the connection closed):
 * the client sends it again, to another instance. For `/graphql` and the imports alike.
 */
export function answerShuttingDown(response: ServerResponse): void {
  response.setHeader("connection", "close");
  sendJson(response, 503, { errors: [{ message: "The hub is shutting down; send the request again (to another instance)", extensions: { code: ErrorCode.SHUTTING_DOWN } }] });
}

/** Apollo's answer written on node's response. */
async function send(response: ServerResponse, answer: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of answer.headers) response.setHeader(name, value);
  response.statusCode = answer.status ?? 200;
  if (answer.body.kind === "complete") {
    response.setHeader("content-length", Buffer.byteLength(answer.body.string));
    response.end(answer.body.string);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) response.write(chunk);
  response.end();
}

/**
 * `/graphql` over HTTP, served on node's own request and response and handed to Apollo Server
 * (`executeHTTPGraphQLRequest`, the interface its integrations are written against): Express's
 * router and body-parser were a fifth of the fixed cost of a request (BENCHMARKS.md), and nothing
 * of theirs is needed here. In order: CORS, the shutdown refusal, the request's log record, the
 * body within the size limit, then Apollo with every SQL statement counted against the request and
 * the context built by the pipeline — authentication, admission (each operation of a batch counts),
 * a context whose standing is read after the input is checked (didResolveOperation).
 */
export function graphqlOverHttp(options: GraphQLOverHttpOptions): (request: IncomingMessage, response: ServerResponse) => boolean {
  const { apollo, pipeline } = options;

  async function execute(request: IncomingMessage, response: ServerResponse, search: string, body: unknown, observed: ObservedRequest, statistics: RequestStatistics): Promise<void> {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (request.method ?? "GET").toUpperCase(), headers, search, body },
      context: async () => {
        try {
          const caller = await pipeline.authenticate(request.headers.authorization, options.clientAddress(request));
          observed.viewer = caller.viewer;
          await admitOperations(pipeline, caller, request, search, body);
          // Its standing is read once the operation is parsed and its input checked (didResolveOperation).
          return await pipeline.pendingContext(caller, statistics, observed.record);
        } catch (error) {
          // Refused before GraphQL ran (a bad token, the rate): the log line still says why.
          observed.record.outcome = outcomeOf([error as GraphQLError]);
          const operationName = (body as { operationName?: unknown } | undefined)?.operationName;
          observed.record.name = typeof operationName === "string" ? operationName : null;
          throw error;
        }
      },
    });
    await send(response, answer);
  }

  async function serve(request: IncomingMessage, response: ServerResponse, search: string): Promise<void> {
    // While shutting down, requests that still arrive on open connections are turned away (503), so
    // the connections drain; the port itself has stopped accepting.
    if (options.draining() && request.method !== "OPTIONS") return answerShuttingDown(response);
    const observed = observeHttpRequest(options.observer, request, response);
    let body: unknown;
    try {
      if (request.method === "POST") body = await readJsonBody(request, response);
    } catch (error) {
      // Refused before the whole body arrived (over the limit): the rest is not read, so the
      // connection cannot carry another request; the client is told it closes.
      if (!request.complete) response.setHeader("connection", "close");
      answerUnread(response, error);
      return;
    }
    const statistics: RequestStatistics = { sqlStatements: 0 };
    observed.statistics = statistics;
    try {
      // Counted until its handler is done — also when its client has gone, as it still writes.
      await options.running.track(() => withRequestStatistics(statistics, () => execute(request, response, search, body, observed, statistics)));
    } catch (error) {
      // Apollo answers every failure of an operation itself; this is one of the hub's own.
      if (response.headersSent) response.destroy();
      else answerUnread(response, error);
    }
  }

  // Takes the request when it is for `/graphql` (true); any other is left to the caller (false).
  return (request, response) => {
    const target = requestTarget(request.url);
    if (!isGraphQLPath(target)) return false;
    if (!options.cors) void serve(request, response, target.search);
    else options.cors(request, response, (error) => (error ? answerUnread(response, error) : void serve(request, response, target.search)));
    return true;
  };
}
