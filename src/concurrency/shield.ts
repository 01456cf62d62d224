/**
 * `shield` (asyncio's `shield`): protect an awaitable from cancellation of the code that awaits it.
 *
 * @packageDocumentation
 */
import { Future, REJECTED } from '../futures/future';
import { type Awaitable, loopOf, toFuture } from './awaitables';

/**
 * The done callback left on an awaitable whose every shield was cancelled: nobody awaits it any more, so its
 * error goes to the loop's exception handler instead of being dropped (as asyncio does). One module-level
 * function, so that several cancelled shields of the same awaitable report it once.
 */
function reportOrphanedError(inner: Future<unknown>): void {
  if (inner._state !== REJECTED) return;
  const exception = inner.exception();
  const kind = exception instanceof Error ? exception.name : typeof exception;
  inner.getLoop().callExceptionHandler({
    message: `${kind} exception in shielded future`,
    exception,
    future: inner,
  });
}

/**
 * A Future that follows `aw` but whose cancellation does not reach `aw`: when the task awaiting
 * `shield(aw)` is cancelled, its `await` still throws {@link CancelledError}, while `aw` keeps running (keep a
 * reference to it to get its result later; an error it ends with once its shield was cancelled goes to the
 * loop's exception handler). If `aw` itself is cancelled, the shield is cancelled too. A
 * function becomes a Task, a Promise-like is wrapped; an `aw` that is already done is returned as it is.
 *
 * @throws {@link NotAwaitableError} when `aw` is not awaitable.
 * @see {@link waitFor}
 * @example
 * ```ts
 * import { CancelledError, shield } from 'qtasyncio';
 * declare function saveToDisk(doc: string): Promise<void>;
 * declare const doc: string;
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
    if (outer.cancelled()) return;
    if (f.cancelled()) outer.cancel();
    else if (f._state === REJECTED) outer.setException(f.exception());
    else outer.setResult(f.result());
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(() => {
    if (inner.done()) return;
    inner.removeDoneCallback(onInnerDone);
    inner.removeDoneCallback(reportOrphanedError);
    inner.addDoneCallback(reportOrphanedError);
  });
  return outer;
}
