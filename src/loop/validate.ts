/**
 * Argument checks at the loop's boundary: each throws an exported error naming the function, the argument and
 * the value received.
 *
 * @internal
 * @packageDocumentation
 */
import { describeValue, LoopArgumentError, LoopRangeError } from '../futures/errors';

/** Throw {@link LoopArgumentError} unless `value` is a function. */
export function checkFunction(
  fn: string,
  arg: string,
  value: unknown,
): asserts value is (...a: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new LoopArgumentError(`${fn}(${arg}): expected a function, got ${describeValue(value)}`);
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
