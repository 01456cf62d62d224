/**
 * The Future of `loop.runInExecutor()`: cancelling it aborts the job at once (not on the next loop iteration),
 * so a queued job is removed before a worker can take it and a running job's worker is stopped.
 *
 * @packageDocumentation
 */
import { CancelledError } from '../core/errors';
import { Future } from '../futures/future';
import type { EventLoop } from '../loop/eventLoop';
import { JobAbort } from './jobAbort';

/**
 * A Future bound to an executor job: cancelling it aborts the job (see `loop.runInExecutor`).
 *
 * @example
 * ```ts
 * const f = loop.runInExecutor(null, () => { for (;;); });
 * f.cancel(); // the worker running the endless loop is terminated
 * ```
 */
export class ExecutorFuture<T> extends Future<T> {
  /** @internal */ readonly _abort = new JobAbort();

  /** @param loop - the loop it is bound to. */
  constructor(loop: EventLoop) {
    super(loop);
  }

  /**
   * Cancel the Future and abort its job; `false` if it was already done.
   *
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const future: Future<number>;
   * future.cancel('not needed any more'); // true
   * ```
   */
  override cancel(msg?: string): boolean {
    const cancelled = super.cancel(msg);
    if (cancelled) this._abort.abort(new CancelledError(msg ?? ''));
    return cancelled;
  }
}
