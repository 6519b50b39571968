/**
 * The dashboard's connection to the hub: operations are the typed document nodes codegen made from
 * dashboard/operations, sent by their registered id (the hub may accept nothing else from some
 * roles), subscriptions over graphql-ws on the same origin.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createClient, type Client } from "graphql-ws";

/** An error as the hub sends it; a withheld field's says why. */
export interface HubError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; reason?: string; classification?: string; ownerProvinceCodes?: string[] };
}

export interface HubResult<T> {
  data: T | null;
  errors: HubError[];
}

/** A typed document with the hash codegen registered it under (`persistedDocuments`). */
type RegisteredDocument<Result, Variables> = TypedDocumentNode<Result, Variables> & Registered;

/** What the hub needs of any registered document, whatever its result and variables. */
interface Registered {
  readonly definitions: readonly { readonly kind: string; readonly name?: { readonly value: string } }[];
  readonly __meta__?: { hash?: string };
}

function operationName(document: Registered): string | undefined {
  return document.definitions.find((definition) => definition.kind === "OperationDefinition")?.name?.value;
}

function registeredId(document: Registered): string {
  const hash = document.__meta__?.hash;
  if (!hash) throw new Error(`${operationName(document) ?? "an operation"} has no registered hash: regenerate the client (npm run build)`);
  return hash;
}

export class Hub {
  private socket: Client | null = null;

  constructor(
    private readonly httpUrl: string,
    private readonly webSocketUrl: string,
    private token: string | null,
  ) {}

  /** Same origin: the page is served by the hub it talks to. */
  static sameOrigin(token: string | null): Hub {
    const webSocket = new URL("/graphql", window.location.href);
    webSocket.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
    return new Hub(new URL("/graphql", window.location.href).toString(), webSocket.toString(), token);
  }

  async query<Result, Variables>(document: RegisteredDocument<Result, Variables>, variables: Variables): Promise<HubResult<Result>> {
    const response = await fetch(this.httpUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ documentId: registeredId(document), operationName: operationName(document), variables }),
    });
    const body = (await response.json()) as { data?: Result | null; errors?: HubError[] };
    return { data: body.data ?? null, errors: body.errors ?? [] };
  }

  /**
   * Calls `onEvent` for each event until the returned function is called, and `onEnd` if the hub
   * ends the subscription. After a dropped connection graphql-ws subscribes again with the same
   * payload object: the caller may update `variables` (its `after`) as events arrive.
   */
  subscribe<Result, Variables>(
    document: RegisteredDocument<Result, Variables>,
    variables: Variables,
    onEvent: (result: HubResult<Result>) => void,
    onEnd: (errors: HubError[]) => void,
  ): () => void {
    return this.connection().subscribe<Result>(
      // graphql-ws needs a query string; the registered id names the text.
      { query: "", operationName: operationName(document), variables: variables as Record<string, unknown>, extensions: { persistedQuery: { version: 1, sha256Hash: registeredId(document) } } },
      {
        next: (result) => onEvent({ data: (result.data as Result | undefined) ?? null, errors: (result.errors as HubError[] | undefined) ?? [] }),
        // The hub ends a subscription with its errors (a list); a socket failure is an Error or a close event.
        error: (error) => onEnd(Array.isArray(error) ? (error as HubError[]) : [{ message: error instanceof Error ? error.message : "the connection to the hub failed" }]),
        complete: () => onEnd([]),
      },
    );
  }

  /** Reports the socket's state: connecting, live, offline. */
  onConnectionState(listener: (state: "connecting" | "live" | "offline") => void): void {
    const client = this.connection();
    // A socket closed by signing in again reports late: only the current one speaks.
    const current = (state: "connecting" | "live" | "offline") => () => {
      if (this.socket === client) listener(state);
    };
    client.on("connecting", current("connecting"));
    client.on("connected", current("live"));
    client.on("closed", current("offline"));
  }

  close(): void {
    void this.socket?.dispose();
    this.socket = null;
  }

  private connection(): Client {
    this.socket ??= createClient({
      url: this.webSocketUrl,
      lazy: false,
      retryAttempts: Infinity,
      connectionParams: () => (this.token ? { authorization: `Bearer ${this.token}` } : {}),
    });
    return this.socket;
  }
}

/** Where the response withheld a field, and why: "path.to.field" → error. */
export function withheldFields(errors: readonly HubError[]): Map<string, HubError> {
  const withheld = new Map<string, HubError>();
  for (const error of errors) {
    if (error.extensions?.code === "FORBIDDEN" && error.extensions.reason && error.path) withheld.set(error.path.join("."), error);
  }
  return withheld;
}

/** Errors that are not a withheld field: the panel failed, and says so. */
export function failures(errors: readonly HubError[]): HubError[] {
  return errors.filter((error) => !(error.extensions?.code === "FORBIDDEN" && error.extensions.reason && error.path));
}
