/**
 * The stream transport on a Node `net.Socket` (TCP, TLS, Unix sockets, and the pipes of child processes):
 * asyncio's `_SelectorSocketTransport` on Node's stream events — the read side (`'data'`/`'end'` to the protocol,
 * `pauseReading()`) and the write side (`write()`, `writeEof()`, the write buffer). The connection's life,
 * `close()`, `abort()` and the extra-info table are {@link BaseSocketTransport}'s.
 *
 * - `connectionMade` runs on the next loop iteration; data is delivered only after it.
 * - Flow control: `pauseWriting()` when the unconfirmed bytes pass the high mark, `resumeWriting()` when write
 *   callbacks bring them to the low mark (see `WriteFlow`).
 * - A failed write (peer reset, broken pipe) breaks the transport at once, as asyncio's `_force_close`: it is
 *   closing, `write()` throws the error, `connectionLost(exc)` runs, so `drain()` rejects. Never a silent drop.
 *
 * @packageDocumentation
 */
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { EventLoop } from '../loop/eventLoop';
import { BaseSocketTransport } from './baseSocketTransport';
import { BrokenPipeError, IoStateError } from './errors';
import { fromNodeError } from './nodeErrors';
import {
  type BaseProtocol,
  type BufferedProtocol,
  feedBufferedProtocol,
  isBuffered,
  type Protocol,
  type StreamProtocol,
} from './protocols';
import type { Transport, TransportTracker } from './transports';
import { toBuffer } from './validate';
import { WriteFlow } from './writeFlow';

export type { StreamProtocol };

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
export class SocketTransport extends BaseSocketTransport implements Transport {
  #buffered: boolean;
  #eofWritten = false;
  #reading = true;
  readonly #flow: WriteFlow;
  #onReady: ((error: unknown) => void) | undefined;
  readonly #onDataEvent = (chunk: Buffer): void => this.#onData(chunk);
  readonly #onEndEvent = (): void => this.#onEnd();

  /** @internal */
  constructor(loop: EventLoop, sock: Socket, protocol: StreamProtocol, options: SocketTransportOptions = {}) {
    super(loop, sock, protocol, options.tracker, options.extra);
    this.#buffered = isBuffered(protocol);
    this.#onReady = options.onReady;
    this.#flow = new WriteFlow(
      sock,
      () => this._call('pauseWriting', () => this._protocol.pauseWriting()),
      () => this._call('resumeWriting', () => this._protocol.resumeWriting()),
      (e) => this.#onWriteFailed(e),
    );
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
    this._started = true;
    this._recordAddresses();
    if (callMade && !this._call('connectionMade', () => this._protocol.connectionMade(this))) {
      this.#notifyReady(this._error);
      return;
    }
    if (this._closed) {
      this.#notifyReady(this._error ?? new IoStateError('connection closed before it was made'));
      this._connectionLost();
      return;
    }
    if (this.#reading && !this._closing && this._sock.readable) this._sock.resume();
    this.#notifyReady(null);
  }

  /** @internal Hand the socket over (startTls): this transport stops, silently, and leaves its tracker. */
  override _detachSocket(): Socket {
    this.#flow.detach();
    this._sock.off('data', this.#onDataEvent);
    this._sock.off('end', this.#onEndEvent);
    return super._detachSocket();
  }

  #notifyReady(error: unknown): void {
    const cb = this.#onReady;
    this.#onReady = undefined;
    cb?.(error);
  }

  #onData(chunk: Buffer): void {
    if (this._closing) return;
    try {
      if (this.#buffered) feedBufferedProtocol(this._protocol as BufferedProtocol, chunk);
      else (this._protocol as Protocol).dataReceived(chunk);
    } catch (exception) {
      this._fatalError(this.#buffered ? 'bufferUpdated' : 'dataReceived', exception);
    }
  }

  #onEnd(): void {
    if (this._closing) return;
    let keepOpen: unknown;
    const ok = this._call('eofReceived', () => {
      keepOpen = (this._protocol as Protocol).eofReceived();
    });
    if (ok && !keepOpen) {
      this.close();
      this._userClosed = false;
    }
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
    return this.#reading && !this._closing;
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
    if (this._closing || !this.#reading) return;
    this.#reading = false;
    this._sock.pause();
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
    if (this._closing || this.#reading) return;
    this.#reading = true;
    if (this._started) this._sock.resume();
  }

  /**
   * Switch the protocol that receives data (a {@link BufferedProtocol} gets `getBuffer()`/`bufferUpdated()`).
   *
   * @example
   * ```ts
   * import { Protocol, type Transport } from 'qtasyncio/io';
   * declare class OtherProtocol extends Protocol {}
   * declare const transport: Transport;
   * transport.setProtocol(new OtherProtocol());
   * ```
   */
  override setProtocol(protocol: BaseProtocol): void {
    super.setProtocol(protocol);
    this.#buffered = isBuffered(protocol);
  }

  /** A write callback reported an error: the bytes are lost, the connection with them (asyncio's `_force_close`). */
  #onWriteFailed(e: Error): void {
    if (this._userClosed && this._error === null) return; // our own close()/abort() dropped them
    this._forceClose(e);
  }

  /**
   * @internal The error writes fail with, or `null`: known before Node's `'error'`/`'close'` events arrive, from
   * the socket's own state (destroyed by a reset or a broken pipe).
   */
  _writeError(): unknown {
    if (this._error !== null) return this._error;
    const errored = (this._sock as { errored?: unknown }).errored;
    if (errored !== null && errored !== undefined && !this._userClosed) this._error = fromNodeError(errored);
    return this._error;
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
    if (!this._closing && !this._sock.destroyed) return;
    const error = this._writeError();
    if (error !== null) throw error;
    if (this._userClosed)
      throw new IoStateError(`Transport.${fn}(): the transport is ${this._closed ? 'closed' : 'closing'}`);
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
    this._sock.end();
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
    return !(this._sock instanceof TLSSocket);
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

  get [Symbol.toStringTag](): string {
    return 'SocketTransport';
  }
}
