/**
 * GraphiQL for the hub, from local assets (no CDN: agencies' networks may have no internet). The
 * bearer token goes in the Headers tab as `{"Authorization": "Bearer …"}`; it is sent with
 * queries and mutations, and as the `connection_init` payload of subscriptions, as the hub expects.
 */
import "graphiql/style.css";
// Monaco's workers as Vite bundles them (GraphiQL's own setup for Vite).
import "graphiql/setup-workers/vite";
import { GraphiQL } from "graphiql";
import type { Fetcher, FetcherOpts, FetcherParams } from "@graphiql/toolkit";
import { createClient, type Client } from "graphql-ws";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import tour from "../../operations/cross-dataset.graphql?raw";

const httpUrl = new URL("/graphql", window.location.href).toString();
const webSocketUrl = new URL("/graphql", window.location.href);
webSocketUrl.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";

/** One socket per Authorization header: a new token means a new `connection_init`. */
let socket: { authorization: string | undefined; client: Client } | null = null;
function socketFor(authorization: string | undefined): Client {
  if (socket && socket.authorization === authorization) return socket.client;
  void socket?.client.dispose();
  const client = createClient({ url: webSocketUrl.toString(), connectionParams: authorization ? { authorization } : {} });
  socket = { authorization, client };
  return client;
}

function authorizationOf(headers: Record<string, unknown> | undefined): string | undefined {
  const entry = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === "authorization");
  return typeof entry?.[1] === "string" ? entry[1] : undefined;
}

function isSubscription(params: FetcherParams): boolean {
  const named = params.operationName ? new RegExp(`subscription\\s+${params.operationName}\\b`) : /^\s*subscription\b/m;
  return named.test(params.query.replace(/#[^\n]*/g, ""));
}

const fetcher: Fetcher = (params: FetcherParams, options?: FetcherOpts) => {
  const authorization = authorizationOf(options?.headers);
  if (isSubscription(params)) {
    // GraphiQL shows results as they come (formatted errors are what it displays anyway).
    return socketFor(authorization).iterate({ query: params.query, operationName: params.operationName ?? undefined, variables: params.variables ?? undefined }) as ReturnType<Fetcher>;
  }
  return fetch(httpUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(options?.headers as Record<string, string> | undefined) },
    body: JSON.stringify(params),
  }).then((response) => response.json());
};

/**
 * GraphiQL opens on the tour: the brief's cross-dataset question in one request (prices, the
 * processors' technology levels and the linked programmes) (dashboard/operations/cross-dataset.graphql).
 */
const DEFAULT_QUERY = `# The Regional Data Hub. Put a token in Headers: {"Authorization": "Bearer <npm run token output>"}
${tour}`;

createRoot(document.getElementById("explorer")!).render(
  createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, shouldPersistHeaders: false }),
);
