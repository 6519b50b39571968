import type { Writable } from "node:stream";

/** One graphql-ws `next` message's text up to its payload, per subscription: the payload (shared) and `}` follow. */
export function framePrefix(id: string): Buffer {
  return Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
}

/** A shared payload as the rest of a `next` message. */
export function frameTail(payload: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(payload)}}`);
}

/**
 * Above this many bytes, a frame's shared tail is written as a second buffer (one `writev`)
 * instead of being copied into each subscriber's frame, so a large result is not copied once per
 * socket. Up to it, a frame comes from Node's buffer pool (`Buffer.allocUnsafe` slices its 8 KB
 * pool for anything under 4 KB).
 */
const COPIED_TAIL_LIMIT = 4_096;

/** The header of an unmasked text frame that is its message's only fragment (RFC 6455 §5.2: FIN, opcode 1; a server never masks). */
function textFrameHeader(payloadLength: number, spare: number): { frame: Buffer; headerLength: number } {
  const headerLength = payloadLength < 126 ? 2 : payloadLength < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + spare);
  frame[0] = 0x81;
  if (headerLength === 2) {
    frame[1] = payloadLength;
  } else if (headerLength === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(payloadLength, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(payloadLength / 2 ** 32), 2);
    frame.writeUInt32BE(payloadLength >>> 0, 6);
  }
  return { frame, headerLength };
}

/**
 * Writes `prefix` and `tail` as one WebSocket text message straight to the connection under a
 * `ws` socket, in one `write` (one system call) when the tail is small.
 *
 * Why not `WebSocket.send`: with 10,000 subscribers an event is 10,000 sends in one loop, and ws's
 * send built per frame an options object, a header buffer and a concatenation of the message, and
 * corked a two-buffer `writev` through the stream's buffering. In `perf` profiles of the events
 * (BENCHMARKS.md, stop 27), the hub's JavaScript went from 23 % to 17 % of its samples; what is
 * left is the system call. The bytes are those ws sends for a server's unfragmented text message
 * (`websocket-frames.test.ts` compares them with ws's own framing). Sound only while ws has
 * nothing queued for the socket, which the caller checks (`bufferedAmount` equal to the
 * connection's `writableLength`): ws queues only while it compresses or reads a Blob.
 */
export function writeTextMessage(connection: Writable, prefix: Buffer, tail: Buffer): void {
  const payloadLength = prefix.length + tail.length;
  if (tail.length > COPIED_TAIL_LIMIT) {
    const { frame, headerLength } = textFrameHeader(payloadLength, prefix.length);
    prefix.copy(frame, headerLength);
    connection.cork();
    connection.write(frame);
    connection.write(tail);
    connection.uncork();
    return;
  }
  const { frame, headerLength } = textFrameHeader(payloadLength, payloadLength);
  prefix.copy(frame, headerLength);
  tail.copy(frame, headerLength + prefix.length);
  connection.write(frame);
}
