/**
 * The errors of `qtasyncio/io`: asyncio's OS-error family (`OSError`, `ConnectionResetError`,
 * `BrokenPipeError`…), the stream errors (`IncompleteReadError`, `LimitOverrunError`) and the argument errors.
 * Node's system errors (`err.code === 'ECONNRESET'`…) are turned into the OS-error family (`nodeErrors.ts`), so
 * a peer reset or a closed pipe never reaches user code as a bare `'error'` event.
 *
 * @packageDocumentation
 */
import { brandError, classCode } from '../core/errorCode';
import { InvalidStateError, LoopArgumentError, LoopRangeError, QtAsyncioError } from '../core/errors';

/**
 * An operating-system error (asyncio's `OSError`). As on Node's own system errors, `code` is the operating
 * system's code (`'ECONNRESET'`, `'EADDRINUSE'`) when the error came from one, else the class's code
 * (`OSError.code`, `ConnectionResetError.code`…); `errno` is its number, `syscall` the failing call; the original
 * Node error is the `cause`.
 *
 * @example
 * ```ts
 * import { openConnection, OSError } from 'qtasyncio/io';
 * try { await openConnection({ host: '127.0.0.1', port: 1 }); } catch (e) { if (e instanceof OSError) console.log(e.code); }
 * ```
 */
export class OSError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_OS';
  override readonly name: string = 'OSError';
  /** The operating system's code, e.g. `'EADDRINUSE'`, else the class's code. */
  override readonly code: string;
  /** The (negative, libuv) error number, if known. */
  readonly errno: number | undefined;
  /** The failing system call, if known. */
  readonly syscall: string | undefined;
  /**
   * @param message - the message.
   * @param init - code, errno, syscall and cause.
   */
  constructor(
    message: string,
    init: { code?: string; errno?: number; syscall?: string; cause?: unknown } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code ?? classCode(this);
    this.errno = init.errno;
    this.syscall = init.syscall;
  }
}

/**
 * Base of the connection errors (asyncio's `ConnectionError`).
 *
 * @example
 * ```ts
 * import { ConnectionError, StreamWriter } from 'qtasyncio/io';
 * declare const writer: StreamWriter;
 * try { await writer.drain(); } catch (e) { if (e instanceof ConnectionError) writer.close(); }
 * ```
 */
export class ConnectionError extends OSError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_CONNECTION';
  override readonly name: string = 'ConnectionError';
}

/**
 * The peer reset the connection (`ECONNRESET`), or the connection was lost while waiting on it.
 *
 * @example
 * ```ts
 * import { ConnectionResetError, StreamReader } from 'qtasyncio/io';
 * declare const reader: StreamReader;
 * try { await reader.read(100); } catch (e) { if (e instanceof ConnectionResetError) console.log('peer reset'); }
 * ```
 */
export class ConnectionResetError extends ConnectionError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_CONNECTION_RESET';
  override readonly name: string = 'ConnectionResetError';
}

/**
 * Writing to a pipe or socket whose other end is closed (`EPIPE`).
 *
 * @example
 * ```ts
 * import { BrokenPipeError, Process } from 'qtasyncio/io';
 * declare const data: Buffer;
 * declare const proc: Process;
 * try { proc.stdin!.write(data); await proc.stdin!.drain(); } catch (e) { if (e instanceof BrokenPipeError) console.log('child exited'); }
 * ```
 */
export class BrokenPipeError extends ConnectionError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_BROKEN_PIPE';
  override readonly name: string = 'BrokenPipeError';
}

/**
 * Nobody listens at the address (`ECONNREFUSED`).
 *
 * @example
 * ```ts
 * import { ConnectionRefusedError, openConnection } from 'qtasyncio/io';
 * await openConnection({ host: '127.0.0.1', port: 9 }).catch((e) => e instanceof ConnectionRefusedError);
 * ```
 */
export class ConnectionRefusedError extends ConnectionError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_CONNECTION_REFUSED';
  override readonly name: string = 'ConnectionRefusedError';
}

/**
 * The connection was aborted locally (`ECONNABORTED`).
 *
 * @example
 * ```ts
 * import { ConnectionAbortedError } from 'qtasyncio/io';
 * declare const err: unknown;
 * if (err instanceof ConnectionAbortedError) console.log('aborted');
 * ```
 */
export class ConnectionAbortedError extends ConnectionError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_CONNECTION_ABORTED';
  override readonly name: string = 'ConnectionAbortedError';
}

/**
 * A file or program does not exist (`ENOENT`), e.g. `createSubprocessExec('no-such-program')`.
 *
 * @example
 * ```ts
 * import { createSubprocessExec, FileNotFoundError } from 'qtasyncio/io';
 * await createSubprocessExec('no-such-program', []).catch((e) => e instanceof FileNotFoundError); // true
 * ```
 */
export class FileNotFoundError extends OSError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_FILE_NOT_FOUND';
  override readonly name: string = 'FileNotFoundError';
}

/**
 * The process does not exist any more (`ESRCH`): signalling a child that already exited.
 *
 * @example
 * ```ts
 * import { Process } from 'qtasyncio/io';
 * declare const proc: Process;
 * await proc.wait();
 * proc.kill(); // throws ProcessLookupError
 * ```
 */
export class ProcessLookupError extends OSError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_PROCESS_LOOKUP';
  override readonly name: string = 'ProcessLookupError';
}

/**
 * Name resolution failed (asyncio's `socket.gaierror`): `ENOTFOUND`, `EAI_AGAIN`…
 *
 * @example
 * ```ts
 * import { GaiError } from 'qtasyncio/io';
 * await loop.getaddrinfo('no-such-host.invalid', 80).catch((e) => e instanceof GaiError); // true
 * ```
 */
export class GaiError extends OSError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_GAI';
  override readonly name: string = 'GaiError';
}

/**
 * `readExactly(n)` / `readUntil(sep)` met EOF first. `partial` holds the bytes read (they are consumed);
 * `expected` is the number wanted (`null` for `readUntil`).
 *
 * @example
 * ```ts
 * import { IncompleteReadError, StreamReader } from 'qtasyncio/io';
 * declare const reader: StreamReader;
 * try { await reader.readExactly(10); } catch (e) { if (e instanceof IncompleteReadError) console.log(e.partial); }
 * ```
 */
export class IncompleteReadError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_INCOMPLETE_READ';
  override readonly name: string = 'IncompleteReadError';
  /** The bytes read before EOF. */
  readonly partial: Buffer;
  /** How many bytes were expected, or `null` when reading until a separator. */
  readonly expected: number | null;
  /**
   * @param partial - bytes read before EOF.
   * @param expected - the number wanted (or null).
   */
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
 * import { LimitOverrunError, StreamReader } from 'qtasyncio/io';
 * declare const reader: StreamReader;
 * try { await reader.readUntil('\n'); } catch (e) { if (e instanceof LimitOverrunError) await reader.read(e.consumed); }
 * ```
 */
export class LimitOverrunError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_LIMIT_OVERRUN';
  override readonly name: string = 'LimitOverrunError';
  /** Bytes to consume to get past the overrun. */
  readonly consumed: number;
  /**
   * @param message - what overran.
   * @param consumed - bytes to consume.
   */
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
 * import { LineTooLongError, StreamReader, StreamWriter } from 'qtasyncio/io';
 * declare const reader: StreamReader;
 * declare const writer: StreamWriter;
 * try { await reader.readLine(); } catch (e) { if (e instanceof LineTooLongError) writer.write('line too long\n'); }
 * ```
 */
export class LineTooLongError extends RangeError {
  /** The code of this error class. */
  static readonly code: string = 'ERR_QTASYNCIO_LINE_TOO_LONG';
  override readonly name: string = 'LineTooLongError';
  /** A stable string naming the kind of error (the class's `code`). */
  readonly code: string = classCode(this);
  static {
    brandError(LineTooLongError);
  }
}

/**
 * An argument of an io function has the wrong type or an unknown value (a port that is not a number, an
 * unknown stdio option, a signal name that does not exist).
 *
 * @example
 * ```ts
 * import { openConnection } from 'qtasyncio/io';
 * await openConnection({ host: '127.0.0.1', port: 'http' as never }); // IoArgumentError: openConnection(port): …
 * ```
 */
export class IoArgumentError extends LoopArgumentError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_IO_ARGUMENT';
  override readonly name: string = 'IoArgumentError';
}

/**
 * A numeric argument is out of range (port 70000, `readExactly(-1)`, a limit ≤ 0).
 *
 * @example
 * ```ts
 * import { openConnection } from 'qtasyncio/io';
 * await openConnection({ host: '127.0.0.1', port: 70000 }); // IoRangeError: openConnection(port): expected an integer 0–65535, got 70000
 * ```
 */
export class IoRangeError extends LoopRangeError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_IO_RANGE';
  override readonly name: string = 'IoRangeError';
}

/**
 * An operation on a transport, stream or server in the wrong state: writing after `close()`, `writeEof()`
 * twice, two concurrent readers on one StreamReader, signal handlers that cannot be caught.
 *
 * @example
 * ```ts
 * import { StreamWriter } from 'qtasyncio/io';
 * declare const writer: StreamWriter;
 * writer.close();
 * writer.write('x'); // IoStateError: StreamWriter.write(): the transport is closing
 * ```
 */
export class IoStateError extends InvalidStateError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_IO_STATE';
  override readonly name: string = 'IoStateError';
}
