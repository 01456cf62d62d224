/**
 * `Held` and `Acquirable`: the scoped forms of acquiring a Lock, Semaphore or Condition — `hold()` for `using`,
 * and `runExclusive(fn)`.
 *
 * @packageDocumentation
 */
import { checkFunction } from '../core/validate';
import { SyncArgumentError } from './errors';
import { LoopBound } from './loopBound';

/**
 * An acquired Lock, Semaphore, BoundedSemaphore or Condition lock. `release()` and `[Symbol.dispose]()` release
 * it exactly once (later calls do nothing), so `using held = await lock.hold()` releases it when the block ends,
 * however it ends.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { Lock } from 'qtasyncio';
 * declare const data: Buffer;
 * declare const lock: Lock;
 * declare const path: string;
 * {
 *   using _held = await lock.hold();
 *   await writeFile(path, data);
 * } // released here, even if writeFile threw or the task was cancelled
 * ```
 */
export interface Held extends Disposable {
  /**
   * Release now; later calls (and the `using` disposal) do nothing.
   *
   * @example
   * ```ts
   * import { Lock } from 'qtasyncio';
   * declare const lock: Lock;
   * const held = await lock.hold();
   * held.release();
   * ```
   */
  release(): void;
  /**
   * Whether this hold was released already.
   *
   * @example
   * ```ts
   * import { Lock } from 'qtasyncio';
   * declare const lock: Lock;
   * const held = await lock.hold();
   * held.released; // false until release() or the end of its `using` block
   * ```
   */
  readonly released: boolean;
}

/** The one-shot release behind {@link Acquirable.hold}. */
class HeldToken implements Held {
  #release: (() => void) | null;
  constructor(release: () => void) {
    this.#release = release;
  }
  get released(): boolean {
    return this.#release === null;
  }
  release(): void {
    const r = this.#release;
    if (r === null) return;
    this.#release = null;
    r();
  }
  [Symbol.dispose](): void {
    this.release();
  }
}

/**
 * The base of Lock, Semaphore, BoundedSemaphore and Condition: given `acquire()`/`release()`, it provides the
 * two scoped forms, `hold()` (for `using`) and `runExclusive(fn)`.
 *
 * @example
 * ```ts
 * import type { Acquirable } from './held';
 * async function withBoth<T>(a: Acquirable, b: Acquirable, fn: () => Promise<T>): Promise<T> {
 *   using _a = await a.hold();
 *   using _b = await b.hold();
 *   return fn();
 * }
 * ```
 */
export abstract class Acquirable extends LoopBound {
  /**
   * Acquire (waiting, FIFO, while unavailable); resolves to `true`.
   *
   * @example
   * ```ts
   * import { Lock } from 'qtasyncio';
   * declare const lock: Lock;
   * await lock.acquire();
   * ```
   */
  abstract acquire(): Promise<true>;

  /**
   * Release what `acquire()` took.
   *
   * @example
   * ```ts
   * import { Lock } from 'qtasyncio';
   * declare const lock: Lock;
   * lock.release();
   * ```
   */
  abstract release(): void;

  /**
   * Acquire, and return a {@link Held} that releases once — at `release()` or at the end of its `using` block,
   * however the block ends (return, throw, cancellation).
   *
   * @example
   * ```ts
   * import { Lock } from 'qtasyncio';
   * declare const lock: Lock;
   * declare function critical(): Promise<void>;
   * {
   *   using _held = await lock.hold();
   *   await critical();
   * }
   * ```
   */
  async hold(): Promise<Held> {
    await this.acquire();
    return new HeldToken(() => this.release());
  }

  /**
   * Acquire, run `fn`, and release however it ends; resolves to what `fn` returns.
   *
   * @example
   * ```ts
   * import { Lock } from 'qtasyncio';
   * declare const counter: { value: number };
   * declare const lock: Lock;
   * const n = await lock.runExclusive(async () => ++counter.value);
   * ```
   */
  async runExclusive<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    checkFunction(`${this.constructor.name}.runExclusive`, 'fn', fn, SyncArgumentError);
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}
