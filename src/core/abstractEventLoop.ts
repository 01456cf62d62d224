/**
 * What the layers below the loop (Futures, Tasks, Handles, the running-loop slot) need of an event loop: asyncio's
 * `AbstractEventLoop`, reduced to the members they call. `BaseEventLoop` implements it; a value is recognised as a
 * loop by a brand its prototype carries ({@link isEventLoop}), so nothing below `src/loop` imports the loop class.
 *
 * @packageDocumentation
 */
import type { ExceptionContext } from '../loop/exceptionHandler';
import type { TimerHandle } from '../loop/handles';

/**
 * The members of an event loop that the layers below `src/loop` use (asyncio's `AbstractEventLoop`, reduced);
 * `EventLoop` implements it.
 */
export interface AbstractEventLoop {
  /** The loop's monotonic clock, in milliseconds. */
  time(): number;
  /** Whether debug mode is on. */
  getDebug(): boolean;
  /** Whether the loop is running now. */
  isRunning(): boolean;
  /** Whether the loop was closed. */
  isClosed(): boolean;
  /** Report an error that has nowhere else to go. */
  callExceptionHandler(context: ExceptionContext): void;
  /** @internal A scheduled timer was cancelled (the loop may drop it from its heap). */
  _timerHandleCancelled(handle: TimerHandle): void;
}

/** @internal Carried by the prototype of every event loop class (set by `BaseEventLoop`). */
export const LOOP_BRAND: unique symbol = Symbol('qtasyncio.eventLoop');

/**
 * @internal Whether `value` is an event loop of this package (any subclass, including `VirtualTimeLoop`).
 * @example
 * ```ts
 * import { EventLoop } from 'qtasyncio';
 * import { isEventLoop } from './abstractEventLoop';
 * isEventLoop(new EventLoop()); // true
 * isEventLoop({}); // false
 * ```
 */
export function isEventLoop(value: unknown): value is AbstractEventLoop {
  return (
    typeof value === 'object' && value !== null && (value as { [LOOP_BRAND]?: true })[LOOP_BRAND] === true
  );
}
