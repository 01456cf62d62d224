/**
 * `shield` (asyncio's `shield`): protect an awaitable from cancellation of the code that awaits it.
 *
 * @packageDocumentation
 */
import { Future, REJECTED } from '../futures/future';
import { type Awaitable, loopOf, toFuture } from './awaitables';

/**
 * A Future that follows `aw` but whose cancellation does not reach `aw`: when the task awaiting
 * `shield(aw)` is cancelled, its `await` still throws {@link CancelledError}, while `aw` keeps running (keep a
 * reference to it to get its result later). If `aw` itself is cancelled, the shield is cancelled too. A
 * function becomes a Task, a Promise-like is wrapped; an `aw` that is already done is returned as it is.
 *
 * @throws {@link NotAwaitableError} when `aw` is not awaitable.
 * @example
 * ```ts
 * const save = loop.createTask(() => saveToDisk(doc));
 * try {
 *   await shield(save); // a cancel of this task does not interrupt the save
 * } catch (e) {
 *   if (e instanceof CancelledError) await save; // let it finish, then propagate
 *   throw e;
 * }
 * ```
 */
export function shield<T>(aw: Awaitable<T>): Future<T> {
  const inner = toFuture<T>('shield', 'aw', aw, loopOf([aw]));
  if (inner.done()) return inner;
  const outer = new Future<T>(inner.getLoop());
  const onInnerDone = (f: Future<T>): void => {
    if (outer.cancelled()) {
      if (!f.cancelled()) f.exception(); // mark it retrieved: nobody awaits it through the shield any more
      return;
    }
    if (f.cancelled()) outer.cancel();
    else if (f._state === REJECTED) outer.setException(f.exception());
    else outer.setResult(f.result());
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(() => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  });
  return outer;
}
