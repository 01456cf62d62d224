/**
 * `sleep(ms, value?)` (asyncio's `sleep`): a cancellable Future of the running loop.
 *
 * @packageDocumentation
 */

import { getRunningLoop } from '../core/events';
import { checkDelay } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import type { Handle } from '../loop/handles';
import { FULFILLED, Future, PENDING } from './future';

function wake(future: Future<unknown>, value: unknown): void {
  if (future._state === PENDING) future._finish(FULFILLED, value);
}

/** A sleep's Future: cancelling it also cancels its timer. @internal */
class SleepFuture<T> extends Future<T> {
  /** The timer, or `null` for `sleep(0)`, which queues itself (see Runnable). */
  readonly #handle: Handle | null;
  readonly #wakeValue: T;
  /** @internal */ readonly _cancelled = false;
  constructor(loop: EventLoop, ms: number, value: T) {
    super(loop);
    this.#wakeValue = value;
    if (ms === 0) {
      this.#handle = null;
      loop._callSoonRunnable(this);
    } else this.#handle = loop.callLater(ms, wake, this, value);
  }
  /** @internal sleep(0) is due: it wakes its awaiter in this very iteration (asyncio's bare `yield`). */
  _run(): boolean {
    if (this._state !== PENDING) return false;
    this._finish(FULFILLED, this.#wakeValue, undefined, undefined, true);
    return true;
  }
  override cancel(msg?: string): boolean {
    this.#handle?.cancel();
    return super.cancel(msg);
  }
}

/**
 * A Future of the running loop that resolves with `value` after `ms` milliseconds (`sleep(0)`: on the next
 * iteration). Cancelling it (or the task awaiting it) cancels the timer.
 *
 * @throws {@link NoRunningLoopError} outside a running loop; {@link LoopRangeError} for a bad `ms`.
 * @example
 * ```ts
 * import { sleep } from 'qtasyncio';
 * await sleep(100);
 * const v = await sleep(10, 'value');
 * ```
 */
export function sleep(ms: number): Future<void>;
export function sleep<T>(ms: number, value: T): Future<T>;
export function sleep<T>(ms: number, value?: T): Future<T | undefined> {
  checkDelay('sleep', 'ms', ms);
  return new SleepFuture<T | undefined>(getRunningLoop(), ms, value);
}
