/**
 * Condition (asyncio's `locks.Condition`): a condition variable over a {@link Lock}.
 *
 * @packageDocumentation
 */
import { CancelledError } from '../core/errors';
import { describeValue } from '../core/render';
import { checkFunction, checkInteger } from '../core/validate';
import type { Future } from '../futures/future';
import { Deque } from './deque';
import { NotAcquiredError, SyncArgumentError } from './errors';
import { Acquirable } from './held';
import { Lock } from './lock';
import { SYNC_ERRORS } from './loopBound';

/**
 * A condition variable: tasks holding its lock `wait()` (releasing the lock) until another task holding the
 * lock calls `notify()`/`notifyAll()`; a woken waiter re-acquires the lock before `wait()` returns — even when
 * it was cancelled, in which case it then throws {@link CancelledError} holding the lock. A waiter that fails
 * after being notified passes the notification to another waiter (a spurious wake-up, which the condition
 * variable protocol allows: wait in a loop, or use `waitFor`).
 *
 * @see {@link Event}, {@link Lock}
 * @example
 * ```ts
 * import { Condition } from 'qtasyncio';
 * const cond = new Condition();
 * const items: number[] = [];
 * loop.createTask(async () => {
 *   using _held = await cond.hold();
 *   await cond.waitFor(() => items.length > 0);
 *   console.log(items.shift());
 * });
 * loop.createTask(async () => {
 *   using _held = await cond.hold();
 *   items.push(1);
 *   cond.notify();
 * });
 * ```
 */
export class Condition extends Acquirable {
  readonly #lock: Lock;
  /** @internal The waiter Futures in arrival order (a woken one stays until it runs), asyncio's `_waiters`. */
  readonly _waiters = new Deque<Future<false>>();

  /** @param lock - the underlying lock (default: a new {@link Lock}). */
  constructor(lock?: Lock) {
    super();
    if (lock !== undefined && !(lock instanceof Lock)) {
      throw new SyncArgumentError(`Condition(lock): expected a Lock, got ${describeValue(lock)}`);
    }
    this.#lock = lock ?? new Lock();
  }

  /**
   * Acquire the underlying lock (see {@link Lock.acquire}).
   *
   * @example
   * ```ts
   * import { Condition } from 'qtasyncio';
   * declare const cond: Condition;
   * await cond.acquire();
   * ```
   */
  acquire(): Promise<true> {
    return this.#lock.acquire();
  }

  /**
   * Release the underlying lock (see {@link Lock.release}).
   *
   * @throws {@link NotAcquiredError} if it is not held.
   * @example
   * ```ts
   * import { Condition } from 'qtasyncio';
   * declare const cond: Condition;
   * cond.release();
   * ```
   */
  release(): void {
    this.#lock.release();
  }

  /**
   * Whether the underlying lock is held.
   *
   * @example
   * ```ts
   * import { Condition } from 'qtasyncio';
   * declare const cond: Condition;
   * cond.locked();
   * ```
   */
  locked(): boolean {
    return this.#lock.locked();
  }

  /**
   * Release the lock, wait until notified, re-acquire the lock; resolves to `true`. Call it holding the lock.
   *
   * @throws {@link NotAcquiredError} if the lock is not held; {@link CancelledError} if the task is cancelled
   * (the lock is held again by then).
   * @example
   * ```ts
   * import { Condition } from 'qtasyncio';
   * declare const cond: Condition;
   * declare const state: { ready: boolean };
   * while (!state.ready) await cond.wait();
   * ```
   */
  async wait(): Promise<true> {
    if (!this.#lock.locked()) throw new NotAcquiredError('Condition.wait(): the lock is not acquired');
    const loop = this._getLoop();
    this.#lock.release();
    let failure: { error: unknown } | undefined;
    const fut = loop.createFuture<false>();
    this._waiters.push(fut);
    try {
      await fut;
    } catch (e) {
      failure = { error: e };
    } finally {
      this._waiters.remove(fut);
    }
    // Re-acquire the lock even when cancelled (the latest cancellation is reported); any other error ends it.
    for (;;) {
      try {
        await this.#lock.acquire();
        break;
      } catch (e) {
        failure = { error: e };
        if (!(e instanceof CancelledError)) break;
      }
    }
    if (failure !== undefined) {
      // We may have been notified before failing: pass the notification on (a spurious wake-up at worst).
      this.#notify(1);
      throw failure.error;
    }
    return true;
  }

  /**
   * Wait until `predicate()` is truthy (checked first, then after each wake-up); resolves to its last value.
   * Call it holding the lock.
   *
   * @example
   * ```ts
   * import { Condition } from 'qtasyncio';
   * declare const cond: Condition;
   * declare const pending: string[];
   * const item = await cond.waitFor(() => pending.shift());
   * ```
   */
  async waitFor<T>(predicate: () => T): Promise<T> {
    checkFunction('Condition.waitFor', 'predicate', predicate, SyncArgumentError);
    let result = predicate();
    while (!result) {
      await this.wait();
      result = predicate();
    }
    return result;
  }

  /**
   * Wake up to `n` waiters (default 1), first-come first-served. Call it holding the lock; the woken tasks run
   * once they re-acquire it.
   *
   * @throws {@link NotAcquiredError} if the lock is not held; {@link SyncRangeError} for a bad `n`.
   * @example
   * ```ts
   * import { Condition } from 'qtasyncio';
   * declare const cond: Condition;
   * cond.notify(2);
   * ```
   */
  notify(n = 1): void {
    checkInteger('Condition.notify', 'n', n, 0, SYNC_ERRORS);
    if (!this.#lock.locked()) throw new NotAcquiredError('Condition.notify(): the lock is not acquired');
    this.#notify(n);
  }

  /**
   * Wake every waiter. Call it holding the lock.
   *
   * @throws {@link NotAcquiredError} if the lock is not held.
   * @example
   * ```ts
   * import { Condition } from 'qtasyncio';
   * declare const cond: Condition;
   * cond.notifyAll();
   * ```
   */
  notifyAll(): void {
    if (!this.#lock.locked()) throw new NotAcquiredError('Condition.notifyAll(): the lock is not acquired');
    this.#notify(this._waiters.length);
  }

  /**
   * A description for logs.
   *
   * @example
   * ```ts
   * import { Condition } from 'qtasyncio';
   * declare const cond: Condition;
   * String(cond); // '<Condition locked waiters=1>'
   * ```
   */
  override toString(): string {
    const n = this._waiters.length;
    return `<Condition ${this.locked() ? 'locked' : 'unlocked'}${n > 0 ? ` waiters=${n}` : ''}>`;
  }

  #notify(n: number): void {
    let woken = 0;
    for (const fut of this._waiters) {
      if (woken >= n) break;
      if (!fut.done()) {
        woken++;
        fut.setResult(false);
      }
    }
  }
}
