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
 * What the loop tells the exception handler, with asyncio's keys: `message` always; `exception`, `handle`,
 * `future`, `task` when they apply; `sourceTraceback` (debug mode) where the failing object was created.
 */
export interface ExceptionContext {
  message: string;
  exception?: unknown;
  handle?: Handle;
  future?: Future<unknown>;
  task?: Task<unknown>;
  /** Debug mode: where the handle/Future/Task was created. */
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
 * const lines: string[] = [];
 * loopLogger.delegate = { error: (m) => lines.push(m), warn: (m) => lines.push(m) };
 * ```
 */
export const loopLogger: {
  delegate: { error(message: string): void; warn(message: string): void } | undefined;
  error(message: string): void;
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
  if (typeof value === 'object' && value !== null) {
    const s = String(value);
    return s;
  }
  return String(value);
}

/**
 * Format a context the way the default handler logs it: the message, then one `key: value` line per other key,
 * then the exception's stack.
 *
 * @example
 * ```ts
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
