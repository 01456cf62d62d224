/**
 * Structured timeouts (asyncio's `timeout`, `timeout_at`, `Timeout`): cancel the current task at a deadline
 * and turn that cancellation into a {@link TimeoutError} when the scope ends, and only then.
 *
 * @packageDocumentation
 */
import { CancelledError, TimeoutError } from '../core/errors';
import { getRunningLoop } from '../core/events';
import { isThenable } from '../core/thenable';
import { checkDeadline, checkFunction, checkTimeoutMs } from '../core/validate';
import { currentTask } from '../futures/currentTask';
import type { Task } from '../futures/task';
import type { EventLoop } from '../loop/eventLoop';
import type { Handle } from '../loop/handles';
import { InvalidTimeoutError, ScopeStateError } from './errors';
import { scopeTask } from './scope';

const ENTERED = 'active';
const EXPIRING = 'expiring';
const EXPIRED = 'expired';
const EXITED = 'finished';
type State = typeof ENTERED | typeof EXPIRING | typeof EXPIRED | typeof EXITED;

/**
 * What runs under a timeout: called with the current task's AbortSignal (aborted on expiry) and the
 * {@link Timeout} itself (asyncio's `async with timeout(…) as cm`: read `when()`/`expired()`, `reschedule()`).
 *
 * @example
 * ```ts
 * import { type TimeoutBody } from 'qtasyncio';
 * declare const url: string;
 * declare function step1(): Promise<void>;
 * declare function step2(): Promise<void>;
 * const body: TimeoutBody<Response> = (signal) => fetch(url, { signal });
 * const slow: TimeoutBody<void> = async (_signal, cm) => {
 *   await step1();
 *   cm.reschedule(cm.when()! + 500); // more time for step 2
 *   await step2();
 * };
 * ```
 */
export type TimeoutBody<T> = (signal: AbortSignal, scope: Timeout) => T | PromiseLike<T>;

/**
 * A deadline on the current task (asyncio's `Timeout`), made by {@link timeout}/{@link timeoutAt} or
 * `new Timeout(when)`. At the deadline the task is cancelled; when the scope ends, that cancellation becomes a
 * {@link TimeoutError}. A cancellation from elsewhere stays a {@link CancelledError} (`cancelling()` /
 * `uncancel()` tell them apart).
 *
 * With `await using`, disposal cannot see the error the block threw (JavaScript does not pass it): after an
 * expiry, disposal throws TimeoutError, so a block interrupted by the timeout ends with a `SuppressedError`
 * whose `error` is the TimeoutError and whose `suppressed` is the CancelledError. Prefer
 * `timeout(ms, fn)`, which has asyncio's exact behaviour.
 *
 * @example
 * ```ts
 * import { timeout } from 'qtasyncio';
 * declare function step1(): Promise<void>;
 * declare function step2(): Promise<void>;
 * await using t = timeout(1000);
 * await step1();
 * t.reschedule(t.when()! + 500); // more time for step 2
 * await step2();
 * ```
 */
export class Timeout implements AsyncDisposable {
  #state: State = ENTERED;
  #when: number | null;
  #handle: Handle | null = null;
  readonly #task: Task<unknown>;
  readonly #loop: EventLoop;
  readonly #cancelling: number;
  readonly #label: string;

  /**
   * Enter a timeout scope on the current task, expiring at loop time `when` (ms; `null`: never).
   *
   * @param when - the deadline in loop time.
   * @param label - the function named in the TimeoutError's message (default `'timeout'`).
   * @throws {@link ScopeStateError} outside a task; {@link InvalidTimeoutError} for a bad `when`.
   */
  constructor(when: number | null, label = 'timeout') {
    checkDeadline('Timeout', 'when', when, InvalidTimeoutError);
    this.#label = label;
    const task = scopeTask('Timeout', 'used');
    this.#loop = task.getLoop();
    this.#task = task;
    this.#cancelling = task.cancelling();
    this.#when = when;
    this.reschedule(when);
  }

  /**
   * The deadline in loop time (ms), or `null` for none.
   *
   * @example
   * ```ts
   * import { timeout } from 'qtasyncio';
   * const t = timeout(100); t.when() === loop.time() + 100; // true
   * ```
   */
  when(): number | null {
    return this.#when;
  }

  /**
   * Move the deadline to loop time `when` (`null`: no deadline; a past time: expire on the next iteration).
   *
   * @throws {@link ScopeStateError} once the timeout expired or its scope ended.
   * @example
   * ```ts
   * import { type Timeout } from 'qtasyncio';
   * declare const t: Timeout;
   * t.reschedule(loop.time() + 50);
   * ```
   */
  reschedule(when: number | null): void {
    checkDeadline('Timeout.reschedule', 'when', when, InvalidTimeoutError);
    if (this.#state !== ENTERED) {
      throw new ScopeStateError(`Timeout.reschedule(): cannot change a Timeout that is ${this.#state}`);
    }
    this.#when = when;
    this.#handle?.cancel();
    if (when === null) this.#handle = null;
    else if (when <= this.#loop.time()) this.#handle = this.#loop.callSoon(this.#onTimeout);
    else this.#handle = this.#loop.callAt(when, this.#onTimeout);
  }

  /**
   * Whether the deadline passed (the task was cancelled by this timeout).
   *
   * @example
   * ```ts
   * import { type Timeout } from 'qtasyncio';
   * declare const t: Timeout;
   * if (t.expired()) console.log('too slow');
   * ```
   */
  expired(): boolean {
    return this.#state === EXPIRING || this.#state === EXPIRED;
  }

  readonly #onTimeout = (): void => {
    if (this.#state !== ENTERED) return;
    this.#task.cancel();
    this.#state = EXPIRING;
    this.#handle = null;
  };

  /**
   * @internal End the scope. `outcome` is what the block threw (`{ error }`) or `undefined` if it returned;
   * returns normally or throws what should propagate.
   */
  _exit(outcome: { error: unknown } | undefined): void {
    if (this.#state !== ENTERED && this.#state !== EXPIRING) return;
    this.#handle?.cancel();
    this.#handle = null;
    if (this.#state === ENTERED) {
      this.#state = EXITED;
      return;
    }
    this.#state = EXPIRED;
    if (
      this.#task.uncancel() <= this.#cancelling &&
      outcome !== undefined &&
      outcome.error instanceof CancelledError
    ) {
      const when = this.#when ?? Number.NaN;
      throw new TimeoutError(`${this.#label}(): the deadline (loop time ${when} ms) passed`, {
        cause: outcome.error,
      });
    }
  }

  /**
   * End the scope (what `await using` calls): cancel the timer; after an expiry, withdraw this timeout's
   * cancellation and throw {@link TimeoutError} unless another cancellation is pending. Idempotent.
   *
   * @example
   * ```ts
   * import { timeout } from 'qtasyncio';
   * declare function work(): Promise<void>;
   * const t = timeout(100);
   * try { await work(); } finally { await t[Symbol.asyncDispose](); }
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    this._exit({ error: new CancelledError() });
  }

  /**
   * A description: `<Timeout active when=100>`.
   *
   * @example
   * ```ts
   * import { timeout } from 'qtasyncio';
   * await using t = timeout(100); // inside a task, at loop time 1000
   * String(t); // '<Timeout active when=1100>'
   * ```
   */
  toString(): string {
    return `<Timeout ${this.#state} when=${this.#when}>`;
  }
}

async function runScoped<T>(t: Timeout, fn: TimeoutBody<T>, task: Task<unknown>): Promise<T> {
  let value: T;
  try {
    const r = fn.length === 0 ? (fn as () => T | PromiseLike<T>)() : fn(task.signal, t);
    value = isThenable(r) ? await r : r;
  } catch (error) {
    t._exit({ error });
    throw error;
  }
  t._exit(undefined);
  return value;
}

/** @internal Run `fn` under a Timeout whose deadline `when()` is computed inside the task. */
export function scoped<T>(fnName: string, when: () => number | null, fn: TimeoutBody<T>): Promise<T> {
  checkFunction(fnName, 'fn', fn);
  const loop = getRunningLoop();
  const task = currentTask(loop);
  // Outside a task there is nothing to cancel: run the scope in a task of its own.
  if (task === null) return Promise.resolve(loop.createTask(() => scoped(fnName, when, fn)));
  const t = new Timeout(when(), fnName);
  return runScoped(t, fn, task);
}

/**
 * Run `fn(signal, scope)` (inline, in the current task) with a deadline `ms` from now; without `fn`, return an entered
 * {@link Timeout} for `await using`. On expiry the current task is cancelled, so `fn` gets
 * {@link CancelledError} at its `await`; once `fn` has ended, the call throws {@link TimeoutError} (with the
 * CancelledError as `cause`). A cancellation that does not come from this timeout stays a CancelledError.
 * `ms = null`: no deadline. Outside a task, `timeout(ms, fn)` runs in a new task.
 *
 * @throws {@link InvalidTimeoutError} for a NaN, infinite or non-number `ms` (`ms` ≤ 0: the deadline has passed, the
 * scope expires at the next suspension); {@link NoRunningLoopError} when no loop runs.
 * @see {@link timeoutAt}, {@link waitFor}
 * @example
 * ```ts
 * import { timeout } from 'qtasyncio';
 * declare const url: string;
 * declare function fetchPage(url: string, signal: AbortSignal): Promise<string>;
 * declare function step1(): Promise<void>;
 * declare function step2(): Promise<void>;
 * declare const needMore: boolean;
 * const page = await timeout(5000, (signal) => fetchPage(url, signal));
 * await timeout(1000, async (_signal, cm) => {
 *   await step1();
 *   if (needMore) cm.reschedule(loop.time() + 1000);
 *   await step2();
 * });
 * ```
 */
export function timeout(ms: number | null): Timeout;
export function timeout<T>(ms: number | null, fn: TimeoutBody<T>): Promise<T>;
export function timeout<T>(ms: number | null, fn?: TimeoutBody<T>): Timeout | Promise<T> {
  checkTimeoutMs('timeout', 'ms', ms, true, InvalidTimeoutError);
  const loop = getRunningLoop();
  const when = (): number | null => (ms === null || ms === undefined ? null : loop.time() + ms);
  if (fn === undefined) return new Timeout(when());
  return scoped('timeout', when, fn);
}

/**
 * Like {@link timeout} with an absolute deadline: loop time `when` in ms (`loop.time()` clock; `null`: none;
 * a time already past expires on the next iteration).
 *
 * @throws {@link InvalidTimeoutError} for a NaN, infinite or non-number `when`.
 * @see {@link timeout}
 * @example
 * ```ts
 * import { timeoutAt } from 'qtasyncio';
 * declare function step1(): Promise<void>;
 * declare function step2(): Promise<void>;
 * const deadline = loop.time() + 10_000;
 * await timeoutAt(deadline, () => step1());
 * await timeoutAt(deadline, () => step2()); // both within the same 10 s
 * ```
 */
export function timeoutAt(when: number | null): Timeout;
export function timeoutAt<T>(when: number | null, fn: TimeoutBody<T>): Promise<T>;
export function timeoutAt<T>(when: number | null, fn?: TimeoutBody<T>): Timeout | Promise<T> {
  checkDeadline('timeoutAt', 'when', when, InvalidTimeoutError);
  if (fn === undefined) return new Timeout(when);
  return scoped('timeoutAt', () => when, fn);
}
