/**
 * Socket addresses as asyncio spells them: `[host, port]` for IP sockets, a path string for Unix sockets.
 *
 * @packageDocumentation
 */
import type { AddressInfo } from 'node:net';

/**
 * An IP socket address: `[host, port]` (asyncio's `(host, port)` tuple).
 *
 * @example
 * ```ts
 * import { type InetAddress, StreamWriter } from 'qtasyncio/io';
 * declare const writer: StreamWriter;
 * const [host, port] = writer.getExtraInfo('peername') as InetAddress;
 * ```
 */
export type InetAddress = readonly [host: string, port: number];

/**
 * Any socket address: `[host, port]` or a Unix socket path.
 *
 * @example
 * ```ts
 * import { type SocketAddress } from 'qtasyncio/io';
 * const addr: SocketAddress = '/tmp/app.sock';
 * ```
 */
export type SocketAddress = InetAddress | string;

/**
 * Convert Node's `socket.address()` / `remoteAddress` into a {@link SocketAddress} (`undefined` if unknown).
 *
 * @example
 * ```ts
 * import { Server } from 'qtasyncio/io';
 * import { toSocketAddress } from './address';
 * declare const server: Server;
 * toSocketAddress(server.sockets[0]?.address()); // ['127.0.0.1', 8080]
 * ```
 */
export function toSocketAddress(
  info: AddressInfo | string | null | undefined | object,
): SocketAddress | undefined {
  if (typeof info === 'string') return info;
  if (info === null || info === undefined) return undefined;
  const a = info as Partial<AddressInfo>;
  if (typeof a.address !== 'string' || typeof a.port !== 'number') return undefined;
  return [a.address, a.port] as const;
}
