/**
 * Name resolution on the loop (asyncio's `loop.getaddrinfo` / `getnameinfo`) on Node's `dns.lookup` (the
 * system resolver, like `getaddrinfo(3)`) and `dns.lookupService`. Families are Node's: 4, 6, or 0 for any.
 *
 * @packageDocumentation
 */
import { promises as dnsp } from 'node:dns';
import { isIP } from 'node:net';
import { describeValue } from '../core/render';
import { checkOptionKeys } from '../core/validate';
import { wrapFuture } from '../futures/ensureFuture';
import type { EventLoop } from '../loop/eventLoop';
import type { InetAddress } from './address';
import { IoArgumentError } from './errors';
import { fromNodeError } from './nodeErrors';
import { checkHost, checkPort } from './validate';

/**
 * Socket type: stream (TCP).
 *
 * @example
 * ```ts
 * import { SOCK_STREAM } from 'qtasyncio/io';
 * await loop.getaddrinfo('localhost', 80, { type: SOCK_STREAM });
 * ```
 */
export const SOCK_STREAM = 1;
/**
 * Socket type: datagram (UDP).
 *
 * @example
 * ```ts
 * import { SOCK_DGRAM } from 'qtasyncio/io';
 * await loop.getaddrinfo('localhost', 53, { type: SOCK_DGRAM });
 * ```
 */
export const SOCK_DGRAM = 2;
/**
 * Protocol number of TCP.
 *
 * @example
 * ```ts
 * import { IPPROTO_TCP } from 'qtasyncio/io';
 * await loop.getaddrinfo('localhost', 80, { proto: IPPROTO_TCP });
 * ```
 */
export const IPPROTO_TCP = 6;
/**
 * Protocol number of UDP.
 *
 * @example
 * ```ts
 * import { IPPROTO_UDP } from 'qtasyncio/io';
 * await loop.getaddrinfo('localhost', 53, { proto: IPPROTO_UDP });
 * ```
 */
export const IPPROTO_UDP = 17;

/**
 * Options of `getaddrinfo`.
 *
 * @example
 * ```ts
 * import { SOCK_STREAM } from 'qtasyncio/io';
 * await loop.getaddrinfo('localhost', 80, { family: 4, type: SOCK_STREAM });
 * ```
 */
export interface GetaddrinfoOptions {
  /** 0 (any, default), 4 or 6. */
  family?: 0 | 4 | 6;
  /** 0 (both, default), `SOCK_STREAM` or `SOCK_DGRAM`. */
  type?: number;
  /** 0 (default), `IPPROTO_TCP` or `IPPROTO_UDP`. */
  proto?: number;
  /** `dns.ADDRCONFIG` / `dns.V4MAPPED` hints. */
  flags?: number;
}

/**
 * One result of `getaddrinfo` (asyncio's `(family, type, proto, canonname, sockaddr)`).
 *
 * @example
 * ```ts
 * const [first] = await loop.getaddrinfo('localhost', 80);
 * const { family, sockaddr: [host, port] } = first!;
 * ```
 */
export interface AddrInfo {
  /** The address family: 4 (IPv4) or 6 (IPv6). */
  family: 4 | 6;
  /** The socket type: {@link SOCK_STREAM} or {@link SOCK_DGRAM}. */
  type: number;
  /** The protocol: {@link IPPROTO_TCP} or {@link IPPROTO_UDP}. */
  proto: number;
  /** The canonical host name (empty unless asked for, as in asyncio). */
  canonname: string;
  /** The address to connect to: `[host, port]`. */
  sockaddr: InetAddress;
}

const KINDS: readonly [number, number][] = [
  [SOCK_STREAM, IPPROTO_TCP],
  [SOCK_DGRAM, IPPROTO_UDP],
];

async function resolve(host: string, port: number, options: GetaddrinfoOptions): Promise<AddrInfo[]> {
  let found: { address: string; family: number }[];
  try {
    found = await dnsp.lookup(host, {
      all: true,
      family: options.family ?? 0,
      hints: options.flags ?? 0,
      verbatim: true,
    });
  } catch (e) {
    throw fromNodeError(e);
  }
  const wants = (asked: number | undefined, value: number): boolean => !asked || asked === value;
  const kinds = KINDS.filter(([type, proto]) => wants(options.type, type) && wants(options.proto, proto));
  const out: AddrInfo[] = [];
  for (const a of found) {
    for (const [type, proto] of kinds) {
      out.push({ family: a.family === 6 ? 6 : 4, type, proto, canonname: '', sockaddr: [a.address, port] });
    }
  }
  return out;
}

/**
 * Resolve `host` (and `port`) into socket addresses, on a loop Future (cancelling the awaiting task stops the
 * wait; the lookup itself finishes in the background).
 *
 * @throws `GaiError` when the name does not resolve; `IoArgumentError`/`IoRangeError` for bad arguments.
 * @example
 * ```ts
 * import { SOCK_STREAM } from 'qtasyncio/io';
 * import { getaddrinfo } from './dns';
 * const infos = await getaddrinfo(loop, 'localhost', 80, { type: SOCK_STREAM });
 * const [host, port] = infos[0]!.sockaddr;
 * ```
 */
export function getaddrinfo(
  loop: EventLoop,
  host: string,
  port: number | null = null,
  options: GetaddrinfoOptions = {},
): Promise<AddrInfo[]> {
  try {
    checkHost('getaddrinfo', host);
    checkOptionKeys('getaddrinfo', options, ['family', 'type', 'proto', 'flags'], IoArgumentError);
    const p = port === null ? 0 : checkPort('getaddrinfo', port);
    for (const [name, v, ok] of [
      ['family', options.family, [0, 4, 6]],
      ['type', options.type, [0, SOCK_STREAM, SOCK_DGRAM]],
      ['proto', options.proto, [0, IPPROTO_TCP, IPPROTO_UDP]],
    ] as const) {
      if (v !== undefined && !(ok as readonly number[]).includes(v)) {
        throw new IoArgumentError(
          `getaddrinfo(options.${name}): expected one of ${ok.join(', ')}, got ${describeValue(v)}`,
        );
      }
    }
    const future = wrapFuture(resolve(host, p, options), loop);
    return Promise.resolve(future);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Reverse-resolve `[host, port]` into `[hostname, service]`. `flags` is accepted for asyncio compatibility and
 * ignored.
 *
 * @throws `GaiError` when the address has no name; `IoArgumentError` unless `host` is an IP address.
 * @example
 * ```ts
 * import { getnameinfo } from './dns';
 * const [name, service] = await getnameinfo(loop, ['127.0.0.1', 22]); // ['localhost', 'ssh']
 * ```
 */
export function getnameinfo(loop: EventLoop, sockaddr: InetAddress, _flags = 0): Promise<[string, string]> {
  try {
    if (!Array.isArray(sockaddr) || sockaddr.length < 2) {
      throw new IoArgumentError(
        `getnameinfo(sockaddr): expected [host, port], got ${describeValue(sockaddr)}`,
      );
    }
    const [host, port] = sockaddr;
    if (typeof host !== 'string' || isIP(host) === 0) {
      throw new IoArgumentError(
        `getnameinfo(sockaddr): expected an IP address as host, got ${describeValue(host)}`,
      );
    }
    const p = checkPort('getnameinfo', port, 'sockaddr');
    const lookup = dnsp.lookupService(host, p).then(
      (r): [string, string] => [r.hostname, r.service],
      (e: unknown) => {
        throw fromNodeError(e);
      },
    );
    return Promise.resolve(wrapFuture(lookup, loop));
  } catch (e) {
    return Promise.reject(e);
  }
}
