/**
 * Shared helpers of the sync tests (not a test file): a fresh VirtualTimeLoop per test, and small drivers.
 */
import { type Task, VirtualTimeLoop } from '../../src';

/** A fresh VirtualTimeLoop for each test, closed afterwards. */
export function useLoop(): { readonly loop: VirtualTimeLoop } {
  const holder = { loop: undefined as unknown as VirtualTimeLoop };
  beforeEach(() => {
    holder.loop = new VirtualTimeLoop();
  });
  afterEach(() => {
    if (!holder.loop.isClosed()) holder.loop.close();
  });
  return {
    get loop() {
      return holder.loop;
    },
  };
}

/**
 * Run `fn` as a task on `loop` until the loop is idle; resolves to `{ task }` (a Task is a thenable, so it
 * cannot be a Promise's value itself).
 */
export async function runTask<T>(loop: VirtualTimeLoop, fn: () => Promise<T>): Promise<{ task: Task<T> }> {
  const task = loop.createTask(fn);
  await loop.runUntilIdle();
  return { task };
}

/** What the settled `task` ended with: `{ok: value}`, `{err: error}` or `'cancelled'`/`'pending'`. */
export function outcome(task: Task<unknown>): unknown {
  if (!task.done()) return 'pending';
  if (task.cancelled()) return 'cancelled';
  const e = task.exception();
  return e === undefined ? { ok: task.result() } : { err: e };
}

/** Run one loop iteration's worth of ready work (callbacks and the microtasks they start). */
export async function step(loop: VirtualTimeLoop): Promise<void> {
  await loop.advance(0);
}
