/**
 * The high-level streams API (asyncio's `open_connection`, `start_server` and Unix variants): connections as a
 * `[StreamReader, StreamWriter]` pair, servers that call back with one pair per client.
 *
 * @packageDocumentation
 */

import { getRunningLoop } from '../core/events';
import { checkFunction, checkOptionKeys } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import type { InetAddress } from './address';
import {
  CONNECTION_OPTIONS,
  type ConnectionOptions,
  createConnection,
  createUnixConnection,
  UNIX_CONNECTION_OPTIONS,
  type UnixConnectionOptions,
} from './connections';
import { createServer, createUnixServer } from './createServer';
import { IoArgumentError } from './errors';
import { SERVER_OPTIONS, type Server, type ServerOptions } from './servers';
import type { SocketTransport } from './socketTransport';
import { type ClientConnectedCallback, StreamReaderProtocol } from './streamProtocol';
import { StreamReader } from './streamReader';
import { StreamWriter } from './streamWriter';
import { UNIX_SERVER_OPTIONS, type UnixServerOptions } from './unixSocketFile';

/**
 * Options of {@link openConnection}.
 *
 * @example
 * ```ts
 * import { openConnection } from 'qtasyncio/io';
 * await openConnection({ host: '127.0.0.1', port: 8888, limit: 1 << 20 });
 * ```
 */
export interface OpenConnectionOptions extends ConnectionOptions {
  /** Host name or IP address. */
  host: string;
  /** Port number. */
  port: number;
  /** The reader's limit (default 64 KiB). */
  limit?: number;
}

/**
 * Options of {@link openUnixConnection}.
 *
 * @example
 * ```ts
 * import { openUnixConnection } from 'qtasyncio/io';
 * await openUnixConnection({ path: '/tmp/app.sock' });
 * ```
 */
export interface OpenUnixConnectionOptions extends UnixConnectionOptions {
  /** The socket path. */
  path: string;
  /** The reader's limit (default 64 KiB). */
  limit?: number;
}

/**
 * Options of {@link startServer}.
 *
 * @example
 * ```ts
 * import { startServer, StreamReader, StreamWriter } from 'qtasyncio/io';
 * declare function handle(reader: StreamReader, writer: StreamWriter): Promise<void>;
 * await startServer(handle, { host: ['127.0.0.1', '::1'], port: 8888, backlog: 511 });
 * ```
 */
export interface StartServerOptions extends ServerOptions {
  /** Host, list of hosts, or all interfaces when omitted. */
  host?: string | readonly string[];
  /** Port (0: any free port; see `server.addresses()`). */
  port: number;
  /** Each reader's limit (default 64 KiB). */
  limit?: number;
}

/**
 * Options of {@link startUnixServer}.
 *
 * @example
 * ```ts
 * import { startUnixServer, StreamReader, StreamWriter } from 'qtasyncio/io';
 * declare function handle(reader: StreamReader, writer: StreamWriter): Promise<void>;
 * await startUnixServer(handle, { path: '/tmp/app.sock' });
 * ```
 */
export interface StartUnixServerOptions extends UnixServerOptions {
  /** The socket path. */
  path: string;
  /** Each reader's limit (default 64 KiB). */
  limit?: number;
}

async function openWith(
  limit: number | undefined,
  connect: (
    loop: EventLoop,
    factory: () => StreamReaderProtocol,
  ) => Promise<[SocketTransport, StreamReaderProtocol]>,
): Promise<[StreamReader, StreamWriter]> {
  const loop = getRunningLoop();
  const reader = new StreamReader(limit === undefined ? { loop } : { loop, limit });
  const protocol = new StreamReaderProtocol(reader, null, loop);
  const [transport] = await connect(loop, () => protocol);
  return [reader, new StreamWriter(transport, protocol, reader, loop)];
}

/**
 * Connect over TCP (or TLS with `ssl`) and return `[reader, writer]` (asyncio's `open_connection`).
 *
 * @throws `ConnectionRefusedError`, `GaiError`, `OSError`; `IoArgumentError`/`IoRangeError` for bad arguments.
 * @see {@link startServer}, {@link openUnixConnection}
 * @example
 * ```ts
 * import { openConnection } from 'qtasyncio/io';
 * const [reader, writer] = await openConnection({ host: '127.0.0.1', port: 8888 });
 * writer.write('ping\n');
 * console.log((await reader.readLine()).toString());
 * ```
 */
export function openConnection(options: OpenConnectionOptions): Promise<[StreamReader, StreamWriter]> {
  try {
    checkOptionKeys(
      'openConnection',
      options,
      ['host', 'port', 'limit', ...CONNECTION_OPTIONS],
      IoArgumentError,
    );
    const { host, port, limit, ...rest } = options;
    return openWith(limit, (loop, f) => createConnection(loop, f, host, port, rest));
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Connect to a Unix socket and return `[reader, writer]` (asyncio's `open_unix_connection`).
 *
 * @see {@link openConnection}, {@link startUnixServer}
 * @example
 * ```ts
 * import { openUnixConnection } from 'qtasyncio/io';
 * const [reader, writer] = await openUnixConnection({ path: '/tmp/app.sock' });
 * ```
 */
export function openUnixConnection(
  options: OpenUnixConnectionOptions,
): Promise<[StreamReader, StreamWriter]> {
  try {
    checkOptionKeys(
      'openUnixConnection',
      options,
      ['path', 'limit', ...UNIX_CONNECTION_OPTIONS],
      IoArgumentError,
    );
    const { path, limit, ...rest } = options;
    return openWith(limit, (loop, f) => createUnixConnection(loop, f, path, rest));
  } catch (e) {
    return Promise.reject(e);
  }
}

function streamFactory(fn: string, cb: ClientConnectedCallback, loop: EventLoop, limit: number | undefined) {
  checkFunction(fn, 'clientConnected', cb, IoArgumentError);
  if (limit !== undefined) new StreamReader({ loop, limit }); // validates the limit now
  return () =>
    new StreamReaderProtocol(new StreamReader(limit === undefined ? { loop } : { loop, limit }), cb, loop);
}

/**
 * Start a TCP (or TLS) server calling `clientConnected(reader, writer)` for each client, as a Task (asyncio's
 * `start_server`). When the callback finishes, the connection stays open until the writer is closed; an
 * exception in it is reported to the loop's exception handler and closes the connection.
 *
 * @see {@link openConnection}, {@link startUnixServer}
 * @example
 * ```ts
 * import { type InetAddress, startServer } from 'qtasyncio/io';
 * const server = await startServer(async (reader, writer) => {
 *   for await (const line of reader) { writer.write(line); await writer.drain(); }
 *   writer.close();
 * }, { host: '127.0.0.1', port: 0 });
 * const [, port] = server.addresses()[0] as InetAddress;
 * ```
 */
export function startServer(
  clientConnected: ClientConnectedCallback,
  options: StartServerOptions,
): Promise<Server> {
  try {
    const loop = getRunningLoop();
    checkOptionKeys('startServer', options, ['host', 'port', 'limit', ...SERVER_OPTIONS], IoArgumentError);
    const { host, port, limit, ...rest } = options;
    return createServer(loop, streamFactory('startServer', clientConnected, loop, limit), host, port, rest);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Start a Unix-socket server (asyncio's `start_unix_server`).
 *
 * @see {@link startServer}, {@link openUnixConnection}
 * @example
 * ```ts
 * import { startUnixServer, StreamReader, StreamWriter } from 'qtasyncio/io';
 * declare function handle(reader: StreamReader, writer: StreamWriter): Promise<void>;
 * const server = await startUnixServer(handle, { path: '/tmp/app.sock' });
 * ```
 */
export function startUnixServer(
  clientConnected: ClientConnectedCallback,
  options: StartUnixServerOptions,
): Promise<Server> {
  try {
    const loop = getRunningLoop();
    checkOptionKeys(
      'startUnixServer',
      options,
      ['path', 'limit', ...SERVER_OPTIONS, ...UNIX_SERVER_OPTIONS],
      IoArgumentError,
    );
    const { path, limit, ...rest } = options;
    return createUnixServer(loop, streamFactory('startUnixServer', clientConnected, loop, limit), path, rest);
  } catch (e) {
    return Promise.reject(e);
  }
}

export type { InetAddress };
