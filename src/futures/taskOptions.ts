/**
 * The options of `createTask` / `new Task()`, and their check.
 *
 * @packageDocumentation
 */
import { LoopArgumentError } from '../core/errors';
import { describeValue } from '../core/render';
import { checkBoolean, checkString, unknownOptionError } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';

/** Options of `createTask`. */
export interface TaskOptions {
  /** The task's name (default `Task-<n>`). */
  name?: string;
  /**
   * Run the task's first step right away, inside `createTask`, until its first real suspension (asyncio 3.12's
   * eager tasks, `create_task(…, eager_start=True)` in 3.14); a task that finishes without suspending never
   * waits for a loop iteration. Only while its loop runs; otherwise the task starts on the next iteration as
   * usual. Default `false` (or the task factory's choice, see {@link eagerTaskFactory}).
   */
  eagerStart?: boolean;
}

const TASK_OPTION_KEYS: readonly string[] = ['name', 'eagerStart'];

/** Options of `new Task()`: the task options plus its loop. */
export interface TaskInit extends TaskOptions {
  /** The loop to run on (default: {@link getEventLoop}). */
  loop?: EventLoop;
}

/** @internal The options of a task created without any. */
export const EMPTY_INIT: TaskInit = Object.freeze({});

/** @internal Throw on a bad option of `createTask` / `new Task()`. */
export function checkTaskInit(init: TaskInit): void {
  if (init === EMPTY_INIT) return;
  if (typeof init !== 'object' || init === null) {
    throw new LoopArgumentError(`Task(options): expected an object, got ${describeValue(init)}`);
  }
  // for…in rather than checkOptionKeys' Object.keys: no array per task on this hot path. `loop` is Task's own.
  for (const key in init) {
    if (key !== 'loop' && !TASK_OPTION_KEYS.includes(key)) {
      throw unknownOptionError('createTask', key, TASK_OPTION_KEYS);
    }
  }
  if (init.name !== undefined) checkString('Task', 'options.name', init.name);
  if (init.eagerStart !== undefined) checkBoolean('Task', 'options.eagerStart', init.eagerStart);
}
