/**
 * Listening servers (asyncio's `Server`) on `net.Server` and `tls.Server`: one Node server per host (a list of
 * hosts binds each, as asyncio binds every address), a transport and a new protocol per connection, closing and
 * waiting for the connections. `createServer.ts` makes them (asyncio's `loop.create_server`).
 *
 * @packageDocumentation
 */
import * as net from 'node:net';
import type * as tls from 'node:tls';
import { outsideTasks } from '../core/context';
import { CancelledError } from '../core/errors';
import type { Future } from '../futures/future';
import type { EventLoop } from '../loop/eventLoop';
import { type SocketAddress, toSocketAddress } from './address';
import { makeTransport } from './connections';
import { IoStateError } from './errors';
import { fromNodeError } from './nodeErrors';
import type { SocketTransport, StreamProtocol } from './socketTransport';
import { reportHandshakeFailed, tlsServer } from './tlsServer';
import { type UnixServerOptions, UnixSocketFile } from './unixSocketFile';
import { eventFuture } from './waitEvent';

/**
 * Options of `loop.createServer()` and `startServer()`.
 *
 * @example
 * ```ts
 * import { Protocol } from 'qtasyncio/io';
 * declare const factory: () => Protocol;
 * declare const key: string;
 * declare const cert: string;
 * await loop.createServer(factory, '127.0.0.1', 8443, { ssl: { key, cert }, backlog: 511 });
 * ```
 */
export interface ServerOptions {
  /** TLS: `tls.createServer` options (`key`, `cert`, …). */
  ssl?: tls.TlsOptions;
  /** Listen backlog (default 100). */
  backlog?: number;
  /** Start accepting at once (default true); otherwise call `startServing()` (the port is bound then). */
  startServing?: boolean;
  /** IPv6 sockets accept only IPv6 (Node's `ipv6Only`). */
  ipv6Only?: boolean;
}

/** @internal The keys of {@link ServerOptions}. */
export const SERVER_OPTIONS = ['ssl', 'backlog', 'startServing', 'ipv6Only'] as const;

/** @internal Where one Node server listens: a TCP host and port, or a Unix socket path. */
export type ListenSpec = { host?: string; port?: number; path?: string };

/**
 * A listening server: accepts connections and gives each a transport and a new protocol. Made by
 * `loop.createServer()`, `startServer()` and their Unix variants.
 *
 * @example
 * ```ts
 * import { startServer, StreamReader, StreamWriter } from 'qtasyncio/io';
 * declare function handle(reader: StreamReader, writer: StreamWriter): Promise<void>;
 * const server = await startServer(handle, { host: '127.0.0.1', port: 0 });
 * console.log(server.addresses());
 * server.close();
 * await server.waitClosed();
 * ```
 */
export class Server {
  readonly #loop: EventLoop;
  readonly #factory: () => StreamProtocol;
  readonly #specs: ListenSpec[];
  readonly #options: UnixServerOptions;
  #servers: net.Server[] = [];
  readonly #files = new Map<net.Server, UnixSocketFile>();
  readonly #transports = new Set<SocketTransport>();
  #serving = false;
  #closed = false;
  #netOpen = 0;
  #waiters: Future<void>[] = [];
  #forever: Future<void> | null = null;

  /** @internal */
  constructor(
    loop: EventLoop,
    factory: () => StreamProtocol,
    specs: ListenSpec[],
    options: UnixServerOptions,
  ) {
    this.#loop = loop;
    this.#factory = factory;
    this.#specs = specs;
    this.#options = options;
  }

  /** @internal */ _attach(t: SocketTransport): void {
    this.#transports.add(t);
  }

  /** @internal */ _detach(t: SocketTransport): void {
    this.#transports.delete(t);
    this.#wakeup();
  }

  #wakeup(): void {
    if (!this.#closed || this.#netOpen > 0 || this.#transports.size > 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) if (!w.done()) w.setResult();
  }

  #report(message: string, exception: unknown): void {
    this.#loop.callExceptionHandler({ message, exception, server: this });
  }

  readonly #onListenError = (error: unknown): void =>
    this.#report('Error on a listening socket', fromNodeError(error));

  /** A connection came (`extra`: the transport's extra info, for TLS its `sslContext`). */
  #onConnection(sock: net.Socket, extra?: Record<string, unknown>): void {
    if (this.#closed) {
      sock.destroy();
      return;
    }
    sock.on('error', () => {}); // reported by the transport; never an unhandled 'error'
    makeTransport(this.#loop, sock, this.#factory, this, extra).catch((exception: unknown) =>
      this.#report('Error while accepting a connection', exception),
    );
  }

  /**
   * The event loop it runs on.
   *
   * @example
   * ```ts
   * import { Server } from 'qtasyncio/io';
   * declare const server: Server;
   * server.getLoop() === loop; // true
   * ```
   */
  getLoop(): EventLoop {
    return this.#loop;
  }

  /**
   * Whether it accepts connections.
   *
   * @example
   * ```ts
   * import { Server } from 'qtasyncio/io';
   * declare const server: Server;
   * server.isServing(); // true after startServing()
   * ```
   */
  isServing(): boolean {
    return this.#serving;
  }

  /**
   * The listening Node servers (asyncio's listening sockets); `address()` on each gives the bound address.
   *
   * @example
   * ```ts
   * import type { AddressInfo } from 'node:net';
   * import { Server } from 'qtasyncio/io';
   * declare const server: Server;
   * const { port } = server.sockets[0]!.address() as AddressInfo;
   * ```
   */
  get sockets(): readonly net.Server[] {
    return this.#serving ? [...this.#servers] : [];
  }

  /**
   * The bound addresses: `[host, port]` or a Unix path, one per listening socket.
   *
   * @example
   * ```ts
   * import { type InetAddress, Server } from 'qtasyncio/io';
   * declare const server: Server;
   * const [host, port] = server.addresses()[0] as InetAddress;
   * ```
   */
  addresses(): SocketAddress[] {
    const out: SocketAddress[] = [];
    for (const s of this.sockets) {
      const a = toSocketAddress(s.address());
      if (a !== undefined) out.push(a);
    }
    return out;
  }

  /**
   * Start accepting (bind and listen). Idempotent.
   *
   * @throws `OSError` (e.g. code `'EADDRINUSE'`) if binding fails; {@link IoStateError} after `close()`.
   * @example
   * ```ts
   * import { startServer } from 'qtasyncio/io';
   * declare function cb(): void;
   * const server = await startServer(cb, { host: '127.0.0.1', port: 8080, startServing: false });
   * await server.startServing();
   * ```
   */
  async startServing(): Promise<void> {
    if (this.#closed) throw new IoStateError('Server.startServing(): the server is closed');
    if (this.#serving) return;
    this.#serving = true;
    const ssl = this.#options.ssl;
    const listening: Future<unknown>[] = [];
    for (const spec of this.#specs) {
      // A Unix connection's names, which Node does not tell: the server's path, and '' for the unbound client
      // (what asyncio's getsockname/getpeername give).
      const names = spec.path === undefined ? undefined : { sockname: spec.path, peername: '' };
      const srv = outsideTasks(() =>
        ssl === undefined
          ? net.createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true }, (sock) =>
              this.#onConnection(sock, names),
            )
          : tlsServer(
              { allowHalfOpen: true, ...ssl },
              (sock, sslContext) => this.#onConnection(sock, { ...names, sslContext }),
              (error, sock) => reportHandshakeFailed(this.#loop, error, sock),
            ),
      );
      this.#servers.push(srv);
      const file =
        spec.path === undefined ? null : new UnixSocketFile(spec.path, this.#options.cleanupSocket !== false);
      if (file !== null) {
        this.#files.set(srv, file);
        file.removeStale((e) => this.#report('Unable to check or remove a stale Unix socket file', e));
      }
      this.#netOpen++;
      srv.once('close', () => {
        this.#netOpen--;
        this.#wakeup();
      });
      const opts: net.ListenOptions = { ...spec, backlog: this.#options.backlog ?? 100 };
      if (this.#options.ipv6Only !== undefined) opts.ipv6Only = this.#options.ipv6Only;
      // From 'listening' on, an error of the listening socket (an accept() failing with EMFILE…) is nobody's
      // await: report it, never let it be an unhandled 'error' event (attached at the event: see eventFuture).
      const onListening = (): void => {
        file?.bound();
        srv.on('error', this.#onListenError);
      };
      listening.push(eventFuture(this.#loop, srv, 'listening', () => srv.close(), onListening));
      srv.listen(opts);
      if (srv.listening) file?.bound(); // bound at once (a path, outside a cluster): its file is known now
    }
    try {
      for (const l of listening) await l;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /**
   * Stop accepting and close the listening sockets; open connections stay (see `closeClients`). A Unix server
   * removes its socket file, unless it was replaced or `cleanupSocket` is false (asyncio 3.13). Idempotent.
   *
   * @example
   * ```ts
   * import { Server } from 'qtasyncio/io';
   * declare const server: Server;
   * server.close();
   * await server.waitClosed();
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#serving = false;
    for (const s of this.#servers) {
      const file = this.#files.get(s);
      if (file === undefined) s.close();
      else file.close(s, (e) => this.#report('Error while keeping a Unix socket file', e));
    }
    const f = this.#forever;
    if (f !== null && !f.done()) f.cancel();
    this.#wakeup();
  }

  /**
   * Resolves once the server is closed and every connection it accepted has ended.
   *
   * @example
   * ```ts
   * import { Server } from 'qtasyncio/io';
   * declare const server: Server;
   * server.close();
   * server.closeClients();
   * await server.waitClosed();
   * ```
   */
  async waitClosed(): Promise<void> {
    if (this.#closed && this.#netOpen === 0 && this.#transports.size === 0) return;
    const w = this.#loop.createFuture<void>();
    this.#waiters.push(w);
    try {
      await w;
    } finally {
      this.#waiters = this.#waiters.filter((x) => x !== w);
    }
  }

  /**
   * Serve until the awaiting task is cancelled (or `close()`); then close and wait for the connections.
   *
   * @throws {@link qtasyncio!CancelledError} when cancelled; {@link IoStateError} if already serving forever or closed.
   * @example
   * ```ts
   * import { Server } from 'qtasyncio/io';
   * declare const server: Server;
   * const task = loop.createTask(() => server.serveForever());
   * task.cancel();
   * ```
   */
  async serveForever(): Promise<void> {
    if (this.#forever !== null) throw new IoStateError('Server.serveForever(): already serving forever');
    if (this.#closed) throw new IoStateError('Server.serveForever(): the server is closed');
    const forever = this.#loop.createFuture<void>();
    this.#forever = forever;
    try {
      await this.startServing();
      await forever;
    } catch (e) {
      if (e instanceof CancelledError) {
        this.close();
        await this.waitClosed();
      }
      throw e;
    } finally {
      this.#forever = null;
    }
  }

  /**
   * Close every accepted connection gracefully (after flushing).
   *
   * @example
   * ```ts
   * import { Server } from 'qtasyncio/io';
   * declare const server: Server;
   * server.close();
   * server.closeClients();
   * ```
   */
  closeClients(): void {
    for (const t of [...this.#transports]) t.close();
  }

  /**
   * Abort every accepted connection now.
   *
   * @example
   * ```ts
   * import { Server } from 'qtasyncio/io';
   * declare const server: Server;
   * server.abortClients();
   * ```
   */
  abortClients(): void {
    for (const t of [...this.#transports]) t.abort();
  }

  /**
   * `await using server = …` closes it and waits until its connections ended.
   *
   * @example
   * ```ts
   * import { startServer, StreamReader, StreamWriter } from 'qtasyncio/io';
   * declare function handle(reader: StreamReader, writer: StreamWriter): Promise<void>;
   * await using server = await startServer(handle, { host: '127.0.0.1', port: 0 });
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.waitClosed();
  }

  get [Symbol.toStringTag](): string {
    return 'Server';
  }
}
