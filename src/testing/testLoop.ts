/**
 * The loop of a test: which kind (virtual or real time), made current or not, and how it is closed. Shared by
 * {@link onLoop} and {@link useLoop}.
 *
 * @packageDocumentation
 */
import { LoopArgumentError } from '../core/errors';
import { setEventLoop } from '../core/events';
import { checkBoolean, checkOptionKeys } from '../core/validate';
import { EventLoop } from '../loop/eventLoop';
import { VirtualTimeLoop } from '../loop/virtualTimeLoop';

/** Options of {@link onLoop} and {@link useLoop}: the loop a test gets. */
export interface TestLoopOptions {
  /**
   * `false` (default): a {@link VirtualTimeLoop}, whose clock jumps to the next timer whenever the loop is idle,
   * so timers, sleeps and timeouts take no real time. `true`: a real-time `EventLoop`, for real sockets,
   * processes and worker threads.
   */
  realTime?: boolean;
  /**
   * For a VirtualTimeLoop: `false` keeps its clock still while it runs, so time moves only through `advance()`
   * and `runUntilIdle()` (default `true`). An error with `realTime`.
   */
  autoAdvance?: boolean;
  /**
   * Make the loop the current event loop (`setEventLoop(loop)`) while the test runs, for code that calls
   * `getEventLoop()` outside a task; `setEventLoop(null)` afterwards (default `false`).
   */
  current?: boolean;
}

/** The keys of {@link TestLoopOptions}. */
export const TEST_LOOP_KEYS = ['realTime', 'autoAdvance', 'current'] as const;

/**
 * @internal Check `options` of `fn` (the {@link TestLoopOptions} keys and `extraKeys`, all booleans): unknown
 * keys, non-booleans and `autoAdvance` with `realTime` throw {@link LoopArgumentError}.
 */
export function checkTestLoopOptions(fn: string, options: unknown, extraKeys: readonly string[] = []): void {
  const keys = [...TEST_LOOP_KEYS, ...extraKeys];
  checkOptionKeys(fn, options, keys);
  for (const key of keys) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) checkBoolean(fn, `options.${key}`, value);
  }
  const o = options as TestLoopOptions;
  if (o.realTime === true && o.autoAdvance !== undefined) {
    throw new LoopArgumentError(
      `${fn}(options.autoAdvance): only a VirtualTimeLoop advances its clock; got it with realTime: true`,
    );
  }
}

/** @internal A new loop as `options` ask for, made current if they say so (options already checked). */
export function openTestLoop(options: TestLoopOptions): EventLoop {
  const loop =
    options.realTime === true
      ? new EventLoop()
      : new VirtualTimeLoop(options.autoAdvance === undefined ? {} : { autoAdvance: options.autoAdvance });
  if (options.current === true) setEventLoop(loop);
  return loop;
}

/**
 * @internal The end of a test's loop: no longer current (if it was made so), and closed unless the test closed
 * it already or left it running (closing a running loop throws; the test's own failure says more).
 */
export function closeTestLoop(loop: EventLoop, options: TestLoopOptions): void {
  if (options.current === true) setEventLoop(null);
  if (!loop.isClosed() && !loop.isRunning()) loop.close();
}
