/**
 * A WebSocket client for the fan-out benchmark's subscriber processes, spoken over a plain TCP
 * socket: the opening handshake (RFC 6455 §4, its accept key checked), unfragmented text messages
 * in, masked text frames out (§5.3), pings answered with pongs (graphql-ws's server pings every
 * 12 s), anything else a failure.
 *
 * Why not `ws`: the client processes share the hub's two cores, so what they spend per message is
 * taken from the hub and added to every latency measured. ws hands each chunk through its Receiver
 * (a Writable stream) and two events before the message's handler; here the frames are read where
 * the chunk arrives. With 10,000 subscribers and 30 events, alternating with ws in two comparisons
 * of three rounds, the client processes spent 9–26 % less CPU per event round by round, and held
 * about 205 MiB against 295 (BENCHMARKS.md, stop 27). It is a load generator's client, not the
 * hub's: it assumes a well-behaved server and fails on anything it does not expect.
 */
import { createHash, randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

/** RFC 6455 §1.3: appended to the client's key before hashing, for the server's accept key. */
const ACCEPT_KEY_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

const enum Opcode {
  Continuation = 0x0,
  Text = 0x1,
  Binary = 0x2,
  Close = 0x8,
  Ping = 0x9,
  Pong = 0xa,
}

export interface LeanWebSocketHandlers {
  /** The handshake completed: messages may be sent. */
  open(): void;
  /** One text message, as it arrived (`arrivedAt` is `Date.now()` when its chunk was read). */
  message(text: string, arrivedAt: number): void;
  /** The connection ended or broke; `reason` says how. Not called after `close()`. */
  closed(reason: string): void;
}

export class LeanWebSocket {
  private readonly socket: Socket;
  private readonly key = randomBytes(16).toString("base64");
  /** Bytes received and not yet a whole frame (or, before the handshake is done, a whole response). */
  private pending: Buffer | null = null;
  private open = false;
  private ended = false;

  constructor(
    url: string,
    protocol: string,
    private readonly handlers: LeanWebSocketHandlers,
  ) {
    const { hostname, port, pathname } = new URL(url);
    this.socket = connect({ host: hostname, port: Number(port), noDelay: true });
    this.socket.on("data", (chunk: Buffer) => this.received(chunk, Date.now()));
    this.socket.once("connect", () => {
      this.socket.write(
        `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${this.key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
      );
    });
    this.socket.on("error", (error) => this.end(error.message));
    this.socket.on("close", () => this.end("the connection closed"));
  }

  /** Sends `text` as one masked text frame. */
  send(text: string): void {
    this.writeFrame(Opcode.Text, Buffer.from(text));
  }

  /** Sends a close frame with `code` and ends the connection; no further handler is called. */
  close(code = 1000): void {
    if (this.ended) return;
    this.ended = true;
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code);
    if (this.open) this.writeFrame(Opcode.Close, body);
    this.socket.end();
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.destroy();
    this.handlers.closed(reason);
  }

  private received(chunk: Buffer, arrivedAt: number): void {
    if (this.ended) return;
    let data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    if (!this.open) {
      const headersEnd = data.indexOf("\r\n\r\n");
      if (headersEnd < 0) {
        this.pending = data;
        return;
      }
      const refused = this.refusedHandshake(data.toString("latin1", 0, headersEnd));
      if (refused) return this.end(refused);
      this.open = true;
      this.handlers.open();
      data = data.subarray(headersEnd + 4);
    }
    let offset = 0;
    while (!this.ended && data.length - offset >= 2) {
      const first = data[offset]!;
      const second = data[offset + 1]!;
      if (second & 0x80) return this.end("the server masked a frame");
      let length = second & 0x7f;
      let headerLength = 2;
      if (length === 126) {
        if (data.length - offset < 4) break;
        length = data.readUInt16BE(offset + 2);
        headerLength = 4;
      } else if (length === 127) {
        if (data.length - offset < 10) break;
        length = data.readUInt32BE(offset + 2) * 2 ** 32 + data.readUInt32BE(offset + 6);
        headerLength = 10;
      }
      if (data.length - offset < headerLength + length) break;
      const start = offset + headerLength;
      offset = start + length;
      const opcode = first & 0x0f;
      if (!(first & 0x80) || opcode === Opcode.Continuation) return this.end("the server fragmented a message");
      switch (opcode) {
        case Opcode.Text:
          this.handlers.message(data.toString("utf8", start, offset), arrivedAt);
          break;
        case Opcode.Ping:
          this.writeFrame(Opcode.Pong, data.subarray(start, offset));
          break;
        case Opcode.Pong:
          break;
        case Opcode.Close:
          return this.end(`the server closed the socket${length >= 2 ? ` (${data.readUInt16BE(start)} ${data.toString("utf8", start + 2, offset)})` : ""}`);
        default:
          return this.end(`unexpected frame (opcode ${opcode}${opcode === Opcode.Binary ? ": binary" : ""})`);
      }
    }
    if (offset < data.length) this.pending = data.subarray(offset);
  }

  /** Why the server's answer to the handshake is not a switch to this WebSocket, or null if it is. */
  private refusedHandshake(head: string): string | null {
    const [statusLine, ...lines] = head.split("\r\n");
    if (!/^HTTP\/1\.1 101 /.test(statusLine ?? "")) return `the handshake was answered ${statusLine}`;
    const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(":")).trim().toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
    const expected = createHash("sha1")
      .update(this.key + ACCEPT_KEY_GUID)
      .digest("base64");
    if (headers.get("sec-websocket-accept") !== expected) return "the handshake's accept key is wrong";
    return null;
  }

  /** A client's frame: FIN, `opcode`, the payload masked with a fresh key (RFC 6455 §5.3). */
  private writeFrame(opcode: Opcode, payload: Buffer): void {
    const headerLength = payload.length < 126 ? 2 : payload.length < 65_536 ? 4 : 10;
    const frame = Buffer.allocUnsafe(headerLength + 4 + payload.length);
    frame[0] = 0x80 | opcode;
    if (headerLength === 2) {
      frame[1] = 0x80 | payload.length;
    } else if (headerLength === 4) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(payload.length, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeUInt32BE(Math.floor(payload.length / 2 ** 32), 2);
      frame.writeUInt32BE(payload.length >>> 0, 6);
    }
    const mask = randomBytes(4);
    mask.copy(frame, headerLength);
    const start = headerLength + 4;
    for (let index = 0; index < payload.length; index += 1) frame[start + index] = payload[index]! ^ mask[index & 3]!;
    this.socket.write(frame);
  }
}
