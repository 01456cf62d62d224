/**
 * Node's system errors (`err.code === 'ECONNRESET'`…) turned into the io errors of asyncio's OS-error family, so
 * a peer reset or a closed pipe never reaches user code as a bare `'error'` event.
 *
 * @internal
 * @packageDocumentation
 */
import {
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileNotFoundError,
  GaiError,
  OSError,
  ProcessLookupError,
} from './errors';

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
 * import { ConnectionResetError } from 'qtasyncio/io';
 * import { fromNodeError } from './nodeErrors';
 * declare const socket: import('node:net').Socket;
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
