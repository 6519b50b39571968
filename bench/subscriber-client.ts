/**
 * One subscriber process of the fan-out benchmark (bench/subscribers.ts forks several, so the
 * subscribers' JSON parsing and timing do not share an event loop with each other's or with the
 * benchmark's bookkeeping). It opens its share of the graphql-ws subscriptions, one socket each,
 * anonymously, a batch at a time, and reports over IPC:
 *
 * - `ready` once loaded, so the parent's connect clock does not include Node's start-up;
 * - `connected` once every one of its subscribers has received its first event — the warm-up price
 *   the parent records before connecting, replayed to each subscription from `after`: only then is
 *   a subscription known to be registered with the hub's dispatcher and live;
 * - `collected` once asked to `collect`, after a full garbage collection of this process, so that
 *   the connect phase's garbage is not collected during the measured events (nor timed as connecting);
 * - `event` per later price, once all of its subscribers have it: their latencies (arrival minus
 *   `committedAt`, in ms), one number per subscriber, aggregated here so IPC carries one message
 *   per event and process, not one per delivery;
 * - `failed` if any subscription errors, completes or loses its socket: the run is void, and
 *   waiting for an event that will never reach everyone would only hang.
 *
 * Each subscriber speaks the graphql-ws protocol (`graphql-transport-ws`) itself, over a lean
 * WebSocket of its own (bench/lean-websocket.ts): `connection_init`, then `subscribe` once
 * acknowledged, then its `next` messages, answering pings. The clients share the hub's two cores,
 * so what they spend per message is taken from the hub and adds to every latency measured:
 * graphql-ws's own client object per subscriber cost these processes 30-40 % more CPU per event
 * and 1.6 times the memory of this protocol over `ws` (BENCHMARKS.md, stop 26), and `ws` itself
 * more than the lean socket (stop 27).
 * `BENCH_SUBSCRIBER_CLIENT=graphql-ws` uses that client instead, to compare.
 *
 * Not runnable on its own: it is forked with an IPC channel.
 */
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { collectGarbage } from "./collect-garbage.js";
import { LeanWebSocket } from "./lean-websocket.js";

/** What the benchmark process sends. */
export type ToSubscriberClient =
  | {
      type: "connect";
      /** The hub's ws:// URL. */
      url: string;
      query: string;
      variables: Record<string, unknown>;
      /** This process's share of the subscribers. */
      subscribers: number;
      /** Sockets opened at once; the next batch waits until these all have their first event. */
      batchSize: number;
      /** The price of the warm-up event every subscriber receives first (replayed from `after`). */
      firstPrice: string;
      /** A batch slower than this fails the run. */
      batchTimeoutMilliseconds: number;
    }
  | { type: "collect" }
  | { type: "stop" };

/** What this process reports. */
export type FromSubscriberClient =
  | { type: "ready" }
  | { type: "connected"; subscribers: number; milliseconds: number; slowestBatchMilliseconds: number; rssBytes: number }
  | { type: "collected" }
  | { type: "event"; price: string; latencies: number[] }
  | { type: "failed"; message: string };

interface PriceEvent {
  priceObservationAdded: { committedAt: string; priceObservation: { priceVnd: string } | null } | null;
}

const send = (message: FromSubscriberClient) => process.send?.(message);

if (!process.send) {
  console.error("bench/subscriber-client: forked by bench/subscribers.ts only (it reports over IPC)");
  process.exit(2);
}

/** How each subscriber ends: closing its socket (or disposing graphql-ws's client). */
const clients: { dispose: () => unknown }[] = [];
/** Set while disposing: sockets closing then are expected, not failures. */
let stopping = false;
let failed = false;

function fail(message: string): void {
  if (stopping || failed) return;
  failed = true;
  send({ type: "failed", message: `pid ${process.pid}: ${message}` });
}

/** A close event, GraphQL errors or an Error, as one line. */
function describe(error: unknown): string {
  if (Array.isArray(error)) return error.map((item: { message?: string }) => item.message ?? JSON.stringify(item)).join("; ");
  if (error && typeof error === "object" && "code" in error && "reason" in error) return `socket closed ${String(error.code)} ${String(error.reason)}`;
  return error instanceof Error ? error.message : String(error);
}

async function connect(order: Extract<ToSubscriberClient, { type: "connect" }>): Promise<void> {
  const started = performance.now();
  // Latencies per price until all of this process's subscribers have it; then sent and dropped.
  const pending = new Map<string, number[]>();
  const arrived = (price: string, latency: number) => {
    let latencies = pending.get(price);
    if (!latencies) pending.set(price, (latencies = []));
    latencies.push(latency);
    if (latencies.length === order.subscribers) {
      pending.delete(price);
      send({ type: "event", price, latencies });
    }
  };
  let slowestBatch = 0;
  for (let start = 0; start < order.subscribers; start += order.batchSize) {
    const batchStarted = performance.now();
    const firstEvents: Promise<void>[] = [];
    for (let index = start; index < Math.min(order.subscribers, start + order.batchSize); index += 1) {
      firstEvents.push(
        new Promise<void>((resolve) => {
          let first = true;
          const next: Next = (value, at) => {
            const event = value.data?.priceObservationAdded;
            if (value.errors?.length) return fail(`subscriber ${index}: ${describe(value.errors)}`);
            if (!event?.priceObservation) return;
            const price = event.priceObservation.priceVnd;
            if (first) {
              first = false;
              if (price !== order.firstPrice) return fail(`subscriber ${index}: first event was ${price}, not the warm-up ${order.firstPrice}`);
              return resolve();
            }
            arrived(price, at - Date.parse(event.committedAt));
          };
          // One socket per subscriber: the point is one connection's memory and writes on the hub each.
          if (REFERENCE_CLIENT) subscribeWithGraphqlWs(order, index, next);
          else subscribe(order, index, next);
        }),
      );
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`subscribers ${start}… not all subscribed within ${order.batchTimeoutMilliseconds} ms`)), order.batchTimeoutMilliseconds);
    });
    try {
      await Promise.race([Promise.all(firstEvents), timedOut]);
    } finally {
      clearTimeout(timer);
    }
    slowestBatch = Math.max(slowestBatch, performance.now() - batchStarted);
  }
  send({ type: "connected", subscribers: order.subscribers, milliseconds: performance.now() - started, slowestBatchMilliseconds: slowestBatch, rssBytes: process.memoryUsage().rss });
}

type Next = (value: { data?: PriceEvent | null; errors?: readonly unknown[] }, arrivedAt: number) => void;

/** BENCH_SUBSCRIBER_CLIENT=graphql-ws: each subscriber a graphql-ws client object, for comparison. */
const REFERENCE_CLIENT = process.env.BENCH_SUBSCRIBER_CLIENT === "graphql-ws";

/** One subscriber speaking the graphql-ws protocol over its own socket. */
function subscribe(order: Extract<ToSubscriberClient, { type: "connect" }>, index: number, next: Next): void {
  const socket: LeanWebSocket = new LeanWebSocket(order.url, "graphql-transport-ws", {
    open: () => socket.send(JSON.stringify({ type: "connection_init" })),
    message: (text, arrivedAt) => {
      const message = JSON.parse(text) as { type: string; payload?: unknown };
      switch (message.type) {
        case "next":
          return next(message.payload as Parameters<Next>[0], arrivedAt);
        case "connection_ack":
          return socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: order.query, variables: order.variables } }));
        case "ping":
          return socket.send(JSON.stringify({ type: "pong" }));
        case "pong":
          return;
        case "error":
          return fail(`subscriber ${index}: ${describe(message.payload)}`);
        case "complete":
          return fail(`subscriber ${index}: the hub completed the subscription`);
        default:
          return fail(`subscriber ${index}: unexpected message ${message.type}`);
      }
    },
    closed: (reason) => fail(`subscriber ${index}: ${reason}`),
  });
  clients.push({ dispose: () => socket.close(1000) });
}

function subscribeWithGraphqlWs(order: Extract<ToSubscriberClient, { type: "connect" }>, index: number, next: Next): void {
  const client = createClient({ url: order.url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, on: { error: (error) => fail(`subscriber ${index}: ${describe(error)}`) } });
  clients.push(client);
  client.subscribe<PriceEvent>(
    { query: order.query, variables: order.variables },
    {
      next: (value) => next(value, Date.now()),
      error: (error) => fail(`subscriber ${index}: ${describe(error)}`),
      complete: () => fail(`subscriber ${index}: the hub completed the subscription`),
    },
  );
}

async function stop(): Promise<void> {
  stopping = true;
  await Promise.allSettled(clients.map((client) => client.dispose()));
  process.exit(0);
}

process.on("message", (message: ToSubscriberClient) => {
  if (message.type === "connect") connect(message).catch((error: unknown) => fail(describe(error)));
  else if (message.type === "collect") {
    collectGarbage();
    send({ type: "collected" });
  } else if (message.type === "stop") void stop();
});
// The benchmark died or gave up on us: nothing is left to report to, and the sockets must not linger.
process.on("disconnect", () => void stop());
send({ type: "ready" });
