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

/**
 * Throw `ErrorClass` unless `options` is an object whose keys are all `known` (a typo must not pass silently); the
 * message suggests the known key an unknown one most likely misspells.
 */
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
      const guess = nearMiss(key, known);
      const hint = guess === undefined ? '' : `; did you mean ${JSON.stringify(guess)}?`;
      throw new ErrorClass(
        `${fn}(options): unknown option ${JSON.stringify(key)} (known: ${known.join(', ')})${hint}`,
      );
    }
  }
}

/** The known key that `key` most likely misspells: same letters in another case, or up to two edits away. */
export function nearMiss(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance && d * 2 < k.length) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      }
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] as number;
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
