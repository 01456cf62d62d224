/**
 * Done callbacks with a Promise's timing, for the RxJS adapters.
 *
 * @packageDocumentation
 */
import type { DoneCallback, Future } from './future';
import { PENDING } from './futureState';

/** Marks a done callback that runs as a Promise's reaction would (a microtask), not on the next iteration. */
const PROMISE_TIMED = Symbol('promiseTimed');

/** @internal Whether `callback` was added by {@link addPromiseTimedDoneCallback}. */
export function isPromiseTimed(callback: unknown): boolean {
  return (callback as { [PROMISE_TIMED]?: true })[PROMISE_TIMED] === true;
}

/**
 * @internal Like `future.addDoneCallback(callback)` (and removable the same way), but `callback` runs from a
 * microtask once the Future is done, as a Promise's reaction would, instead of on the next loop iteration: for
 * RxJS adapters, whose subscribers expect `from(promise)` timing.
 */
export function addPromiseTimedDoneCallback<T>(future: Future<T>, callback: DoneCallback<T>): void {
  if (future._state !== PENDING) {
    queueMicrotask(() => callback(future));
    return;
  }
  (callback as { [PROMISE_TIMED]?: true })[PROMISE_TIMED] = true;
  future.addDoneCallback(callback);
}
