/**
 * Making a listening {@link Server} (asyncio's `loop.create_server` / `create_unix_server`): the arguments are
 * checked, the server made and, unless `startServing: false`, started.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/render';
import { checkBoolean, checkFunction, checkOptionKeys, checkPositiveInt } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import { IoArgumentError } from './errors';
import { type ListenSpec, SERVER_OPTIONS, Server, type ServerOptions } from './servers';
import type { StreamProtocol } from './socketTransport';
import { UNIX_SERVER_OPTIONS, type UnixServerOptions } from './unixSocketFile';
import { checkHost, checkPath, checkPort, IO_ERRORS } from './validate';

/**
 * Listen on `host:port` (a host list binds each; `undefined` or `''` all interfaces, as asyncio's `None` and `''`)
 * and serve a new protocol per connection (asyncio's `loop.create_server`).
 *
 * @example
 * ```ts
 * import { Protocol } from 'qtasyncio/io';
 * import { createServer } from './createServer';
 * declare class EchoProtocol extends Protocol {}
 * const server = await createServer(loop, () => new EchoProtocol(), '127.0.0.1', 0);
 * ```
 */
export async function createServer(
  loop: EventLoop,
  protocolFactory: () => StreamProtocol,
  host: string | readonly string[] | undefined,
  port: number,
  options: ServerOptions = {},
): Promise<Server> {
  const fn = 'createServer';
  checkServerArgs(fn, protocolFactory, options);
  const p = checkPort(fn, port);
  const hosts = host === undefined || host === '' ? [undefined] : typeof host === 'string' ? [host] : host;
  if (!Array.isArray(hosts) || hosts.length === 0) {
    throw new IoArgumentError(
      `${fn}(host): expected a host, a non-empty list of hosts or undefined, got ${describeValue(host)}`,
    );
  }
  const specs = hosts.map((h) => (h === undefined ? { port: p } : { host: checkHost(fn, h), port: p }));
  return serve(loop, fn, protocolFactory, specs, options);
}

/**
 * Listen on the Unix socket `path` (asyncio's `loop.create_unix_server`). Closing the server removes the socket
 * file if it is still the one it bound, unless `cleanupSocket: false`.
 *
 * @example
 * ```ts
 * import { Protocol } from 'qtasyncio/io';
 * import { createUnixServer } from './createServer';
 * declare class MyProtocol extends Protocol {}
 * const server = await createUnixServer(loop, () => new MyProtocol(), '/tmp/app.sock');
 * ```
 */
export async function createUnixServer(
  loop: EventLoop,
  protocolFactory: () => StreamProtocol,
  path: string,
  options: UnixServerOptions = {},
): Promise<Server> {
  const fn = 'createUnixServer';
  checkServerArgs(fn, protocolFactory, options, UNIX_SERVER_OPTIONS);
  checkPath(fn, path);
  if (options.cleanupSocket !== undefined)
    checkBoolean(fn, 'cleanupSocket', options.cleanupSocket, IoArgumentError);
  return serve(loop, fn, protocolFactory, [{ path }], options);
}

/** The arguments both kinds of server take: the protocol factory and the options' keys (with a kind's `extra`). */
function checkServerArgs(
  fn: string,
  protocolFactory: () => StreamProtocol,
  options: ServerOptions,
  extra: readonly string[] = [],
): void {
  checkFunction(fn, 'protocolFactory', protocolFactory, IoArgumentError);
  checkOptionKeys(fn, options, [...SERVER_OPTIONS, ...extra], IoArgumentError);
}

async function serve(
  loop: EventLoop,
  fn: string,
  factory: () => StreamProtocol,
  specs: ListenSpec[],
  options: UnixServerOptions,
): Promise<Server> {
  if (options.backlog !== undefined) checkPositiveInt(fn, 'backlog', options.backlog, IO_ERRORS);
  if (options.ssl !== undefined && (typeof options.ssl !== 'object' || options.ssl === null)) {
    throw new IoArgumentError(`${fn}(ssl): expected TLS server options, got ${describeValue(options.ssl)}`);
  }
  const server = new Server(loop, factory, specs, options);
  if (options.startServing !== false) await server.startServing();
  return server;
}
