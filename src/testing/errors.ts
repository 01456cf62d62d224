/**
 * Errors of `qtasyncio/testing`.
 *
 * @packageDocumentation
 */
import { QtAsyncioError } from '../core/errors';
import type { ExceptionContext } from '../loop/exceptionHandler';

/**
 * Thrown by {@link onLoop} with `{ failOnException: true }` when the loop's exception handler was called: the
 * error was reported, not raised, so the test would otherwise pass. `contexts` holds what the handler received.
 *
 * @example
 * ```ts
 * import { onLoop, UnexpectedLoopExceptionError } from 'qtasyncio/testing';
 * try {
 *   await onLoop((loop) => { loop.callSoon(() => { throw new Error('lost'); }); }, { failOnException: true });
 * } catch (e) {
 *   if (e instanceof UnexpectedLoopExceptionError) console.log(e.contexts.length); // 1
 * }
 * ```
 */
export class UnexpectedLoopExceptionError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_UNEXPECTED_LOOP_EXCEPTION';
  override readonly name: string = 'UnexpectedLoopExceptionError';
  /**
   * @param message - what went wrong, with each context's message.
   * @param contexts - what the exception handler received, in call order.
   */
  constructor(
    message: string,
    readonly contexts: readonly ExceptionContext[],
  ) {
    super(message);
  }
}
