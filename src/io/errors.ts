/**
 * The errors of `qtasyncio/io`: asyncio's OS-error family (`OSError`, `ConnectionResetError`,
 * `BrokenPipeError`…), the stream errors (`IncompleteReadError`, `LimitOverrunError`) and the argument errors.
 * Node's system errors (`err.code === 'ECONNRESET'`…) are turned into these by {@link fromNodeError}, so a peer
 * reset or a closed pipe never reaches user code as a bare `'error'` event.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/errors';

export { describeValue };

/**
 * An operating-system error (asyncio's `OSError`). `code` is Node's error code (`'ECONNRESET'`), `errno` its
 * number, `syscall` the failing call; the original Node error is the `cause`.
 *
 * @example
 * ```ts
 * try { await openConnection({ host: '127.0.0.1', port: 1 }); } catch (e) { if (e instanceof OSError) console.log(e.code); }
 * ```
 */
export class OSError extends Error {
  override readonly name: string = 'OSError';
  /** Node's error code, e.g. `'EADDRINUSE'` (empty when unknown). */
  readonly code: string;
  /** The (negative, libuv) error number, if known. */
  readonly errno: number | undefined;
  /** The failing system call, if known. */
  readonly syscall: string | undefined;
  /** @param message the message; @param init code, errno, syscall and cause. */
  constructor(
    message: string,
    init: { code?: string; errno?: number; syscall?: string; cause?: unknown } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code ?? '';
    this.errno = init.errno;
    this.syscall = init.syscall;
  }
}

/**
 * Base of the connection errors (asyncio's `ConnectionError`).
 *
 * @example
 * ```ts
 * try { await writer.drain(); } catch (e) { if (e instanceof ConnectionError) writer.close(); }
 * ```
 */
export class ConnectionError extends OSError {
  override readonly name: string = 'ConnectionError';
}

/**
 * The peer reset the connection (`ECONNRESET`), or the connection was lost while waiting on it.
 *
 * @example
 * ```ts
 * try { await reader.read(100); } catch (e) { if (e instanceof ConnectionResetError) console.log('peer reset'); }
 * ```
 */
export class ConnectionResetError extends ConnectionError {
  override readonly name: string = 'ConnectionResetError';
}

/**
 * Writing to a pipe or socket whose other end is closed (`EPIPE`).
 *
 * @example
 * ```ts
 * try { proc.stdin.write(data); await proc.stdin.drain(); } catch (e) { if (e instanceof BrokenPipeError) console.log('child exited'); }
 * ```
 */
export class BrokenPipeError extends ConnectionError {
  override readonly name: string = 'BrokenPipeError';
}

/**
 * Nobody listens at the address (`ECONNREFUSED`).
 *
 * @example
 * ```ts
 * await openConnection({ host: '127.0.0.1', port: 9 }).catch((e) => e instanceof ConnectionRefusedError);
 * ```
 */
export class ConnectionRefusedError extends ConnectionError {
  override readonly name: string = 'ConnectionRefusedError';
}

/**
 * The connection was aborted locally (`ECONNABORTED`).
 *
 * @example
 * ```ts
 * if (err instanceof ConnectionAbortedError) console.log('aborted');
 * ```
 */
export class ConnectionAbortedError extends ConnectionError {
  override readonly name: string = 'ConnectionAbortedError';
}

/**
 * A file or program does not exist (`ENOENT`), e.g. `createSubprocessExec('no-such-program')`.
 *
 * @example
 * ```ts
 * await createSubprocessExec('no-such-program', []).catch((e) => e instanceof FileNotFoundError); // true
 * ```
 */
export class FileNotFoundError extends OSError {
  override readonly name: string = 'FileNotFoundError';
}

/**
 * The process does not exist any more (`ESRCH`): signalling a child that already exited.
 *
 * @example
 * ```ts
 * await proc.wait();
 * proc.kill(); // throws ProcessLookupError
 * ```
 */
export class ProcessLookupError extends OSError {
  override readonly name: string = 'ProcessLookupError';
}

/**
 * Name resolution failed (asyncio's `socket.gaierror`): `ENOTFOUND`, `EAI_AGAIN`…
 *
 * @example
 * ```ts
 * await loop.getaddrinfo('no-such-host.invalid', 80).catch((e) => e instanceof GaiError); // true
 * ```
 */
export class GaiError extends OSError {
  override readonly name: string = 'GaiError';
}

/**
 * `readExactly(n)` / `readUntil(sep)` met EOF first. `partial` holds the bytes read (they are consumed);
 * `expected` is the number wanted (`null` for `readUntil`).
 *
 * @example
 * ```ts
 * try { await reader.readExactly(10); } catch (e) { if (e instanceof IncompleteReadError) console.log(e.partial); }
 * ```
 */
export class IncompleteReadError extends Error {
  override readonly name: string = 'IncompleteReadError';
  /** The bytes read before EOF. */
  readonly partial: Buffer;
  /** How many bytes were expected, or `null` when reading until a separator. */
  readonly expected: number | null;
  /** @param partial bytes read before EOF; @param expected the number wanted (or null). */
  constructor(partial: Buffer, expected: number | null) {
    const what = expected === null ? 'undefined' : String(expected);
    super(`${partial.length} bytes read on a total of ${what} expected bytes`);
    this.partial = partial;
    this.expected = expected;
  }
}

/**
 * `readUntil(sep)` / `readLine()` found no separator within the reader's `limit`. `consumed` is how many bytes
 * would have to be read; the data stays in the buffer (a `readLine()` that overran drops its line, as asyncio).
 *
 * @example
 * ```ts
 * try { await reader.readUntil('\n'); } catch (e) { if (e instanceof LimitOverrunError) await reader.read(e.consumed); }
 * ```
 */
export class LimitOverrunError extends Error {
  override readonly name: string = 'LimitOverrunError';
  /** Bytes to consume to get past the overrun. */
  readonly consumed: number;
  /** @param message what overran; @param consumed bytes to consume. */
  constructor(message: string, consumed: number) {
    super(message);
    this.consumed = consumed;
  }
}

/**
 * `readLine()` found a line longer than the reader's `limit` (asyncio raises `ValueError` there). The line is
 * dropped (or the whole buffer when its end has not arrived); the `cause` is the {@link LimitOverrunError}.
 *
 * @example
 * ```ts
 * try { await reader.readLine(); } catch (e) { if (e instanceof LineTooLongError) writer.write('line too long\n'); }
 * ```
 */
export class LineTooLongError extends RangeError {
  override readonly name: string = 'LineTooLongError';
}

/**
 * An argument of an io function has the wrong type or an unknown value (a port that is not a number, an
 * unknown stdio option, a signal name that does not exist).
 *
 * @example
 * ```ts
 * await openConnection({ host: '127.0.0.1', port: 'http' as never }); // IoArgumentError: openConnection(port): …
 * ```
 */
export class IoArgumentError extends TypeError {
  override readonly name: string = 'IoArgumentError';
}

/**
 * A numeric argument is out of range (port 70000, `readExactly(-1)`, a limit ≤ 0).
 *
 * @example
 * ```ts
 * await openConnection({ host: '127.0.0.1', port: 70000 }); // IoRangeError: openConnection(port): expected an integer 0–65535, got 70000
 * ```
 */
export class IoRangeError extends RangeError {
  override readonly name: string = 'IoRangeError';
}

/**
 * An operation on a transport, stream or server in the wrong state: writing after `close()`, `writeEof()`
 * twice, two concurrent readers on one StreamReader, signal handlers that cannot be caught.
 *
 * @example
 * ```ts
 * writer.close();
 * writer.write('x'); // IoStateError: StreamWriter.write(): the transport is closing
 * ```
 */
export class IoStateError extends Error {
  override readonly name: string = 'IoStateError';
}

const CODE_CLASSES: Record<string, typeof OSError> = {
  ECONNRESET: ConnectionResetError,
  EPIPE: BrokenPipeError,
  ERR_STREAM_DESTROYED: BrokenPipeError,
  ERR_STREAM_WRITE_AFTER_END: BrokenPipeError,
  ECONNREFUSED: ConnectionRefusedError,
  ECONNABORTED: ConnectionAbortedError,
  ENOENT: FileNotFoundError,
  ESRCH: ProcessLookupError,
  ENOTFOUND: GaiError,
  EAI_AGAIN: GaiError,
  EAI_FAIL: GaiError,
  EAI_NONAME: GaiError,
  EAI_NODATA: GaiError,
  EAI_FAMILY: GaiError,
};

/**
 * Turn a Node error into the matching io error (already-converted errors and non-system errors pass through).
 *
 * @example
 * ```ts
 * socket.on('error', (e) => { const err = fromNodeError(e); err instanceof ConnectionResetError; });
 * ```
 */
export function fromNodeError(error: unknown): unknown {
  // Not `instanceof Error`: errors made by Node's core may come from another realm (vm contexts, Jest).
  if (error instanceof OSError || typeof error !== 'object' || error === null) return error;
  const e = error as NodeJS.ErrnoException;
  if (typeof e.code !== 'string') return error;
  const Cls = CODE_CLASSES[e.code] ?? OSError;
  const init: { code: string; errno?: number; syscall?: string; cause: unknown } = {
    code: e.code,
    cause: error,
  };
  if (typeof e.errno === 'number') init.errno = e.errno;
  if (typeof e.syscall === 'string') init.syscall = e.syscall;
  return new Cls(String(e.message), init);
}
