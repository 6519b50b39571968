import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { GraphQLResponse } from "./hub.js";

/** A live graphql-ws subscription as a test sees it: results arrive in order; the test awaits them, never sleeps. */
export interface TestSubscription<T> {
  /** The next result (waits for it). */
  next(): Promise<GraphQLResponse<T>>;
  /** Results until one satisfies `until` (included): to show something was NOT delivered, wait for a later sentinel and look at what came before it. */
  collectUntil(until: (result: GraphQLResponse<T>) => boolean): Promise<GraphQLResponse<T>[]>;
  /** Resolves with the error or completion that ended the subscription. */
  ended: Promise<{ error?: unknown; completed?: true }>;
  close(): Promise<void>;
}

/** Opens a socket (authenticated by `token`, if any) and subscribes. */
export function subscribe<T>(url: string, query: string, variables: Record<string, unknown> = {}, options: { token?: string; client?: Client } = {}): TestSubscription<T> {
  const client =
    options.client ??
    createClient({
      url: url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: options.token ? { authorization: `Bearer ${options.token}` } : {},
    });
  const results: GraphQLResponse<T>[] = [];
  const waiters: ((result: GraphQLResponse<T>) => void)[] = [];
  let end!: (value: { error?: unknown; completed?: true }) => void;
  const ended = new Promise<{ error?: unknown; completed?: true }>((resolve) => (end = resolve));
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        const waiter = waiters.shift();
        if (waiter) waiter(value as GraphQLResponse<T>);
        else results.push(value as GraphQLResponse<T>);
      },
      error: (error) => end({ error }),
      complete: () => end({ completed: true }),
    },
  );
  const next = () => {
    const ready = results.shift();
    if (ready) return Promise.resolve(ready);
    return Promise.race([
      new Promise<GraphQLResponse<T>>((resolve) => waiters.push(resolve)),
      ended.then((how) => Promise.reject(new Error(`the subscription ended: ${JSON.stringify(how.error ?? how)}`))),
    ]);
  };
  return {
    next,
    async collectUntil(until) {
      const collected: GraphQLResponse<T>[] = [];
      for (;;) {
        const result = await next();
        collected.push(result);
        if (until(result)) return collected;
      }
    },
    ended,
    async close() {
      unsubscribe();
      if (!options.client) await client.dispose();
    },
  };
}
