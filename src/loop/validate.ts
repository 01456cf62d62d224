/**
 * Argument checks at the loop's boundary: each throws an exported error naming the function, the argument and
 * the value received.
 *
 * @internal
 * @packageDocumentation
 */
import { describeValue, LoopArgumentError, LoopRangeError } from '../futures/errors';

/** The argument-error class a module reports with (each module exports its own subclass). */
export type ArgumentErrorClass = new (message: string) => Error;

/** Throw `ErrorClass` (default {@link LoopArgumentError}) unless `value` is a function. */
export function checkFunction(
  fn: string,
  arg: string,
  value: unknown,
  ErrorClass: ArgumentErrorClass = LoopArgumentError,
): asserts value is (...a: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new ErrorClass(`${fn}(${arg}): expected a function, got ${describeValue(value)}`);
  }
}

/** Throw `ErrorClass` unless `options` is an object whose keys are all `known` (a typo must not pass silently). */
export function checkOptionKeys(
  fn: string,
  options: unknown,
  known: readonly string[],
  ErrorClass: ArgumentErrorClass = LoopArgumentError,
): asserts options is object {
  if (typeof options !== 'object' || options === null) {
    throw new ErrorClass(`${fn}(options): expected an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ErrorClass(
        `${fn}(options): unknown option ${JSON.stringify(key)} (known: ${known.join(', ')})`,
      );
    }
  }
}

/** Throw unless `value` is a finite number ≥ 0 (a delay in ms). */
export function checkDelay(fn: string, arg: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') {
    throw new LoopArgumentError(`${fn}(${arg}): expected a finite number ≥ 0, got ${describeValue(value)}`);
  }
  if (!(value >= 0) || value === Number.POSITIVE_INFINITY) {
    throw new LoopRangeError(`${fn}(${arg}): expected a finite number ≥ 0, got ${describeValue(value)}`);
  }
}

/** Throw unless `value` is a finite number (a point in loop time). */
export function checkTime(fn: string, arg: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') {
    throw new LoopArgumentError(`${fn}(${arg}): expected a finite number, got ${describeValue(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new LoopRangeError(`${fn}(${arg}): expected a finite number, got ${describeValue(value)}`);
  }
}
