/**
 * `switchMapTask(fn)`: RxJS's `switchMap` over loop Tasks, each value cancelling the task of the one before.
 *
 * It does what `switchMap((v) => fromTask(…))` would, without the inner Observable, inner Subscriber and their
 * subscriptions that RxJS makes for each value: the operator keeps the task of the last value and hands each
 * result on through one done callback. A burst of values then costs a Task each (started or not) and nothing else.
 *
 * @packageDocumentation
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { _markAwaiter } from '../futures/awaitInfo';
import type { Future } from '../futures/future';
import { addPromiseTimedDoneCallback } from '../futures/promiseTimed';
import { nextResult } from './fromTask';
import { type StartTask, type TaskOperatorOptions, type TaskProject, taskOperator } from './taskOperators';

/**
 * For each value, run `fn(value, signal)` as a Task and emit its result; a new value **cancels** the running
 * task (search-as-you-type: stale searches stop, only the latest result arrives).
 *
 * @see {@link exhaustMapTask}, {@link concatMapTask}, {@link mergeMapTask}
 * @example
 * ```ts
 * import { QLineEdit, QListWidget } from '@nodegui/nodegui';
 * import { debounceTime } from 'rxjs';
 * import { fromSignal, loopScheduler, switchMapTask } from 'qtasyncio/rx';
 * declare const edit: QLineEdit;
 * declare const list: QListWidget;
 * declare function search(text: string, signal: AbortSignal): Promise<string[]>;
 * fromSignal(edit, 'textChanged')
 *   .pipe(debounceTime(200, loopScheduler(loop)), switchMapTask((text, signal) => search(text, signal)))
 *   .subscribe((hits) => list.addItems(hits));
 * ```
 */
export function switchMapTask<V, R>(
  fn: TaskProject<V, R>,
  options: TaskOperatorOptions = {},
): OperatorFunction<V, R> {
  return taskOperator('switchMapTask', fn, options, switchTasks);
}

/**
 * The switching, per subscription: as `switchMap`, the output completes once the source has and the last task is
 * done; a failed task errors it; unsubscribing cancels the task. Results come with Promise timing, as those of
 * {@link fromTask}.
 */
function switchTasks<V, R>(start: StartTask<V, R>): OperatorFunction<V, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      /** The task of the last value until its outcome is handed on. */
      let task: Future<R> | null = null;
      let index = 0;
      /** Counts values: one that arrives while the task of the one before starts (eagerly) replaces it. */
      let turn = 0;
      let sourceDone = false;
      let closed = false;
      // One done callback for every task of this subscription: a task it no longer holds was replaced.
      const onDone = _markAwaiter((f: Future<R>): void => {
        if (f !== task) return;
        task = null;
        if (!f.cancelled() && !nextResult(subscriber, f)) return;
        if (sourceDone && task === null) subscriber.complete();
      }, 'an Observable subscriber (switchMapTask)');
      /** Give up the current task: whether it was still running (it is cancelled). */
      const drop = (): boolean => {
        const t = task;
        if (t === null) return false;
        task = null;
        t.removeDoneCallback(onDone);
        return t.cancel();
      };
      const sourceSubscription = source.subscribe({
        next: (value) => {
          const replacing = drop();
          const mine = ++turn;
          let next: Future<R>;
          try {
            next = start(value, index++, replacing);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          if (closed || turn !== mine) {
            // Unsubscribed, or replaced by a value its function sent in while it started.
            next.cancel();
            return;
          }
          task = next;
          addPromiseTimedDoneCallback(next, onDone);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          if (task === null) subscriber.complete();
        },
      });
      return () => {
        closed = true;
        sourceSubscription.unsubscribe();
        drop();
      };
    });
}
