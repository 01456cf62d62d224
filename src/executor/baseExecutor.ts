/**
 * What both pools share: argument checks before anything is queued, the closed state, the jobs in flight,
 * draining (`close`) and aborting (`destroy`). A pool only says how to run one job and how to stop its workers.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/render';
import { checkOptionKeys } from '../core/validate';
import { checkCloneable } from './cloneable';
import { ExecutorArgumentError, ExecutorShutdownError } from './errors';
import type { Executor, SubmitOptions } from './executor';
import { JobAbort } from './jobAbort';
import { type Job, type Outcome, toJob } from './protocol';
import { decodeThrown } from './remoteError';
import { type ExecutorFunction, serializeFunction } from './serializeFunction';

/** @internal {@link SubmitOptions} with the name of the public function that submits (for messages). */
export interface InternalSubmitOptions extends SubmitOptions {
  /** @internal */ readonly caller?: string;
  /** @internal cancels the job (what `runInExecutor` uses instead of a `signal`) */
  readonly abort?: JobAbort;
}

/** @internal Receives the outcome of a job, once: `(true, result)` or `(false, error)`. */
export type JobSettler = (ok: boolean, value: unknown) => void;

/**
 * The common half of {@link ThreadPoolExecutor} and {@link ProcessPoolExecutor}; not constructed directly.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from 'qtasyncio';
 * import type { BaseExecutor } from './baseExecutor';
 * const executor: BaseExecutor = new ThreadPoolExecutor();
 * ```
 */
export abstract class BaseExecutor implements Executor {
  #state: 'open' | 'closed' | 'destroyed' = 'open';
  readonly #inFlight = new Set<(error: unknown) => void>();
  #drained: (() => void)[] = [];
  #stopping: Promise<void> | null = null;

  /** @internal Run one job; reject with `abort.reason` when aborted, WorkerExitedError when a worker died. */
  protected abstract _run(job: Job, abort: JobAbort | undefined): Promise<Outcome>;
  /** @internal Stop every worker (`force`: now, even mid-job). */
  protected abstract _stop(force: boolean): Promise<void>;

  /**
   * Whether `close()` or `destroy()` was called.
   *
   * @example
   * ```ts
   * import { ThreadPoolExecutor } from 'qtasyncio';
   * declare const executor: ThreadPoolExecutor;
   * executor.closed; // false
   * ```
   */
  get closed(): boolean {
    return this.#state !== 'open';
  }

  /**
   * Queue `fn(...args)`; see {@link Executor.submit}.
   *
   * @example
   * ```ts
   * import { ThreadPoolExecutor } from 'qtasyncio';
   * declare const executor: ThreadPoolExecutor;
   * const three = await executor.submit((a: number, b: number) => a + b, [1, 2]);
   * ```
   */
  submit<A extends unknown[], R>(
    fn: ExecutorFunction<A, R>,
    args: A,
    options: SubmitOptions = {},
  ): Promise<Awaited<R>> {
    checkOptionKeys('submit', options, ['signal'], ExecutorArgumentError);
    return this._submit(fn, args, { ...options, caller: 'submit' });
  }

  /** @internal {@link BaseExecutor.submit} with the internal options: {@link BaseExecutor._start} as a Promise. */
  _submit<A extends unknown[], R>(
    fn: ExecutorFunction<A, R>,
    args: A,
    options: InternalSubmitOptions,
  ): Promise<Awaited<R>> {
    let settle: JobSettler | undefined;
    const promise = new Promise<Awaited<R>>((resolve, reject) => {
      settle = (ok, value) => (ok ? resolve(value as Awaited<R>) : reject(value));
    });
    this._start(fn as ExecutorFunction, args, options, settle as JobSettler, promise);
    return promise;
  }

  /**
   * @internal Queue `fn(...args)` and call `settle` once with its outcome. `runInExecutor` starts its jobs here,
   * with no Promise in between: each one costs a microtask hop of the round trip. Bad input throws here, before
   * anything is queued.
   *
   * @param _promise - the Promise `submit` returns for the job (absent for `runInExecutor`, whose Future is known
   *   by `options.abort`), for a subclass that attaches state to it.
   */
  _start(
    fn: ExecutorFunction,
    args: unknown[],
    options: InternalSubmitOptions,
    settle: JobSettler,
    _promise?: Promise<unknown>,
  ): void {
    const caller = options.caller ?? 'submit';
    if (this.#state !== 'open') {
      throw new ExecutorShutdownError(`${caller}(): the executor is ${this.#state}; it takes no new jobs`);
    }
    const payload = serializeFunction(fn, caller);
    if (!Array.isArray(args)) {
      throw new ExecutorArgumentError(`${caller}(args): expected an array, got ${describeValue(args)}`);
    }
    const signal = options.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new ExecutorArgumentError(
        `${caller}(options.signal): expected an AbortSignal, got ${describeValue(signal)}`,
      );
    }
    checkCloneable(caller, args);
    if (signal?.aborted) {
      settle(false, signal.reason);
      return;
    }
    let abort = options.abort;
    let unlink: (() => void) | undefined;
    if (signal !== undefined) [abort, unlink] = JobAbort.follow(signal);
    const fail = (error: unknown): void => {
      if (this.#settle(fail)) settle(false, error);
      unlink?.();
    };
    this.#inFlight.add(fail);
    this._run(toJob(payload, args), abort).then((outcome) => {
      unlink?.();
      if (!this.#settle(fail)) return;
      if (outcome[0]) settle(true, outcome[1]);
      else settle(false, decodeThrown(outcome[1]));
    }, fail);
  }

  /** Forget a job in flight; whether it was still there (not settled by `destroy`). */
  #settle(job: (error: unknown) => void): boolean {
    if (!this.#inFlight.delete(job)) return false;
    if (this.#inFlight.size === 0) {
      const waiters = this.#drained;
      this.#drained = [];
      for (const w of waiters) w();
    }
    return true;
  }

  /**
   * Drain, then stop the workers; see {@link Executor.close}.
   *
   * @example
   * ```ts
   * import { ThreadPoolExecutor } from 'qtasyncio';
   * declare const executor: ThreadPoolExecutor;
   * await executor.close();
   * ```
   */
  close(): Promise<void> {
    if (this.#state !== 'open') return this.#stopping ?? Promise.resolve();
    this.#state = 'closed';
    const drained =
      this.#inFlight.size === 0 ? Promise.resolve() : new Promise<void>((r) => this.#drained.push(r));
    const stopping = drained.then(() =>
      this.#state === 'closed' || this.#stopping === null ? this._stop(false) : this.#stopping,
    );
    this.#stopping = stopping;
    return stopping;
  }

  /**
   * Abort every job and stop the workers now; see {@link Executor.destroy}.
   *
   * @example
   * ```ts
   * import { ThreadPoolExecutor } from 'qtasyncio';
   * declare const executor: ThreadPoolExecutor;
   * await executor.destroy();
   * ```
   */
  destroy(): Promise<void> {
    if (this.#state === 'destroyed') return this.#stopping ?? Promise.resolve();
    this.#state = 'destroyed';
    const error = new ExecutorShutdownError('destroy(): the executor was destroyed before the job finished');
    for (const fail of [...this.#inFlight]) fail(error);
    const stopping = this._stop(true);
    this.#stopping = stopping;
    return stopping;
  }

  /**
   * `await using executor = new ThreadPoolExecutor()`: {@link BaseExecutor.close} at the end of the scope.
   *
   * @example
   * ```ts
   * import { ProcessPoolExecutor } from 'qtasyncio';
   * declare function work(): Promise<void>;
   * { await using executor = new ProcessPoolExecutor(); await executor.submit(work, []); }
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
