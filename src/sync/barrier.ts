/**
 * Barrier (asyncio's `locks.Barrier`, Python 3.11+): `parties` tasks wait until all of them arrived.
 *
 * @packageDocumentation
 */
import { checkInteger } from '../core/validate';
import { Condition } from './condition';
import { BrokenBarrierError } from './errors';
import { SYNC_ERRORS } from './loopBound';

/**
 * A Barrier's phase: filling with waiters, draining (letting a full round out), resetting, or broken.
 *
 * @example
 * ```ts
 * import { Barrier } from 'qtasyncio';
 * declare const barrier: Barrier;
 * if (barrier.state === 'broken') await barrier.reset();
 * ```
 */
export type BarrierState = 'filling' | 'draining' | 'resetting' | 'broken';

/**
 * A barrier for `parties` tasks: each `wait()` blocks until `parties` tasks are waiting, then all of them go
 * on together and the barrier is reused for the next round. `wait()` resolves to an index, `0` … `parties - 1`
 * in arrival order. A task cancelled while waiting leaves the barrier (it no longer counts). `abort()` breaks
 * it, `reset()` restarts it; both make the current waiters throw {@link BrokenBarrierError}.
 *
 * @example
 * ```ts
 * import { Barrier } from 'qtasyncio';
 * declare function prepare(i: number): Promise<void>;
 * const barrier = new Barrier(3);
 * for (let i = 0; i < 3; i++) {
 *   loop.createTask(async () => {
 *     await prepare(i);
 *     const index = await barrier.wait(); // all three continue together
 *     if (index === 0) console.log('everyone is ready');
 *   });
 * }
 * ```
 */
export class Barrier {
  readonly #cond = new Condition();
  readonly #parties: number;
  #state: BarrierState = 'filling';
  #count = 0;

  /**
   * @param parties - how many tasks each round waits for, an integer ≥ 1.
   * @throws {@link SyncRangeError} for a bad `parties`.
   */
  constructor(parties: number) {
    checkInteger('Barrier', 'parties', parties, 1, SYNC_ERRORS);
    this.#parties = parties;
  }

  /**
   * Wait until `parties` tasks wait; resolves to this task's arrival index in the round.
   *
   * @throws {@link BrokenBarrierError} if the barrier is broken, aborted or reset meanwhile;
   * {@link CancelledError} if the task is cancelled.
   * @example
   * ```ts
   * import { Barrier } from 'qtasyncio';
   * declare const barrier: Barrier;
   * const index = await barrier.wait();
   * ```
   */
  async wait(): Promise<number> {
    await this.#cond.acquire();
    try {
      // Wait while the previous round drains or a reset is under way.
      await this.#cond.waitFor(() => this.#state !== 'draining' && this.#state !== 'resetting');
      if (this.#state === 'broken') throw new BrokenBarrierError('Barrier.wait(): the barrier is broken');
      const index = this.#count++;
      try {
        if (index + 1 === this.#parties) {
          this.#state = 'draining';
          this.#cond.notifyAll();
        } else {
          await this.#cond.waitFor(() => this.#state !== 'filling');
          const state = this.state; // re-read: waitFor let other tasks change it
          if (state === 'broken' || state === 'resetting') {
            throw new BrokenBarrierError('Barrier.wait(): the barrier was aborted or reset while waiting');
          }
        }
        return index;
      } finally {
        this.#count--;
        this.#exit();
      }
    } finally {
      this.#cond.release();
    }
  }

  /**
   * Put the barrier back to its empty, filling state; tasks waiting now throw {@link BrokenBarrierError}.
   *
   * @example
   * ```ts
   * import { Barrier } from 'qtasyncio';
   * declare const barrier: Barrier;
   * await barrier.reset();
   * ```
   */
  async reset(): Promise<void> {
    await this.#cond.runExclusive(() => {
      if (this.#count > 0) {
        if (this.#state !== 'resetting') this.#state = 'resetting';
      } else this.#state = 'filling';
      this.#cond.notifyAll();
    });
  }

  /**
   * Break the barrier: waiting and future `wait()` calls throw {@link BrokenBarrierError} (until `reset()`).
   *
   * @example
   * ```ts
   * import { Barrier } from 'qtasyncio';
   * declare const barrier: Barrier;
   * await barrier.abort();
   * ```
   */
  async abort(): Promise<void> {
    await this.#cond.runExclusive(() => {
      this.#state = 'broken';
      this.#cond.notifyAll();
    });
  }

  /**
   * How many tasks each round waits for.
   *
   * @example
   * ```ts
   * import { Barrier } from 'qtasyncio';
   * new Barrier(3).parties; // 3
   * ```
   */
  get parties(): number {
    return this.#parties;
  }

  /** @internal How many tasks are inside `wait()` now, whatever the phase (asyncio's `_count`). */
  get _count(): number {
    return this.#count;
  }

  /**
   * How many tasks wait in the current (filling) round.
   *
   * @example
   * ```ts
   * import { Barrier } from 'qtasyncio';
   * declare const barrier: Barrier;
   * barrier.nWaiting; // 0 … parties - 1
   * ```
   */
  get nWaiting(): number {
    return this.#state === 'filling' ? this.#count : 0;
  }

  /**
   * Whether the barrier is broken (aborted).
   *
   * @example
   * ```ts
   * import { Barrier } from 'qtasyncio';
   * declare const barrier: Barrier;
   * if (barrier.broken) await barrier.reset();
   * ```
   */
  get broken(): boolean {
    return this.#state === 'broken';
  }

  /**
   * The current phase.
   *
   * @example
   * ```ts
   * import { Barrier } from 'qtasyncio';
   * declare const barrier: Barrier;
   * barrier.state; // 'filling'
   * ```
   */
  get state(): BarrierState {
    return this.#state;
  }

  /**
   * A description for logs.
   *
   * @example
   * ```ts
   * import { Barrier } from 'qtasyncio';
   * String(new Barrier(3)); // '<Barrier filling waiters=0/3>'
   * ```
   */
  toString(): string {
    return `<Barrier ${this.#state} waiters=${this.nWaiting}/${this.#parties}>`;
  }

  /** The last task out of a draining or resetting round re-opens the barrier. */
  #exit(): void {
    if (this.#count === 0) {
      if (this.#state === 'resetting' || this.#state === 'draining') this.#state = 'filling';
      this.#cond.notifyAll();
    }
  }
}
