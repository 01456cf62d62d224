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
 * Throw `ErrorClass` unless `options` is an object whose keys are all `known` (a typo must not pass silently).
 * With `suggest`, the message names the known key closest to an unknown one (`did you mean "ssl"?`).
 */
export function checkOptionKeys(
  fn: string,
  options: unknown,
  known: readonly string[],
  ErrorClass: ArgumentErrorClass = LoopArgumentError,
  suggest = false,
): asserts options is object {
  if (typeof options !== 'object' || options === null) {
    throw new ErrorClass(`${fn}(options): expected an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const near = suggest ? nearMiss(key, known) : undefined;
      const hint = near === undefined ? '' : `, did you mean ${JSON.stringify(near)}?`;
      throw new ErrorClass(
        `${fn}(options): unknown option ${JSON.stringify(key)}${hint} (known: ${known.join(', ')})`,
      );
    }
  }
}

/**
 * The known name closest to `name`, or undefined: case-insensitive, one edit per 4 letters (at most 2), or one
 * name a prefix of the other (`reuseAddr` → `reuseAddress`).
 */
export function nearMiss(name: string, known: readonly string[]): string | undefined {
  const a = name.toLowerCase();
  const allowed = Math.min(2, Math.max(1, Math.floor(a.length / 4)));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const k of known) {
    const b = k.toLowerCase();
    const prefix = Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a));
    const d = Math.min(editDistance(a, b), prefix ? allowed : Number.POSITIVE_INFINITY);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
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
