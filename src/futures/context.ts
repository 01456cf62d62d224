/**
 * The task context: which Task's code is running now, across its awaits (AsyncLocalStorage).
 *
 * @internal
 * @packageDocumentation
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Future } from './future';

/** What a Future tells the Task that awaits it (implemented by Task). @internal */
export interface AwaitingTask {
  /**
   * Called from `future.then()` inside the task: remember `future` as the awaited one. Returns a
   * CancelledError when a pending cancel must be delivered at this await instead of the future's outcome.
   */
  _awaiting(future: Future<unknown>): Error | undefined;
}

/** @internal The store holds the running Task. */
export const taskStorage: AsyncLocalStorage<AwaitingTask> = new AsyncLocalStorage<AwaitingTask>();

/**
 * @internal Run `fn` outside any task. (Not `AsyncLocalStorage.exit()`: on Node 20 it disables and re-enables the
 * promise hooks on every call, which costs microseconds.)
 */
export function outsideTasks(fn: () => void): void {
  taskStorage.run(undefined as unknown as AwaitingTask, fn);
}
