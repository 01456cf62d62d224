/**
 * `captureLog`: what the loops write through `loopLogger` (unhandled exceptions, debug warnings), captured.
 *
 * @packageDocumentation
 */
import { loopLogger } from '../loop/exceptionHandler';

/** What {@link captureLog} captured so far, and how to stop capturing. */
export interface LogCapture extends Disposable {
  /** The messages written with `loopLogger.error` (e.g. the default exception handler's reports). */
  readonly errors: string[];
  /** The messages written with `loopLogger.warn` (e.g. debug mode's slow-callback warnings). */
  readonly warnings: string[];
  /** Stop capturing: `loopLogger` writes where it wrote before. Calling it again does nothing. */
  restore(): void;
}

/**
 * Capture what `loopLogger` writes (instead of printing it) until `restore()` is called or the capture is
 * disposed (`using log = captureLog()`). Captures nest: restoring one puts back the one before it.
 *
 * @returns the capture: its `errors` and `warnings` arrays fill as messages are written.
 * @see {@link recordExceptions} to see the exception contexts themselves rather than their printed form.
 * @example
 * ```ts
 * import { EventLoop } from 'qtasyncio';
 * import { captureLog } from 'qtasyncio/testing';
 * const log = captureLog();
 * try {
 *   const loop = new EventLoop();
 *   loop.callExceptionHandler({ message: 'something went wrong' });
 *   loop.close();
 * } finally {
 *   log.restore();
 * }
 * console.log(log.errors); // ['something went wrong']
 * ```
 */
export function captureLog(): LogCapture {
  const errors: string[] = [];
  const warnings: string[] = [];
  const previous = loopLogger.delegate;
  let restored = false;
  loopLogger.delegate = { error: (m) => errors.push(m), warn: (m) => warnings.push(m) };
  const restore = (): void => {
    if (restored) return;
    restored = true;
    loopLogger.delegate = previous;
  };
  return { errors, warnings, restore, [Symbol.dispose]: restore };
}
