/**
 * Protocols (asyncio's `protocols.py`): the callback side of a transport. Subclass one and override what you
 * need; every method has a no-op default. The loop calls them; their exceptions go to the loop's exception
 * handler and abort the connection.
 *
 * @packageDocumentation
 */
import type { InetAddress } from './address';
import { IoStateError } from './errors';
import type { BaseTransport, DatagramTransport, SubprocessTransport, Transport } from './transports';

/**
 * What every protocol has: connection made / lost and write flow control.
 *
 * @example
 * ```ts
 * import { BaseProtocol } from 'qtasyncio/io';
 * class Quiet extends BaseProtocol { override connectionLost(exc: unknown) { if (exc) console.error(exc); } }
 * ```
 */
export class BaseProtocol {
  /**
   * The connection is set up; `transport` is how to talk back.
   *
   * @example
   * ```ts
   * import { Protocol, type Transport } from 'qtasyncio/io';
   * class Client extends Protocol {
   *   transport?: Transport;
   *   override connectionMade(t: Transport) { this.transport = t; }
   * }
   * ```
   */
  connectionMade(_transport: BaseTransport): void {}
  /**
   * The connection is gone: `exc` is `null` after a normal close or EOF, else the error (e.g.
   * `ConnectionResetError`). Called exactly once.
   *
   * @example
   * ```ts
   * import { getRunningLoop } from 'qtasyncio';
   * import { Protocol } from 'qtasyncio/io';
   * class Client extends Protocol {
   *   done = getRunningLoop().createFuture<unknown>();
   *   override connectionLost(exc: unknown) { this.done.setResult(exc); }
   * }
   * ```
   */
  connectionLost(_exc: unknown): void {}
  /**
   * The transport's write buffer went over its high-water mark: stop writing until {@link resumeWriting}.
   *
   * @example
   * ```ts
   * import { Protocol } from 'qtasyncio/io';
   * class Sender extends Protocol {
   *   paused = false;
   *   override pauseWriting() { this.paused = true; }
   * }
   * ```
   */
  pauseWriting(): void {}
  /**
   * The write buffer drained to its low-water mark: writing may go on.
   *
   * @example
   * ```ts
   * import { Protocol } from 'qtasyncio/io';
   * class Sender extends Protocol {
   *   paused = false;
   *   override resumeWriting() { this.paused = false; this.pump(); }
   *   pump() {} // writes what is queued while not paused
   * }
   * ```
   */
  resumeWriting(): void {}
}

/**
 * A stream protocol (TCP, TLS, Unix sockets, pipes): bytes arrive through {@link Protocol.dataReceived}.
 *
 * @example
 * ```ts
 * import { Protocol, type Transport } from 'qtasyncio/io';
 * class Echo extends Protocol {
 *   transport!: Transport;
 *   override connectionMade(t: Transport) { this.transport = t; }
 *   override dataReceived(data: Buffer) { this.transport.write(data); }
 * }
 * const server = await loop.createServer(() => new Echo(), '127.0.0.1', 0);
 * ```
 */
export class Protocol extends BaseProtocol {
  override connectionMade(_transport: Transport): void {}
  /**
   * Bytes arrived (never empty).
   *
   * @example
   * ```ts
   * import { Protocol } from 'qtasyncio/io';
   * class Collect extends Protocol {
   *   chunks: Buffer[] = [];
   *   override dataReceived(data: Buffer) { this.chunks.push(data); }
   * }
   * ```
   */
  dataReceived(_data: Buffer): void {}
  /**
   * The peer sent EOF (it will write no more). Return `true` to keep the transport open (half-closed, you may
   * still write); anything else closes it.
   *
   * @example
   * ```ts
   * import { Protocol, type Transport } from 'qtasyncio/io';
   * class Polite extends Protocol {
   *   transport!: Transport;
   *   override connectionMade(t: Transport) { this.transport = t; }
   *   override eofReceived() { this.transport.write('bye'); this.transport.close(); return true; }
   * }
   * ```
   */
  eofReceived(): boolean | undefined {
    return undefined;
  }
}

/**
 * A stream protocol that receives into its own buffer (asyncio's `BufferedProtocol`): the transport asks for a
 * buffer with {@link BufferedProtocol.getBuffer}, copies bytes into it and reports how many with
 * {@link BufferedProtocol.bufferUpdated}.
 *
 * @example
 * ```ts
 * import { BufferedProtocol } from 'qtasyncio/io';
 * class Counter extends BufferedProtocol {
 *   buf = Buffer.alloc(65536); total = 0;
 *   override getBuffer() { return this.buf; }
 *   override bufferUpdated(n: number) { this.total += n; }
 * }
 * ```
 */
export class BufferedProtocol extends BaseProtocol {
  override connectionMade(_transport: Transport): void {}
  /**
   * A writable buffer of at least one byte; `sizeHint` is how many bytes are waiting (advisory).
   *
   * @example
   * ```ts
   * import { BufferedProtocol } from 'qtasyncio/io';
   * class Fresh extends BufferedProtocol {
   *   override getBuffer(sizeHint: number) { return Buffer.alloc(Math.max(sizeHint, 1024)); }
   * }
   * ```
   */
  getBuffer(_sizeHint: number): Uint8Array {
    return new Uint8Array(0);
  }
  /**
   * `nbytes` were written at the start of the buffer last returned by {@link BufferedProtocol.getBuffer}.
   *
   * @example
   * ```ts
   * import { BufferedProtocol } from 'qtasyncio/io';
   * class Chunks extends BufferedProtocol {
   *   buf = Buffer.alloc(65536);
   *   override getBuffer() { return this.buf; }
   *   override bufferUpdated(n: number) { this.onBytes(this.buf.subarray(0, n)); }
   *   onBytes(bytes: Buffer) { console.log(bytes.length); }
   * }
   * ```
   */
  bufferUpdated(_nbytes: number): void {}
  /**
   * The peer sent EOF; return `true` to keep the transport open.
   *
   * @example
   * ```ts
   * import { BufferedProtocol } from 'qtasyncio/io';
   * class CloseOnEof extends BufferedProtocol {
   *   override eofReceived() { return false; }
   * }
   * ```
   */
  eofReceived(): boolean | undefined {
    return undefined;
  }
}

/**
 * A UDP protocol: datagrams arrive with their sender's address.
 *
 * @example
 * ```ts
 * import { DatagramProtocol, type DatagramTransport, type InetAddress } from 'qtasyncio/io';
 * class EchoUdp extends DatagramProtocol {
 *   t!: DatagramTransport;
 *   override connectionMade(t: DatagramTransport) { this.t = t; }
 *   override datagramReceived(data: Buffer, addr: InetAddress) { this.t.sendto(data, addr); }
 * }
 * ```
 */
export class DatagramProtocol extends BaseProtocol {
  override connectionMade(_transport: DatagramTransport): void {}
  /**
   * A datagram arrived from `addr` (`[host, port]`).
   *
   * @example
   * ```ts
   * import { DatagramProtocol, type InetAddress } from 'qtasyncio/io';
   * class Log extends DatagramProtocol {
   *   override datagramReceived(data: Buffer, [host, port]: InetAddress) { console.log(host, port, data); }
   * }
   * ```
   */
  datagramReceived(_data: Buffer, _addr: InetAddress): void {}
  /**
   * A send or receive failed (e.g. ICMP port unreachable on a connected socket); the transport stays open.
   *
   * @example
   * ```ts
   * import { DatagramProtocol } from 'qtasyncio/io';
   * class Warn extends DatagramProtocol {
   *   override errorReceived(exc: unknown) { console.warn(exc); }
   * }
   * ```
   */
  errorReceived(_exc: unknown): void {}
}

/**
 * The protocol of `loop.subprocessExec()`: output of the child's pipes and its exit.
 *
 * @example
 * ```ts
 * import { SubprocessProtocol } from 'qtasyncio/io';
 * class Collect extends SubprocessProtocol {
 *   out: Buffer[] = [];
 *   override pipeDataReceived(fd: number, data: Buffer) { if (fd === 1) this.out.push(data); }
 *   override processExited() { console.log('exited'); }
 * }
 * ```
 */
export class SubprocessProtocol extends BaseProtocol {
  override connectionMade(_transport: SubprocessTransport): void {}
  /**
   * The child wrote `data` to fd 1 (stdout) or 2 (stderr).
   *
   * @example
   * ```ts
   * import { SubprocessProtocol } from 'qtasyncio/io';
   * class Tee extends SubprocessProtocol {
   *   override pipeDataReceived(fd: number, data: Buffer) { process.stdout.write(data); }
   * }
   * ```
   */
  pipeDataReceived(_fd: number, _data: Buffer): void {}
  /**
   * The pipe `fd` (0, 1 or 2) was closed; `exc` is `null` or the error.
   *
   * @example
   * ```ts
   * import { SubprocessProtocol } from 'qtasyncio/io';
   * class Pipes extends SubprocessProtocol {
   *   override pipeConnectionLost(fd: number, exc: unknown) { if (exc) console.error(fd, exc); }
   * }
   * ```
   */
  pipeConnectionLost(_fd: number, _exc: unknown): void {}
  /**
   * The child exited (see `transport.getReturnCode()`).
   *
   * @example
   * ```ts
   * import { getRunningLoop } from 'qtasyncio';
   * import { SubprocessProtocol, type SubprocessTransport } from 'qtasyncio/io';
   * class Exit extends SubprocessProtocol {
   *   transport!: SubprocessTransport;
   *   exited = getRunningLoop().createFuture<number | null>();
   *   override connectionMade(t: SubprocessTransport) { this.transport = t; }
   *   override processExited() { this.exited.setResult(this.transport.getReturnCode()); }
   * }
   * ```
   */
  processExited(): void {}
}

/**
 * @internal Copy `chunk` into the protocol's buffers: `getBuffer(bytesLeft)`, copy, `bufferUpdated(n)`, until
 * all of it is delivered.
 */
export function feedBufferedProtocol(proto: BufferedProtocol, chunk: Buffer): void {
  for (let off = 0; off < chunk.length; ) {
    const buf = proto.getBuffer(chunk.length - off);
    if (!(buf instanceof Uint8Array) || buf.length === 0) {
      throw new IoStateError('BufferedProtocol.getBuffer(): returned an empty buffer');
    }
    const n = chunk.copy(buf, 0, off, off + Math.min(buf.length, chunk.length - off));
    off += n;
    proto.bufferUpdated(n);
  }
}

/**
 * A stream protocol: {@link Protocol} or {@link BufferedProtocol}.
 *
 * @example
 * ```ts
 * import { Protocol, type StreamProtocol } from 'qtasyncio/io';
 * declare class MyProtocol extends Protocol {}
 * const factory = (): StreamProtocol => new MyProtocol();
 * ```
 */
export type StreamProtocol = Protocol | BufferedProtocol;

/** @internal Whether `p` receives into its own buffers (has `getBuffer`). */
export function isBuffered(p: BaseProtocol): boolean {
  return typeof (p as Partial<BufferedProtocol>).getBuffer === 'function';
}
