/**
 * StreamReader (asyncio's `streams.StreamReader`): a byte buffer fed by a protocol and read by one task at a
 * time. Reading waits on a loop Future, so cancelling the reading task throws `CancelledError` at the read and
 * consumes nothing: the bytes stay for the next reader. When more than `2 × limit` bytes are buffered the
 * transport is paused; it resumes once a read brings the buffer to `limit` or less (the buffer and this
 * back-pressure: `ReadBuffer`).
 *
 * @packageDocumentation
 */

import { getEventLoop } from '../core/events';
import { describeValue } from '../core/render';
import { checkInteger, checkOptionKeys, checkPositiveInt } from '../core/validate';
import type { Future } from '../futures/future';
import type { EventLoop } from '../loop/eventLoop';
import {
  IncompleteReadError,
  IoArgumentError,
  IoStateError,
  LimitOverrunError,
  LineTooLongError,
} from './errors';
import { EMPTY, ReadBuffer } from './readBuffer';
import type { ReadTransport } from './transports';
import { IO_ERRORS, toBuffer } from './validate';

/**
 * The default buffer limit: 64 KiB.
 *
 * @example
 * ```ts
 * import { DEFAULT_LIMIT, StreamReader } from 'qtasyncio/io';
 * const reader = new StreamReader({ limit: 4 * DEFAULT_LIMIT });
 * ```
 */
export const DEFAULT_LIMIT = 64 * 1024;

/**
 * Options of `new StreamReader()`.
 *
 * @example
 * ```ts
 * import { StreamReader } from 'qtasyncio/io';
 * const reader = new StreamReader({ limit: 1 << 20, loop });
 * ```
 */
export interface StreamReaderOptions {
  /** Line/separator length limit and flow-control threshold in bytes (default 64 KiB). */
  limit?: number;
  /** The loop its waits belong to (default: the current loop). */
  loop?: EventLoop;
}

/**
 * Reads bytes from a connection or a pipe.
 *
 * @example
 * ```ts
 * import { openConnection } from 'qtasyncio/io';
 * declare const port: number;
 * const [reader, writer] = await openConnection({ host: '127.0.0.1', port });
 * const header = await reader.readUntil('\r\n\r\n');
 * for await (const line of reader) console.log(line.toString());
 * ```
 */
export class StreamReader implements AsyncIterable<Buffer> {
  readonly #limit: number;
  readonly #loop: EventLoop;
  readonly #buffer: ReadBuffer;
  #eof = false;
  #waiter: Future<void> | null = null;
  #exception: unknown = null;

  /** @param options - the limit and the loop. */
  constructor(options: StreamReaderOptions = {}) {
    checkOptionKeys('StreamReader', options, ['limit', 'loop'], IoArgumentError);
    if (options.limit !== undefined) checkPositiveInt('StreamReader', 'limit', options.limit, IO_ERRORS);
    this.#limit = options.limit ?? DEFAULT_LIMIT;
    this.#loop = options.loop ?? getEventLoop();
    this.#buffer = new ReadBuffer(this.#limit);
  }

  /**
   * The limit in bytes.
   *
   * @example
   * ```ts
   * import { StreamReader } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * reader.limit; // 65536
   * ```
   */
  get limit(): number {
    return this.#limit;
  }

  /**
   * The error set with {@link StreamReader.setException}, or `null`.
   *
   * @example
   * ```ts
   * import { StreamReader } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * if (reader.exception()) console.log('connection failed');
   * ```
   */
  exception(): unknown {
    return this.#exception;
  }

  /**
   * Make waiting and future reads throw `exc` (protocols call this when the connection fails).
   *
   * @example
   * ```ts
   * import { ConnectionResetError, StreamReader } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * reader.setException(new ConnectionResetError('reset'));
   * ```
   */
  setException(exc: unknown): void {
    this.#exception = exc;
    const w = this.#waiter;
    if (w !== null) {
      this.#waiter = null;
      if (!w.done()) w.setException(exc);
    }
  }

  /**
   * Attach the transport to pause and resume (once).
   *
   * @example
   * ```ts
   * import { StreamReader, type Transport } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * declare const transport: Transport;
   * reader.setTransport(transport);
   * ```
   */
  setTransport(transport: ReadTransport): void {
    const current = this.#buffer.transport;
    if (current !== null && current !== transport) {
      throw new IoStateError('StreamReader.setTransport(): a transport is already set');
    }
    this.#buffer.setTransport(transport);
  }

  /** @internal Replace the transport (after startTls). */
  _replaceTransport(transport: ReadTransport): void {
    this.#buffer.replaceTransport(transport);
  }

  #wakeup(): void {
    const w = this.#waiter;
    if (w !== null) {
      this.#waiter = null;
      if (!w.done()) w.setResult();
    }
  }

  /**
   * Signal EOF: reads return what is left, then empty buffers.
   *
   * @example
   * ```ts
   * import { StreamReader } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * reader.feedEof();
   * ```
   */
  feedEof(): void {
    this.#eof = true;
    this.#wakeup();
  }

  /**
   * Whether EOF was fed and the buffer is empty.
   *
   * @example
   * ```ts
   * import { StreamReader } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * while (!reader.atEof()) await reader.read(1024);
   * ```
   */
  atEof(): boolean {
    return this.#eof && this.#buffer.size === 0;
  }

  /**
   * Append bytes (protocols call this).
   *
   * @throws {@link IoStateError} after `feedEof()`.
   * @example
   * ```ts
   * import { StreamReader } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * reader.feedData(Buffer.from('line\n'));
   * ```
   */
  feedData(data: Uint8Array | string): void {
    if (this.#eof) throw new IoStateError('StreamReader.feedData(): called after feedEof()');
    const buf = toBuffer('StreamReader.feedData', 'data', data);
    if (buf.length === 0) return;
    this.#buffer.push(buf);
    this.#wakeup();
    this.#buffer.maybePause();
  }

  /** Wait until data or EOF arrives; a cancelled wait consumes nothing. */
  async #wait(fn: string): Promise<void> {
    if (this.#waiter !== null) {
      throw new IoStateError(`StreamReader.${fn}(): another task is already waiting for incoming data`);
    }
    if (this.#eof) throw new IoStateError(`StreamReader.${fn}(): waiting for data after EOF`);
    this.#buffer.resume();
    const w = this.#loop.createFuture<void>();
    this.#waiter = w;
    try {
      await w;
    } finally {
      if (this.#waiter === w) this.#waiter = null;
    }
  }

  #check(): void {
    if (this.#exception !== null) throw this.#exception;
  }

  /**
   * Read up to `n` bytes (at least one unless at EOF, which gives an empty Buffer); `n < 0` (default) reads
   * until EOF.
   *
   * @example
   * ```ts
   * import { StreamReader } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * const chunk = await reader.read(65536);
   * if (chunk.length === 0) console.log('EOF');
   * ```
   */
  async read(n = -1): Promise<Buffer> {
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      throw new IoArgumentError(`StreamReader.read(n): expected an integer, got ${describeValue(n)}`);
    }
    this.#check();
    if (n === 0) return EMPTY;
    if (n < 0) {
      while (!this.#eof) {
        await this.#wait('read');
        this.#check();
      }
      return this.#buffer.take(this.#buffer.size);
    }
    if (this.#buffer.size === 0 && !this.#eof) {
      await this.#wait('read');
      this.#check();
    }
    return this.#buffer.take(Math.min(n, this.#buffer.size));
  }

  /**
   * Read exactly `n` bytes. asyncio: `readexactly`.
   *
   * @throws {@link IncompleteReadError} (with the partial bytes, consumed) if EOF comes first.
   * @example
   * ```ts
   * import { StreamReader } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * const header = await reader.readExactly(4);
   * const body = await reader.readExactly(header.readUInt32BE(0));
   * ```
   */
  async readExactly(n: number): Promise<Buffer> {
    checkInteger('StreamReader.readExactly', 'n', n, 0, IO_ERRORS);
    this.#check();
    while (this.#buffer.size < n) {
      if (this.#eof) throw new IncompleteReadError(this.#buffer.take(this.#buffer.size), n);
      await this.#wait('readExactly');
      this.#check();
    }
    return this.#buffer.take(n);
  }

  /**
   * Read up to and including the first separator (default `'\n'`; a list means the earliest of them).
   * asyncio: `readuntil`.
   *
   * @throws {@link IncompleteReadError} at EOF without a separator (the rest is consumed);
   * {@link LimitOverrunError} when no separator is found within `limit` bytes (nothing is consumed).
   * @example
   * ```ts
   * import { StreamReader } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * const headers = await reader.readUntil('\r\n\r\n');
   * ```
   */
  async readUntil(separator: Uint8Array | string | readonly (Uint8Array | string)[] = '\n'): Promise<Buffer> {
    // Shortest first, as asyncio: of two matches ending at the same byte, the shorter separator wins.
    const seps = (Array.isArray(separator) ? separator : [separator])
      .map((s) => toBuffer('StreamReader.readUntil', 'separator', s))
      .sort((a, b) => a.length - b.length);
    if (seps.length === 0 || seps.some((s) => s.length === 0)) {
      throw new IoArgumentError(
        'StreamReader.readUntil(separator): expected at least one non-empty separator',
      );
    }
    const minLen = Math.min(...seps.map((s) => s.length));
    const maxLen = Math.max(...seps.map((s) => s.length));
    this.#check();
    let offset = 0;
    for (;;) {
      if (this.#buffer.size - offset >= minLen) {
        const buf = this.#buffer.joined();
        let start = -1;
        let end = -1;
        for (const sep of seps) {
          const i = buf.indexOf(sep, offset);
          if (i !== -1 && (end === -1 || i + sep.length < end)) {
            start = i;
            end = i + sep.length;
          }
        }
        if (end !== -1) {
          // The limit counts the data before the separator, not the separator (asyncio).
          if (start > this.#limit) {
            throw new LimitOverrunError('Separator is found, but chunk is longer than limit', start);
          }
          return this.#buffer.take(end);
        }
        offset = Math.max(0, this.#buffer.size + 1 - maxLen);
        if (offset > this.#limit) {
          throw new LimitOverrunError('Separator is not found, and chunk exceed the limit', offset);
        }
      }
      if (this.#eof) throw new IncompleteReadError(this.#buffer.take(this.#buffer.size), null);
      await this.#wait('readUntil');
      this.#check();
    }
  }

  /**
   * Read one line including `'\n'`; at EOF the last partial line, then an empty Buffer. asyncio: `readline`.
   *
   * @throws {@link LineTooLongError} (asyncio's `ValueError`) for a line longer than `limit`, not counting the
   * `'\n'`: that line is dropped if its end is buffered, otherwise the whole buffer, as asyncio does.
   * @example
   * ```ts
   * import { StreamReader } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * const line = (await reader.readLine()).toString().trimEnd();
   * ```
   */
  async readLine(): Promise<Buffer> {
    try {
      return await this.readUntil('\n');
    } catch (e) {
      if (e instanceof IncompleteReadError) return e.partial;
      if (e instanceof LimitOverrunError) {
        const buf = this.#buffer.joined();
        this.#buffer.take(buf[e.consumed] === 0x0a ? e.consumed + 1 : this.#buffer.size);
        throw new LineTooLongError(`StreamReader.readLine(): ${e.message}`, { cause: e });
      }
      throw e;
    }
  }

  /**
   * Iterate over lines until EOF.
   *
   * @example
   * ```ts
   * import { StreamReader } from 'qtasyncio/io';
   * declare const reader: StreamReader;
   * for await (const line of reader) console.log(line.toString().trimEnd());
   * ```
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer, void, undefined> {
    for (;;) {
      const line = await this.readLine();
      if (line.length === 0) return;
      yield line;
    }
  }

  get [Symbol.toStringTag](): string {
    return 'StreamReader';
  }
}
