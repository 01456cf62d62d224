/**
 * The io methods of {@link EventLoop} (asyncio's `loop.create_connection`, `create_server`…). They live in
 * `qtasyncio/io`, not in the loop core: importing `qtasyncio/io` installs them on `EventLoop.prototype`, and the
 * declaration merging below types them.
 *
 * @packageDocumentation
 */
import type { EventLoop } from '../loop/eventLoop';
import { installLoopMethod } from '../loop/installLoopMethod';
import type { InetAddress } from './address';
import {
  type ConnectionOptions,
  createConnection,
  createUnixConnection,
  type UnixConnectionOptions,
} from './connections';
import { createDatagramEndpoint, type DatagramEndpointOptions, type UdpTransport } from './datagrams';
import { type AddrInfo, type GetaddrinfoOptions, getaddrinfo, getnameinfo } from './dns';
import type { DatagramProtocol, SubprocessProtocol } from './protocols';
import { createServer, createUnixServer, type Server, type ServerOptions } from './servers';
import { addSignalHandler, removeSignalHandler } from './signals';
import type { SocketTransport, StreamProtocol } from './socketTransport';
import { type SubprocessOptions, subprocessExec, subprocessShell } from './subprocess';
import type { ChildProcessTransport } from './subprocessTransport';

declare module '../loop/eventLoop' {
  interface EventLoop {
    /**
     * Connect over TCP/TLS and bind a new protocol; resolves with `[transport, protocol]` after `connectionMade`.
     * (Installed by importing `qtasyncio/io`.)
     *
     * @example
     * ```ts
     * const [transport, protocol] = await loop.createConnection(() => new MyProtocol(), '127.0.0.1', 8080);
     * ```
     */
    createConnection<P extends StreamProtocol>(
      protocolFactory: () => P,
      host: string,
      port: number,
      options?: ConnectionOptions,
    ): Promise<[SocketTransport, P]>;
    /**
     * Connect to a Unix socket and bind a new protocol. (Installed by importing `qtasyncio/io`.)
     *
     * @example
     * ```ts
     * const [transport] = await loop.createUnixConnection(() => new MyProtocol(), '/tmp/app.sock');
     * ```
     */
    createUnixConnection<P extends StreamProtocol>(
      protocolFactory: () => P,
      path: string,
      options?: UnixConnectionOptions,
    ): Promise<[SocketTransport, P]>;
    /**
     * Listen on `host:port` and serve a new protocol per connection. (Installed by importing `qtasyncio/io`.)
     *
     * @example
     * ```ts
     * const server = await loop.createServer(() => new EchoProtocol(), '127.0.0.1', 0);
     * ```
     */
    createServer(
      protocolFactory: () => StreamProtocol,
      host: string | readonly string[] | undefined,
      port: number,
      options?: ServerOptions,
    ): Promise<Server>;
    /**
     * Listen on a Unix socket. (Installed by importing `qtasyncio/io`.)
     *
     * @example
     * ```ts
     * const server = await loop.createUnixServer(() => new EchoProtocol(), '/tmp/app.sock');
     * ```
     */
    createUnixServer(
      protocolFactory: () => StreamProtocol,
      path: string,
      options?: ServerOptions,
    ): Promise<Server>;
    /**
     * Create a UDP endpoint. (Installed by importing `qtasyncio/io`.)
     *
     * @example
     * ```ts
     * const [transport, protocol] = await loop.createDatagramEndpoint(() => new MyUdp(), { localAddr: ['127.0.0.1', 0] });
     * ```
     */
    createDatagramEndpoint<P extends DatagramProtocol>(
      protocolFactory: () => P,
      options?: DatagramEndpointOptions,
    ): Promise<[UdpTransport, P]>;
    /**
     * Run a program bound to a SubprocessProtocol. (Installed by importing `qtasyncio/io`.)
     *
     * @example
     * ```ts
     * const [transport, protocol] = await loop.subprocessExec(() => new Collect(), 'ls', ['-l'], { stdout: PIPE });
     * ```
     */
    subprocessExec<P extends SubprocessProtocol>(
      protocolFactory: () => P,
      program: string,
      args?: readonly string[],
      options?: SubprocessOptions,
    ): Promise<[ChildProcessTransport, P]>;
    /**
     * Run a shell command bound to a SubprocessProtocol. (Installed by importing `qtasyncio/io`.)
     *
     * @example
     * ```ts
     * const [transport] = await loop.subprocessShell(() => new Collect(), 'echo hi', { stdout: PIPE });
     * ```
     */
    subprocessShell<P extends SubprocessProtocol>(
      protocolFactory: () => P,
      cmd: string,
      options?: SubprocessOptions,
    ): Promise<[ChildProcessTransport, P]>;
    /**
     * Call `callback(...args)` on this loop when the process receives `sig`. (Installed by importing
     * `qtasyncio/io`.)
     *
     * @example
     * ```ts
     * loop.addSignalHandler('SIGTERM', () => loop.stop());
     * ```
     */
    addSignalHandler<A extends unknown[]>(
      sig: NodeJS.Signals | number,
      callback: (...args: A) => unknown,
      ...args: A
    ): void;
    /**
     * Remove this loop's handler for `sig`; whether there was one. (Installed by importing `qtasyncio/io`.)
     *
     * @example
     * ```ts
     * loop.removeSignalHandler('SIGTERM'); // true
     * ```
     */
    removeSignalHandler(sig: NodeJS.Signals | number): boolean;
    /**
     * Resolve a host name. (Installed by importing `qtasyncio/io`.)
     *
     * @example
     * ```ts
     * const [info] = await loop.getaddrinfo('localhost', 80);
     * ```
     */
    getaddrinfo(host: string, port?: number | null, options?: GetaddrinfoOptions): Promise<AddrInfo[]>;
    /**
     * Reverse-resolve `[host, port]` into `[hostname, service]`. (Installed by importing `qtasyncio/io`.)
     *
     * @example
     * ```ts
     * const [name, service] = await loop.getnameinfo(['127.0.0.1', 80]);
     * ```
     */
    getnameinfo(sockaddr: InetAddress, flags?: number): Promise<[string, string]>;
  }
}

installLoopMethod(
  'createConnection',
  function (
    this: EventLoop,
    factory: () => StreamProtocol,
    host: string,
    port: number,
    opts?: ConnectionOptions,
  ) {
    return createConnection(this, factory, host, port, opts);
  },
);
installLoopMethod(
  'createUnixConnection',
  function (this: EventLoop, factory: () => StreamProtocol, path: string, opts?: UnixConnectionOptions) {
    return createUnixConnection(this, factory, path, opts);
  },
);
installLoopMethod(
  'createServer',
  function (
    this: EventLoop,
    factory: () => StreamProtocol,
    host: string | undefined,
    port: number,
    opts?: ServerOptions,
  ) {
    return createServer(this, factory, host, port, opts);
  },
);
installLoopMethod(
  'createUnixServer',
  function (this: EventLoop, factory: () => StreamProtocol, path: string, opts?: ServerOptions) {
    return createUnixServer(this, factory, path, opts);
  },
);
installLoopMethod(
  'createDatagramEndpoint',
  function (this: EventLoop, factory: () => DatagramProtocol, opts?: DatagramEndpointOptions) {
    return createDatagramEndpoint(this, factory, opts);
  },
);
installLoopMethod(
  'subprocessExec',
  function (
    this: EventLoop,
    factory: () => SubprocessProtocol,
    program: string,
    args?: readonly string[],
    opts?: SubprocessOptions,
  ) {
    return subprocessExec(this, factory, program, args, opts);
  },
);
installLoopMethod(
  'subprocessShell',
  function (this: EventLoop, factory: () => SubprocessProtocol, cmd: string, opts?: SubprocessOptions) {
    return subprocessShell(this, factory, cmd, opts);
  },
);
installLoopMethod(
  'addSignalHandler',
  function (this: EventLoop, sig: NodeJS.Signals, cb: (...a: unknown[]) => unknown, ...args: unknown[]) {
    addSignalHandler(this, sig, cb, ...args);
  },
);
installLoopMethod('removeSignalHandler', function (this: EventLoop, sig: NodeJS.Signals) {
  return removeSignalHandler(this, sig);
});
installLoopMethod(
  'getaddrinfo',
  function (this: EventLoop, host: string, port?: number | null, opts?: GetaddrinfoOptions) {
    return getaddrinfo(this, host, port, opts);
  },
);
installLoopMethod('getnameinfo', function (this: EventLoop, sockaddr: InetAddress, flags?: number) {
  return getnameinfo(this, sockaddr, flags);
});
