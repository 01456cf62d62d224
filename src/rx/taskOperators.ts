/**
 * Task operators: `switchMapTask`, `concatMapTask`, `mergeMapTask`, `exhaustMapTask`. Each maps a value to
 * `fn(value, signal)` run as a loop Task; an inner task that is switched away or unsubscribed is cancelled
 * ({@link CancelledError} at its `await`, its AbortSignal aborted).
 *
 * @packageDocumentation
 */
import { concatMap, exhaustMap, mergeMap, Observable, type OperatorFunction, switchMap } from 'rxjs';
import { describeValue } from '../core/render';
import { checkBoolean, checkFunction, checkOptionKeys } from '../core/validate';
import type { TaskFunction } from '../futures/task';
import type { TaskOptions } from '../futures/taskOptions';
import type { EventLoop } from '../loop/eventLoop';
import { RxArgumentError, RxRangeError } from './errors';
import { taskObservable, taskOptions } from './fromTask';
import { resolveLoop } from './loopScheduler';
import { reporting } from './reportingObservable';

/**
 * What a task operator runs for each value: `fn(value, signal, index)`; `signal` aborts when the task is
 * cancelled (pass it to `fetch`, `fs`, `child_process`).
 */
export type TaskProject<V, R> = (value: V, signal: AbortSignal, index: number) => R | PromiseLike<R>;

/** Options of the task operators. */
export interface TaskOperatorOptions {
  /** The loop the tasks run on (default: the running loop, else the current loop, at each value). */
  loop?: EventLoop;
  /** The name of each task. */
  name?: string;
  /**
   * Start each task eagerly: its function runs inside the operator's `next` until its first suspension, as
   * RxJS's own `switchMap(v => from(promise))` calls its project (see `TaskOptions.eagerStart`). Default `true`,
   * with one exception: when `switchMapTask` switches away from a task still running, the new task starts on the
   * next loop iteration, after the cancelled one got its CancelledError (asyncio order: the cancellation was
   * queued first), so a stale task cleans up before its replacement runs, and a burst of values only ever runs
   * the last one. `false`: every task starts on the next loop iteration.
   */
  eagerStart?: boolean;
}

/**
 * The RxJS operator `operator(project)` over the tasks of `fn`; its output reports the errors it cannot deliver
 * to the loop's exception handler (a failed task errors the stream; see {@link setStreamErrorPolicy}).
 */
function taskOperator<V, R>(
  op: string,
  fn: TaskProject<V, R>,
  options: TaskOperatorOptions,
  operator: (project: (value: V, index: number) => Observable<R>) => OperatorFunction<V, R>,
): OperatorFunction<V, R> {
  checkFunction(op, 'fn', fn, RxArgumentError);
  checkOptionKeys(op, options, ['loop', 'name', 'eagerStart'], RxArgumentError);
  if (options.eagerStart !== undefined) {
    checkBoolean(op, 'options.eagerStart', options.eagerStart, RxArgumentError);
  }
  const loop = options.loop === undefined ? undefined : resolveLoop(op, options.loop);
  const where = `${op}(${fn.name || 'fn'})`;
  const eager = taskOptions(options, true);
  const lazy = taskOptions(options, false);
  // Only switchMapTask gives up running tasks for new ones (the others cancel only when unsubscribed).
  const switching = op === 'switchMapTask' && options.eagerStart === undefined;
  // Per subscription: whether the last value switched away from a task still running.
  return (source) =>
    reporting(
      new Observable<R>((subscriber) => {
        const state = { switchedAway: false };
        const onDrop = switching
          ? () => {
              state.switchedAway = true;
            }
          : undefined;
        const project = (value: V, index: number): Observable<R> => {
          const init = state.switchedAway ? lazy : eager;
          state.switchedAway = false;
          return taskObservable<R>(where, loop, () => startTask(op, fn, value, index, loop, init), onDrop);
        };
        return operator(project)(source).subscribe(subscriber);
      }),
      where,
      loop,
    );
}

/** The task of one value. A function that declares no `signal` parameter never allocates an AbortController. */
function startTask<V, R>(
  op: string,
  fn: TaskProject<V, R>,
  value: V,
  index: number,
  loop: EventLoop | undefined,
  init: TaskOptions,
) {
  const run: TaskFunction<R> =
    fn.length < 2
      ? () => fn(value, undefined as unknown as AbortSignal, index)
      : (signal) => fn(value, signal, index);
  return (loop ?? resolveLoop(op, undefined)).createTask(run, init);
}

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
  return taskOperator('switchMapTask', fn, options, (project) => switchMap(project));
}

/**
 * For each value, run `fn(value, signal)` as a Task, one after the other in arrival order (values wait in a
 * queue); unsubscribing cancels the running task and drops the queue.
 *
 * @see {@link switchMapTask}, {@link mergeMapTask}
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import type { Observable } from 'rxjs';
 * import { concatMapTask } from 'qtasyncio/rx';
 * declare const saves$: Observable<{ path: string; text: string }>;
 * saves$.pipe(concatMapTask((doc, signal) => writeFile(doc.path, doc.text, { signal }))).subscribe();
 * ```
 */
export function concatMapTask<V, R>(
  fn: TaskProject<V, R>,
  options: TaskOperatorOptions = {},
): OperatorFunction<V, R> {
  return taskOperator('concatMapTask', fn, options, (project) => concatMap(project));
}

/**
 * For each value, run `fn(value, signal)` as a Task, at most `concurrency` at a time (default: unbounded);
 * results are emitted as tasks finish. Unsubscribing cancels every running task.
 *
 * @throws {@link RxRangeError} unless `concurrency` is an integer ≥ 1 or `Infinity`.
 * @see {@link concatMapTask}, {@link switchMapTask}
 * @example
 * ```ts
 * import type { Observable } from 'rxjs';
 * import { mergeMapTask } from 'qtasyncio/rx';
 * declare const urls$: Observable<string>;
 * declare function show(page: string): void;
 * urls$.pipe(mergeMapTask((url, signal) => fetch(url, { signal }).then((r) => r.text()), 4)).subscribe(show);
 * ```
 */
export function mergeMapTask<V, R>(
  fn: TaskProject<V, R>,
  concurrency = Number.POSITIVE_INFINITY,
  options: TaskOperatorOptions = {},
): OperatorFunction<V, R> {
  if (
    typeof concurrency !== 'number' ||
    !(concurrency === Number.POSITIVE_INFINITY || (Number.isInteger(concurrency) && concurrency >= 1))
  ) {
    throw new RxRangeError(
      `mergeMapTask(concurrency): expected an integer ≥ 1 or Infinity, got ${describeValue(concurrency)}`,
    );
  }
  return taskOperator('mergeMapTask', fn, options, (project) => mergeMap(project, concurrency));
}

/**
 * For each value, run `fn(value, signal)` as a Task unless one is still running (then the value is ignored):
 * a double-click on "Save" saves once. Unsubscribing cancels the running task.
 *
 * @see {@link switchMapTask}, {@link asyncSlot}
 * @example
 * ```ts
 * import { QPushButton } from '@nodegui/nodegui';
 * import { exhaustMapTask, fromSignal } from 'qtasyncio/rx';
 * declare const saveButton: QPushButton;
 * declare function save(signal: AbortSignal): Promise<void>;
 * fromSignal(saveButton, 'clicked').pipe(exhaustMapTask((_, signal) => save(signal))).subscribe();
 * ```
 */
export function exhaustMapTask<V, R>(
  fn: TaskProject<V, R>,
  options: TaskOperatorOptions = {},
): OperatorFunction<V, R> {
  return taskOperator('exhaustMapTask', fn, options, (project) => exhaustMap(project));
}
