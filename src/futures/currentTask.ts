/**
 * `currentTask()` and `allTasks()` (asyncio's `current_task`, `all_tasks`): which Task runs now, and which are
 * pending.
 *
 * @packageDocumentation
 */
import { currentContext } from '../core/context';
import { getRunningLoop } from '../core/events';
import type { EventLoop } from '../loop/eventLoop';
import { Task } from './task';

/**
 * The Task whose code is running now (across its awaits), or `null` outside any task. Without `loop` it asks
 * the running loop, and throws {@link NoRunningLoopError} when none runs (as asyncio's `current_task()`); with
 * `loop`, only a task of that loop.
 *
 * @example
 * ```ts
 * import { currentTask, sleep } from 'qtasyncio';
 * loop.createTask(async () => { await sleep(1); console.log(currentTask()?.getName()); }, { name: 'a' });
 * ```
 */
export function currentTask(loop?: EventLoop): Task<unknown> | null {
  return _currentTask(loop ?? getRunningLoop());
}

/** @internal The running Task (of `loop`, if given), or `null`; never throws. */
export function _currentTask(loop?: EventLoop): Task<unknown> | null {
  const task = currentContext();
  if (!(task instanceof Task)) return null;
  return loop === undefined || task.getLoop() === loop ? (task as Task<unknown>) : null;
}

/**
 * The not-yet-done tasks of `loop` (default: the running loop; throws {@link NoRunningLoopError} when none runs,
 * as asyncio's `all_tasks()`).
 *
 * @example
 * ```ts
 * import { allTasks } from 'qtasyncio';
 * for (const t of allTasks()) t.cancel();
 * ```
 */
export function allTasks(loop?: EventLoop): Set<Task<unknown>> {
  const l = loop ?? getRunningLoop();
  return new Set(l._tasks);
}
