/**
 * Client connections (asyncio's `loop.create_connection` / `create_unix_connection`) on Node's `net.connect`
 * and `tls.connect`.
 *
 * @packageDocumentation
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { outsideTasks } from '../core/context';
import { describeValue } from '../core/render';
import { checkFunction, checkOptionKeys } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import type { InetAddress } from './address';
import { IoArgumentError } from './errors';
import { SocketTransport, type StreamProtocol } from './socketTransport';
import type { TransportTracker } from './transports';
import { checkHost, checkPath, checkPeerPort, checkPort } from './validate';
import { eventFuture } from './waitEvent';

/**
 * TLS settings: `true` for Node's defaults (verify against the system CAs), or `tls.connect` options.
 *
 * @example
 * ```ts
 * import { openConnection } from 'qtasyncio/io';
 * await openConnection({ host: 'example.org', port: 443, ssl: true });
 * ```
 */
export type ClientSslOptions = boolean | tls.ConnectionOptions;

/**
 * Options of `loop.createConnection()` and `openConnection()`.
 *
 * @example
 * ```ts
 * import { Protocol } from 'qtasyncio/io';
 * declare const factory: () => Protocol;
 * await loop.createConnection(factory, 'example.org', 443, { ssl: true, family: 4 });
 * ```
 */
export interface ConnectionOptions {
  /** Use TLS (see {@link ClientSslOptions}). */
  ssl?: ClientSslOptions;
  /** The TLS server name (SNI and certificate check), default `host`. */
  serverHostname?: string;
  /** Bind the local end to `[host, port]` first. */
  localAddr?: InetAddress;
  /** Address family for name resolution: 0 (any), 4 or 6. */
  family?: 0 | 4 | 6;
}

/** @internal The keys of {@link ConnectionOptions}. */
export const CONNECTION_OPTIONS = ['ssl', 'serverHostname', 'localAddr', 'family'] as const;

/**
 * Options of `loop.createUnixConnection()` and `openUnixConnection()`.
 *
 * @example
 * ```ts
 * import { Protocol } from 'qtasyncio/io';
 * declare const factory: () => Protocol;
 * declare const ca: string;
 * await loop.createUnixConnection(factory, '/tmp/app.sock', { ssl: { ca }, serverHostname: 'app.local' });
 * ```
 */
export interface UnixConnectionOptions {
  /** Use TLS over the Unix socket (with `serverHostname`). */
  ssl?: ClientSslOptions;
  /**
   * The TLS server name (SNI and certificate check): required with `ssl` (or `ssl.servername`), as a Unix socket
   * has no host name to check the certificate against.
   */
  serverHostname?: string;
}

/** @internal The keys of {@link UnixConnectionOptions}. */
export const UNIX_CONNECTION_OPTIONS = ['ssl', 'serverHostname'] as const;

/** @internal Wrap a connected socket into a transport and wait until `connectionMade` ran. */
export async function makeTransport<P extends StreamProtocol>(
  loop: EventLoop,
  sock: net.Socket,
  protocolFactory: () => P,
  tracker?: TransportTracker,
  extra?: Record<string, unknown>,
): Promise<[SocketTransport, P]> {
  let protocol: P;
  try {
    protocol = protocolFactory();
  } catch (e) {
    sock.destroy();
    throw e;
  }
  const ready = loop.createFuture<void>();
  const transport = new SocketTransport(loop, sock, protocol, {
    ...(tracker === undefined ? {} : { tracker }),
    ...(extra === undefined ? {} : { extra }),
    onReady: (error) => {
      if (ready.done()) return;
      if (error === null) ready.setResult();
      else ready.setException(error);
    },
  });
  try {
    await ready;
  } catch (e) {
    transport.abort();
    throw e;
  }
  return [transport, protocol];
}

function sslOptions(fn: string, ssl: unknown): tls.ConnectionOptions | null {
  if (ssl === undefined || ssl === false) return null;
  if (ssl === true) return {};
  if (typeof ssl === 'object' && ssl !== null) return ssl as tls.ConnectionOptions;
  throw new IoArgumentError(
    `${fn}(ssl): expected a boolean or TLS options object, got ${describeValue(ssl)}`,
  );
}

/** @internal Connect (over TLS when `ssl` is set) and build the transport; cancelling the wait destroys the socket. */
export async function connectSocket<P extends StreamProtocol>(
  loop: EventLoop,
  protocolFactory: () => P,
  base: net.NetConnectOpts,
  ssl: tls.ConnectionOptions | null,
  servername: string,
  extra?: Record<string, unknown>,
): Promise<[SocketTransport, P]> {
  // TLS: the context is made here, not by tls.connect (which frees a context of its own after the handshake),
  // so that getExtraInfo('sslContext') gives one that can make more connections, as asyncio's SSLContext.
  const sslContext = ssl === null ? undefined : (ssl.secureContext ?? tls.createSecureContext(ssl));
  const sock = outsideTasks(() =>
    sslContext === undefined
      ? net.connect(base)
      : tls.connect({ ...base, servername, ...ssl, secureContext: sslContext }),
  );
  const event = ssl === null ? 'connect' : 'secureConnect';
  const info = sslContext === undefined ? extra : { ...extra, sslContext };
  // The transport listens from the 'connect' event on (see eventFuture's atEvent).
  return await eventFuture(
    loop,
    sock,
    event,
    () => sock.destroy(),
    () => makeTransport(loop, sock, protocolFactory, undefined, info),
  );
}

/** `options.serverHostname` is a host name, and only given with `options.ssl` (asyncio: "only meaningful with ssl"). */
function checkServerHostname(fn: string, name: unknown, ssl: tls.ConnectionOptions | null): void {
  if (name === undefined) return;
  checkHost(fn, name, 'options.serverHostname');
  if (ssl === null) {
    throw new IoArgumentError(`${fn}(options.serverHostname): only meaningful with options.ssl`);
  }
}

/**
 * Open a TCP (or TLS) connection to `host:port` and bind it to a new protocol (asyncio's
 * `loop.create_connection`). Resolves with `[transport, protocol]` after `connectionMade`.
 *
 * @throws `ConnectionRefusedError`, `GaiError`, `OSError` on failure; `IoArgumentError`/`IoRangeError` for bad
 * arguments. Cancelling the awaiting task closes the half-open socket.
 * @example
 * ```ts
 * import { Protocol } from 'qtasyncio/io';
 * import { createConnection } from './connections';
 * declare class MyProtocol extends Protocol {}
 * const [transport, protocol] = await createConnection(loop, () => new MyProtocol(), '127.0.0.1', 8080);
 * ```
 */
export function createConnection<P extends StreamProtocol>(
  loop: EventLoop,
  protocolFactory: () => P,
  host: string,
  port: number,
  options: ConnectionOptions = {},
): Promise<[SocketTransport, P]> {
  const fn = 'createConnection';
  try {
    checkFunction(fn, 'protocolFactory', protocolFactory, IoArgumentError);
    checkOptionKeys(fn, options, CONNECTION_OPTIONS, IoArgumentError);
    checkHost(fn, host);
    const p = checkPeerPort(fn, port);
    const ssl = sslOptions(fn, options.ssl);
    checkServerHostname(fn, options.serverHostname, ssl);
    const local = options.localAddr;
    const base: net.TcpNetConnectOpts = { host, port: p, allowHalfOpen: true, noDelay: true };
    if (options.family !== undefined) {
      if (options.family !== 0 && options.family !== 4 && options.family !== 6) {
        throw new IoArgumentError(
          `${fn}(options.family): expected 0, 4 or 6, got ${describeValue(options.family)}`,
        );
      }
      base.family = options.family;
    }
    if (local !== undefined) {
      base.localAddress = checkHost(fn, local[0], 'localAddr');
      base.localPort = checkPort(fn, local[1], 'localAddr');
    }
    return connectSocket(loop, protocolFactory, base, ssl, options.serverHostname ?? host);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Open a Unix-domain socket connection to `path` (asyncio's `loop.create_unix_connection`).
 *
 * @throws `FileNotFoundError` when nothing is at `path`, `ConnectionRefusedError` when nobody listens there;
 *   `IoArgumentError` for bad arguments, `ssl` without `serverHostname`, or `serverHostname` without `ssl`.
 *
 * @example
 * ```ts
 * import { Protocol } from 'qtasyncio/io';
 * import { createUnixConnection } from './connections';
 * declare class MyProtocol extends Protocol {}
 * const [transport] = await createUnixConnection(loop, () => new MyProtocol(), '/tmp/app.sock');
 * ```
 */
export function createUnixConnection<P extends StreamProtocol>(
  loop: EventLoop,
  protocolFactory: () => P,
  path: string,
  options: UnixConnectionOptions = {},
): Promise<[SocketTransport, P]> {
  const fn = 'createUnixConnection';
  try {
    checkFunction(fn, 'protocolFactory', protocolFactory, IoArgumentError);
    checkOptionKeys(fn, options, UNIX_CONNECTION_OPTIONS, IoArgumentError);
    checkPath(fn, path);
    const ssl = sslOptions(fn, options.ssl);
    checkServerHostname(fn, options.serverHostname, ssl);
    const servername = options.serverHostname ?? ssl?.servername;
    if (ssl !== null && servername === undefined) {
      // asyncio: "you have to pass server_hostname when using ssl" (there is no host to default to).
      throw new IoArgumentError(
        `${fn}(options.serverHostname): required with options.ssl (a Unix socket has no host name to check the ` +
          'certificate against)',
      );
    }
    const base: net.IpcNetConnectOpts = { path, allowHalfOpen: true };
    // Node does not tell a Unix socket's names: the path, and '' for this unbound end (as asyncio's getsockname).
    return connectSocket(loop, protocolFactory, base, ssl, servername ?? '', {
      peername: path,
      sockname: '',
    });
  } catch (e) {
    return Promise.reject(e);
  }
}
