/**
 * Shared pieces of the sync property tests (not a test file): generators of times and microtask skews, checks
 * that every task ended without failing, and plain promise code that acquires during a woken waiter's run.
 */
import fc from 'fast-check';
import { sleep, type Task } from '../../src';

/** When an operation happens, in virtual ms. */
export const at = fc.integer({ min: 0, max: 12 });
/** Microtasks (`await null`) a task lets pass before it acts: newcomers arriving between a wake-up and its run. */
export const skew = fc.integer({ min: 0, max: 2 });

/** Let `n` microtasks pass (`await null`), as plain promise code between two steps does. */
export async function microtasks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await null;
}

/** Every task of `tasks` must be done once the loop is idle: nothing hangs. */
export function expectAllDone(tasks: readonly Task<unknown>[], what: string): void {
  const pending = tasks.filter((t) => !t.done()).map((t) => t.getName());
  expect({ what, pending }).toEqual({ what, pending: [] });
}

/** A task that ended other than by cancellation must not have failed. */
export function expectNoFailure(tasks: readonly Task<unknown>[]): void {
  for (const t of tasks) if (t.done() && !t.cancelled()) expect(t.exception()).toBeUndefined();
}

/**
 * Plain promise code (no task) that acquires after `hops` microtasks, holds for `hold` ms and releases. Started
 * from a callback that runs just before a woken waiter's wake-up (same batch), its acquire() lands somewhere in
 * the waiter's resumption: the waiter must still count as first in line.
 */
export interface PlainNewcomer {
  state: 'waiting' | 'holding' | 'released';
  done: Promise<void>;
}

export function plainNewcomer(
  hops: number,
  hold: number,
  p: { acquire(): Promise<true>; release(): void },
  enter: () => void,
  leave: () => void,
): PlainNewcomer {
  const w: PlainNewcomer = { state: 'waiting', done: Promise.resolve() };
  w.done = (async () => {
    await microtasks(hops);
    await p.acquire();
    w.state = 'holding';
    enter();
    try {
      await sleep(hold);
    } finally {
      leave();
      w.state = 'released';
      p.release();
    }
  })();
  return w;
}

/** Generators of {@link plainNewcomer}'s arguments. */
export const newcomerArgs = { hops: fc.integer({ min: 0, max: 4 }), hold: fc.integer({ min: 0, max: 2 }) };
