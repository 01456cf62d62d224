/**
 * `waitFor` (asyncio's `wait_for`, 3.12 semantics): await one awaitable with a timeout, cancelling it on expiry.
 *
 * @packageDocumentation
 */
import { CancelledError, TimeoutError } from '../core/errors';
import { getRunningLoop } from '../core/events';
import { checkTimeoutMs } from '../core/validate';
import { _markAwaiter } from '../futures/awaitInfo';
import { currentTask } from '../futures/currentTask';
import type { Future } from '../futures/future';
import { type Awaitable, toFuture } from './awaitables';
import { InvalidTimeoutError } from './errors';
import { scoped } from './timeouts';

/** @internal Cancel `f` and wait until it is really done (a Task may take time to clean up). */
export async function cancelAndWait(f: Future<unknown>): Promise<void> {
  const loop = f.getLoop();
  const waiter = loop.createFuture<void>();
  const release = (): void => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
  f.addDoneCallback(_markAwaiter(release, waiter as Future<unknown>));
  try {
    f.cancel();
    await waiter;
  } finally {
    f.removeDoneCallback(release);
  }
}

/**
 * Await `aw` for at most `timeoutMs` ms (`null`: no limit). On expiry `aw` is cancelled and, once it has
 * really ended, {@link TimeoutError} is thrown (its `cause` is the CancelledError). A function runs inline in
 * the current task (like a coroutine in Python), a Future or Task is awaited and cancelled on expiry, a
 * Promise-like is wrapped (on expiry only the wrapper is cancelled: the Promise's work goes on unless it
 * listens to the task's AbortSignal). If the awaiting task is cancelled from elsewhere, that stays a
 * {@link CancelledError}. `timeoutMs ≤ 0`: return the result if `aw` is already done, else cancel it and
 * throw TimeoutError. Outside a task, waitFor runs in a new task of the running loop.
 *
 * @throws {@link NotAwaitableError}, {@link InvalidTimeoutError}, {@link NoRunningLoopError} (synchronously).
 * @see {@link timeout}, {@link shield}
 * @example
 * ```ts
 * import { TimeoutError, waitFor } from 'qtasyncio';
 * declare function request(): Promise<string>;
 * try {
 *   const reply = await waitFor(request(), 1000);
 * } catch (e) {
 *   if (e instanceof TimeoutError) console.log('no reply within 1 s');
 * }
 * ```
 */
export function waitFor<T>(aw: Awaitable<T>, timeoutMs: number | null): Promise<T> {
  checkTimeoutMs('waitFor', 'timeoutMs', timeoutMs, true, InvalidTimeoutError);
  const loop = getRunningLoop();
  const task = currentTask(loop);
  const future = typeof aw === 'function' ? null : toFuture<T>('waitFor', 'aw', aw, loop);
  if (task === null) return Promise.resolve(loop.createTask(() => waitFor(future ?? aw, timeoutMs)));
  const run = (signal: AbortSignal): T | PromiseLike<T> =>
    future === null ? (aw as (s: AbortSignal) => T | PromiseLike<T>)(signal) : future;
  if (timeoutMs !== null && timeoutMs !== undefined && timeoutMs <= 0)
    return expireNow(future ?? toFuture<T>('waitFor', 'aw', aw, loop));
  if (timeoutMs === null || timeoutMs === undefined) return (async () => await run(task.signal))();
  return scoped('waitFor', () => loop.time() + timeoutMs, run);
}

async function expireNow<T>(f: Future<T>): Promise<T> {
  if (f.done()) return f.result();
  await cancelAndWait(f);
  try {
    return f.result();
  } catch (e) {
    if (e instanceof CancelledError)
      throw new TimeoutError('waitFor(): timed out (timeoutMs ≤ 0)', { cause: e });
    throw e;
  }
}
