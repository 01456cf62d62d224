/**
 * `fromTask(taskOrFn)`: a loop Task (or any Future) as an Observable of its result.
 *
 * @packageDocumentation
 */
import type { Observable, Subscriber, TeardownLogic } from 'rxjs';
import { describeValue } from '../core/render';
import { checkBoolean, checkOptionKeys, checkString } from '../core/validate';
import { _markAwaiter } from '../futures/awaitInfo';
import { Future } from '../futures/future';
import { addPromiseTimedDoneCallback } from '../futures/promiseTimed';
import type { TaskFunction } from '../futures/task';
import type { TaskOptions } from '../futures/taskOptions';
import type { EventLoop } from '../loop/eventLoop';
import { RxArgumentError } from './errors';
import { resolveLoop } from './loopScheduler';
import { ReportingObservable } from './reportingObservable';

/** Options of {@link fromTask}. */
export interface FromTaskOptions {
  /** The loop that runs a task function (default: the running loop, else the current loop). */
  loop?: EventLoop;
  /** The name of the task created for a task function. */
  name?: string;
  /**
   * Start the task eagerly (see `TaskOptions.eagerStart`): its function runs inside `subscribe()` until its first
   * suspension, as RxJS's `defer(() => from(fn()))` would call it (default `true`; only while the loop runs).
   */
  eagerStart?: boolean;
}

/** @internal TaskOptions from an options bag, without undefined keys (exactOptionalPropertyTypes). */
export function taskOptions(
  options: { name?: string | undefined; eagerStart?: boolean | undefined },
  eagerByDefault: boolean,
): TaskOptions {
  const eagerStart = options.eagerStart ?? eagerByDefault;
  const base: TaskOptions = eagerStart ? { eagerStart } : {};
  return options.name === undefined ? base : { ...base, name: options.name };
}

/**
 * An Observable of a Task's (or Future's) result: it emits the result and completes, errors with the task's
 * exception, and completes without a value when the task is cancelled by someone else (a cancellation is not
 * an error).
 *
 * With a task function `fn(signal)`, each subscription starts a new Task on the loop (a cold Observable). With
 * a Future or Task, every subscription observes it. Unsubscribing before it is done **cancels** it: the task
 * gets {@link qtasyncio!CancelledError} at its current `await` and its `signal` aborts.
 *
 * The task starts eagerly by default: its function runs inside `subscribe()` until its first suspension (see
 * `TaskOptions.eagerStart`); `{ eagerStart: false }` starts it on the next loop iteration instead.
 *
 * The result is delivered with Promise timing, as RxJS's `from(promise)` emits: a microtask after the task is
 * done. The task's error without an error callback (or a subscriber's exception) goes to the loop's exception
 * handler (see {@link setStreamErrorPolicy}).
 *
 * @throws {@link RxArgumentError} when `source` is neither a Future nor a function.
 * @see {@link toTask}, {@link switchMapTask}
 * @example
 * ```ts
 * import { fromTask } from 'qtasyncio/rx';
 * declare const url: string;
 * declare function render(data: unknown): void;
 * const result$ = fromTask(async (signal) => (await fetch(url, { signal })).json());
 * const sub = result$.subscribe((data) => render(data));
 * sub.unsubscribe(); // cancels the fetch if it is still running
 * ```
 */
export function fromTask<T>(
  source: Future<T> | TaskFunction<T>,
  options: FromTaskOptions = {},
): Observable<T> {
  checkOptionKeys('fromTask', options, ['loop', 'name', 'eagerStart'], RxArgumentError);
  if (options.eagerStart !== undefined) {
    checkBoolean('fromTask', 'options.eagerStart', options.eagerStart, RxArgumentError);
  }
  if (!(source instanceof Future) && typeof source !== 'function') {
    throw new RxArgumentError(
      `fromTask(source): expected a Future, a Task or a function, got ${describeValue(source)}`,
    );
  }
  if (options.name !== undefined) checkString('fromTask', 'options.name', options.name, RxArgumentError);
  const loop = options.loop === undefined ? undefined : resolveLoop('fromTask', options.loop);
  const name = options.name ?? (source instanceof Future ? undefined : source.name);
  const where = `fromTask(${name ? JSON.stringify(name) : 'source'})`;
  if (source instanceof Future) {
    return new ReportingObservable<T>(where, loop, (subscriber) => subscribeTask(subscriber, source));
  }
  const init = taskOptions(options, true);
  return new ReportingObservable<T>(where, loop, (subscriber) =>
    subscribeTask(subscriber, (loop ?? resolveLoop('fromTask', undefined)).createTask(source, init)),
  );
}

/**
 * @internal Emit the result of `future` (done, not cancelled) to `subscriber`, or error it with its exception;
 * whether it was a result.
 */
export function nextResult<T>(subscriber: Subscriber<T>, future: Future<T>): boolean {
  let value: T;
  try {
    value = future.result();
  } catch (error) {
    subscriber.error(error);
    return false;
  }
  subscriber.next(value);
  return true;
}

/**
 * @internal Deliver `future` to `subscriber`, as the Observables of {@link fromTask} and the task operators do: its
 * result then completion (a cancelled one completes without a value), or its exception. Returns the teardown:
 * unsubscribing before it is done cancels it, and `onDrop` is told that the subscriber gave it up unsettled.
 */
export function subscribeTask<T>(
  subscriber: Subscriber<T>,
  future: Future<T>,
  onDrop?: () => void,
): TeardownLogic {
  let settled = false;
  // A done callback (not `then`): removable on unsubscribe, and a cancelled task then costs no CancelledError
  // allocation — what keeps switchMapTask's cancel storms cheap. It runs with Promise timing (a microtask after
  // the task is done, or right in the job that ends the task), as RxJS's from(promise) emits, rather than one
  // loop iteration later.
  const onDone = (f: Future<T>): void => {
    settled = true;
    if (f.cancelled() || nextResult(subscriber, f)) subscriber.complete();
  };
  addPromiseTimedDoneCallback(future, _markAwaiter(onDone, 'an Observable subscriber (fromTask)'));
  return () => {
    if (settled) return;
    future.removeDoneCallback(onDone);
    future.cancel();
    onDrop?.();
  };
}
