/**
 * What a transport on a Node socket is apart from its data (asyncio's `_SelectorTransport`): the socket, the
 * protocol, the extra-info table, the server tracking it, and the connection's life — `close()`, `abort()`,
 * a protocol callback that throws (`_fatal_error`), a socket that fails (`_force_close`), and the one
 * `connectionLost()` call at the end. {@link SocketTransport} adds the read and write sides.
 *
 * - Protocol callbacks run outside any Task; their exceptions go to the loop's exception handler and abort.
 * - Node's `'error'` event is always listened to; the error becomes `connectionLost(exc)` (see `fromNodeError`).
 * - `connectionLost()` waits for `connectionMade()`: a socket closed before it is reported after it.
 *
 * @packageDocumentation
 */
import type { Socket } from 'node:net';
import type { EventLoop } from '../loop/eventLoop';
import { socketExtraInfo } from './extraInfo';
import { fromNodeError } from './nodeErrors';
import type { BaseProtocol, StreamProtocol } from './protocols';
import type { BaseTransport, ExtraInfoName, TransportTracker } from './transports';

/**
 * The connection's life on a Node socket, shared by the stream transports; {@link SocketTransport} adds reading
 * and writing. Not constructed directly.
 *
 * @example
 * ```ts
 * import { type Transport } from 'qtasyncio/io';
 * import type { BaseSocketTransport } from './baseSocketTransport';
 * declare const transport: BaseSocketTransport & Transport;
 * if (!transport.isClosing()) transport.close();
 * ```
 */
export abstract class BaseSocketTransport implements BaseTransport {
  readonly #loop: EventLoop;
  /** @internal */ protected readonly _sock: Socket;
  /** @internal */ protected _protocol: StreamProtocol;
  readonly #tracker: TransportTracker | undefined;
  readonly #extra: Record<string, unknown>;
  /** @internal `connectionMade()` ran (or was not due: a transport made by startTls); `connectionLost()` waits for it. */
  protected _started = false;
  /** @internal */ protected _closing = false;
  /** @internal `close()` or `abort()` was called (not the peer, not an error). */
  protected _userClosed = false;
  /** @internal Node's `'close'` event came. */
  protected _closed = false;
  /** @internal The error `connectionLost()` gets (`null`: a clean close). */
  protected _error: unknown = null;
  #lost = false;
  readonly #onError = (e: Error): void => {
    this._error ??= fromNodeError(e);
    this._closing = true;
  };
  readonly #onCloseEvent = (): void => this.#onClose();

  /** @internal */
  constructor(
    loop: EventLoop,
    sock: Socket,
    protocol: StreamProtocol,
    tracker: TransportTracker | undefined,
    extra: Record<string, unknown> | undefined,
  ) {
    this.#loop = loop;
    this._sock = sock;
    this._protocol = protocol;
    this.#tracker = tracker;
    this.#extra = { socket: sock, ...extra };
    this.#tracker?._attach(this);
    sock.on('error', this.#onError);
    sock.on('close', this.#onCloseEvent);
  }

  /** @internal Hand the socket over (startTls): this transport stops, silently, and leaves its tracker. */
  _detachSocket(): Socket {
    const sock = this._sock;
    sock.off('error', this.#onError);
    sock.off('close', this.#onCloseEvent);
    sock.on('error', () => {}); // the TLS socket reports errors from now on
    sock.pause();
    this._closing = true;
    this.#lost = true;
    this.#tracker?._detach(this);
    return sock;
  }

  /** @internal */
  get _tracker(): TransportTracker | undefined {
    return this.#tracker;
  }

  /** @internal Whether the Node socket is destroyed (its 'close' event may still be on its way). */
  _destroyed(): boolean {
    return this._sock.destroyed;
  }

  /** @internal Record the addresses in the extra-info table, once connected (asyncio does it at creation). */
  protected _recordAddresses(): void {
    this.#extra.peername ??= socketExtraInfo(this._sock, 'peername');
    this.#extra.sockname ??= socketExtraInfo(this._sock, 'sockname');
  }

  /** @internal Call a protocol method; on an exception report it and abort. Returns false if it threw. */
  protected _call(what: string, fn: () => unknown): boolean {
    try {
      fn();
      return true;
    } catch (exception) {
      this._fatalError(what, exception);
      return false;
    }
  }

  /** @internal A protocol callback threw: report it, abort (asyncio's `_fatal_error`). */
  protected _fatalError(what: string, exception: unknown): void {
    const message = `Fatal error: protocol.${what}() call failed.`;
    this.#loop.callExceptionHandler({ message, exception, transport: this, protocol: this._protocol });
    this._error ??= exception;
    this.abort();
  }

  /**
   * @internal The socket failed with Node's error `e` (a write lost its bytes): destroy it and report the loss now
   * (asyncio's `_force_close`).
   */
  protected _forceClose(e: unknown): void {
    this._error ??= fromNodeError(e);
    this._closing = true;
    this._sock.destroy();
    if (this._started) this._connectionLost();
  }

  #onClose(): void {
    this._closed = true;
    this._closing = true;
    if (this._started) this._connectionLost();
  }

  /** @internal Call `connectionLost()` with the error, once, and leave the tracker. */
  protected _connectionLost(): void {
    if (this.#lost) return;
    this.#lost = true;
    this.#tracker?._detach(this);
    const exc = this._error;
    this._call('connectionLost', () => this._protocol.connectionLost(exc));
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
    if (this._closing) return;
    this._closing = true;
    this._userClosed = true;
    const sock = this._sock;
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
    this._closing = true;
    this._userClosed = true;
    this._sock.destroy();
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
    return this._closing || this._sock.destroyed;
  }

  /**
   * Extra information: `peername`, `sockname`, `socket`, and for TLS `peerCert`, `cipher`, `sslObject` and
   * `sslContext` (the `tls.SecureContext` of the connection).
   *
   * @example
   * ```ts
   * import { type InetAddress, type Transport } from 'qtasyncio/io';
   * declare const transport: Transport;
   * const [host, port] = transport.getExtraInfo('peername') as InetAddress;
   * ```
   */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown {
    return this.#extra[name] ?? socketExtraInfo(this._sock, name) ?? defaultValue;
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
    this._protocol = protocol as StreamProtocol;
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
    return this._protocol;
  }
}
