/**
 * `onLoop`: run a test body as the main task of a fresh loop, and close the loop afterwards.
 *
 * @packageDocumentation
 */
import { checkFunction } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import type { VirtualTimeLoop } from '../loop/virtualTimeLoop';
import { UnexpectedLoopExceptionError } from './errors';
import { recordExceptions } from './recordExceptions';
import { checkTestLoopOptions, closeTestLoop, openTestLoop, type TestLoopOptions } from './testLoop';

/** Options of {@link onLoop}. */
export interface OnLoopOptions extends TestLoopOptions {
  /**
   * Record the loop's exception handler calls and, if there were any, reject with
   * {@link UnexpectedLoopExceptionError} after the body finished (default `false`: the handler logs them).
   */
  failOnException?: boolean;
}

/**
 * Run `main(loop)` as the main task of a fresh loop (`loop.runUntilComplete`), then close the loop, whatever the
 * outcome; resolves to what `main` returned, or rejects with what it threw. By default the loop is a
 * {@link VirtualTimeLoop}: `await sleep(60_000)` in `main` returns at once, at virtual time 60 000.
 *
 * @param main - the test body; it runs inside a task of `loop`.
 * @param options - the loop ({@link TestLoopOptions}), and whether exception handler calls fail the run.
 * @returns what `main` returned.
 * @throws {@link UnexpectedLoopExceptionError} with `failOnException` when the exception handler was called;
 *   `LoopArgumentError` (synchronously) for a `main` that is not a function or bad options.
 * @see {@link useLoop} for a fresh loop per test of a suite.
 * @example
 * ```ts
 * import { sleep, timeout, TimeoutError } from 'qtasyncio';
 * import { onLoop } from 'qtasyncio/testing';
 * const elapsed = await onLoop(async (loop) => {
 *   try {
 *     await timeout(5_000, () => sleep(60_000));
 *   } catch (e) {
 *     if (!(e instanceof TimeoutError)) throw e;
 *   }
 *   return loop.time(); // 5000: virtual milliseconds, no real waiting
 * });
 * ```
 */
export function onLoop<T>(
  main: (loop: VirtualTimeLoop) => T | PromiseLike<T>,
  options?: OnLoopOptions & { realTime?: false },
): Promise<T>;
export function onLoop<T>(main: (loop: EventLoop) => T | PromiseLike<T>, options: OnLoopOptions): Promise<T>;
export function onLoop<T>(
  main: (loop: never) => T | PromiseLike<T>,
  options: OnLoopOptions = {},
): Promise<T> {
  checkFunction('onLoop', 'main', main);
  checkTestLoopOptions('onLoop', options, ['failOnException']);
  return runOnLoop(main, options);
}

async function runOnLoop<T>(main: (loop: never) => T | PromiseLike<T>, options: OnLoopOptions): Promise<T> {
  const loop = openTestLoop(options);
  const seen = options.failOnException === true ? recordExceptions(loop) : null;
  try {
    const value = await loop.runUntilComplete(async () => main(loop as never));
    if (seen !== null && seen.length > 0) {
      throw new UnexpectedLoopExceptionError(
        `onLoop(): the loop's exception handler was called ${seen.length} time(s): ` +
          seen
            .map((c) => `${c.message}${c.exception === undefined ? '' : ` (${String(c.exception)})`}`)
            .join('; '),
        seen,
      );
    }
    return value;
  } finally {
    closeTestLoop(loop, options);
  }
}
