/**
 * The stream transport on a Node `net.Socket` (TCP, TLS, Unix sockets, and the pipes of child processes):
 * asyncio's `_SelectorSocketTransport` semantics on Node's stream events.
 *
 * - Protocol callbacks run outside any Task; their exceptions go to the loop's exception handler and abort.
 * - `connectionMade` runs on the next loop iteration; data is delivered only after it.
 * - Flow control: `pauseWriting()` when the unconfirmed bytes pass the high mark, `resumeWriting()` when write
 *   callbacks bring them to the low mark (see `WriteFlow`).
 * - Node's `'error'` event is always listened to; the error becomes `connectionLost(exc)` (see `fromNodeError`).
 * - A failed write (peer reset, broken pipe) breaks the transport at once, as asyncio's `_force_close`: it is
 *   closing, `write()` throws the error, `connectionLost(exc)` runs, so `drain()` rejects. Never a silent drop.
 *
 * @packageDocumentation
 */
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { EventLoop } from '../loop/eventLoop';
import { BrokenPipeError, IoStateError } from './errors';
import { socketExtraInfo } from './extraInfo';
import {
  type BaseProtocol,
  type BufferedProtocol,
  feedBufferedProtocol,
  isBuffered,
  type Protocol,
  type StreamProtocol,
} from './protocols';
import type { ExtraInfoName, Transport, TransportTracker } from './transports';

export type { StreamProtocol };

import { fromNodeError } from './nodeErrors';
import { toBuffer } from './validate';
import { WriteFlow } from './writeFlow';

/** @internal Options of the SocketTransport constructor. */
export interface SocketTransportOptions {
  tracker?: TransportTracker;
  /** Called after `connectionMade` (or with the error if the socket closed first). */
  onReady?: (error: unknown) => void;
  extra?: Record<string, unknown>;
  /** The protocol already had `connectionMade` (a transport replaced by startTls): start reading at once. */
  started?: boolean;
}

/**
 * A {@link Transport} on a Node socket or pipe. Made by `createConnection`, `createServer`, `openConnection`…
 * (not constructed directly).
 *
 * @example
 * ```ts
 * import { Protocol } from 'qtasyncio/io';
 * declare const port: number;
 * const [transport] = await loop.createConnection(() => new Protocol(), '127.0.0.1', port);
 * transport.write('hello');
 * transport.close();
 * ```
 */
export class SocketTransport implements Transport {
  readonly #loop: EventLoop;
  readonly #sock: Socket;
  #protocol: StreamProtocol;
  #buffered: boolean;
  readonly #tracker: TransportTracker | undefined;
  readonly #extra: Record<string, unknown>;
  #started = false;
  #closing = false;
  #userClosed = false;
  #eofWritten = false;
  #lost = false;
  #closed = false;
  #reading = true;
  #error: unknown = null;
  readonly #flow: WriteFlow;
  #onReady: ((error: unknown) => void) | undefined;
  readonly #onError = (e: Error): void => {
    this.#error ??= fromNodeError(e);
    this.#closing = true;
  };
  readonly #onCloseEvent = (): void => this.#onClose();
  readonly #onDataEvent = (chunk: Buffer): void => this.#onData(chunk);
  readonly #onEndEvent = (): void => this.#onEnd();

  /** @internal */
  constructor(loop: EventLoop, sock: Socket, protocol: StreamProtocol, options: SocketTransportOptions = {}) {
    this.#loop = loop;
    this.#sock = sock;
    this.#protocol = protocol;
    this.#buffered = isBuffered(protocol);
    this.#tracker = options.tracker;
    this.#onReady = options.onReady;
    this.#extra = { socket: sock, ...options.extra };
    this.#flow = new WriteFlow(
      sock,
      () => this.#call('pauseWriting', () => this.#protocol.pauseWriting()),
      () => this.#call('resumeWriting', () => this.#protocol.resumeWriting()),
      (e) => this.#onWriteFailed(e),
    );
    this.#tracker?._attach(this);
    sock.on('error', this.#onError);
    sock.on('close', this.#onCloseEvent);
    if (sock.readable) {
      // Listen now but stay paused until connectionMade: a listener must exist from the start, or Node resumes
      // an unread child-process pipe on exit and its data is lost.
      sock.pause();
      sock.on('data', this.#onDataEvent);
      sock.on('end', this.#onEndEvent);
    }
    if (options.started === true) this.#start(false);
    else loop.callSoon(() => this.#start(true));
  }

  #start(callMade: boolean): void {
    this.#started = true;
    const sock = this.#sock;
    this.#extra.peername ??= socketExtraInfo(sock, 'peername');
    this.#extra.sockname ??= socketExtraInfo(sock, 'sockname');
    if (callMade && !this.#call('connectionMade', () => this.#protocol.connectionMade(this))) {
      this.#notifyReady(this.#error);
      return;
    }
    if (this.#closed) {
      this.#notifyReady(this.#error ?? new IoStateError('connection closed before it was made'));
      this.#connectionLost();
      return;
    }
    if (this.#reading && !this.#closing && sock.readable) sock.resume();
    this.#notifyReady(null);
  }

  /** @internal Hand the socket over (startTls): this transport stops, silently, and leaves its tracker. */
  _detachSocket(): Socket {
    const sock = this.#sock;
    sock.off('error', this.#onError);
    sock.off('close', this.#onCloseEvent);
    this.#flow.detach();
    sock.off('data', this.#onDataEvent);
    sock.off('end', this.#onEndEvent);
    sock.on('error', () => {}); // the TLS socket reports errors from now on
    sock.pause();
    this.#closing = true;
    this.#lost = true;
    this.#tracker?._detach(this);
    return sock;
  }

  /** @internal */
  get _tracker(): TransportTracker | undefined {
    return this.#tracker;
  }

  #notifyReady(error: unknown): void {
    const cb = this.#onReady;
    this.#onReady = undefined;
    cb?.(error);
  }

  /** Call a protocol method; on an exception report it and abort. Returns false if it threw. */
  #call(what: string, fn: () => unknown): boolean {
    try {
      fn();
      return true;
    } catch (exception) {
      this.#fatal(what, exception);
      return false;
    }
  }

  #fatal(what: string, exception: unknown): void {
    const message = `Fatal error: protocol.${what}() call failed.`;
    this.#loop.callExceptionHandler({ message, exception, transport: this, protocol: this.#protocol });
    this.#error ??= exception;
    this.abort();
  }

  #onData(chunk: Buffer): void {
    if (this.#closing) return;
    try {
      if (this.#buffered) feedBufferedProtocol(this.#protocol as BufferedProtocol, chunk);
      else (this.#protocol as Protocol).dataReceived(chunk);
    } catch (exception) {
      this.#fatal(this.#buffered ? 'bufferUpdated' : 'dataReceived', exception);
    }
  }

  #onEnd(): void {
    if (this.#closing) return;
    let keepOpen: unknown;
    const ok = this.#call('eofReceived', () => {
      keepOpen = (this.#protocol as Protocol).eofReceived();
    });
    if (ok && !keepOpen) {
      this.close();
      this.#userClosed = false;
    }
  }

  /** A write callback reported an error: the bytes are lost, the connection with them (asyncio's `_force_close`). */
  #onWriteFailed(e: Error): void {
    if (this.#userClosed && this.#error === null) return; // our own close()/abort() dropped them
    this.#error ??= fromNodeError(e);
    this.#closing = true;
    this.#sock.destroy();
    if (this.#started) this.#connectionLost();
  }

  /**
   * @internal The error writes fail with, or `null`: known before Node's `'error'`/`'close'` events arrive, from
   * the socket's own state (destroyed by a reset or a broken pipe).
   */
  _writeError(): unknown {
    if (this.#error !== null) return this.#error;
    const errored = (this.#sock as { errored?: unknown }).errored;
    if (errored !== null && errored !== undefined && !this.#userClosed) this.#error = fromNodeError(errored);
    return this.#error;
  }

  /** @internal Whether the Node socket is destroyed (its 'close' event may still be on its way). */
  _destroyed(): boolean {
    return this.#sock.destroyed;
  }

  #onClose(): void {
    this.#closed = true;
    this.#closing = true;
    if (this.#started) this.#connectionLost();
  }

  #connectionLost(): void {
    if (this.#lost) return;
    this.#lost = true;
    this.#tracker?._detach(this);
    const exc = this.#error;
    this.#call('connectionLost', () => this.#protocol.connectionLost(exc));
  }

  /**
   * Queue bytes. Throws {@link IoStateError} after `close()`/`writeEof()`; once the connection is lost, its
   * error (e.g. `ConnectionResetError`), or `BrokenPipeError` when the peer closed it.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * transport.write('GET / HTTP/1.0\r\n\r\n');
   * ```
   */
  write(data: Uint8Array | string): void {
    const buf = toBuffer('Transport.write', 'data', data);
    this.#checkWritable('write');
    if (buf.length === 0) return;
    this.#flow.write(buf);
  }

  #checkWritable(fn: string): void {
    if (this.#eofWritten) throw new IoStateError(`Transport.${fn}(): cannot write after writeEof()`);
    if (!this.#closing && !this.#sock.destroyed) return;
    const error = this._writeError();
    if (error !== null) throw error;
    if (this.#userClosed)
      throw new IoStateError(`Transport.${fn}(): the transport is ${this.#closed ? 'closed' : 'closing'}`);
    throw new BrokenPipeError(`Transport.${fn}(): the connection was closed by the peer`, { code: 'EPIPE' });
  }

  /**
   * Write each item in order.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * transport.writeLines(['a', 'b', Buffer.from('c')]);
   * ```
   */
  writeLines(list: Iterable<Uint8Array | string>): void {
    for (const item of list) this.write(item);
  }

  /**
   * Send EOF after the buffered data; the peer's reads end, ours go on. Idempotent.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * transport.write('last words');
   * transport.writeEof();
   * ```
   */
  writeEof(): void {
    if (this.#eofWritten) return;
    if (!this.canWriteEof()) throw new IoStateError('Transport.writeEof(): not supported by TLS transports');
    this.#checkWritable('writeEof');
    this.#eofWritten = true;
    this.#sock.end();
  }

  /**
   * Whether `writeEof()` works (false for TLS, as asyncio).
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * if (transport.canWriteEof()) transport.writeEof();
   * ```
   */
  canWriteEof(): boolean {
    return !(this.#sock instanceof TLSSocket);
  }

  /**
   * Close after flushing; `connectionLost(null)` follows. Idempotent.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * transport.close();
   * ```
   */
  close(): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#userClosed = true;
    const sock = this.#sock;
    sock.pause();
    if (!sock.writable || sock.writableLength === 0) {
      sock.destroy();
      return;
    }
    sock.end(() => sock.destroy());
  }

  /**
   * Close now, dropping buffered data. Idempotent.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * transport.abort();
   * ```
   */
  abort(): void {
    this.#closing = true;
    this.#userClosed = true;
    this.#sock.destroy();
  }

  /**
   * Whether it is closing or closed.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * if (!transport.isClosing()) transport.write('x');
   * ```
   */
  isClosing(): boolean {
    return this.#closing || this.#sock.destroyed;
  }

  /**
   * Whether data is delivered to the protocol.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * transport.isReading(); // true
   * ```
   */
  isReading(): boolean {
    return this.#reading && !this.#closing;
  }

  /**
   * Stop delivering data until {@link SocketTransport.resumeReading}.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * transport.pauseReading();
   * ```
   */
  pauseReading(): void {
    if (this.#closing || !this.#reading) return;
    this.#reading = false;
    this.#sock.pause();
  }

  /**
   * Deliver data again.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * transport.resumeReading();
   * ```
   */
  resumeReading(): void {
    if (this.#closing || this.#reading) return;
    this.#reading = true;
    if (this.#started) this.#sock.resume();
  }

  /**
   * Bytes buffered, not yet handed to the OS. After a failed write it stays at the bytes that were lost: it
   * never reports as flushed what was not.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * transport.getWriteBufferSize(); // 0 when idle
   * ```
   */
  getWriteBufferSize(): number {
    return this.#flow.size();
  }

  /**
   * `[low, high]` water marks.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * transport.getWriteBufferLimits(); // [16384, 65536]
   * ```
   */
  getWriteBufferLimits(): [low: number, high: number] {
    return this.#flow.limits();
  }

  /**
   * Set the water marks (high default 64 KiB, low default high / 4); may pause or resume the protocol now.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * transport.setWriteBufferLimits(1 << 20);
   * ```
   */
  setWriteBufferLimits(high?: number, low?: number): void {
    this.#flow.setLimits(high, low);
  }

  /**
   * Extra information: `peername`, `sockname`, `socket`, and for TLS `peerCert`, `cipher`, `sslObject`.
   *
   * @example
   * ```ts
   * import { type InetAddress, type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * const [host, port] = transport.getExtraInfo('peername') as InetAddress;
   * ```
   */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown {
    return this.#extra[name] ?? socketExtraInfo(this.#sock, name) ?? defaultValue;
  }

  /**
   * Switch the protocol that receives data.
   *
   * @example
   * ```ts
   * import { Protocol, type Transport } from 'qtasyncio/io';
   * declare class OtherProtocol extends Protocol {}
   * declare const transport: Transport;
   * transport.setProtocol(new OtherProtocol());
   * ```
   */
  setProtocol(protocol: BaseProtocol): void {
    this.#protocol = protocol as StreamProtocol;
    this.#buffered = isBuffered(protocol);
  }

  /**
   * The current protocol.
   *
   * @example
   * ```ts
   * import { type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * transport.getProtocol();
   * ```
   */
  getProtocol(): BaseProtocol {
    return this.#protocol;
  }

  get [Symbol.toStringTag](): string {
    return 'SocketTransport';
  }
}
