/**
 * UDP (asyncio's `loop.create_datagram_endpoint`, `_SelectorDatagramTransport`) on Node's `dgram`.
 *
 * @packageDocumentation
 */
import * as dgram from 'node:dgram';
import { isIP } from 'node:net';
import { outsideTasks } from '../core/context';
import { describeValue } from '../core/render';
import { checkFunction, checkOptionKeys } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import { type InetAddress, type SocketAddress, toSocketAddress } from './address';
import { IoArgumentError, IoStateError } from './errors';
import { fromNodeError } from './nodeErrors';
import type { DatagramProtocol } from './protocols';
import type { DatagramTransport, ExtraInfoName } from './transports';
import { checkHost, checkPeerPort, checkPort, toBuffer } from './validate';
import { eventFuture } from './waitEvent';

/**
 * Options of `loop.createDatagramEndpoint()`.
 *
 * @example
 * ```ts
 * import { DatagramProtocol } from 'qtasyncio/io';
 * declare const factory: () => DatagramProtocol;
 * await loop.createDatagramEndpoint(factory, { localAddr: ['127.0.0.1', 0], reuseAddress: true });
 * ```
 */
export interface DatagramEndpointOptions {
  /** Bind to `[host, port]` (port 0: any). Default: any port on all interfaces. */
  localAddr?: InetAddress;
  /** Connect to `[host, port]`: `sendto` without an address sends there, and only its datagrams arrive. */
  remoteAddr?: InetAddress;
  /** 4 or 6 (default: from the addresses, else 4). */
  family?: 4 | 6;
  /** SO_REUSEADDR (share the port with other sockets). */
  reuseAddress?: boolean;
  /** SO_BROADCAST. */
  allowBroadcast?: boolean;
}

// reuseAddress before remoteAddr: Node's own name `reuseAddr` is as far from both, and the first one wins the tie.
const DATAGRAM_OPTIONS = ['localAddr', 'reuseAddress', 'remoteAddr', 'family', 'allowBroadcast'] as const;

const HIGH = 64 * 1024;

/**
 * A {@link DatagramTransport} on a Node `dgram.Socket`.
 *
 * @example
 * ```ts
 * import { DatagramProtocol } from 'qtasyncio/io';
 * const [transport] = await loop.createDatagramEndpoint(() => new DatagramProtocol(), { remoteAddr: ['127.0.0.1', 9999] });
 * transport.sendto('ping');
 * ```
 */
export class UdpTransport implements DatagramTransport {
  readonly #loop: EventLoop;
  readonly #sock: dgram.Socket;
  #protocol: DatagramProtocol;
  readonly #remote: InetAddress | undefined;
  #pending = 0;
  #paused = false;
  #closing = false;
  #lost = false;

  /** @internal */
  constructor(
    loop: EventLoop,
    sock: dgram.Socket,
    protocol: DatagramProtocol,
    remote: InetAddress | undefined,
  ) {
    this.#loop = loop;
    this.#sock = sock;
    this.#protocol = protocol;
    this.#remote = remote;
    sock.on('message', (msg, rinfo) =>
      this.#call('datagramReceived', () => this.#protocol.datagramReceived(msg, [rinfo.address, rinfo.port])),
    );
    sock.on('error', (e) =>
      this.#call('errorReceived', () => this.#protocol.errorReceived(fromNodeError(e))),
    );
    sock.on('close', () => {
      if (this.#lost) return;
      this.#lost = true;
      this.#closing = true;
      this.#call('connectionLost', () => this.#protocol.connectionLost(null));
    });
  }

  #call(what: string, fn: () => void): void {
    try {
      fn();
    } catch (exception) {
      this.#loop.callExceptionHandler({
        message: `Fatal error: protocol.${what}() call failed.`,
        exception,
        transport: this,
      });
      this.abort();
    }
  }

  /**
   * Send one datagram to `addr`, or to the connected `remoteAddr` when omitted.
   *
   * @throws {@link IoArgumentError} for a missing or wrong address; {@link IoStateError} after `close()`.
   * @example
   * ```ts
   * import { type DatagramTransport } from 'qtasyncio/io';
   * declare const transport: DatagramTransport;
   * transport.sendto(Buffer.from('ping'), ['127.0.0.1', 9999]);
   * ```
   */
  sendto(data: Uint8Array | string, addr?: SocketAddress): void {
    const buf = toBuffer('DatagramTransport.sendto', 'data', data);
    if (this.#closing) throw new IoStateError('DatagramTransport.sendto(): the transport is closing');
    const remote = this.#remote;
    const done = (err: Error | null): void => {
      this.#pending -= buf.length;
      if (err) this.#call('errorReceived', () => this.#protocol.errorReceived(fromNodeError(err)));
      if (this.#paused && this.#pending <= HIGH / 4) {
        this.#paused = false;
        this.#call('resumeWriting', () => this.#protocol.resumeWriting());
      }
      if (this.#closing && this.#pending === 0 && !this.#lost) this.#sock.close();
    };
    if (addr === undefined) {
      if (remote === undefined)
        throw new IoArgumentError('DatagramTransport.sendto(addr): required when no remoteAddr was given');
      this.#sock.send(buf, done);
    } else {
      if (typeof addr === 'string' || !Array.isArray(addr)) {
        throw new IoArgumentError(
          `DatagramTransport.sendto(addr): expected [host, port], got ${describeValue(addr)}`,
        );
      }
      const host = checkHost('DatagramTransport.sendto', addr[0], 'addr');
      const port = checkPeerPort('DatagramTransport.sendto', addr[1], 'addr');
      if (remote !== undefined) {
        if (host !== remote[0] || port !== remote[1]) {
          throw new IoArgumentError(
            `DatagramTransport.sendto(addr): must be omitted or the remoteAddr ${remote[0]}:${remote[1]}, got ${host}:${port}`,
          );
        }
        this.#sock.send(buf, done);
      } else this.#sock.send(buf, port, host, done);
    }
    this.#pending += buf.length;
    if (!this.#paused && this.#pending > HIGH) {
      this.#paused = true;
      this.#call('pauseWriting', () => this.#protocol.pauseWriting());
    }
  }

  /**
   * Bytes handed to `send` and not yet sent.
   *
   * @example
   * ```ts
   * import { type DatagramTransport } from 'qtasyncio/io';
   * declare const transport: DatagramTransport;
   * transport.getWriteBufferSize();
   * ```
   */
  getWriteBufferSize(): number {
    return this.#pending;
  }

  /**
   * Close once the queued datagrams are sent; `connectionLost(null)` follows. Idempotent.
   *
   * @example
   * ```ts
   * import { type DatagramTransport } from 'qtasyncio/io';
   * declare const transport: DatagramTransport;
   * transport.close();
   * ```
   */
  close(): void {
    if (this.#closing) return;
    this.#closing = true;
    if (this.#pending === 0) this.#sock.close();
  }

  /**
   * Close now.
   *
   * @example
   * ```ts
   * import { type DatagramTransport } from 'qtasyncio/io';
   * declare const transport: DatagramTransport;
   * transport.abort();
   * ```
   */
  abort(): void {
    this.#closing = true;
    if (!this.#lost) {
      try {
        this.#sock.close();
      } catch {
        // already closed
      }
    }
  }

  /**
   * Whether it is closing or closed.
   *
   * @example
   * ```ts
   * import { type DatagramTransport } from 'qtasyncio/io';
   * declare const transport: DatagramTransport;
   * transport.isClosing();
   * ```
   */
  isClosing(): boolean {
    return this.#closing;
  }

  /**
   * `'sockname'`, `'peername'` (`[host, port]`), `'socket'` (the dgram.Socket).
   *
   * @example
   * ```ts
   * import { type DatagramTransport, type InetAddress } from 'qtasyncio/io';
   * declare const transport: DatagramTransport;
   * const [, port] = transport.getExtraInfo('sockname') as InetAddress;
   * ```
   */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown {
    if (name === 'socket') return this.#sock;
    try {
      if (name === 'sockname') return toSocketAddress(this.#sock.address()) ?? defaultValue;
      if (name === 'peername')
        return this.#remote === undefined ? defaultValue : toSocketAddress(this.#sock.remoteAddress());
    } catch {
      return defaultValue;
    }
    return defaultValue;
  }

  /**
   * Switch the protocol.
   *
   * @example
   * ```ts
   * import { type DatagramTransport, Protocol } from 'qtasyncio/io';
   * declare class OtherProtocol extends Protocol {}
   * declare const transport: DatagramTransport;
   * transport.setProtocol(new OtherProtocol());
   * ```
   */
  setProtocol(protocol: DatagramProtocol): void {
    this.#protocol = protocol;
  }

  /**
   * The current protocol.
   *
   * @example
   * ```ts
   * import { type DatagramTransport } from 'qtasyncio/io';
   * declare const transport: DatagramTransport;
   * transport.getProtocol();
   * ```
   */
  getProtocol(): DatagramProtocol {
    return this.#protocol;
  }
}

/** `[host, port]` given as `name`; a peer's (`remoteAddr`) port cannot be 0. */
function checkAddr(fn: string, name: string, addr: unknown, peer = false): InetAddress | undefined {
  if (addr === undefined) return undefined;
  if (!Array.isArray(addr) || addr.length !== 2) {
    throw new IoArgumentError(`${fn}(${name}): expected [host, port], got ${describeValue(addr)}`);
  }
  return [checkHost(fn, addr[0], name), (peer ? checkPeerPort : checkPort)(fn, addr[1], name)];
}

/**
 * Create a UDP endpoint bound to a new protocol (asyncio's `loop.create_datagram_endpoint`); resolves with
 * `[transport, protocol]` after `connectionMade`.
 *
 * @example
 * ```ts
 * import { DatagramProtocol } from 'qtasyncio/io';
 * import { createDatagramEndpoint } from './datagrams';
 * const [transport, protocol] = await createDatagramEndpoint(loop, () => new DatagramProtocol(), { localAddr: ['127.0.0.1', 0] });
 * ```
 */
export async function createDatagramEndpoint<P extends DatagramProtocol>(
  loop: EventLoop,
  protocolFactory: () => P,
  options: DatagramEndpointOptions = {},
): Promise<[UdpTransport, P]> {
  const fn = 'createDatagramEndpoint';
  checkFunction(fn, 'protocolFactory', protocolFactory, IoArgumentError);
  checkOptionKeys(fn, options, DATAGRAM_OPTIONS, IoArgumentError);
  const local = checkAddr(fn, 'localAddr', options.localAddr);
  const remote = checkAddr(fn, 'remoteAddr', options.remoteAddr, true);
  if (options.family !== undefined && options.family !== 4 && options.family !== 6) {
    throw new IoArgumentError(`${fn}(options.family): expected 4 or 6, got ${describeValue(options.family)}`);
  }
  const v6 = options.family === 6 || isIP(local?.[0] ?? '') === 6 || isIP(remote?.[0] ?? '') === 6;
  const sock = outsideTasks(() =>
    dgram.createSocket({ type: v6 ? 'udp6' : 'udp4', reuseAddr: options.reuseAddress === true }),
  );
  const fail = (): void => {
    sock.close();
  };
  // The transport listens from the last event on: a datagram that arrives before the awaiting task resumes
  // would otherwise be lost (see eventFuture's atEvent).
  const attach = (): [UdpTransport, P] => {
    const protocol = protocolFactory();
    return [new UdpTransport(loop, sock, protocol, remote), protocol];
  };
  let transport: UdpTransport;
  let protocol: P;
  try {
    const bound = eventFuture(loop, sock, 'listening', fail, remote === undefined ? attach : undefined);
    sock.bind(local === undefined ? { port: 0 } : { address: local[0], port: local[1] });
    let made = await bound;
    if (options.allowBroadcast === true) sock.setBroadcast(true);
    if (remote !== undefined) {
      const connected = eventFuture(loop, sock, 'connect', fail, attach);
      sock.connect(remote[1], remote[0]);
      made = await connected;
    }
    [transport, protocol] = made as [UdpTransport, P];
  } catch (e) {
    try {
      sock.close();
    } catch {
      // already closed
    }
    throw e;
  }
  const made = loop.createFuture<void>();
  loop.callSoon(() => {
    try {
      protocol.connectionMade(transport);
    } finally {
      made.setResult();
    }
  });
  await made;
  return [transport, protocol];
}
