/**
 * The fan-out's floor: the least a server on this machine can do to deliver one event to every
 * subscriber of bench/subscribers.ts — one prepared frame written to each socket in one loop, the
 * frame built once per event, nothing read, executed, authorised or audited. Forked by
 * bench/subscribers.ts (`benchFanOutFloor`) with the same client processes as the hub's run, so
 * the hub's figures can be read as a ratio to what the machine allowed in the same session.
 *
 * It speaks just enough graphql-ws (`graphql-transport-ws`) for those clients: `connection_ack`
 * to `connection_init`, and to `subscribe` the latest recorded price at once (the warm-up, as the
 * hub replays it from `after`), then every price recorded while subscribed. WebSocket handshakes
 * and the few messages clients send go through `ws`; the event frames are written as the hub's
 * groups write theirs (`writeTextMessage`).
 *
 * Not runnable on its own: it is forked with an IPC channel.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { framePrefix, frameTail, writeTextMessage } from "../src/pipeline/websocket-frames.js";

/** What the benchmark process sends. */
export type ToFanOutFloor = { type: "record"; price: string } | { type: "stop" };

/** What this process reports. */
export type FromFanOutFloor = { type: "listening"; port: number } | { type: "recorded" };

const send = (message: FromFanOutFloor) => process.send?.(message);

if (!process.send) {
  console.error("bench/fan-out-floor: forked by bench/subscribers.ts only (it reports over IPC)");
  process.exit(2);
}

/** The same market the hub's demo reports the benchmark's prices at. */
const MARKET_CODE = "HCM-BINH-DIEN";

/** Each subscription: where its frames go and its `next` message up to the payload. */
const subscriptions: { connection: Duplex; prefix: Buffer }[] = [];
/** The latest price's frame tail, replayed to each new subscription. */
let latest: Buffer | null = null;

/** A `next` message's payload as the hub would send it for the benchmark's selection, and its closing brace. */
function tailOf(price: string): Buffer {
  return frameTail({ data: { priceObservationAdded: { committedAt: new Date().toISOString(), priceObservation: { priceVnd: price, market: { code: MARKET_CODE } } } } });
}

const httpServer = createServer();
const webSockets = new WebSocketServer({ server: httpServer, perMessageDeflate: false, handleProtocols: (protocols) => (protocols.has("graphql-transport-ws") ? "graphql-transport-ws" : false) });
webSockets.on("connection", (socket, request) => {
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: string; type: string };
    if (message.type === "connection_init") socket.send(JSON.stringify({ type: "connection_ack" }));
    else if (message.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
    else if (message.type === "subscribe") {
      const subscription = { connection: request.socket, prefix: framePrefix(message.id ?? "") };
      subscriptions.push(subscription);
      if (latest) writeTextMessage(subscription.connection, subscription.prefix, latest);
    }
  });
});

process.on("message", (message: ToFanOutFloor) => {
  if (message.type === "record") {
    latest = tailOf(message.price);
    for (const { connection, prefix } of subscriptions) writeTextMessage(connection, prefix, latest);
    send({ type: "recorded" });
  } else if (message.type === "stop") {
    for (const client of webSockets.clients) client.terminate();
    httpServer.close(() => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0));
httpServer.listen(0, "127.0.0.1", () => send({ type: "listening", port: (httpServer.address() as AddressInfo).port }));
