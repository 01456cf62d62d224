/**
 * The argument checks of the whole package, in one place: each throws an exported error whose message names the
 * function, the argument and the value received (`fn(arg): expected …, got <value>`). Each check takes the
 * error class to throw, so every area reports with its own classes (`SyncArgumentError`, `IoRangeError`…), which
 * extend {@link LoopArgumentError} and {@link LoopRangeError}.
 *
 * @packageDocumentation
 */
import { LoopArgumentError, LoopRangeError } from './errors';
import { describeValue } from './render';
import { suggestName } from './suggestName';

/** The argument-error class a module reports with (each module exports its own subclass). */
export type ArgumentErrorClass = new (message: string) => Error;

/**
 * The classes a check throws: `type` for a value of the wrong type, `range` for a value of the right type out of
 * range. One class stands for both.
 */
export type CheckErrors =
  | ArgumentErrorClass
  | { readonly type: ArgumentErrorClass; readonly range: ArgumentErrorClass };

/** The loop core's own: {@link LoopArgumentError} and {@link LoopRangeError}. */
export const LOOP_ERRORS: CheckErrors = { type: LoopArgumentError, range: LoopRangeError };

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
 * Throw `ErrorClass` (default {@link LoopArgumentError}) if `value` is an async function: as a callback it would
 * only make a Promise that nobody awaits (the loop's debug mode checks it, as asyncio's `_check_callback`:
 * "coroutines cannot be used with call_soon()"; `addSignalHandler` always does, as asyncio's).
 */
export function checkNotAsync(
  fn: string,
  arg: string,
  value: unknown,
  ErrorClass: ArgumentErrorClass = LoopArgumentError,
): void {
  if (Object.prototype.toString.call(value) !== '[object AsyncFunction]') return;
  throw new ErrorClass(
    `${fn}(${arg}): an async function cannot be a callback (its Promise would not be awaited); ` +
      'run it as a task: loop.createTask(fn)',
  );
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
 * Throw `errors.type` unless `value` is a number and `errors.range` unless `inRange(value)`; both messages say
 * `expected <expected>`.
 */
function checkNumber(
  fn: string,
  arg: string,
  value: unknown,
  expected: string,
  inRange: (n: number) => boolean,
  errors: CheckErrors,
): asserts value is number {
  const { type, range } = typeof errors === 'function' ? { type: errors, range: errors } : errors;
  if (typeof value !== 'number') {
    throw new type(`${fn}(${arg}): expected ${expected}, got ${describeValue(value)}`);
  }
  if (!inRange(value)) throw new range(`${fn}(${arg}): expected ${expected}, got ${describeValue(value)}`);
}

/** Throw unless `value` is a finite number ≥ 0 (a delay in ms). */
export function checkDelay(
  fn: string,
  arg: string,
  value: unknown,
  errors: CheckErrors = LOOP_ERRORS,
): asserts value is number {
  checkNumber(fn, arg, value, 'a finite number ≥ 0', (n) => n >= 0 && n !== Number.POSITIVE_INFINITY, errors);
}

/** Throw unless `value` is `undefined` or a finite number ≥ 0 (an optional delay in ms). */
export function checkOptionalMs(
  fn: string,
  arg: string,
  value: unknown,
  errors: CheckErrors = LOOP_ERRORS,
): asserts value is number | undefined {
  if (value !== undefined) checkDelay(fn, arg, value, errors);
}

/** Throw unless `value` is a finite number (a point in loop time). */
export function checkTime(
  fn: string,
  arg: string,
  value: unknown,
  errors: CheckErrors = LOOP_ERRORS,
): asserts value is number {
  checkNumber(fn, arg, value, 'a finite number', Number.isFinite, errors);
}

/**
 * Throw unless `value` is a finite number (or `null`/`undefined` when `nullable`): a timeout in ms. As in asyncio,
 * a timeout ≤ 0 is valid: the time is already up.
 */
export function checkTimeoutMs(
  fn: string,
  arg: string,
  value: unknown,
  nullable: boolean,
  errors: CheckErrors = LOOP_ERRORS,
): asserts value is number | null | undefined {
  if (nullable && (value === null || value === undefined)) return;
  const expected = nullable ? 'a finite number or null' : 'a finite number';
  checkNumber(fn, arg, value, expected, Number.isFinite, errors);
}

/** Throw unless `value` is a finite number (a loop time in ms) or `null`: a deadline. */
export function checkDeadline(
  fn: string,
  arg: string,
  value: unknown,
  errors: CheckErrors = LOOP_ERRORS,
): asserts value is number | null {
  if (value !== null)
    checkNumber(fn, arg, value, 'a finite loop time in ms or null', Number.isFinite, errors);
}

/** Throw unless `value` is an integer ≥ `min`. */
export function checkInteger(
  fn: string,
  arg: string,
  value: unknown,
  min: number,
  errors: CheckErrors = LOOP_ERRORS,
): asserts value is number {
  checkNumber(fn, arg, value, `an integer ≥ ${min}`, (n) => Number.isInteger(n) && n >= min, errors);
}

/** Throw unless `value` is an integer > 0 (a size, a limit). */
export function checkPositiveInt(
  fn: string,
  arg: string,
  value: unknown,
  errors: CheckErrors = LOOP_ERRORS,
): asserts value is number {
  checkNumber(fn, arg, value, 'an integer > 0', (n) => Number.isInteger(n) && n > 0, errors);
}

/** Throw `ErrorClass` unless `value` is a boolean. */
export function checkBoolean(
  fn: string,
  arg: string,
  value: unknown,
  ErrorClass: ArgumentErrorClass = LoopArgumentError,
): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new ErrorClass(`${fn}(${arg}): expected a boolean, got ${describeValue(value)}`);
  }
}

/** Throw `ErrorClass` unless `value` is a string. */
export function checkString(
  fn: string,
  arg: string,
  value: unknown,
  ErrorClass: ArgumentErrorClass = LoopArgumentError,
): asserts value is string {
  if (typeof value !== 'string') {
    throw new ErrorClass(`${fn}(${arg}): expected a string, got ${describeValue(value)}`);
  }
}

/** Throw `ErrorClass` unless `value` is an array of strings. */
export function checkStringArray(
  fn: string,
  arg: string,
  value: unknown,
  ErrorClass: ArgumentErrorClass = LoopArgumentError,
): asserts value is readonly string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new ErrorClass(`${fn}(${arg}): expected an array of strings, got ${describeValue(value)}`);
  }
}

/** Throw `ErrorClass` unless `value` is `undefined` or one of `allowed`. */
export function checkOneOf<T extends string>(
  fn: string,
  arg: string,
  value: unknown,
  allowed: readonly T[],
  ErrorClass: ArgumentErrorClass = LoopArgumentError,
): asserts value is T | undefined {
  if (value !== undefined && !allowed.includes(value as T)) {
    throw new ErrorClass(
      `${fn}(${arg}): expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describeValue(value)}`,
    );
  }
}
