import { createHash } from "node:crypto";
import { GraphQLError, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { recordReads, type ReadSummary } from "../audit/index.js";
import { hasStanding, loadAccess, NO_ACCESS, type Access } from "../auth/access.js";
import type { Identity } from "../auth/identity.js";
import type { Viewer } from "../auth/viewer.js";
import { vietnamDate, type Clock } from "../common/clock.js";
import { ErrorCode, unauthenticated } from "../common/errors.js";
import type { RequestStatistics } from "../common/sql-statements.js";
import { createContext, withAccess, type ContextDependencies, type HubContext } from "../context.js";
import { selectedFieldsOf } from "../common/selected-fields.js";
import { refuseUnsafeInput } from "../limits/input-text.js";
import type { OperationLimits } from "../limits/operation-limits.js";
import type { OperationRequest, PersistedOperations } from "../limits/persisted-operations.js";
import { rateKeyOf, type RateLimiter } from "../limits/rate-limit.js";
import type { Logger } from "../observability/logger.js";
import type { OperationRecord } from "../observability/operations.js";
import { auditUnavailable, errorFormatter } from "./error-masking.js";

/** How many valid documents `parse` keeps: the dashboard's and third parties' operations are a few dozen. */
const DOCUMENTS_KEPT = 500;
/** Longer documents are not kept: a caller sending many large distinct ones cannot grow the memory by much (500 × 4 KB of text and its tree). */
const DOCUMENT_KEPT_MAX_CHARACTERS = 4_096;

/** Who sends operations: established once per HTTP request, once per WebSocket connection. */
export interface Caller {
  viewer: Viewer;
  /** When the token expires (null without one): a WebSocket outlives a request, not its token. */
  expiresAt: Date | null;
  /** Whom its operations count against for the rate limit. */
  rateKey: string;
}

export interface PipelineDependencies {
  schema: GraphQLSchema;
  identity: Identity;
  rateLimiter: RateLimiter;
  persisted: PersistedOperations;
  limits: OperationLimits;
  context: ContextDependencies;
  clock: Clock;
  logger: Logger;
  mode: "development" | "production";
  /** True once the instance is shutting down: new operations are turned away. */
  draining: () => boolean;
}

/**
 * Every rule that applies to an operation, whichever transport carried it, in the order it
 * applies: identity (the token) → admission (shutdown, token expiry, rate, registered operations)
 * → parse and limits → input (strings, searches, scalars) → standing (the caller's access, checked
 * against the registry: the first SQL statement) → execution within the deadline → audit of
 * protected reads → error masking. Whatever the caller sends is refused before any SQL runs. The HTTP adapter (Apollo on Express) and the WebSocket adapter
 * (graphql-ws) only translate their transport's events into these calls, so a rule added here
 * holds on both.
 */
export class OperationPipeline {
  readonly schema: GraphQLSchema;
  private readonly formatError: ReturnType<typeof errorFormatter>;
  /**
   * Documents that passed `parse`, by their text, least recently used first out: thousands of
   * sockets send the same subscription (a dashboard's), which is then parsed and validated once,
   * and its subscribers share one document (and what is worked out from it, e.g. their share key).
   */
  private readonly documents = new Map<string, DocumentNode>();
  /** SHA-256 of a kept document's text (audit entries name the document they read by it): hashed once, dropped with the document. */
  private readonly hashes = new WeakMap<DocumentNode, string>();
  /** Contexts whose standing is still to be read (`pendingContext`), by their operation record; the read, once begun. */
  private readonly pending = new WeakMap<OperationRecord, { caller: Caller; standing?: Promise<Access> }>();

  constructor(private readonly dependencies: PipelineDependencies) {
    this.schema = dependencies.schema;
    this.formatError = errorFormatter(dependencies.mode);
  }

  /**
   * The caller behind an `Authorization` value (HTTP header, or `connection_init`'s token): the
   * token verified and its claims consistent (identity.ts), no statement yet. A bad token is
   * refused (UNAUTHENTICATED, 401 / 4403): never a downgrade to anonymous.
   */
  async authenticate(authorization: string | undefined | null, address: string | undefined): Promise<Caller> {
    const { viewer, expiresAt } = await this.dependencies.identity.authenticate(authorization);
    return { viewer, expiresAt, rateKey: rateKeyOf(viewer.kind === "anonymous" ? null : viewer.subject, address) };
  }

  /**
   * The caller's standing, read now in one statement (none for anonymous callers and
   * administrators), and the token's claims checked against the registry: its province one of
   * today's units, an enterprise's tax code registered in that province. Refused: UNAUTHENTICATED.
   */
  standing(caller: Caller): Promise<Access> {
    const { viewer } = caller;
    if (!hasStanding(viewer)) return Promise.resolve(NO_ACCESS);
    const { context, clock } = this.dependencies;
    return loadAccess({ em: context.em.fork({ useContext: false }), config: context.config }, viewer, vietnamDate(clock.now()));
  }

  /**
   * Refuses operations that arrive once the instance is shutting down (SHUTTING_DOWN): the client
   * sends them to another instance. HTTP requests are turned away on arrival (server.ts, before the
   * body is read), so one that arrived before the signal still runs; a WebSocket's arrive here.
   */
  refuseWhileDraining(): void {
    if (this.dependencies.draining()) throw new GraphQLError("The hub is shutting down; reconnect to another instance", { extensions: { code: ErrorCode.SHUTTING_DOWN, http: { status: 503 } } });
  }

  /**
   * Admits a request of `operations` (a batch has several, and each counts against the rate) and
   * answers each one's text, a registered id replaced by the text it names (undefined: none).
   * Refused once the token has expired, over the caller's rate (before any lookup of an id), for
   * an id nothing is registered under, or when the caller's role may send registered operations
   * only and one is not.
   */
  async admit(caller: Caller, operations: readonly OperationRequest[]): Promise<(string | undefined)[]> {
    await this.admitCounted(caller, operations.length);
    const texts = await Promise.all(operations.map((operation) => this.dependencies.persisted.resolve(operation)));
    await this.dependencies.persisted.check(caller.viewer, texts);
    return texts;
  }

  /** Admits a CSV import (`/imports/…`): one operation for the rate; not a GraphQL document, so not held to the registered ones. */
  admitImport(caller: Caller): Promise<void> {
    return this.admitCounted(caller, 1);
  }

  private async admitCounted(caller: Caller, operations: number): Promise<void> {
    if (caller.expiresAt && caller.expiresAt <= this.dependencies.clock.now()) throw unauthenticated("Unauthenticated: the token has expired; send a new one (reconnect, on a WebSocket)", { http: { status: 401 } });
    await this.dependencies.rateLimiter.take(caller.rateKey, operations);
  }

  /**
   * Parses and validates an operation's text with the hub's limits (depth, cost, aliases,
   * directives, tokens; introspection off in production). Apollo runs the same rules for HTTP
   * (its `validationRules` and `parseOptions` come from the same `OperationLimits`).
   */
  parse(text: string): DocumentNode | readonly GraphQLError[] {
    const known = this.documents.get(text);
    if (known) {
      // Most recently used last: a Map iterates in insertion order.
      this.documents.delete(text);
      this.documents.set(text, known);
      return known;
    }
    const checked = this.dependencies.limits.checkOperation(this.schema, text);
    if (!Array.isArray(checked) && text.length <= DOCUMENT_KEPT_MAX_CHARACTERS) {
      this.documents.set(text, checked as DocumentNode);
      if (this.documents.size > DOCUMENTS_KEPT) this.documents.delete(this.documents.keys().next().value!);
    }
    return checked;
  }

  /**
   * Refuses input the database must never see (NUL, lone surrogates, over-long strings and
   * searches, values a scalar refuses), naming the argument: BAD_USER_INPUT, before any SQL.
   */
  checkInput(document: DocumentNode, variables: Readonly<Record<string, unknown>> | null | undefined, operationName: string | null | undefined): GraphQLError[] {
    return refuseUnsafeInput(this.schema, document, variables, operationName);
  }

  /**
   * Tells a query's context which fields its document selects, so its reads take only the columns
   * they need. Queries only: a mutation's rules read the records they load (an enterprise's
   * province, say) whatever its answer selects, and a subscription's events are read for many.
   */
  select(context: HubContext, document: DocumentNode, operation: OperationDefinitionNode | null | undefined): void {
    if (operation?.operation === "query") context.selection = selectedFieldsOf(this.schema, document);
  }

  /** The operation's context, its standing already read (`standing`): fresh identity map and loaders, and the deadline. */
  context(caller: Caller, statistics: RequestStatistics, record: OperationRecord, access: Access): Promise<HubContext> {
    return createContext(this.dependencies.context, caller.viewer, statistics, caller.expiresAt, record, access);
  }

  /**
   * A context whose standing is read later, by `establish`, once the operation is parsed and its
   * input checked: Apollo builds the context before it parses, and nothing the caller sent may
   * reach the database before it is checked. It grants nothing until established.
   */
  async pendingContext(caller: Caller, statistics: RequestStatistics, record: OperationRecord): Promise<HubContext> {
    const context = await createContext(this.dependencies.context, caller.viewer, statistics, caller.expiresAt, record, NO_ACCESS);
    this.pending.set(record, { caller });
    return context;
  }

  /**
   * Reads a pending context's standing. Apollo hands each operation a shallow copy of the context
   * (a batch's operations share one request's), so the standing is kept by the request's operation
   * record, which the copies share: read once, given to every copy.
   */
  async establish(context: HubContext): Promise<void> {
    const pending = this.pending.get(context.operation);
    if (!pending) return;
    pending.standing ??= this.standing(pending.caller);
    withAccess(context, await pending.standing);
  }

  /**
   * Records the result's protected reads in the audit log before it is sent: the context's own, and
   * `shared`, those of an execution it shares with other subscribers (src/events/shared-results.ts),
   * recorded as its caller's. `textHash`: the text's SHA-256 when the transport has it already
   * (Apollo's query hash). Null when recorded (or nothing to record); else the error to send
   * instead of the data: what cannot be recorded is not sent.
   */
  async audit(context: HubContext, operationName: string | null, text: string | null, shared: readonly ReadSummary[] = [], textHash?: string): Promise<GraphQLFormattedError | null> {
    if (context.readLog.empty && shared.length === 0) return null;
    try {
      const reads = context.readLog.empty ? shared : [...shared, ...context.readLog.take()];
      await recordReads(context, { operationName, documentHash: text === null ? null : (textHash ?? this.documentHashOf(text)) }, reads);
      return null;
    } catch (error) {
      this.dependencies.logger.error({ err: error, requestId: context.operation.requestId }, "audit entry could not be written; the response was withheld");
      return auditUnavailable();
    }
  }

  /** `documentHash(text)`, remembered with the document when `parse` keeps it (the same few documents are audited again and again). */
  private documentHashOf(text: string): string {
    const document = this.documents.get(text);
    if (!document) return documentHash(text);
    let hash = this.hashes.get(document);
    if (hash === undefined) this.hashes.set(document, (hash = documentHash(text)));
    return hash;
  }

  /** Errors as clients see them, on both transports: codes kept, internals masked outside development. */
  format(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    return this.formatError(formatted, error);
  }

  formatAll(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
    return errors.map((error) => this.formatError(error.toJSON(), error));
  }
}

/** SHA-256 of an operation's document, as Apollo Server computes its query hash for HTTP. */
export function documentHash(query: string): string {
  return createHash("sha256").update(query).digest("hex");
}
