import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { GraphQLError } from "graphql";
import { ErrorCode } from "../common/errors.js";
import { StartupFailure } from "../common/startup-failure.js";
import type { Role, Viewer } from "../auth/viewer.js";

/** The roles `PERSISTED_OPERATIONS_ONLY_FOR` names: the token roles, and `anonymous` for callers without a token. */
export type PersistedOperationsRole = Role | "anonymous";

/** What a request carries that may name its operation instead of its text. */
export interface OperationRequest {
  query?: unknown;
  /** The GraphQL-over-HTTP persisted-documents convention (what codegen's client preset emits hashes for). */
  documentId?: unknown;
  /** Apollo's automatic persisted queries shape, `{ persistedQuery: { sha256Hash } }`: accepted for registered operations only. */
  extensions?: unknown;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Where registered operations beyond the manifest are kept (the `registered_operation` table): looked up by id when one is not in memory. */
export interface OperationStore {
  /** The text registered under this SHA-256, or undefined. One primary-key lookup. */
  find(id: string): Promise<string | undefined>;
  /** Every registered text, read once at start. */
  all(): Promise<string[]>;
}

/**
 * The registered operations: those in the manifest codegen writes for the hub's own dashboard
 * (`dashboard/gql/persisted-documents.json`: hash → document), those hub administrators registered
 * for third-party clients (`registerOperations`, kept in the database), and the roles that may
 * send nothing else.
 *
 * A request names a registered operation by `documentId` (or Apollo's
 * `extensions.persistedQuery.sha256Hash`, which the hub reads itself: Apollo's own automatic
 * persisted queries are off, since they would register any text a client sends and so defeat the
 * allow-list) or sends its text, which is registered when its SHA-256 is registered.
 *
 * What is registered is held in memory: the manifest and the table, read at start. An id (or, for a
 * restricted caller, a text's hash) not in memory costs one primary-key lookup in the table, and a
 * hit is kept: so an operation registered on another instance after this one started runs here
 * too, and the common path (the dashboard's operations, and free text from unrestricted callers)
 * runs no SQL. A registered row is never changed; when one is revoked, the outbox tells every
 * instance to forget it (`forget`).
 */
export class PersistedOperations {
  private constructor(
    /** SHA-256 of the document text → the text. */
    private readonly documents: Map<string, string>,
    /** The manifest's hashes: the dashboard's, never revoked. */
    private readonly manifest: ReadonlySet<string>,
    private readonly onlyFor: ReadonlySet<PersistedOperationsRole>,
    private readonly store: OperationStore | null,
  ) {}

  /** Counts revocations, so a lookup that overlapped one does not keep what it found. */
  private revocations = 0;

  /**
   * Reads the manifest (a missing file means none are registered: an error if some roles depend on
   * it) and, with a store, the operations registered in it.
   */
  static async load(manifestPath: string, onlyFor: readonly PersistedOperationsRole[], store: OperationStore | null = null): Promise<PersistedOperations> {
    let manifest: Record<string, string> = {};
    try {
      manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || onlyFor.length > 0) {
        throw new StartupFailure(`The persisted operations manifest ${manifestPath} cannot be read (${(error as Error).message}); run \`npm run build\`, which generates it`);
      }
    }
    // Keyed by the hub's own hash of each text, so an entry cannot claim a text it does not hold.
    const manifestTexts = Object.values(manifest);
    const texts = [...manifestTexts, ...(store ? await store.all() : [])];
    const documents = new Map(texts.map((text) => [sha256(text), text] as const));
    return new PersistedOperations(documents, new Set(manifestTexts.map(sha256)), new Set(onlyFor), store);
  }

  /** How many are registered and in memory. */
  get size(): number {
    return this.documents.size;
  }

  /** The registered text with this SHA-256: from memory, else from the store (kept once found). */
  private async find(hash: string): Promise<string | undefined> {
    const known = this.documents.get(hash);
    if (known !== undefined || !this.store || !/^[0-9a-f]{64}$/.test(hash)) return known;
    const revocations = this.revocations;
    const text = await this.store.find(hash);
    if (text === undefined || sha256(text) !== hash) return undefined;
    // A revocation read while the lookup ran may be of this very row: use it this once, keep it not.
    if (revocations === this.revocations) this.documents.set(hash, text);
    return text;
  }

  /**
   * Forgets a registered operation revoked in the database (`revokeOperations`; every instance is
   * told through the outbox). The manifest's stay: they are the dashboard's, registered by its build.
   */
  forget(hash: string): void {
    this.revocations += 1;
    if (!this.manifest.has(hash)) this.documents.delete(hash);
  }

  /**
   * The operation's text: the registered document a request names, else the text it sent.
   * A name that matches nothing registered is refused (`PERSISTED_QUERY_NOT_FOUND`).
   */
  async resolve(request: OperationRequest): Promise<string | undefined> {
    const id = documentIdOf(request);
    if (id === undefined) return typeof request.query === "string" ? request.query : undefined;
    const text = await this.find(id.replace(/^sha256:/, ""));
    if (text === undefined) {
      throw new GraphQLError(`No registered operation has the id ${JSON.stringify(id)}: send the operation's text, regenerate the client from this hub's manifest, or ask a hub administrator to register it (registerOperations)`, {
        extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_FOUND, http: { status: 400 } },
      });
    }
    if (typeof request.query === "string" && request.query !== "" && request.query !== text) {
      throw new GraphQLError("The request's text is not the registered operation its id names", { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
    }
    return text;
  }

  /**
   * Refuses a request from a caller whose role may send registered operations only, unless every
   * operation in it is registered. An operation without a text (`undefined`) is refused too: what
   * cannot be checked is not run.
   */
  async check(viewer: Viewer, texts: readonly (string | undefined)[]): Promise<void> {
    if (this.onlyFor.size === 0 || !this.restricts(viewer)) return;
    if (texts.length > 0) {
      const registered = await Promise.all(texts.map((text) => (text === undefined ? false : this.find(sha256(text)).then((found) => found !== undefined))));
      if (registered.every(Boolean)) return;
    }
    throw new GraphQLError("Callers of your role may send only registered operations (the hub dashboard's, and those a hub administrator registered with registerOperations): send one by its documentId", {
      extensions: { code: ErrorCode.OPERATION_NOT_REGISTERED, http: { status: 403 } },
    });
  }

  private restricts(viewer: Viewer): boolean {
    if (viewer.kind === "anonymous") return this.onlyFor.has("anonymous");
    return viewer.roles.some((role) => this.onlyFor.has(role));
  }
}

function documentIdOf(request: OperationRequest): string | undefined {
  if (typeof request.documentId === "string") return request.documentId;
  const persisted = (request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return typeof persisted?.sha256Hash === "string" ? persisted.sha256Hash : undefined;
}
