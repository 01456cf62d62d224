/**
 * `asyncSlot(emitter, name, fn, { policy })`: run an async function as a loop Task for each emission of a
 * signal (qasync's `asyncSlot`, with a choice of concurrency).
 *
 * @packageDocumentation
 */
import {
  catchError,
  concatMap,
  defer,
  EMPTY,
  exhaustMap,
  mergeMap,
  type ObservableInput,
  type OperatorFunction,
  switchMap,
} from 'rxjs';
import { checkFunction, checkOneOf, checkOptionKeys } from '../core/validate';
import type { Task } from '../futures/task';
import type { EventLoop } from '../loop/eventLoop';
import { RxArgumentError } from './errors';
import { fromSignal } from './fromSignal';
import { fromTask } from './fromTask';
import { checkEmitter, checkSignalName, describeEmitter } from './listeners';
import { resolveLoop } from './loopScheduler';
import { watchDestroyed } from './objectLifetime';
import type { SignalEmitter, SignalName, SignalPayload } from './signalTypes';

/**
 * How emissions that arrive while a slot task runs are handled: `'merge'` runs them concurrently, `'switch'`
 * cancels the running task, `'exhaust'` ignores the new emission, `'queue'` runs them one after the other.
 */
export type SlotPolicy = 'merge' | 'switch' | 'exhaust' | 'queue';

/** Options of {@link asyncSlot}. */
export interface AsyncSlotOptions {
  /** Concurrency policy (default `'merge'`, like a plain Qt slot). */
  policy?: SlotPolicy;
  /** The loop of the tasks (default: the running loop, else the current loop). */
  loop?: EventLoop;
}

/** An idempotent disposer that is also `Disposable` (`using slot = asyncSlot(…)`). */
export interface SlotDisposer {
  (): void;
  /** The same as calling the disposer: `using slot = asyncSlot(…)` disconnects it at the end of the scope. */
  [Symbol.dispose](): void;
}

const POLICIES = ['merge', 'switch', 'exhaust', 'queue'] as const;

function operatorFor<V, R>(
  policy: SlotPolicy,
  project: (value: V) => ObservableInput<R>,
): OperatorFunction<V, R> {
  switch (policy) {
    case 'switch':
      return switchMap(project);
    case 'exhaust':
      return exhaustMap(project);
    case 'queue':
      return concatMap(project);
    default:
      return mergeMap(project);
  }
}

/**
 * Connect `fn(payload, signal)` to signal `name` of `emitter`: each emission runs it as a loop Task. Its
 * errors go to the loop's exception handler (never only to the console); a {@link qtasyncio!CancelledError}
 * is not an error. Returns a disposer; running it, or the destruction of the emitter, disconnects and cancels
 * every running task of the slot.
 *
 * @throws {@link RxArgumentError} for a bad argument or option.
 * @see {@link exhaustMapTask}, {@link switchMapTask}
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { QPlainTextEdit, QPushButton } from '@nodegui/nodegui';
 * import { asyncSlot } from 'qtasyncio/rx';
 * declare const editor: QPlainTextEdit;
 * declare const path: string;
 * declare const saveButton: QPushButton;
 * const stop = asyncSlot(saveButton, 'clicked', async (_checked, signal) => {
 *   await writeFile(path, editor.toPlainText(), { signal });
 * }, { policy: 'exhaust' });
 * ```
 */
export function asyncSlot<E extends SignalEmitter, K extends SignalName<E>>(
  emitter: E,
  name: K,
  fn: (payload: SignalPayload<E, K>, signal: AbortSignal) => unknown,
  options: AsyncSlotOptions = {},
): SlotDisposer {
  const raw: unknown = emitter;
  checkEmitter('asyncSlot', raw);
  checkSignalName('asyncSlot', name, raw);
  checkFunction('asyncSlot', 'fn', fn, RxArgumentError);
  checkOptionKeys('asyncSlot', options, ['policy', 'loop'], RxArgumentError);
  checkOneOf('asyncSlot', 'options.policy', options.policy, POLICIES, RxArgumentError);
  const explicitLoop = options.loop === undefined ? undefined : resolveLoop('asyncSlot', options.loop);
  const where = `asyncSlot(${describeEmitter(raw)}, ${JSON.stringify(name)})`;
  const project = (payload: SignalPayload<E, K>) =>
    defer(() => {
      const loop = explicitLoop ?? resolveLoop('asyncSlot', undefined);
      const task: Task<unknown> = loop.createTask((signal) => fn(payload, signal));
      return fromTask(task).pipe(
        catchError((exception: unknown) => {
          loop.callExceptionHandler({ message: `Exception in ${where}`, exception, task });
          return EMPTY;
        }),
      );
    });
  const subscription = fromSignal(emitter, name)
    .pipe(operatorFor(options.policy ?? 'merge', project))
    .subscribe();
  let unwatch = watchDestroyed(raw, () => dispose());
  const dispose = (() => {
    unwatch();
    unwatch = noop;
    subscription.unsubscribe();
  }) as SlotDisposer;
  dispose[Symbol.dispose] = dispose;
  return dispose;
}

function noop(): void {}
