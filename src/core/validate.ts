/**
 * Argument checks at the loop's boundary: each throws an exported error naming the function, the argument and
 * the value received.
 *
 * @packageDocumentation
 */
import { describeValue, LoopArgumentError, LoopRangeError } from './errors';

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
 * Throw `ErrorClass` unless `options` is an object whose keys are all `known` (a typo must not pass silently);
 * `arg` names the bag in messages (`options`, `options.resourceLimits`).
 */
export function checkOptionKeys(
  fn: string,
  options: unknown,
  known: readonly string[],
  ErrorClass: ArgumentErrorClass = LoopArgumentError,
  arg = 'options',
): asserts options is object {
  if (typeof options !== 'object' || options === null) {
    throw new ErrorClass(`${fn}(${arg}): expected an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw unknownOptionError(fn, key, known, ErrorClass, arg);
  }
}

/** The error for an unknown option `key` of `fn`: it names the near miss and the known keys. */
export function unknownOptionError(
  fn: string,
  key: string,
  known: readonly string[],
  ErrorClass: ArgumentErrorClass = LoopArgumentError,
  arg = 'options',
): Error {
  const near = suggestName(key, known);
  const hint = near === undefined ? '' : `did you mean ${JSON.stringify(near)}? `;
  return new ErrorClass(
    `${fn}(${arg}): unknown option ${JSON.stringify(key)} (${hint}known: ${known.join(', ')})`,
  );
}

/**
 * The candidate that `name` is most likely a typo of: the same ignoring case, else the nearest by edit distance
 * (at most one edit per three characters); `undefined` when none is that close.
 *
 * @example
 * ```ts
 * suggestName('timeoutMS', ['timeoutMs', 'signal']); // 'timeoutMs'
 * suggestName('clikced', ['clicked', 'pressed']); // 'clicked'
 * ```
 */
export function suggestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
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
