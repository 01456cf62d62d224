/**
 * The io methods of {@link EventLoop} (asyncio's `loop.create_connection`, `create_server`…). They are part of
 * every EventLoop (typed here, installed by `eventLoop.ts`); each loads its implementation in `src/io` on its
 * first call, so a program that never does io never loads `net`, `dgram` or `child_process`.
 *
 * @packageDocumentation
 */
import { loadOnce } from '../core/loadOnce';
import type { InetAddress } from '../io/address';
import type { ConnectionOptions, UnixConnectionOptions } from '../io/connections';
import type { DatagramEndpointOptions } from '../io/datagrams';
import type { AddrInfo, GetaddrinfoOptions } from '../io/dns';
import type { DatagramProtocol, SubprocessProtocol } from '../io/protocols';
import type { Server, ServerOptions } from '../io/servers';
import type { StreamProtocol } from '../io/socketTransport';
import type { SubprocessOptions } from '../io/subprocess';
import type { DatagramTransport, SubprocessTransport, Transport } from '../io/transports';
import type { UnixServerOptions } from '../io/unixSocketFile';
import type { EventLoop } from './eventLoop';

/** The io methods every {@link EventLoop} has. */
export interface LoopIoMethods {
  /**
   * Connect over TCP/TLS and bind a new protocol; resolves with `[transport, protocol]` after `connectionMade`.
   *
   *
   * @example
   * ```ts
   * import { Protocol } from 'qtasyncio/io';
   * declare class MyProtocol extends Protocol {}
   * const [transport, protocol] = await loop.createConnection(() => new MyProtocol(), '127.0.0.1', 8080);
   * ```
   */
  createConnection<P extends StreamProtocol>(
    protocolFactory: () => P,
    host: string,
    port: number,
    options?: ConnectionOptions,
  ): Promise<[Transport, P]>;
  /**
   * Connect to a Unix socket and bind a new protocol.
   *
   * @example
   * ```ts
   * import { Protocol } from 'qtasyncio/io';
   * declare class MyProtocol extends Protocol {}
   * const [transport] = await loop.createUnixConnection(() => new MyProtocol(), '/tmp/app.sock');
   * ```
   */
  createUnixConnection<P extends StreamProtocol>(
    protocolFactory: () => P,
    path: string,
    options?: UnixConnectionOptions,
  ): Promise<[Transport, P]>;
  /**
   * Listen on `host:port` and serve a new protocol per connection.
   *
   * @example
   * ```ts
   * import { Protocol } from 'qtasyncio/io';
   * declare class EchoProtocol extends Protocol {}
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
   * Listen on a Unix socket.
   *
   * @example
   * ```ts
   * import { Protocol } from 'qtasyncio/io';
   * declare class EchoProtocol extends Protocol {}
   * const server = await loop.createUnixServer(() => new EchoProtocol(), '/tmp/app.sock');
   * ```
   */
  createUnixServer(
    protocolFactory: () => StreamProtocol,
    path: string,
    options?: UnixServerOptions,
  ): Promise<Server>;
  /**
   * Create a UDP endpoint.
   *
   * @example
   * ```ts
   * import { DatagramProtocol } from 'qtasyncio/io';
   * const [transport, protocol] = await loop.createDatagramEndpoint(() => new DatagramProtocol(), { localAddr: ['127.0.0.1', 0] });
   * ```
   */
  createDatagramEndpoint<P extends DatagramProtocol>(
    protocolFactory: () => P,
    options?: DatagramEndpointOptions,
  ): Promise<[DatagramTransport, P]>;
  /**
   * Run a program bound to a SubprocessProtocol. Its stdin, stdout and stderr are pipes unless the options say
   * otherwise (`null`: inherit this process's), as asyncio's `loop.subprocess_exec`.
   *
   * @example
   * ```ts
   * import { PIPE, SubprocessProtocol } from 'qtasyncio/io';
   * const [transport, protocol] = await loop.subprocessExec(() => new SubprocessProtocol(), 'ls', ['-l'], { stdout: PIPE });
   * ```
   */
  subprocessExec<P extends SubprocessProtocol>(
    protocolFactory: () => P,
    program: string,
    args?: readonly string[],
    options?: SubprocessOptions,
  ): Promise<[SubprocessTransport, P]>;
  /**
   * Run a shell command bound to a SubprocessProtocol. Its stdin, stdout and stderr are pipes unless the options
   * say otherwise (`null`: inherit this process's), as asyncio's `loop.subprocess_shell`.
   *
   * @example
   * ```ts
   * import { PIPE, SubprocessProtocol } from 'qtasyncio/io';
   * const [transport] = await loop.subprocessShell(() => new SubprocessProtocol(), 'echo hi', { stdout: PIPE });
   * ```
   */
  subprocessShell<P extends SubprocessProtocol>(
    protocolFactory: () => P,
    cmd: string,
    options?: SubprocessOptions,
  ): Promise<[SubprocessTransport, P]>;
  /**
   * Call `callback(...args)` on this loop when the process receives `sig`. The callback is a plain function (an
   * async one is refused, as asyncio refuses a coroutine: start a task from the callback instead).
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
   * Remove this loop's handler for `sig`; whether there was one.
   *
   * @example
   * ```ts
   * loop.removeSignalHandler('SIGTERM'); // true
   * ```
   */
  removeSignalHandler(sig: NodeJS.Signals | number): boolean;
  /**
   * Resolve a host name.
   *
   * @example
   * ```ts
   * const [info] = await loop.getaddrinfo('localhost', 80);
   * ```
   */
  getaddrinfo(host: string, port?: number | null, options?: GetaddrinfoOptions): Promise<AddrInfo[]>;
  /**
   * Reverse-resolve `[host, port]` into `[hostname, service]`.
   *
   * @example
   * ```ts
   * const [name, service] = await loop.getnameinfo(['127.0.0.1', 80]);
   * ```
   */
  getnameinfo(sockaddr: InetAddress, flags?: number): Promise<[string, string]>;
}

// Deferred loads: the io modules (and with them `net`, `tls`, `dgram`, `child_process`, `dns`) load on first use,
// and are kept (see `loadOnce`).
const connections = loadOnce((): typeof import('../io/connections') => require('../io/connections'));
const servers = loadOnce((): typeof import('../io/createServer') => require('../io/createServer'));
const datagrams = loadOnce((): typeof import('../io/datagrams') => require('../io/datagrams'));
const subprocess = loadOnce((): typeof import('../io/subprocess') => require('../io/subprocess'));
const signals = loadOnce((): typeof import('../io/signals') => require('../io/signals'));
const dns = loadOnce((): typeof import('../io/dns') => require('../io/dns'));

/** @internal The implementations, installed on `EventLoop.prototype` by `eventLoop.ts`. */
export const loopIoMethods: LoopIoMethods & ThisType<EventLoop> = {
  createConnection(factory, host, port, options) {
    return connections().createConnection(this, factory, host, port, options);
  },
  createUnixConnection(factory, path, options) {
    return connections().createUnixConnection(this, factory, path, options);
  },
  createServer(factory, host, port, options) {
    return servers().createServer(this, factory, host, port, options);
  },
  createUnixServer(factory, path, options) {
    return servers().createUnixServer(this, factory, path, options);
  },
  createDatagramEndpoint(factory, options) {
    return datagrams().createDatagramEndpoint(this, factory, options);
  },
  subprocessExec(factory, program, args, options) {
    return subprocess().subprocessExec(this, factory, program, args, options);
  },
  subprocessShell(factory, cmd, options) {
    return subprocess().subprocessShell(this, factory, cmd, options);
  },
  addSignalHandler(sig, callback, ...args) {
    signals().addSignalHandler(this, sig, callback, ...args);
  },
  removeSignalHandler(sig) {
    return signals().removeSignalHandler(this, sig);
  },
  getaddrinfo(host, port, options) {
    return dns().getaddrinfo(this, host, port, options);
  },
  getnameinfo(sockaddr, flags) {
    return dns().getnameinfo(this, sockaddr, flags);
  },
};
