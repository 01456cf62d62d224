/**
 * A Future's done callbacks (asyncio's `Future._callbacks` and `__schedule_callbacks`): the list kept while it is
 * pending — one callback without an array, the common case — and how each is scheduled once the Future is done:
 * on its loop's ready queue (asyncio's `call_soon`), or, for a promise-timed callback (./promiseTimed.ts), as a
 * Promise's reaction would run.
 *
 * @packageDocumentation
 */
import type { Future } from './future';
import { isPromiseTimed } from './promiseTimed';

/** @internal A stored done callback of any Future<T> (typed loosely, so that Future<T> stays covariant). */
// biome-ignore lint/suspicious/noExplicitAny: stored callbacks of any Future<T>, kept covariant
export type AnyDoneCallback = (future: any) => unknown;

/** @internal A pending Future's done callbacks: one without an array (the common single callback), or several. */
export type DoneCallbacks = AnyDoneCallback | AnyDoneCallback[];

/** @internal Add `callback` to the done callbacks of `future`, which is pending. */
export function addCallback(future: Future<unknown>, callback: AnyDoneCallback): void {
  const list = future._callbacks;
  if (list === null) future._callbacks = callback;
  else if (Array.isArray(list)) list.push(callback);
  else future._callbacks = [list, callback];
}

/** @internal Remove every registration of `callback` from `future`'s done callbacks; how many were removed. */
export function removeCallbacks(future: Future<unknown>, callback: AnyDoneCallback): number {
  const list = future._callbacks;
  if (list === null) return 0;
  if (!Array.isArray(list)) {
    if (list !== callback) return 0;
    future._callbacks = null;
    return 1;
  }
  const kept = list.filter((cb) => cb !== callback);
  future._callbacks = kept;
  return list.length - kept.length;
}

/**
 * @internal `future` is done: schedule `callbacks`, taken from it, in registration order. With `inPromiseJob`,
 * the caller is the promise job that settled it, and promise-timed callbacks run right here, as that promise's
 * reactions would, instead of a microtask later.
 */
export function scheduleCallbacks(
  future: Future<unknown>,
  callbacks: DoneCallbacks,
  inPromiseJob: boolean,
): void {
  if (!Array.isArray(callbacks)) scheduleCallback(future, callbacks, inPromiseJob);
  else for (const cb of callbacks) scheduleCallback(future, cb, inPromiseJob);
}

function scheduleCallback(future: Future<unknown>, cb: AnyDoneCallback, now: boolean): void {
  if (!isPromiseTimed(cb)) {
    if (!future._loop.isClosed()) future._loop._callSoonOne(cb, future);
  } else if (!now) queueMicrotask(() => cb(future));
  else {
    try {
      cb(future);
    } catch (e) {
      // As from its own microtask: an uncaught exception, without stopping the other callbacks.
      queueMicrotask(() => {
        throw e;
      });
    }
  }
}
