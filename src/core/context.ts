/**
 * The task context: which Task's code is running now, across its awaits (AsyncLocalStorage).
 *
 * @packageDocumentation
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Future } from '../futures/future';
import type { WakeTarget } from '../futures/reactions';

/** What a Future tells the Task that awaits it (implemented by Task). @internal */
export interface AwaitingTask extends WakeTarget {
  /**
   * Called from `future.then()` by an `await` inside the task: remember `future` as what the current step waits
   * on. Returns the error to deliver at this await instead of the future's outcome: a CancelledError when a
   * pending cancel must be delivered here, or an error when the task may not wait on `future` at all.
   */
  _awaiting(future: Future<unknown>): Error | undefined;
}

/** @internal The store holds the running Task. */
export const taskStorage: AsyncLocalStorage<AwaitingTask> = new AsyncLocalStorage<AwaitingTask>();

/**
 * @internal Run `fn` outside any task and return what it returns. The loop runs callbacks this way, and io creates
 * Node handles this way: a socket, server or child process made inside a Task would carry that Task's context into
 * all its callbacks, so `currentTask()` there, and the Futures awaited there, would wrongly belong to the Task
 * that opened it. (Not `AsyncLocalStorage.exit()`: on Node 20 it disables and re-enables the promise hooks on
 * every call, which costs microseconds.)
 */
export function outsideTasks<T>(fn: () => T): T {
  return taskStorage.run(undefined as unknown as AwaitingTask, fn);
}
