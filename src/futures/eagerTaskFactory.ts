/**
 * `eagerTaskFactory` (asyncio's `eager_task_factory`).
 *
 * @packageDocumentation
 */
import type { EventLoop } from '../loop/eventLoop';
import { Task, type TaskFunction } from './task';
import type { TaskOptions } from './taskOptions';

/**
 * A task factory that starts every task eagerly (asyncio's `eager_task_factory`): see
 * {@link TaskOptions.eagerStart}. An explicit `eagerStart: false` in `createTask`'s options still wins.
 *
 * @example
 * ```ts
 * import { eagerTaskFactory } from 'qtasyncio';
 * loop.setTaskFactory(eagerTaskFactory);
 * const t = loop.createTask(async () => 42); // already ran to its end inside createTask (inside a running loop)
 * ```
 */
export function eagerTaskFactory<T>(loop: EventLoop, fn: TaskFunction<T>, options: TaskOptions): Task<T> {
  return new Task<T>(fn, { eagerStart: true, ...options, loop });
}
