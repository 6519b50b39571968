import type { TypedDocumentNode } from "@graphql-typed-document-node/core";

/** What the hub answers: the typed data, or errors with their `extensions.code`. */
export interface HubResult<TData> {
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } & Record<string, unknown> }[];
}

export interface HubClientOptions {
  /** The hub's GraphQL endpoint, e.g. https://hub.example.vn/graphql. */
  url: string;
  /** A bearer token, if the client has one (anonymous callers send none). */
  token?: string;
  /** Defaults to the global fetch (Node 18+, browsers). */
  fetch?: typeof globalThis.fetch;
}

/** The hash codegen's client preset attaches to each document (`persistedDocuments`). */
function documentIdOf(document: TypedDocumentNode<unknown, unknown>): string {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== "string") throw new Error("The document has no persisted-document hash: generate it with persistedDocuments enabled");
  return hash;
}

/**
 * Sends a generated operation by its `documentId` (the GraphQL-over-HTTP persisted-documents
 * convention), never its text: a hub that holds the caller's role to registered operations runs
 * only ids a hub administrator registered. Variables and result are typed by the document.
 */
export async function execute<TData, TVariables extends Record<string, unknown>>(
  options: HubClientOptions,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<HubResult<TData>> {
  const send = options.fetch ?? globalThis.fetch;
  const response = await send(options.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: JSON.stringify({ documentId: documentIdOf(document as TypedDocumentNode<unknown, unknown>), variables }),
  });
  return (await response.json()) as HubResult<TData>;
}
