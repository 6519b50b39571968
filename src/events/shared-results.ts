import { createHash } from "node:crypto";
import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from "graphql";
import type { HubContext } from "../context.js";
import type { Delivery } from "./subscription.js";

/** Events whose shared results are kept: subscribers take an event at about the same time. */
const EVENTS_KEPT = 64;

/**
 * Subscriptions executed as graphql-js's `subscribe` does — the source stream from the field's
 * `subscribe`, each event executed against the selection — except that anonymous subscribers of
 * the same document and variables share one execution per event.
 *
 * A public dashboard is the common case of thousands of subscribers (BENCHMARKS.md: 10,000 on one
 * instance), and every anonymous one reads exactly the same thing: the PUBLIC fields of the same
 * record (each still loads it through its own row rules first, in `deliveries`, which decide
 * whether it is delivered at all). Executing the selection once per event instead of once per
 * subscriber removes most of the fan-out's CPU time. Authenticated subscribers are never shared:
 * what they read depends on their access, and their protected reads are audited one by one.
 */
export class SharedSubscriptionResults {
  private readonly byEvent = new Map<string, Map<string, Promise<ExecutionResult>>>();

  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
    const context = args.contextValue as HubContext;
    const shareKey = context.viewer.kind === "anonymous" ? selectionKey(args) : null;
    return mapStream(source as AsyncIterableIterator<unknown>, (payload) => this.executeFor(shareKey, payload, args));
  };

  private executeFor(shareKey: string | null, payload: unknown, args: ExecutionArgs): Promise<ExecutionResult> {
    const run = async () => execute({ ...args, rootValue: payload }) as ExecutionResult;
    const position = (payload as Delivery<unknown> | null)?.position;
    // Gap notices (no position) and authenticated subscribers execute alone.
    if (shareKey === null || typeof position !== "string") return run();
    let results = this.byEvent.get(position);
    if (!results) {
      results = new Map();
      this.byEvent.set(position, results);
      for (const old of this.byEvent.keys()) {
        if (this.byEvent.size <= EVENTS_KEPT) break;
        this.byEvent.delete(old);
      }
    }
    const shared = results.get(shareKey);
    if (shared) return shared;
    const result = run();
    results.set(shareKey, result);
    // A result with errors (a deadline, a failed read) is not handed on: the next subscriber tries itself.
    void result.then(
      (value) => {
        if (value.errors?.length) results.delete(shareKey);
      },
      () => results.delete(shareKey),
    );
    return result;
  }
}

/** The operation as text (normalised by print) with its name and variables, hashed: equal keys select equal data. */
function selectionKey(args: ExecutionArgs): string {
  return createHash("sha256")
    .update(print(args.document))
    .update("\0")
    .update(args.operationName ?? "")
    .update("\0")
    .update(JSON.stringify(args.variableValues ?? {}))
    .digest("base64url");
}

/** `source` with each value mapped; ending it (an unsubscribe) ends the source at once. */
function mapStream<T, U>(source: AsyncIterableIterator<T>, map: (value: T) => Promise<U>): AsyncIterableIterator<U> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<U>> {
      const item = await source.next();
      if (item.done) return { done: true, value: undefined };
      return { done: false, value: await map(item.value) };
    },
    async return(): Promise<IteratorResult<U>> {
      await source.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown): Promise<IteratorResult<U>> {
      await source.return?.();
      throw error;
    },
  };
}
