/**
 * The errors of `qtasyncio/rx`. Each is an exported class with a stable `name`; argument errors name the
 * function, the argument and the value received.
 *
 * @packageDocumentation
 */
import { observable } from 'rxjs';
import { describeValue, LoopArgumentError, LoopRangeError } from '../core/errors';
import { checkFunction, checkOptionKeys } from '../core/validate';

/**
 * A `qtasyncio/rx` function got an argument of the wrong type or shape (not a NodeGui object, an empty signal
 * name, an unknown policy…).
 *
 * @example
 * ```ts
 * import { fromSignal } from 'qtasyncio/rx';
 * fromSignal(42 as never, 'clicked' as never); // throws RxArgumentError: fromSignal(emitter): expected a NodeGui object (with addEventListener), got 42
 * ```
 */
export class RxArgumentError extends LoopArgumentError {
  override readonly name: string = 'RxArgumentError';
}

/**
 * A numeric option is out of range (`mergeMapTask(fn, 0)`, `signalIterator(w, 'x', { bufferSize: -1 })`).
 *
 * @example
 * ```ts
 * import { mergeMapTask } from 'qtasyncio/rx';
 * declare function fn(): Promise<void>;
 * mergeMapTask(fn, 0); // throws RxRangeError: mergeMapTask(concurrency): expected an integer ≥ 1 or Infinity, got 0
 * ```
 */
export class RxRangeError extends LoopRangeError {
  override readonly name: string = 'RxRangeError';
}

/**
 * A NodeGui object has no signal of that name (a typo, or a name from another class). `signals` lists the
 * object's signals; the message suggests the near miss.
 *
 * @example
 * ```ts
 * import { QPushButton } from '@nodegui/nodegui';
 * import { fromSignal } from 'qtasyncio/rx';
 * declare const button: QPushButton;
 * fromSignal(button, 'clikced' as never);
 * // throws UnknownSignalError: fromSignal(name): a QPushButton has no signal "clikced" (did you mean "clicked"? …)
 * ```
 */
export class UnknownSignalError extends RxArgumentError {
  override readonly name: string = 'UnknownSignalError';
  /**
   * @param message - the message.
   * @param signals - the signal names the object has.
   */
  constructor(
    message: string,
    readonly signals: readonly string[],
  ) {
    super(message);
  }
}

/**
 * The Qt object behind a NodeGui wrapper was destroyed (deleted by `delete()`, `deleteLater()`, its parent, or
 * `WA_DeleteOnClose`) while something still waited on it: `nextSignal` and `execDialog` reject with it.
 *
 * @example
 * ```ts
 * import { QPushButton } from '@nodegui/nodegui';
 * import { nextSignal } from 'qtasyncio/rx';
 * declare const button: QPushButton;
 * const f = nextSignal(button, 'clicked');
 * button.delete();
 * await f; // throws ObjectDestroyedError: nextSignal(emitter, "clicked"): the QPushButton was destroyed
 * ```
 */
export class ObjectDestroyedError extends Error {
  override readonly name: string = 'ObjectDestroyedError';
}

/**
 * A `signalIterator` with `overflow: 'error'` received more signals than its buffer holds before the consumer
 * read them: the iterator stops listening, and once the values buffered before the overflow are read, `next()`
 * rejects with this error.
 *
 * @example
 * ```ts
 * import { QLineEdit } from '@nodegui/nodegui';
 * import { signalIterator } from 'qtasyncio/rx';
 * declare const edit: QLineEdit;
 * declare function slowWork(text: string): Promise<void>;
 * for await (const text of signalIterator(edit, 'textChanged', { bufferSize: 8, overflow: 'error' })) {
 *   await slowWork(text); // more than 8 edits meanwhile → SignalOverflowError
 * }
 * ```
 */
export class SignalOverflowError extends Error {
  override readonly name: string = 'SignalOverflowError';
}

/** @internal Throw {@link RxArgumentError} unless `value` is a function. */
export function checkFn(
  fn: string,
  arg: string,
  value: unknown,
): asserts value is (...a: never[]) => unknown {
  checkFunction(fn, arg, value, RxArgumentError);
}

/** @internal Throw unless `value` is a finite number ≥ 0 (`undefined` allowed). */
export function checkOptionalMs(
  fn: string,
  arg: string,
  value: unknown,
): asserts value is number | undefined {
  if (value === undefined) return;
  if (typeof value !== 'number') {
    throw new RxArgumentError(`${fn}(${arg}): expected a finite number ≥ 0, got ${describeValue(value)}`);
  }
  if (!(value >= 0) || value === Number.POSITIVE_INFINITY) {
    throw new RxRangeError(`${fn}(${arg}): expected a finite number ≥ 0, got ${describeValue(value)}`);
  }
}

/**
 * @internal Throw {@link RxArgumentError} unless `value` is undefined or an object whose keys are all `known`
 * (an unknown key is named, with the near miss it probably meant).
 */
export function checkOptions(fn: string, value: unknown, known: readonly string[]): void {
  if (value !== undefined) checkOptionKeys(fn, value, known, RxArgumentError);
}

/** @internal Throw unless `value` is one of `allowed` (or undefined). */
export function checkOneOf<T extends string>(
  fn: string,
  arg: string,
  value: unknown,
  allowed: readonly T[],
): asserts value is T | undefined {
  if (value !== undefined && !allowed.includes(value as T)) {
    throw new RxArgumentError(
      `${fn}(${arg}): expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describeValue(value)}`,
    );
  }
}

/** @internal Whether `x` is an object RxJS `from()` accepts (Observable, interop observable, Promise, iterable). */
export function isObservableInput(x: unknown): boolean {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return false;
  const o = x as Record<PropertyKey, unknown>;
  return (
    typeof o.subscribe === 'function' ||
    typeof o.then === 'function' ||
    typeof o[Symbol.iterator] === 'function' ||
    typeof o[Symbol.asyncIterator] === 'function' ||
    typeof o[observable as never] === 'function'
  );
}
