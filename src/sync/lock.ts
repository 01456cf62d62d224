/**
 * Lock (asyncio's `locks.Lock`): a mutual-exclusion lock for tasks, fair (FIFO) and cancellation-safe.
 *
 * @packageDocumentation
 */
import { CancelledError } from '../core/errors';
import type { Future } from '../futures/future';
import { Deque } from './deque';
import { NotAcquiredError } from './errors';
import { Acquirable } from './held';

/**
 * A mutual-exclusion lock. Waiters acquire it in FIFO order; a task that arrives while others wait queues
 * behind them even if the lock is momentarily free. Binds to the running loop on its first wait.
 *
 * Cancellation: a cancelled `acquire()` never holds the lock, and if it had already been handed the lock it
 * passes it on to the next waiter.
 *
 * Three ways to use it — pick `hold()` with `using` where you can:
 *
 * @see {@link Semaphore}, {@link Condition}
 * @example
 * ```ts
 * import { Lock } from 'qtasyncio';
 * declare function critical(): Promise<void>;
 * const lock = new Lock();
 * {
 *   using _held = await lock.hold(); // released when the block ends
 *   await critical();
 * }
 * await lock.runExclusive(() => critical()); // acquire, run, release
 * await lock.acquire();
 * try { await critical(); } finally { lock.release(); }
 * ```
 */
export class Lock extends Acquirable {
  #locked = false;
  /** @internal The waiter Futures in arrival order (a woken one stays until it runs), asyncio's `_waiters`. */
  readonly _waiters = new Deque<Future<true>>();

  /**
   * Acquire the lock, waiting (FIFO) while another task holds it. Resolves to `true`.
   *
   * @throws {@link CancelledError} if the awaiting task is cancelled meanwhile (the lock is then not held).
   * @example
   * ```ts
   * import { Lock } from 'qtasyncio';
   * declare const lock: Lock;
   * declare function work(): Promise<void>;
   * await lock.acquire();
   * try { await work(); } finally { lock.release(); }
   * ```
   */
  async acquire(): Promise<true> {
    // Fair: a newcomer waits its turn behind live waiters, even a woken one that has not run yet.
    if (!this.#locked && this.#noLiveWaiters()) {
      this.#locked = true;
      return true;
    }
    const fut = this._getLoop().createFuture<true>();
    this._waiters.push(fut);
    try {
      try {
        await fut;
      } finally {
        // The woken waiter leaves the line only now, as it runs: until then newcomers queue behind it.
        this._waiters.remove(fut);
      }
    } catch (e) {
      // Cancelled, possibly after being woken: unless someone holds the lock, make sure the head waiter runs.
      if (e instanceof CancelledError && !this.#locked) this.#wakeUpFirst();
      throw e;
    }
    this.#locked = true;
    return true;
  }

  /**
   * Release the lock; the first waiter (if any) acquires it next.
   *
   * @throws {@link NotAcquiredError} if the lock is not held.
   * @example
   * ```ts
   * import { Lock } from 'qtasyncio';
   * declare const lock: Lock;
   * lock.release();
   * ```
   */
  release(): void {
    if (!this.#locked) throw new NotAcquiredError('Lock.release(): the lock is not acquired');
    this.#locked = false;
    this.#wakeUpFirst();
  }

  /**
   * Whether the lock is held.
   *
   * @example
   * ```ts
   * import { Lock } from 'qtasyncio';
   * declare const lock: Lock;
   * if (!lock.locked()) console.log('free');
   * ```
   */
  locked(): boolean {
    return this.#locked;
  }

  /**
   * A description for logs.
   *
   * @example
   * ```ts
   * import { Lock } from 'qtasyncio';
   * declare const lock: Lock;
   * String(lock); // '<Lock locked waiters=2>' or '<Lock unlocked>'
   * ```
   */
  override toString(): string {
    const n = this._waiters.length;
    return `<Lock ${this.#locked ? 'locked' : 'unlocked'}${n > 0 ? ` waiters=${n}` : ''}>`;
  }

  #noLiveWaiters(): boolean {
    for (const w of this._waiters) if (!w.cancelled()) return false;
    return true;
  }

  /** Wake the head waiter unless it was woken already (it then acquires when it runs). */
  #wakeUpFirst(): void {
    const first = this._waiters.at(0);
    if (first !== undefined && !first.done()) first.setResult(true);
  }
}
