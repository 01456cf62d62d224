/**
 * `toTask(observable, { mode })`: the first or last value of an Observable as a loop Task.
 *
 * @packageDocumentation
 */
import { EmptyError, from, type ObservableInput, type Subscription, take } from 'rxjs';
import { describeValue } from '../core/render';
import { checkOneOf, checkOptionKeys, checkString } from '../core/validate';
import type { Task } from '../futures/task';
import type { EventLoop } from '../loop/eventLoop';
import { RxArgumentError } from './errors';
import { taskOptions } from './fromTask';
import { resolveLoop } from './loopScheduler';
import { isObservableInput } from './observableInput';

/** Options of {@link toTask}. */
export interface ToTaskOptions<D = never> {
  /** `'first'` (default): the first value, then unsubscribe; `'last'`: the last value once the source completes. */
  mode?: 'first' | 'last';
  /** The result when the source completes without a value (default: the task fails with RxJS's `EmptyError`). */
  defaultValue?: D;
  /** The loop (default: the running loop, else the current loop). */
  loop?: EventLoop;
  /** The task's name. */
  name?: string;
}

/**
 * A Task whose result is the first (or last) value of `source`. The subscription starts when the task starts
 * (its next loop iteration); **cancelling the task unsubscribes** from the source. The source's error becomes
 * the task's exception; an empty source fails with `EmptyError` unless `defaultValue` is given.
 *
 * @throws {@link RxArgumentError} when `source` is not an ObservableInput or an option is invalid.
 * @see {@link fromTask}, {@link nextSignal}
 * @example
 * ```ts
 * import { QLineEdit } from '@nodegui/nodegui';
 * import { map, type Observable, scan } from 'rxjs';
 * import { fromSignal, toTask } from 'qtasyncio/rx';
 * declare const edit: QLineEdit;
 * declare const prices$: Observable<number>;
 * const text = await toTask(fromSignal(edit, 'returnPressed').pipe(map(() => edit.text())));
 * const total = await toTask(prices$.pipe(scan((a, b) => a + b, 0)), { mode: 'last' });
 * ```
 */
export function toTask<T, D = never>(
  source: ObservableInput<T>,
  options: ToTaskOptions<D> = {},
): Task<T | D> {
  checkOptionKeys('toTask', options, ['mode', 'defaultValue', 'loop', 'name'], RxArgumentError);
  if (!isObservableInput(source)) {
    throw new RxArgumentError(
      `toTask(source): expected an Observable or ObservableInput, got ${describeValue(source)}`,
    );
  }
  checkOneOf('toTask', 'options.mode', options.mode, ['first', 'last'] as const, RxArgumentError);
  if (options.name !== undefined) checkString('toTask', 'options.name', options.name, RxArgumentError);
  const loop = resolveLoop('toTask', options.loop);
  const first = options.mode !== 'last';
  const hasDefault = 'defaultValue' in options;
  return loop.createTask<T | D>(async () => {
    const future = loop.createFuture<T | D>();
    let hasValue = false;
    let last: T | undefined;
    const input = from(source);
    let subscription: Subscription | undefined;
    try {
      subscription = (first ? input.pipe(take(1)) : input).subscribe({
        next: (value) => {
          hasValue = true;
          last = value;
        },
        error: (error: unknown) => {
          if (!future.done()) future.setException(error);
        },
        complete: () => {
          if (future.done()) return;
          if (hasValue) future.setResult(last as T);
          else if (hasDefault) future.setResult(options.defaultValue as D);
          else future.setException(new EmptyError());
        },
      });
      return await future;
    } finally {
      subscription?.unsubscribe();
    }
  }, taskOptions(options));
}
