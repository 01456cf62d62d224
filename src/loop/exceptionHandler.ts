/**
 * The exception handler's context (asyncio's `call_exception_handler` keys) and the default handler's output.
 *
 * @packageDocumentation
 */
import type { Future } from '../futures/future';
import type { Task } from '../futures/task';
import type { EventLoop } from './eventLoop';
import type { Handle } from './handles';

/**
 * What the loop tells the exception handler, with asyncio's keys in camelCase: `message` always; `exception`,
 * `handle`, `future`, `task` when they apply; `sourceTraceback` (debug mode, asyncio: `source_traceback`) where
 * the failing object was created; io and TaskGroup reports add `transport`, `protocol`, `server` or `taskGroup`
 * (asyncio: `task_group`).
 */
export interface ExceptionContext {
  /** What happened, e.g. `'Exception in callback <Handle …>'` or `'Task exception was never retrieved'`. */
  message: string;
  /** The thrown value, when there is one. */
  exception?: unknown;
  /** The handle whose callback threw. */
  handle?: Handle;
  /** The Future whose exception was never retrieved. */
  future?: Future<unknown>;
  /** The Task that failed or whose exception was never retrieved. */
  task?: Task<unknown>;
  /** Debug mode: where the handle/Future/Task was created. asyncio: `source_traceback`. */
  sourceTraceback?: string;
  [key: string]: unknown;
}

/** A custom exception handler, set with `loop.setExceptionHandler(handler)`. */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/**
 * Where the default exception handler and debug-mode warnings write. Replace `delegate` to capture the output
 * (RxJS's provider pattern).
 *
 * @example
 * ```ts
 * import { loopLogger } from 'qtasyncio';
 * const lines: string[] = [];
 * loopLogger.delegate = { error: (m) => lines.push(m), warn: (m) => lines.push(m) };
 * ```
 */
export const loopLogger: {
  /** Where the output goes instead of `console` when set; `undefined` (the default) writes to `console`. */
  delegate:
    | {
        /** Receives what `loopLogger.error` writes. */
        error(message: string): void;
        /** Receives what `loopLogger.warn` writes. */
        warn(message: string): void;
      }
    | undefined;
  /** Write an error (the default exception handler's report): `console.error`, or the delegate's `error`. */
  error(message: string): void;
  /** Write a warning (debug mode's slow callbacks): `console.warn`, or the delegate's `warn`. */
  warn(message: string): void;
} = {
  delegate: undefined,
  error(message) {
    if (loopLogger.delegate) loopLogger.delegate.error(message);
    else console.error(message);
  },
  warn(message) {
    if (loopLogger.delegate) loopLogger.delegate.warn(message);
    else console.warn(message);
  },
};

function describe(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (isPlainContext(value)) {
    // The context a failing handler was given: its message and exception, on one line.
    const e = value.exception;
    const cause = e === undefined ? '' : ` (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)})`;
    return `${value.message}${cause}`;
  }
  return String(value);
}

function isPlainContext(value: unknown): value is { message: string; exception?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * Format a context the way the default handler logs it: the message, then one `key: value` line per other key,
 * then the exception's stack.
 *
 * @example
 * ```ts
 * import { formatExceptionContext } from 'qtasyncio';
 * formatExceptionContext({ message: 'Exception in callback', exception: new Error('x') });
 * ```
 */
export function formatExceptionContext(context: ExceptionContext): string {
  const lines = [context.message || 'Unhandled exception in event loop'];
  for (const key of Object.keys(context).sort()) {
    if (key === 'message' || key === 'exception') continue;
    lines.push(`${key}: ${describe(context[key])}`);
  }
  if ('exception' in context) lines.push(describe(context.exception));
  return lines.join('\n');
}
