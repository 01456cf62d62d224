/**
 * The errors of the concurrency combinators and TaskGroup: {@link ExceptionGroup} and the argument/state
 * errors. Each is an exported class with a stable `name`; each message names the function, the argument and
 * the value it received.
 *
 * @packageDocumentation
 */
import { describeValue, InvalidStateError, LoopArgumentError, LoopRangeError } from '../core/errors';
import { checkOptionKeys } from '../core/validate';

/**
 * Several errors raised together (Python's `ExceptionGroup`): a {@link TaskGroup} raises one with the errors
 * of every child that failed (and of its body), in the order they happened.
 *
 * @example
 * ```ts
 * import { ExceptionGroup, TaskGroup } from 'qtasyncio';
 * declare function failA(): Promise<void>;
 * declare function failB(): Promise<void>;
 * try {
 *   await TaskGroup.run(async (tg) => { tg.createTask(failA); tg.createTask(failB); });
 * } catch (e) {
 *   if (e instanceof ExceptionGroup) for (const err of e.errors) console.error(err);
 * }
 * ```
 */
export class ExceptionGroup extends AggregateError {
  override readonly name: string = 'ExceptionGroup';
  /**
   * @param errors - the errors, in order (kept as given; not flattened).
   * @param message - what failed (default `unhandled errors in a TaskGroup`).
   */
  constructor(errors: Iterable<unknown>, message = 'unhandled errors in a TaskGroup') {
    const list = [...errors];
    super(list, `${message} (${list.length} sub-exception${list.length === 1 ? '' : 's'})`);
  }

  /**
   * The errors, as Python names them (the same array as `errors`).
   *
   * @example
   * ```ts
   * import { ExceptionGroup } from 'qtasyncio';
   * declare const group: ExceptionGroup;
   * group.exceptions.length; // 2
   * ```
   */
  get exceptions(): readonly unknown[] {
    return this.errors;
  }
}

/**
 * An argument that should be awaitable is not: not a Future, not a Promise-like and (where functions are
 * accepted) not a function.
 *
 * @example
 * ```ts
 * import { gather } from 'qtasyncio';
 * gather(42 as never); // throws NotAwaitableError: gather(aws[0]): expected a Future, a Promise-like or a function, got 42
 * ```
 */
export class NotAwaitableError extends LoopArgumentError {
  override readonly name: string = 'NotAwaitableError';
}

/**
 * An argument has the right type but a value the combinator cannot use: an empty `wait()`, an unknown
 * `returnWhen`, an unknown option.
 *
 * @example
 * ```ts
 * import { wait } from 'qtasyncio';
 * await wait([]); // rejects with InvalidArgumentError: wait(aws): expected at least one awaitable, got an empty collection
 * ```
 */
export class InvalidArgumentError extends LoopArgumentError {
  override readonly name: string = 'InvalidArgumentError';
}

/**
 * A timeout or deadline is not usable: NaN, infinite, or not a number (use `null` for "no timeout"; a timeout ≤ 0
 * means the time is already up, as in asyncio).
 *
 * @example
 * ```ts
 * import { Task, waitFor } from 'qtasyncio';
 * declare const task: Task<unknown>;
 * waitFor(task, Number.NaN); // throws InvalidTimeoutError: waitFor(timeoutMs): expected a finite number or null, got NaN
 * ```
 */
export class InvalidTimeoutError extends LoopRangeError {
  override readonly name: string = 'InvalidTimeoutError';
}

/**
 * A scope (TaskGroup, Timeout) was used in a state that does not allow it: outside a task, before entering,
 * after it finished, or while it shuts down.
 *
 * @example
 * ```ts
 * import { type Future, TaskGroup } from 'qtasyncio';
 * declare const f: Future<number>;
 * let group: TaskGroup | undefined;
 * await TaskGroup.run(async (tg) => { group = tg; });
 * group?.createTask(() => f); // throws ScopeStateError: TaskGroup.createTask(): the TaskGroup is finished
 * ```
 */
export class ScopeStateError extends InvalidStateError {
  override readonly name: string = 'ScopeStateError';
}

/**
 * @internal Throw {@link InvalidTimeoutError} unless `value` is a finite number (or `null`/`undefined` when
 * `nullable`). As in asyncio, a timeout ≤ 0 is valid: the time is already up.
 */
export function checkTimeoutMs(
  fn: string,
  arg: string,
  value: unknown,
  nullable: boolean,
): asserts value is number | null | undefined {
  if (nullable && (value === null || value === undefined)) return;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const expected = nullable ? 'a finite number or null' : 'a finite number';
    throw new InvalidTimeoutError(`${fn}(${arg}): expected ${expected}, got ${describeValue(value)}`);
  }
}

/** @internal Throw {@link InvalidTimeoutError} unless `value` is a finite number (a loop time) or `null`. */
export function checkDeadline(fn: string, arg: string, value: unknown): asserts value is number | null {
  if (value === null) return;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidTimeoutError(
      `${fn}(${arg}): expected a finite loop time in ms or null, got ${describeValue(value)}`,
    );
  }
}

/** @internal Throw {@link InvalidArgumentError} if `options` has a key not in `known`. */
export function checkOptions(
  fn: string,
  options: unknown,
  known: readonly string[],
): asserts options is object {
  checkOptionKeys(fn, options, known, InvalidArgumentError);
}
