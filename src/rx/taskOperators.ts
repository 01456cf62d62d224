/**
 * Task operators: `switchMapTask` (its switching in ./switchMapTask.ts), `concatMapTask`, `mergeMapTask`,
 * `exhaustMapTask`. Each maps a value to `fn(value, signal)` run as a loop Task; an inner task that is switched away
 * or unsubscribed is cancelled ({@link CancelledError} at its `await`, its AbortSignal aborted).
 *
 * @packageDocumentation
 */
import { concatMap, exhaustMap, mergeMap, Observable, type OperatorFunction } from 'rxjs';
import { describeValue } from '../core/render';
import { checkBoolean, checkFunction, checkOptionKeys } from '../core/validate';
import type { Future } from '../futures/future';
import type { TaskFunction } from '../futures/task';
import type { TaskOptions } from '../futures/taskOptions';
import type { EventLoop } from '../loop/eventLoop';
import { RxArgumentError, RxRangeError } from './errors';
import { subscribeTask, taskOptions } from './fromTask';
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
 * @internal How a task operator makes the task of one value: `start(value, index, replacing)`, where `replacing` says
 * that it replaces a task still running (switchMapTask starts that one on the next loop iteration).
 */
export type StartTask<V, R> = (value: V, index: number, replacing: boolean) => Future<R>;

/**
 * @internal The operator that `build(start)` makes over the tasks of `fn`, after checking `fn` and `options`; its
 * output reports the errors it cannot deliver to the loop's exception handler (a failed task errors the stream;
 * see {@link setStreamErrorPolicy}).
 */
export function taskOperator<V, R>(
  op: string,
  fn: TaskProject<V, R>,
  options: TaskOperatorOptions,
  build: (start: StartTask<V, R>) => OperatorFunction<V, R>,
): OperatorFunction<V, R> {
  checkFunction(op, 'fn', fn, RxArgumentError);
  checkOptionKeys(op, options, ['loop', 'name', 'eagerStart'], RxArgumentError);
  if (options.eagerStart !== undefined) {
    checkBoolean(op, 'options.eagerStart', options.eagerStart, RxArgumentError);
  }
  const loop = options.loop === undefined ? undefined : resolveLoop(op, options.loop);
  const where = `${op}(${fn.name || 'fn'})`;
  const eager = taskOptions(options, true);
  // A replacement starts lazily unless the options ask for eager tasks outright.
  const replacement = options.eagerStart === undefined ? taskOptions(options, false) : eager;
  const operator = build((value, index, replacing) =>
    startTask(op, fn, value, index, loop, replacing ? replacement : eager),
  );
  return (source) => reporting(operator(source), where, loop);
}

/**
 * `operator(project)` of RxJS over the tasks of `start`, one inner Observable per value (only the operator's
 * own Subscriber subscribes to it, so a plain Observable: see ReportingObservable).
 */
function viaInnerObservables<V, R>(
  operator: (project: (value: V, index: number) => Observable<R>) => OperatorFunction<V, R>,
): (start: StartTask<V, R>) => OperatorFunction<V, R> {
  return (start) =>
    operator(
      (value, index) =>
        new Observable<R>((subscriber) => subscribeTask(subscriber, start(value, index, false))),
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
  return taskOperator(
    'concatMapTask',
    fn,
    options,
    viaInnerObservables((project) => concatMap(project)),
  );
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
  return taskOperator(
    'mergeMapTask',
    fn,
    options,
    viaInnerObservables((project) => mergeMap(project, concurrency)),
  );
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
  return taskOperator(
    'exhaustMapTask',
    fn,
    options,
    viaInnerObservables((project) => exhaustMap(project)),
  );
}
