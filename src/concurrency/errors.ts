/**
 * The errors of the concurrency combinators and TaskGroup: {@link ExceptionGroup} and the argument/state
 * errors. Each is an exported class with a stable `name`; each message names the function, the argument and
 * the value it received.
 *
 * @packageDocumentation
 */
import { brandError, classCode } from '../core/errorCode';
import { InvalidStateError, LoopArgumentError, LoopRangeError } from '../core/errors';

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
  /** The code of this error class. */
  static readonly code: string = 'ERR_QTASYNCIO_EXCEPTION_GROUP';
  override readonly name: string = 'ExceptionGroup';
  /** A stable string naming the kind of error (the class's `code`). */
  readonly code: string = classCode(this);
  static {
    brandError(ExceptionGroup);
  }
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
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_NOT_AWAITABLE';
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
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_INVALID_ARGUMENT';
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
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_INVALID_TIMEOUT';
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
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_SCOPE_STATE';
  override readonly name: string = 'ScopeStateError';
}
