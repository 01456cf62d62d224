/**
 * StreamWriter (asyncio's `streams.StreamWriter`): writes to a transport, with `drain()` waiting on the
 * transport's real backpressure (Node's write buffer over the high-water mark).
 *
 * @packageDocumentation
 */
import type * as net from 'node:net';
import * as tls from 'node:tls';
import { outsideTasks } from '../core/context';
import { checkOptionKeys } from '../core/validate';
import type { Future } from '../futures/future';
import { sleep } from '../futures/sleep';
import type { EventLoop } from '../loop/eventLoop';
import { IoArgumentError, IoStateError } from './errors';
import { SocketTransport, type StreamProtocol } from './socketTransport';
import type { StreamReader } from './streamReader';
import type { ExtraInfoName, Transport } from './transports';
import { eventFuture } from './waitEvent';

/**
 * What a StreamWriter needs from its protocol: `WriterProtocol` and the subprocess stdin protocol.
 *
 * @example
 * ```ts
 * import { StreamReader, StreamReaderProtocol, StreamWriter, type Transport } from 'qtasyncio/io';
 * declare const reader: StreamReader;
 * declare const transport: Transport;
 * const writer = new StreamWriter(transport, new StreamReaderProtocol(reader, null, loop), reader, loop);
 * ```
 */
export interface WriterProtocol {
  /** @internal */ _drainHelper(): Promise<void>;
  /** @internal */ _closedFuture(): Future<void>;
  /** @internal */ _replaceTransport?(transport: Transport): void;
}

/**
 * Options of {@link StreamWriter.startTls}.
 *
 * @example
 * ```ts
 * import { StreamWriter } from 'qtasyncio/io';
 * declare const writer: StreamWriter;
 * declare const key: string;
 * declare const cert: string;
 * await writer.startTls({ key, cert }, { serverSide: true });
 * ```
 */
export interface StartTlsOptions {
  /** Act as the TLS server (default: client). */
  serverSide?: boolean;
  /** TLS server name for the client (SNI and certificate check). */
  serverHostname?: string;
}

/**
 * Writes bytes to a connection or a pipe.
 *
 * @example
 * ```ts
 * import { openConnection } from 'qtasyncio/io';
 * declare const port: number;
 * const [reader, writer] = await openConnection({ host: '127.0.0.1', port });
 * writer.write('hello\n');
 * await writer.drain();
 * writer.close();
 * await writer.waitClosed();
 * ```
 */
export class StreamWriter {
  #transport: Transport;
  readonly #protocol: WriterProtocol;
  readonly #reader: StreamReader | null;
  readonly #loop: EventLoop;

  /**
   * Made by `openConnection` / `startServer`, which wire the parts together.
   * @param transport - the connection's transport
   * @param protocol - the protocol that reports drain and close to this writer
   * @param reader - the connection's reader (or `null`)
   * @param loop - the loop the connection runs on
   */
  constructor(transport: Transport, protocol: WriterProtocol, reader: StreamReader | null, loop: EventLoop) {
    this.#transport = transport;
    this.#protocol = protocol;
    this.#reader = reader;
    this.#loop = loop;
  }

  /**
   * The underlying transport.
   *
   * @example
   * ```ts
   * import { StreamWriter } from 'qtasyncio/io';
   * declare const writer: StreamWriter;
   * writer.transport.setWriteBufferLimits(1 << 20);
   * ```
   */
  get transport(): Transport {
    return this.#transport;
  }

  /**
   * Queue bytes (a string is UTF-8). Follow with `await drain()` to respect backpressure.
   *
   * @throws {@link IoStateError} after `close()`; the connection's error once it is lost.
   * @example
   * ```ts
   * import { StreamWriter } from 'qtasyncio/io';
   * declare const writer: StreamWriter;
   * writer.write(Buffer.from([1, 2, 3]));
   * ```
   */
  write(data: Uint8Array | string): void {
    this.#transport.write(data);
  }

  /**
   * Write each item in order. asyncio: `writelines`.
   *
   * @example
   * ```ts
   * import { StreamWriter } from 'qtasyncio/io';
   * declare const writer: StreamWriter;
   * writer.writeLines(['a\n', 'b\n']);
   * ```
   */
  writeLines(data: Iterable<Uint8Array | string>): void {
    this.#transport.writeLines(data);
  }

  /**
   * Close the write side after the buffered data (TCP half-close).
   *
   * @example
   * ```ts
   * import { StreamReader, StreamWriter } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * declare const writer: StreamWriter;
   * writer.writeEof();
   * const reply = await reader.read();
   * ```
   */
  writeEof(): void {
    this.#transport.writeEof();
  }

  /**
   * Whether {@link StreamWriter.writeEof} works (not over TLS).
   *
   * @example
   * ```ts
   * import { StreamWriter } from 'qtasyncio/io';
   * declare const writer: StreamWriter;
   * writer.canWriteEof(); // true for TCP
   * ```
   */
  canWriteEof(): boolean {
    return this.#transport.canWriteEof();
  }

  /**
   * Close the connection after flushing. Idempotent.
   *
   * @example
   * ```ts
   * import { StreamWriter } from 'qtasyncio/io';
   * declare const writer: StreamWriter;
   * writer.close();
   * await writer.waitClosed();
   * ```
   */
  close(): void {
    this.#transport.close();
  }

  /**
   * Whether it is closing or closed.
   *
   * @example
   * ```ts
   * import { StreamWriter } from 'qtasyncio/io';
   * declare const writer: StreamWriter;
   * if (!writer.isClosing()) writer.write('x');
   * ```
   */
  isClosing(): boolean {
    return this.#transport.isClosing();
  }

  /**
   * Resolves when the connection is closed; rejects with its error if it was lost to one.
   *
   * @example
   * ```ts
   * import { StreamWriter } from 'qtasyncio/io';
   * declare const writer: StreamWriter;
   * writer.close();
   * await writer.waitClosed();
   * ```
   */
  async waitClosed(): Promise<void> {
    await this.#protocol._closedFuture();
  }

  /**
   * Transport information: `'peername'`, `'sockname'` (`[host, port]`), `'peerCert'`, `'socket'`…
   *
   * @example
   * ```ts
   * import { type InetAddress, StreamWriter } from 'qtasyncio/io';
   * declare const writer: StreamWriter;
   * const [host, port] = writer.getExtraInfo('peername') as InetAddress;
   * ```
   */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown {
    return this.#transport.getExtraInfo(name, defaultValue);
  }

  /**
   * Wait until the write buffer is under its low-water mark. Throws the reader's error, or
   * `ConnectionResetError` when the connection was lost. Cancelling the task throws `CancelledError` here; the
   * written bytes stay queued.
   *
   * @example
   * ```ts
   * import { StreamWriter } from 'qtasyncio/io';
   * declare const writer: StreamWriter;
   * declare const chunks: Buffer[];
   * for (const chunk of chunks) { writer.write(chunk); await writer.drain(); }
   * ```
   */
  drain(): Promise<void> {
    const exc = this.#reader?.exception();
    if (exc !== null && exc !== undefined) return Promise.reject(exc);
    // Fast path (the common case): nothing to wait for, no async frames.
    if (!this.#transport.isClosing()) return this.#protocol._drainHelper();
    return this.#drainClosing();
  }

  async #drainClosing(): Promise<void> {
    // Let connectionLost run first, so the error below is the connection's.
    await sleep(0);
    // A socket destroyed by a reset may not have reported yet ('close' comes a loop phase later): its error.
    const t = this.#transport;
    if (t instanceof SocketTransport) {
      const error = t._writeError();
      if (error !== null) throw error;
      // Closed, and 'close' is on its way: wait for connectionLost, so drain() reports the lost connection as
      // asyncio does, instead of succeeding on a socket that is gone.
      if (t._destroyed()) await this.#closed();
    }
    await this.#protocol._drainHelper();
  }

  /** Resolves (never rejects) once the connection is lost; cancelling the caller leaves the protocol's Future alone. */
  async #closed(): Promise<void> {
    const closed = this.#protocol._closedFuture();
    if (closed.done()) return;
    const w = this.#loop.createFuture<void>();
    closed.addDoneCallback(() => {
      if (!w.done()) w.setResult();
    });
    await w;
  }

  /**
   * Upgrade the connection to TLS (asyncio's `start_tls`); the reader and writer go on over TLS.
   *
   * @example
   * ```ts
   * import { StreamReader, StreamWriter } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * declare const writer: StreamWriter;
   * writer.write('STARTTLS\r\n');
   * await reader.readLine();
   * await writer.startTls({ rejectUnauthorized: false }, { serverHostname: 'mail.example' });
   * ```
   */
  async startTls(
    sslOptions: tls.ConnectionOptions & tls.TlsOptions = {},
    options: StartTlsOptions = {},
  ): Promise<void> {
    if (typeof sslOptions !== 'object' || sslOptions === null) {
      throw new IoArgumentError('StreamWriter.startTls(sslOptions): expected TLS options');
    }
    checkOptionKeys('StreamWriter.startTls', options, ['serverSide', 'serverHostname'], IoArgumentError);
    const old = this.#transport;
    if (!(old instanceof SocketTransport) || old.isClosing()) {
      throw new IoStateError('StreamWriter.startTls(): the transport is closing or cannot be upgraded');
    }
    if (old.getExtraInfo('sslObject') !== undefined) {
      throw new IoStateError('StreamWriter.startTls(): the transport is already using TLS');
    }
    await this.drain();
    // The context is made here (not by tls.connect, which frees its own after the handshake): the transport's
    // 'sslContext'.
    const sslContext = sslOptions.secureContext ?? tls.createSecureContext(sslOptions);
    const raw = old._detachSocket();
    const secure = outsideTasks(() =>
      options.serverSide
        ? new tls.TLSSocket(raw, { ...sslOptions, isServer: true, secureContext: sslContext })
        : tls.connect({
            ...sslOptions,
            socket: raw,
            servername: options.serverHostname ?? sslOptions.servername,
            secureContext: sslContext,
          }),
    );
    const event = options.serverSide ? 'secure' : 'secureConnect';
    const tracker = old._tracker;
    // The new transport listens from the handshake's event on (see eventFuture's atEvent).
    const attach = (): SocketTransport =>
      new SocketTransport(this.#loop, secure, this.#protocol as unknown as StreamProtocol, {
        started: true,
        ...(tracker === undefined ? {} : { tracker }),
        extra: { sslContext },
      });
    const transport = await eventFuture(
      this.#loop,
      secure as net.Socket,
      event,
      () => secure.destroy(),
      attach,
    );
    this.#transport = transport;
    this.#protocol._replaceTransport?.(transport);
    this.#reader?._replaceTransport(transport);
  }

  get [Symbol.toStringTag](): string {
    return 'StreamWriter';
  }
}
