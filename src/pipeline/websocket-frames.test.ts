/**
 * The fan-out's own WebSocket frames (websocket-frames.ts) against ws's: byte for byte at every
 * boundary of the header's length forms (125/126 and 65,535/65,536 bytes of payload) and of the
 * copied tail (4,096/4,097 bytes), and written as one buffer, or as the prefix's frame and the
 * tail itself (not a copy) when the tail is large. End-to-end, `test/fan-out.test.ts` ("frames of
 * every length") sends such frames through a group to graphql-ws's client.
 */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import * as ws from "ws";
import { writeTextMessage } from "./websocket-frames.js";

/** ws's framing, which its type declarations leave out. */
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] } };

/** A connection that keeps what is written to it: each `write` as one call, each corked batch as one `writev`. */
function recordingConnection(): { connection: Writable; calls: Buffer[][] } {
  const calls: Buffer[][] = [];
  const connection = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      calls.push([chunk]);
      callback();
    },
    writev(chunks, callback) {
      calls.push(chunks.map(({ chunk }) => chunk as Buffer));
      callback();
    },
  });
  return { connection, calls };
}

/** ws's frame of the same message: a server's, unmasked, unfragmented text. */
function wsFrame(message: Buffer): Buffer {
  return Buffer.concat(Sender.frame(message, { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false }));
}

const PREFIX = Buffer.from('{"id":"3f2b8c1e-6a4d-4c1f-9e2a-5b7d0c8e1f42","type":"next","payload":');

describe("writeTextMessage", () => {
  const payloadLengths = [PREFIX.length + 1, 125, 126, 127, 4_096 + PREFIX.length, 4_097 + PREFIX.length, 65_535, 65_536, 70_000];
  for (const payloadLength of payloadLengths) {
    it(`frames ${payloadLength} bytes of payload as ws does`, () => {
      const tail = Buffer.alloc(payloadLength - PREFIX.length, "x");
      const { connection, calls } = recordingConnection();
      writeTextMessage(connection, PREFIX, tail);
      expect(Buffer.concat(calls.flat())).toEqual(wsFrame(Buffer.concat([PREFIX, tail])));
      expect(calls).toHaveLength(1);
      if (tail.length > 4_096) {
        // Two buffers in one writev, the tail itself among them: shared by every member, not copied.
        expect(calls[0]).toHaveLength(2);
        expect(calls[0]![1]).toBe(tail);
      } else {
        expect(calls[0]).toHaveLength(1);
      }
    });
  }
});
