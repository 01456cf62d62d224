/**
 * Creating Node handles outside any Task: a socket, server or child process made inside a Task would carry that
 * Task's AsyncLocalStorage context into all its callbacks, so `currentTask()` there, and the Futures awaited
 * there, would wrongly belong to the Task that opened it.
 *
 * @packageDocumentation
 */
import { taskStorage } from '../core/context';

/** @internal Run `fn` with no current Task. */
export function detached<T>(fn: () => T): T {
  return taskStorage.run(undefined as never, fn);
}
