/**
 * The executor interface (Python's `concurrent.futures.Executor`, with piscina's life-cycle verbs): what
 * `loop.runInExecutor()` submits jobs to. `ThreadPoolExecutor` and `ProcessPoolExecutor` implement it.
 *
 * @packageDocumentation
 */
import type { ExecutorFunction } from './serializeFunction';

/** Options of {@link Executor.submit}. */
export interface SubmitOptions {
  /**
   * Cancels the job: a queued job is removed (it never runs); a running job's worker is terminated and
   * replaced. The returned Promise rejects with `signal.reason`.
   */
  readonly signal?: AbortSignal;
}

/**
 * A pool that runs functions away from the event loop's thread.
 *
 * @example
 * ```ts
 * import { type Executor, ThreadPoolExecutor } from 'qtasyncio';
 * const executor: Executor = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const sum = await executor.submit((a: number, b: number) => a + b, [1, 2]); // 3
 * await executor.close();
 * ```
 */
export interface Executor {
  /**
   * Queue `fn(...args)` (see `serializeFunction` for what `fn` may be). Arguments and result are
   * structured-cloned; the job's own error rejects with its original name, message and stack.
   *
   * @throws `ExecutorShutdownError` after `close()`/`destroy()`, `UncloneableArgumentError`,
   * `FunctionSourceError`, `ExecutorArgumentError` — synchronously, before anything is queued.
   * @example
   * ```ts
   * import { ThreadPoolExecutor } from 'qtasyncio';
   * declare const buf: Buffer;
   * declare const executor: ThreadPoolExecutor;
   * const controller = new AbortController();
   * const hash = executor.submit({ module: require.resolve('./hash'), export: 'sha256' }, [buf], {
   *   signal: controller.signal,
   * });
   * ```
   */
  submit<A extends unknown[], R>(
    fn: ExecutorFunction<A, R>,
    args: A,
    options?: SubmitOptions,
  ): Promise<Awaited<R>>;

  /**
   * Take no more jobs, let the queued and running ones finish, then stop the workers (piscina's `close`,
   * Python's `shutdown(wait=True)`). Idempotent.
   *
   * @example
   * ```ts
   * import { ThreadPoolExecutor } from 'qtasyncio';
   * declare const executor: ThreadPoolExecutor;
   * await executor.close();
   * ```
   */
  close(): Promise<void>;

  /**
   * Take no more jobs, reject the queued and running ones with `ExecutorShutdownError`, and terminate the
   * workers now (piscina's `destroy`). Idempotent.
   *
   * @example
   * ```ts
   * import { ThreadPoolExecutor } from 'qtasyncio';
   * declare const executor: ThreadPoolExecutor;
   * await executor.destroy();
   * ```
   */
  destroy(): Promise<void>;

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
  readonly closed: boolean;
}
