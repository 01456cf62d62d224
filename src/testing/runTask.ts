/**
 * `runTask` and `outcome`: drive one task on a VirtualTimeLoop and look at how it ended.
 *
 * @packageDocumentation
 */
import type { Task } from '../futures/task';
import type { VirtualTimeLoop } from '../loop/virtualTimeLoop';

/**
 * Start `fn` as a task of `loop` and run the loop until it is idle (nothing ready, no timer pending), moving
 * virtual time from timer to timer. Resolves to `{ task }` — a Task is awaitable, so it cannot be a Promise's
 * value itself — whether the task finished or still waits for something that no timer will bring.
 *
 * @param loop - a VirtualTimeLoop that is not running.
 * @param fn - the task's body.
 * @returns the task, in whatever state the idle loop left it.
 * @see {@link outcome} to describe how it ended.
 * @example
 * ```ts
 * import { sleep, VirtualTimeLoop } from 'qtasyncio';
 * import { outcome, runTask } from 'qtasyncio/testing';
 * const loop = new VirtualTimeLoop();
 * const { task } = await runTask(loop, async () => {
 *   await sleep(1_000);
 *   return 'done';
 * });
 * console.log(outcome(task), loop.time()); // { ok: 'done' } 1000
 * loop.close();
 * ```
 */
export async function runTask<T>(
  loop: VirtualTimeLoop,
  fn: () => Promise<T>,
): Promise<{
  /** The task running `fn`. */
  task: Task<T>;
}> {
  const task = loop.createTask(fn);
  await loop.runUntilIdle();
  return { task };
}

/** How a task ended, as {@link outcome} describes it. */
export type TaskOutcome =
  | {
      /** The task's result. */
      ok: unknown;
    }
  | {
      /** What the task threw. */
      err: unknown;
    }
  | 'cancelled'
  | 'pending';

/**
 * How `task` ended, as a value that compares with `toEqual`/`deepStrictEqual`: `{ ok: result }`,
 * `{ err: error }`, `'cancelled'`, or `'pending'` if it has not ended. Reading it marks an error as retrieved.
 *
 * @param task - any Task or Future.
 * @returns the outcome.
 * @see {@link runTask}
 * @example
 * ```ts
 * import { VirtualTimeLoop } from 'qtasyncio';
 * import { outcome } from 'qtasyncio/testing';
 * const loop = new VirtualTimeLoop();
 * const task = loop.createTask(async () => {
 *   throw new RangeError('no');
 * });
 * await loop.runUntilIdle();
 * console.log(outcome(task)); // { err: RangeError: no }
 * loop.close();
 * ```
 */
export function outcome(
  task: Pick<Task<unknown>, 'done' | 'cancelled' | 'exception' | 'result'>,
): TaskOutcome {
  if (!task.done()) return 'pending';
  if (task.cancelled()) return 'cancelled';
  const e = task.exception();
  return e === undefined ? { ok: task.result() } : { err: e };
}
