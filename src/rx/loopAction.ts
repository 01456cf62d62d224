/**
 * RxJS scheduling through the loop: the action behind `loopScheduler(loop).schedule()` (RxJS's `AsyncAction`, but on the
 * loop's own queue and clock). It extends RxJS's `Subscription`.
 *
 * @packageDocumentation
 */
import { type SchedulerAction, Subscription } from 'rxjs';
import type { EventLoop } from '../loop/eventLoop';
import type { Handle } from '../loop/handles';

/**
 * One piece of RxJS work scheduled on a loop; `schedule(state, delay)` from inside the work reschedules it
 * (how `interval` and `repeat` work). Unsubscribing cancels the pending callback; it is idempotent.
 *
 * @example
 * ```ts
 * import { LoopAction } from './loopAction';
 * const action = new LoopAction(loop, function (n) { console.log(n); });
 * action.schedule(1, 100);
 * action.unsubscribe();
 * ```
 */
export class LoopAction<T> extends Subscription implements SchedulerAction<T> {
  #handle: Handle | null = null;
  readonly #loop: EventLoop;
  readonly #work: (this: SchedulerAction<T>, state?: T) => void;

  /**
   * @param loop - the loop to run on.
   * @param work - the RxJS work, called with `this` = the action.
   */
  constructor(loop: EventLoop, work: (this: SchedulerAction<T>, state?: T) => void) {
    super();
    this.#loop = loop;
    this.#work = work;
  }

  /**
   * Schedule (or reschedule) the work with `state` after `delay` ms; NaN or negative delays mean "soon".
   *
   * @example
   * ```ts
   * import { LoopAction } from './loopAction';
   * declare const action: LoopAction<number>;
   * action.schedule(1, 10);
   * ```
   */
  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.#handle?.cancel();
    this.#handle =
      delay > 0 && delay < Number.POSITIVE_INFINITY
        ? this.#loop.callLater(delay, this.#execute, state)
        : delay === Number.POSITIVE_INFINITY
          ? null
          : this.#loop.callSoon(this.#execute, state);
    return this;
  }

  readonly #execute = (state: T | undefined): void => {
    this.#handle = null;
    if (this.closed) return;
    try {
      this.#work.call(this, state);
    } catch (error) {
      this.unsubscribe();
      throw error;
    }
  };

  /**
   * Cancel the pending run; idempotent.
   *
   * @example
   * ```ts
   * import { loopScheduler } from 'qtasyncio/rx';
   * declare function work(): void;
   * const sub = loopScheduler(loop).schedule(work, 100);
   * sub.unsubscribe();
   * ```
   */
  override unsubscribe(): void {
    if (this.closed) return;
    this.#handle?.cancel();
    this.#handle = null;
    super.unsubscribe();
  }
}
