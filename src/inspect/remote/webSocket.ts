/**
 * The smallest WebSocket client the inspector protocol needs (RFC 6455 over `node:net`): the opening handshake
 * (checked), masked text frames out, text frames in (fragmented or not, any length), ping answered, close.
 * Node 20's own `WebSocket` is behind `--experimental-websocket`, and a dependency for ~150 lines is not worth
 * it. Only `ws://127.0.0.1` URLs: the inspector is only ever reached on this machine.
 *
 * @internal
 * @packageDocumentation
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { ProcessInspectError } from '../errors';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const TEXT = 0x1;
const CONTINUATION = 0x0;
const CLOSE = 0x8;
const PING = 0x9;
const PONG = 0xa;

/** @internal A connected WebSocket: `send` text, `onMessage` receives text, `close` ends it. */
export class MiniWebSocket {
  /** Called with each complete text message. */
  onMessage: (text: string) => void = () => {};
  /** Called once when the connection ends (by either side), with the error if it failed. */
  onClose: (error?: Error) => void = () => {};
  #buffer: Buffer = Buffer.alloc(0);
  #fragments: Buffer[] = [];
  #closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (error) => this.#end(error));
    socket.on('close', () => this.#end());
  }

  /** Open `url` (`ws://127.0.0.1:PORT/PATH`), failing after `timeoutMs`. */
  static open(url: string, timeoutMs: number): Promise<MiniWebSocket> {
    const m = /^ws:\/\/127\.0\.0\.1:(\d+)(\/.*)$/.exec(url);
    if (m === null) {
      return Promise.reject(
        new ProcessInspectError('EPROTOCOL', `inspector URL ${JSON.stringify(url)} is not on 127.0.0.1`),
      );
    }
    const key = randomBytes(16).toString('base64');
    const expected = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(m[1]) });
      let head = Buffer.alloc(0);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(new ProcessInspectError('ETIMEOUT', `no WebSocket handshake from ${url} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onData = (chunk: Buffer): void => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        socket.off('error', fail);
        clearTimeout(timer);
        const lines = head.subarray(0, end).toString('latin1').split('\r\n');
        const accept = lines
          .find((l) => /^sec-websocket-accept:/i.test(l))
          ?.split(':')[1]
          ?.trim();
        if (!/^HTTP\/1\.1 101\b/.test(lines[0] ?? '') || accept !== expected) {
          socket.destroy();
          reject(new ProcessInspectError('EPROTOCOL', `${url} refused the WebSocket upgrade: ${lines[0]}`));
          return;
        }
        const ws = new MiniWebSocket(socket);
        resolve(ws);
        const rest = head.subarray(end + 4);
        if (rest.length > 0) ws.#receive(rest);
      };
      socket.on('data', onData);
      socket.on('error', fail);
      socket.on('connect', () => {
        socket.write(
          `GET ${m[2]} HTTP/1.1\r\nHost: 127.0.0.1:${m[1]}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
      });
    });
  }

  /** Send one text message. */
  send(text: string): void {
    this.#write(TEXT, Buffer.from(text, 'utf8'));
  }

  /** Close the connection (a close frame, then the socket). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#write(CLOSE, Buffer.alloc(0));
    this.socket.end();
    this.#end();
  }

  #write(opcode: number, payload: Buffer): void {
    if (this.#closed) return;
    const n = payload.length;
    const size = n < 126 ? 2 : n < 65536 ? 4 : 10;
    const header = Buffer.alloc(size + 4);
    header[0] = 0x80 | opcode;
    if (n < 126) header[1] = 0x80 | n;
    else if (n < 65536) {
      header[1] = 0x80 | 126;
      header.writeUInt16BE(n, 2);
    } else {
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(n), 2);
    }
    const mask = randomBytes(4);
    mask.copy(header, size);
    const masked = Buffer.alloc(n);
    for (let i = 0; i < n; i++) masked[i] = (payload[i] as number) ^ (mask[i & 3] as number);
    this.socket.write(Buffer.concat([header, masked]));
  }

  #receive(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const b = this.#buffer;
      if (b.length < 2) return;
      const fin = ((b[0] as number) & 0x80) !== 0;
      const opcode = (b[0] as number) & 0x0f;
      const masked = ((b[1] as number) & 0x80) !== 0;
      let length = (b[1] as number) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) return;
        length = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      const maskKey = masked ? b.subarray(offset, offset + 4) : null;
      if (masked) offset += 4;
      if (b.length < offset + length) return;
      const payload = Buffer.from(b.subarray(offset, offset + length));
      if (maskKey !== null) {
        for (let i = 0; i < length; i++) payload[i] = (payload[i] as number) ^ (maskKey[i & 3] as number);
      }
      this.#buffer = b.subarray(offset + length);
      this.#frame(fin, opcode, payload);
    }
  }

  #frame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === PING) this.#write(PONG, payload);
    else if (opcode === CLOSE) this.close();
    else if (opcode === TEXT || opcode === CONTINUATION) {
      this.#fragments.push(payload);
      if (!fin) return;
      const text = Buffer.concat(this.#fragments).toString('utf8');
      this.#fragments = [];
      this.onMessage(text);
    }
  }

  #end(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.socket.destroy();
    this.onClose(error);
  }
}
