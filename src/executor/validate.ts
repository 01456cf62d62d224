/**
 * Option checks shared by the pools: each failure names the constructor, the option and the value received.
 *
 * @packageDocumentation
 */
import { describeValue } from '../futures/errors';
import { ExecutorArgumentError } from './errors';

/**
 * `value` if it is `undefined` or an integer ≥ `min`; throws {@link ExecutorArgumentError} otherwise.
 *
 * @example
 * ```ts
 * checkInteger('ThreadPoolExecutor', 'maxWorkers', 0, 1); // throws: expected an integer ≥ 1, got 0
 * ```
 */
export function checkInteger(fn: string, option: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ExecutorArgumentError(
      `${fn}(options.${option}): expected an integer ≥ ${min}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * `value` if it is `undefined` or an array of strings; throws {@link ExecutorArgumentError} otherwise.
 *
 * @example
 * ```ts
 * checkStrings('ProcessPoolExecutor', 'execArgv', ['--max-old-space-size=256']);
 * ```
 */
export function checkStrings(fn: string, option: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new ExecutorArgumentError(
      `${fn}(options.${option}): expected an array of strings, got ${describeValue(value)}`,
    );
  }
  return value as readonly string[];
}
