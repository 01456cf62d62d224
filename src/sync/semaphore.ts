/**
 * Semaphore and BoundedSemaphore (asyncio's `locks.Semaphore`/`BoundedSemaphore`): a counter of permits, fair
 * (FIFO) and cancellation-safe.
 *
 * @packageDocumentation
 */
import { CancelledError } from '../core/errors';
import { checkInteger } from '../core/validate';
import type { Future } from '../futures/future';
import { Deque } from './deque';
import { OverReleaseError } from './errors';
import { Acquirable } from './held';
import { SYNC_ERRORS } from './loopBound';

/**
 * A counter of permits: `acquire()` takes one (waiting, FIFO, while none is free), `release()` gives one back.
 * A task that arrives while others wait queues behind them even if a permit is free. A cancelled `acquire()`
 * never keeps a permit: one that had already been handed a permit gives it to the next waiter.
 *
 * @see {@link BoundedSemaphore}, {@link Lock}
 * @example
 * ```ts
 * import { Semaphore } from 'qtasyncio';
 * declare const urls: string[];
 * declare function download(url: string): Promise<Buffer>;
 * const sem = new Semaphore(3); // at most 3 downloads at a time
 * await Promise.all(urls.map((u) => sem.runExclusive(() => download(u))));
 * ```
 */
export class Semaphore extends Acquirable {
  /** @internal free permits */ _value: number;
  /** @internal The waiter Futures in arrival order (a woken one stays until it runs), asyncio's `_waiters`. */
  readonly _waiters = new Deque<Future<true>>();

  /**
   * @param value - the initial number of permits, an integer ≥ 0 (default 1).
   * @throws {@link SyncRangeError} for a negative or fractional value.
   */
  constructor(value = 1) {
    super();
    checkInteger(new.target.name, 'value', value, 0, SYNC_ERRORS);
    this._value = value;
  }

  /**
   * Whether `acquire()` would wait: no permit is free, or other tasks are waiting first.
   *
   * @example
   * ```ts
   * import { Semaphore } from 'qtasyncio';
   * declare const sem: Semaphore;
   * if (!sem.locked()) console.log('a permit is free');
   * ```
   */
  locked(): boolean {
    if (this._value === 0) return true;
    for (const w of this._waiters) if (!w.cancelled()) return true;
    return false;
  }

  /**
   * Take a permit, waiting (FIFO) while none is free. Resolves to `true`.
   *
   * @throws {@link CancelledError} if the awaiting task is cancelled meanwhile (no permit is then kept).
   * @example
   * ```ts
   * import { Semaphore } from 'qtasyncio';
   * declare const sem: Semaphore;
   * declare function work(): Promise<void>;
   * await sem.acquire();
   * try { await work(); } finally { sem.release(); }
   * ```
   */
  async acquire(): Promise<true> {
    if (!this.locked()) {
      // FIFO: with live waiters, even a free permit goes to them first.
      this._value--;
      return true;
    }
    const fut = this._getLoop().createFuture<true>();
    this._waiters.push(fut);
    try {
      try {
        await fut;
      } finally {
        this._waiters.remove(fut);
      }
    } catch (e) {
      // Handed a permit (by #wakeUpNext) but cancelled before taking it: give it back.
      if (e instanceof CancelledError && fut.done() && !fut.cancelled()) this._value++;
      throw e;
    } finally {
      // Waiters that arrived meanwhile queued behind us (FIFO): wake as many as there are permits.
      while (this._value > 0 && this.#wakeUpNext()) {
        /* woke one */
      }
    }
    return true;
  }

  /**
   * Give a permit back; the first waiter (if any) takes it.
   *
   * @example
   * ```ts
   * import { Semaphore } from 'qtasyncio';
   * declare const sem: Semaphore;
   * sem.release();
   * ```
   */
  release(): void {
    this._value++;
    this.#wakeUpNext();
  }

  /**
   * A description for logs.
   *
   * @example
   * ```ts
   * import { Semaphore } from 'qtasyncio';
   * declare const sem: Semaphore;
   * String(sem); // '<Semaphore value=2>' or '<Semaphore locked waiters=3>'
   * ```
   */
  override toString(): string {
    const n = this._waiters.length;
    const state = this.locked() ? 'locked' : `value=${this._value}`;
    return `<${this.constructor.name} ${state}${n > 0 ? ` waiters=${n}` : ''}>`;
  }

  /** Hand a permit to the first waiter not woken yet; `false` if there is none. */
  #wakeUpNext(): boolean {
    for (const fut of this._waiters) {
      if (!fut.done()) {
        this._value--;
        fut.setResult(true);
        return true;
      }
    }
    return false;
  }
}

/**
 * A {@link Semaphore} that refuses to be released above its initial value, which catches a release without a
 * matching acquire.
 *
 * @see {@link Semaphore}
 * @example
 * ```ts
 * import { BoundedSemaphore } from 'qtasyncio';
 * const sem = new BoundedSemaphore(2);
 * sem.release(); // throws OverReleaseError: BoundedSemaphore.release(): released too many times (value 2, bound 2)
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  readonly #bound: number;

  /** @param value - the initial and maximum number of permits (default 1). */
  constructor(value = 1) {
    super(value);
    this.#bound = value;
  }

  /**
   * Give a permit back.
   *
   * @throws {@link OverReleaseError} if that would exceed the initial value.
   * @example
   * ```ts
   * import { Semaphore } from 'qtasyncio';
   * declare const sem: Semaphore;
   * await sem.acquire();
   * sem.release();
   * ```
   */
  override release(): void {
    if (this._value >= this.#bound) {
      throw new OverReleaseError(
        `BoundedSemaphore.release(): released too many times (value ${this._value}, bound ${this.#bound})`,
      );
    }
    super.release();
  }
}
