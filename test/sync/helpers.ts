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

/** Real milliseconds after which {@link withHangGuard} gives up on a scenario (generous: a busy 2-core machine). */
export const SCENARIO_HANG_GUARD_MS = 10_000;

/**
 * Run one generated scenario; if it has not finished after {@link SCENARIO_HANG_GUARD_MS} of real time (a loop
 * that never goes idle), fail with an error naming `what` and printing `scenario`, so the hang can be replayed.
 */
export async function withHangGuard<T>(what: string, scenario: unknown, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new Error(
          `${what}: hang guard fired after ${SCENARIO_HANG_GUARD_MS} ms of real time; scenario: ` +
            JSON.stringify(scenario),
        ),
      );
    }, SCENARIO_HANG_GUARD_MS);
  });
  try {
    return await Promise.race([run(), guard]);
  } finally {
    clearTimeout(timer);
  }
}
