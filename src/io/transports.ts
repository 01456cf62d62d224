/**
 * Transports (asyncio's `transports.py`): the I/O side a protocol talks to. These are the interfaces; the
 * implementations wrap Node's `net.Socket`, `tls.TLSSocket`, `dgram.Socket` and `ChildProcess`.
 *
 * @packageDocumentation
 */
import type { SocketAddress } from './address';
import type { BaseProtocol } from './protocols';

/**
 * Keys of {@link BaseTransport.getExtraInfo}: asyncio's names in camelCase (asyncio: `peercert`, `ssl_object`,
 * `sslcontext` are `peerCert`, `sslObject`, `sslContext`; `peername` and `sockname` keep the spelling of the
 * POSIX calls they come from).
 *
 * @example
 * ```ts
 * import { type Transport } from 'qtasyncio/io';
 * declare const transport: Transport;
 * transport.getExtraInfo('peerCert');
 * ```
 */
export type ExtraInfoName =
  | 'peername'
  | 'sockname'
  | 'socket'
  | 'peerCert'
  | 'cipher'
  | 'sslObject'
  | 'sslContext'
  | 'pipe'
  | 'subprocess'
  | (string & {});

/**
 * What every transport has.
 *
 * @example
 * ```ts
 * import { type InetAddress, type Transport } from 'qtasyncio/io';
 * declare const transport: Transport;
 * const [host, port] = transport.getExtraInfo('peername') as InetAddress;
 * transport.close();
 * ```
 */
export interface BaseTransport {
  /**
   * Optional information ({@link ExtraInfoName}): `'peername'`/`'sockname'` (`[host, port]` or a Unix path),
   * `'socket'` (the Node socket), `'peerCert'`, `'cipher'`, `'sslObject'`, `'sslContext'` (the
   * `tls.SecureContext`) for TLS. `defaultValue` if absent.
   */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown;
  /** Whether it is closing or closed. */
  isClosing(): boolean;
  /** Close after flushing buffered data; the protocol's `connectionLost(null)` follows. Idempotent. */
  close(): void;
  /** Switch to another protocol. */
  setProtocol(protocol: BaseProtocol): void;
  /** The current protocol. */
  getProtocol(): BaseProtocol;
}

/**
 * The reading half of a stream transport.
 *
 * @example
 * ```ts
 * import { type Transport } from 'qtasyncio/io';
 * declare const transport: Transport;
 * transport.pauseReading(); // the protocol gets no dataReceived() until resumeReading()
 * ```
 */
export interface ReadTransport extends BaseTransport {
  /** Whether data is being delivered to the protocol. */
  isReading(): boolean;
  /** Stop delivering data (no-op if paused or closing). */
  pauseReading(): void;
  /** Deliver data again. */
  resumeReading(): void;
}

/**
 * The writing half of a stream transport, with asyncio's flow control: when the buffered bytes go over the high
 * mark the protocol's `pauseWriting()` is called, `resumeWriting()` once they drained to the low mark.
 *
 * @example
 * ```ts
 * import { type Transport } from 'qtasyncio/io';
 * declare const transport: Transport;
 * transport.setWriteBufferLimits(256 * 1024);
 * transport.write(Buffer.from('hello'));
 * ```
 */
export interface WriteTransport extends BaseTransport {
  /** Queue bytes (a string is UTF-8). Never blocks. */
  write(data: Uint8Array | string): void;
  /** Write each item in order. asyncio: `writelines`. */
  writeLines(list: Iterable<Uint8Array | string>): void;
  /** Close the write side after the buffer is flushed (TCP FIN); reading goes on. */
  writeEof(): void;
  /** Whether {@link WriteTransport.writeEof} is supported (not for TLS). */
  canWriteEof(): boolean;
  /** Close now, dropping buffered data; `connectionLost(null)` follows. */
  abort(): void;
  /** Bytes buffered and not yet handed to the OS. */
  getWriteBufferSize(): number;
  /** `[low, high]` water marks in bytes. */
  getWriteBufferLimits(): [low: number, high: number];
  /** Set the water marks (default high 64 KiB; low defaults to high / 4). */
  setWriteBufferLimits(high?: number, low?: number): void;
}

/**
 * A bidirectional stream transport (TCP, TLS, Unix socket, pipe).
 *
 * @example
 * ```ts
 * import { Protocol } from 'qtasyncio/io';
 * declare class MyProtocol extends Protocol {}
 * const [transport, protocol] = await loop.createConnection(() => new MyProtocol(), '127.0.0.1', 8080);
 * ```
 */
export interface Transport extends ReadTransport, WriteTransport {}

/**
 * A UDP transport.
 *
 * @example
 * ```ts
 * import { type DatagramTransport } from 'qtasyncio/io';
 * declare const transport: DatagramTransport;
 * transport.sendto(Buffer.from('ping'), ['127.0.0.1', 9999]);
 * ```
 */
export interface DatagramTransport extends BaseTransport {
  /** Send one datagram to `addr` (`[host, port]`), or to the connected remote address when omitted. */
  sendto(data: Uint8Array | string, addr?: SocketAddress): void;
  /** Close now. */
  abort(): void;
  /** Bytes queued for sending. */
  getWriteBufferSize(): number;
}

/**
 * The transport of `loop.subprocessExec()`: the child process and its pipes.
 *
 * @example
 * ```ts
 * import { type SubprocessTransport } from 'qtasyncio/io';
 * declare const transport: SubprocessTransport;
 * transport.getPipeTransport(0)?.write('input');
 * transport.terminate();
 * ```
 */
export interface SubprocessTransport extends BaseTransport {
  /** The child's process id. */
  getPid(): number | undefined;
  /** `null` while it runs; its exit code, or `-signal` when a signal killed it. asyncio: `get_returncode`. */
  getReturnCode(): number | null;
  /** The transport of pipe `fd` (0 stdin, 1 stdout, 2 stderr), or `null` if it is not a pipe. */
  getPipeTransport(fd: number): Transport | null;
  /** Send a signal (name like `'SIGTERM'` or number). */
  sendSignal(signal: NodeJS.Signals | number): void;
  /** Send SIGTERM. */
  terminate(): void;
  /** Send SIGKILL. */
  kill(): void;
}

/** @internal Who wants to know when a transport starts and ends (a Server). */
export interface TransportTracker {
  _attach(t: BaseTransport): void;
  _detach(t: BaseTransport): void;
}
