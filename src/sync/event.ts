/**
 * Event (asyncio's `locks.Event`): a flag that tasks can wait for.
 *
 * @packageDocumentation
 */
import type { Future } from '../futures/future';
import { Deque } from './deque';
import { LoopBound } from './loopBound';

/**
 * A flag, initially unset. `wait()` blocks until `set()`; `clear()` unsets it again. Binds to the running loop
 * on its first wait.
 *
 * @see {@link Condition}
 * @example
 * ```ts
 * import { Event } from 'qtasyncio';
 * const ready = new Event();
 * loop.createTask(async () => { await ready.wait(); console.log('go'); });
 * ready.set();
 * ```
 */
export class Event extends LoopBound {
  #value = false;
  /** @internal The waiter Futures in arrival order (a woken one stays until it runs), asyncio's `_waiters`. */
  readonly _waiters = new Deque<Future<true>>();

  /**
   * Whether the flag is set.
   *
   * @example
   * ```ts
   * import { Event } from 'qtasyncio';
   * declare const ev: Event;
   * ev.isSet(); // false
   * ```
   */
  isSet(): boolean {
    return this.#value;
  }

  /**
   * Set the flag and wake every waiter; later `wait()` calls return at once.
   *
   * @example
   * ```ts
   * import { Event } from 'qtasyncio';
   * declare const ev: Event;
   * ev.set();
   * ```
   */
  set(): void {
    if (this.#value) return;
    this.#value = true;
    for (const fut of this._waiters) if (!fut.done()) fut.setResult(true);
  }

  /**
   * Unset the flag: later `wait()` calls block until the next `set()`. Waiters already woken stay woken.
   *
   * @example
   * ```ts
   * import { Event } from 'qtasyncio';
   * declare const ev: Event;
   * ev.clear();
   * ```
   */
  clear(): void {
    this.#value = false;
  }

  /**
   * Wait until the flag is set; resolves to `true` (at once if it is set).
   *
   * @throws {@link CancelledError} if the awaiting task is cancelled meanwhile.
   * @example
   * ```ts
   * import { Event } from 'qtasyncio';
   * declare const ev: Event;
   * await ev.wait();
   * ```
   */
  async wait(): Promise<true> {
    if (this.#value) return true;
    const fut = this._getLoop().createFuture<true>();
    this._waiters.push(fut);
    try {
      await fut;
      return true;
    } finally {
      this._waiters.remove(fut);
    }
  }

  /**
   * A description for logs.
   *
   * @example
   * ```ts
   * import { Event } from 'qtasyncio';
   * declare const ev: Event;
   * String(ev); // '<Event set>' or '<Event unset waiters=1>'
   * ```
   */
  override toString(): string {
    const n = this._waiters.length;
    return `<Event ${this.#value ? 'set' : 'unset'}${n > 0 ? ` waiters=${n}` : ''}>`;
  }
}
