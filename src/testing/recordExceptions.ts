/**
 * `recordExceptions`: what reaches a loop's exception handler, collected for a test to look at.
 *
 * @packageDocumentation
 */
import type { EventLoop } from '../loop/eventLoop';
import type { ExceptionContext } from '../loop/exceptionHandler';

/**
 * Install an exception handler on `loop` that records every context it receives (instead of logging it), and
 * return the array it fills, in call order. It replaces the loop's handler; set another one to undo it.
 *
 * @param loop - the loop whose exception handler records.
 * @returns the recorded contexts, filled as the handler is called.
 * @see {@link captureLog} for what the default handler would have printed.
 * @example
 * ```ts
 * import { VirtualTimeLoop } from 'qtasyncio';
 * import { recordExceptions } from 'qtasyncio/testing';
 * const loop = new VirtualTimeLoop();
 * const seen = recordExceptions(loop);
 * loop.callSoon(() => {
 *   throw new Error('boom');
 * });
 * await loop.advance(0);
 * console.log(seen[0]?.message, seen[0]?.exception); // 'Exception in callback …', Error: boom
 * loop.close();
 * ```
 */
export function recordExceptions(loop: EventLoop): ExceptionContext[] {
  const seen: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => {
    seen.push(context);
  });
  return seen;
}
