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

/**
 * The operations registered in the manifest codegen writes (`dashboard/gql/persisted-documents.json`:
 * hash → document), and the roles that may send nothing else.
 *
 * A request names a registered operation by `documentId` (or Apollo's
 * `extensions.persistedQuery.sha256Hash`, which the hub reads itself: Apollo's own automatic
 * persisted queries are off, since they would register any text a client sends and so defeat the
 * allow-list) or sends its text, which is registered when its SHA-256 is in the manifest.
 */
export class PersistedOperations {
  private constructor(
    /** SHA-256 of the document text → the text. */
    private readonly documents: ReadonlyMap<string, string>,
    private readonly onlyFor: ReadonlySet<PersistedOperationsRole>,
  ) {}

  /** Reads the manifest; a missing file means none are registered (an error if some roles depend on it). */
  static async load(manifestPath: string, onlyFor: readonly PersistedOperationsRole[]): Promise<PersistedOperations> {
    let manifest: Record<string, string> = {};
    try {
      manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || onlyFor.length > 0) {
        throw new StartupFailure(`The persisted operations manifest ${manifestPath} cannot be read (${(error as Error).message}); run \`npm run build\`, which generates it`);
      }
    }
    // Keyed by the hub's own hash of each text, so a manifest entry cannot claim a text it does not hold.
    const documents = new Map(Object.values(manifest).map((text) => [sha256(text), text] as const));
    return new PersistedOperations(documents, new Set(onlyFor));
  }

  get size(): number {
    return this.documents.size;
  }

  /**
   * The operation's text: the registered document a request names, else the text it sent.
   * A name that matches nothing registered is refused (`PERSISTED_QUERY_NOT_FOUND`).
   */
  resolve(request: OperationRequest): string | undefined {
    const id = documentIdOf(request);
    if (id === undefined) return typeof request.query === "string" ? request.query : undefined;
    const text = this.documents.get(id.replace(/^sha256:/, ""));
    if (text === undefined) {
      throw new GraphQLError(`No registered operation has the id ${JSON.stringify(id)}: send the operation's text, or regenerate the client from this hub's manifest`, {
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
  check(viewer: Viewer, texts: readonly (string | undefined)[]): void {
    if (this.onlyFor.size === 0 || !this.restricts(viewer)) return;
    if (texts.length > 0 && texts.every((text) => text !== undefined && this.documents.has(sha256(text)))) return;
    throw new GraphQLError("Callers of your role may send only the hub's registered operations (those of its dashboard): send one by its documentId", {
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
