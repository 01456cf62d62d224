/**
 * Option checks shared by the pools: each failure names the constructor, the option and the value received.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/errors';
import { checkOptionKeys } from '../core/validate';
import { ExecutorArgumentError } from './errors';

/**
 * Throw {@link ExecutorArgumentError} unless `options` is an object whose keys are all `known` (the message
 * names an unknown key and the near miss it probably meant).
 *
 * @example
 * ```ts
 * import { checkExecutorOptions } from './validate';
 * checkExecutorOptions('ProcessPoolExecutor', { maxWorker: 2 }, ['maxWorkers', 'execArgv']);
 * // throws: ProcessPoolExecutor(options): unknown option "maxWorker" (did you mean "maxWorkers"? …)
 * ```
 */
export function checkExecutorOptions(
  fn: string,
  options: unknown,
  known: readonly string[],
  arg = 'options',
): asserts options is object {
  checkOptionKeys(fn, options, known, ExecutorArgumentError, arg);
}

/**
 * `value` if it is `undefined` or an integer ≥ `min`; throws {@link ExecutorArgumentError} otherwise.
 *
 * @example
 * ```ts
 * import { checkInteger } from './validate';
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
 * import { checkStrings } from './validate';
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
