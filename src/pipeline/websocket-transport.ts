import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { getOperationAST, GraphQLError, type DocumentNode } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { ErrorCode } from "../common/errors.js";
import type { HubContext } from "../context.js";
import type { HubMetrics } from "../observability/metrics.js";
import { newOperationRecord, outcomeOf, type OperationObserver, type OperationRecord } from "../observability/operations.js";
import { InFlight } from "./in-flight.js";
import type { Caller, OperationPipeline } from "./operation-pipeline.js";
import { resultForClient, SubscriptionFanOut } from "./subscription-fan-out.js";

/** graphql-ws's `connection_init` payload carries the token as `authorization`, in any letter case (as HTTP headers are). */
function authorizationOf(connectionParams: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!connectionParams) return undefined;
  const key = Object.keys(connectionParams).find((name) => name.toLowerCase() === "authorization");
  const value = key === undefined ? undefined : connectionParams[key];
  return typeof value === "string" ? value : undefined;
}

/** What the hub keeps per socket: its caller (from `connection_init`) and its operations until they end. */
interface SocketState extends Record<PropertyKey, unknown> {
  caller?: Caller;
  /** The connection under the socket (TCP, or TLS behind it), where the fan-out writes a group's frames: set with `caller`. */
  connection?: Duplex;
  operations?: Map<string, OperationRecord>;
  request?: IncomingMessage;
}

export interface WebSocketTransportOptions {
  httpServer: Server;
  pipeline: OperationPipeline;
  observer: OperationObserver;
  metrics: HubMetrics;
  /** Messages larger than this close the socket (1009, Message Too Big), as HTTP refuses larger bodies. */
  maxPayloadBytes: number;
  /** Bytes a socket may have waiting to be written (it does not read) before its subscriptions are ended, to be resumed with `after`. */
  maxBufferedBytes: number;
  connectionInitWaitTimeoutMilliseconds: number;
}

export interface WebSocketTransport {
  /** Queries and mutations running on sockets (shutdown waits for them). */
  readonly running: InFlight;
  /** Closes every socket with 1001 (Going Away). */
  dispose(): Promise<void>;
}

/**
 * graphql-ws on `/graphql`, translated into the operation pipeline: `connection_init` is the
 * pipeline's authentication (a refused token closes with 4403 Forbidden), and each `subscribe`
 * is admitted, parsed, given its context and audited by the same calls as an HTTP request.
 */
export function webSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const { pipeline, observer, metrics } = options;
  const running = new InFlight();
  // No per-message compression (ws's default, said here): a zlib context per socket would cost more
  // memory than a subscriber's resting state, and every frame would be compressed once per socket.
  // With it on, ws would hold frames back while it compresses, and the fan-out's groups would send
  // through ws instead of writing to the connection (SubscriptionFanOut checks, per frame).
  const webSocketServer = new WebSocketServer({ server: options.httpServer, path: "/graphql", maxPayload: options.maxPayloadBytes, perMessageDeflate: false });
  const fanOut = new SubscriptionFanOut({ pipeline, maxBufferedBytes: options.maxBufferedBytes });
  webSocketServer.on("connection", (socket) => {
    metrics.connectionOpened();
    socket.once("close", () => metrics.connectionClosed());
  });

  const recordOf = (state: SocketState, id: string): OperationRecord => {
    state.operations ??= new Map();
    let record = state.operations.get(id);
    if (!record) {
      record = newOperationRecord("websocket");
      state.operations.set(id, record);
    }
    return record;
  };
  // Each operation on a socket is logged and counted like an HTTP one, when it completes.
  const ended = (state: SocketState, id: string) => {
    const record = state.operations?.get(id);
    if (!record) return;
    state.operations!.delete(id);
    if (record.type === "query" || record.type === "mutation") running.end();
    observer.ended(record, state.caller?.viewer ?? null);
  };

  const cleanup = useServer<Record<string, unknown> | undefined, SocketState>(
    {
      schema: pipeline.schema,
      // Subscribers who read alike share each event's execution and, once caught up, its frame (see SubscriptionFanOut).
      subscribe: fanOut.subscribe,
      connectionInitWaitTimeout: options.connectionInitWaitTimeoutMilliseconds,
      onConnect: async (ctx) => {
        try {
          const caller = await pipeline.authenticate(authorizationOf(ctx.connectionParams), ctx.extra.request?.socket?.remoteAddress);
          // Checked against the registry once at connect (a historical unit's token never gets a
          // socket), and again for each operation, whose standing is read fresh.
          await pipeline.standing(caller);
          ctx.extra.caller = caller;
          // The socket the upgrade came on is the one ws reads and writes (ws's handleUpgrade takes it).
          ctx.extra.connection = ctx.extra.request!.socket;
          // The upgrade request (its headers) is not needed again: not kept for the socket's life.
          // (Set, not deleted: a deleted property would turn the object into a slower, larger one.)
          (ctx.extra as { request?: unknown }).request = undefined;
          return true;
        } catch {
          return false;
        }
      },
      // The context is built here and handed to graphql-ws as the execution's `contextValue`, so a
      // failure to build it (the caller's province was merged away since it connected) answers
      // this operation instead of closing the socket.
      onSubscribe: async (ctx, id, payload) => {
        const record = recordOf(ctx.extra, id);
        record.name = payload.operationName ?? null;
        const refused = (errors: readonly GraphQLError[]) => {
          record.outcome = outcomeOf(pipeline.formatAll(errors));
          ended(ctx.extra, id);
          return [...errors];
        };
        const caller = ctx.extra.caller;
        if (!caller) return refused([new GraphQLError("The connection is not initialised", { extensions: { code: ErrorCode.UNAUTHENTICATED } })]);
        let text: string;
        let contextValue: HubContext;
        let document: DocumentNode;
        try {
          // A registered operation may come by id alone (an empty query); the rest of the hub sees its text.
          pipeline.refuseWhileDraining();
          const [registered] = await pipeline.admit(caller, [payload]);
          text = registered ?? payload.query;
          const parsed = pipeline.parse(text);
          if (Array.isArray(parsed)) return refused(parsed as GraphQLError[]);
          document = parsed as DocumentNode;
          const unsafe = pipeline.checkInput(document, payload.variables, payload.operationName);
          if (unsafe.length > 0) return refused(unsafe);
          contextValue = await pipeline.context(caller, { sqlStatements: 0 }, record, await pipeline.standing(caller));
        } catch (error) {
          return refused([error instanceof GraphQLError ? error : new GraphQLError("Internal server error", { originalError: error as Error })]);
        }
        // graphql-ws types the payload read-only; onNext's audit reads the text a registered id named.
        (payload as { query: string }).query = text;
        const chosen = getOperationAST(document, payload.operationName);
        record.name ??= chosen?.name?.value ?? null;
        record.type = chosen?.operation ?? "unknown";
        pipeline.select(contextValue, document, chosen);
        if (record.type === "query" || record.type === "mutation") running.begin();
        fanOut.target(contextValue, { socket: ctx.extra.socket, connection: ctx.extra.connection!, id, record, operationName: payload.operationName ?? null, text });
        return { schema: pipeline.schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
      },
      // Each result's protected reads (its own, or those of the execution it shares) are recorded
      // before it is sent, as over HTTP, and its errors are masked as HTTP's are. (Results a group
      // delivers are recorded and masked alike by the group: SubscriptionFanOut.)
      onNext: async (ctx, id, payload, args, result) => {
        const record = recordOf(ctx.extra, id);
        record.deliveries += 1;
        const withheld = await pipeline.audit(args.contextValue as HubContext, payload.operationName ?? null, payload.query, fanOut.readsOf(result));
        if (withheld) {
          record.outcome = ErrorCode.INTERNAL_SERVER_ERROR;
          return { errors: [withheld] };
        }
        if (!result.errors) return undefined;
        const { payload: masked, outcome } = resultForClient(pipeline, result);
        if (record.outcome === "ok") record.outcome = outcome;
        return masked;
      },
      onError: (ctx, id, _payload, errors) => {
        const masked = pipeline.formatAll(errors);
        recordOf(ctx.extra, id).outcome = outcomeOf(masked);
        return masked;
      },
      onComplete: (ctx, id) => ended(ctx.extra, id),
    },
    webSocketServer,
  );
  return { running, dispose: async () => cleanup.dispose() };
}
