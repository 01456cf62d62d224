/**
 * `sleep(ms, value?)` (asyncio's `sleep`): a cancellable Future of the running loop.
 *
 * @packageDocumentation
 */

import { getRunningLoop } from '../core/events';
import { checkTime } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import type { Handle, TimerHandle } from '../loop/handles';
import { FULFILLED, Future, PENDING } from './future';
import { firstAnswersAwait } from './reactions';

function wake(future: Future<unknown>, value: unknown): void {
  if (future._state === PENDING) future._finish(FULFILLED, value);
}

/** A sleep's Future: cancelling it also cancels its timer. @internal */
class SleepFuture<T> extends Future<T> {
  /** The timer, or `null` for `sleep(0)`, which queues itself (see Runnable). */
  readonly #handle: Handle | null;
  readonly #wakeValue: T;
  /** @internal never skipped by the ready queue (on the prototype: no field per sleep) */
  declare readonly _cancelled: false;
  constructor(loop: EventLoop, ms: number, value: T) {
    super(loop);
    this.#wakeValue = value;
    if (ms <= 0) {
      this.#handle = null;
      loop._callSoonRunnable(this);
    } else this.#handle = loop.callLater(ms, wake, this, value);
  }
  /**
   * @internal See Runnable: sleep(0) wakes its first awaiter right away; when that is a task's await, no code of
   * the program runs (the other awaiters and the done callbacks queue).
   */
  get _answersAwait(): boolean {
    return this._state === PENDING && firstAnswersAwait(this._reactions);
  }
  /** @internal sleep(0) is due: it wakes its awaiter in this very iteration (asyncio's bare `yield`). */
  _run(): boolean {
    if (this._state !== PENDING) return false;
    this._finish(FULFILLED, this.#wakeValue, undefined, undefined, true);
    return true;
  }
  /** @internal What it stands for in call graphs: `sleep(250 ms, due in 120 ms)`. */
  _describeAwait(): string {
    const h = this.#handle as TimerHandle | null;
    if (h === null) return 'sleep(0)';
    return `sleep(due in ${Math.max(0, Math.round(h.when() - this._loop.time()))} ms)`;
  }
  override cancel(msg?: string): boolean {
    this.#handle?.cancel();
    return super.cancel(msg);
  }
}

Object.defineProperty(SleepFuture.prototype, '_cancelled', { value: false });

/**
 * A Future of the running loop that resolves with `value` after `ms` milliseconds (`sleep(0)`, or any `ms` ≤ 0
 * as in asyncio: on the next iteration). Cancelling it (or the task awaiting it) cancels the timer.
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
  checkTime('sleep', 'ms', ms); // ms ≤ 0 is sleep(0), as asyncio's sleep(delay ≤ 0)
  return new SleepFuture<T | undefined>(getRunningLoop(), ms, value);
}
