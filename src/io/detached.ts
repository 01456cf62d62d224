/**
 * Creating Node handles outside any Task: the promises a socket, server or child process makes while it is set up
 * inside a Task would carry that Task's context into their callbacks, so `currentTask()` there, and the Futures
 * awaited there, would wrongly belong to the Task that opened it.
 *
 * @internal
 * @packageDocumentation
 */
import { runInTask } from '../core/context';

/** @internal Run `fn` with no current Task. */
export function detached<T>(fn: () => T): T {
  return runInTask(null, fn, undefined);
}
