/**
 * The executor methods of {@link EventLoop} (asyncio's `loop.run_in_executor`, `set_default_executor`,
 * `shutdown_default_executor`). They are part of every EventLoop (typed here, installed by `eventLoop.ts`); each
 * loads its implementation in `src/executor` on its first call.
 *
 * @packageDocumentation
 */
import { loadOnce } from '../core/loadOnce';
import type { Executor } from '../executor/executor';
import type { ModuleFunctionRef } from '../executor/serializeFunction';
import type { Future } from '../futures/future';
import type { EventLoop } from './eventLoop';

/** The executor methods every {@link EventLoop} has. */
export interface LoopExecutorMethods {
  /**
   * Run `fn(...args)` in `executor` (`null`: this loop's default {@link ThreadPoolExecutor}) and return a
   * Future for its result. `fn` is a self-contained function (sent as source: no captured variables) or a
   * `{module, export}` reference; arguments and result are structured-cloned; the job's error rejects with
   * its original name, message and stack. Cancelling the Future removes a queued job or terminates the
   * worker running it. Bad input throws here, before anything is queued. A job that ends after this loop was
   * closed leaves its Future pending (as in asyncio); its error, if it failed, goes to this loop's exception
   * handler (`Executor job NAME failed after its event loop was closed`).
   *
   * @example
   * ```ts
   * const sum = await loop.runInExecutor(null, (xs: number[]) => xs.reduce((a, b) => a + b, 0), [1, 2, 3]);
   * ```
   */
  runInExecutor<A extends unknown[], R>(
    executor: Executor | null,
    fn: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>>;
  /**
   * Run the exported function `fn.export` of module `fn.module` (an absolute path, a `file:` URL or a
   * package name) in `executor`.
   *
   * @example
   * ```ts
   * declare const data: Buffer;
   * const digest = await loop.runInExecutor<string>(null, { module: require.resolve('./hash'), export: 'sha256' }, data);
   * ```
   */
  runInExecutor<R = unknown>(executor: Executor | null, fn: ModuleFunctionRef, ...args: unknown[]): Future<R>;
  /**
   * Make `executor` this loop's default executor (used by `runInExecutor(null, …)` and `toThread`).
   *
   * @example
   * ```ts
   * import { ThreadPoolExecutor } from 'qtasyncio';
   * loop.setDefaultExecutor(new ThreadPoolExecutor({ maxWorkers: 2 }));
   * ```
   */
  setDefaultExecutor(executor: Executor): void;
  /**
   * Close the default executor (waiting for its jobs; with `timeoutMs`, destroy it after that long) and refuse
   * `runInExecutor(null, …)` from now on.
   *
   * @example
   * ```ts
   * await loop.shutdownDefaultExecutor();
   * ```
   */
  shutdownDefaultExecutor(timeoutMs?: number): Promise<void>;
}

// A deferred load: the executor module loads on first use (and piscina only with the first thread pool), and is
// kept (a `require()` per call would cost about 20 µs of each round trip, see `loadOnce`).
const executors = loadOnce((): typeof import('../executor/runInExecutor') =>
  require('../executor/runInExecutor'),
);

/** @internal The implementations, installed on `EventLoop.prototype` by `eventLoop.ts`. */
export const loopExecutorMethods: LoopExecutorMethods & ThisType<EventLoop> = {
  runInExecutor(executor: Executor | null, fn: unknown, ...args: unknown[]) {
    return executors().runInExecutor(this, executor, fn as ModuleFunctionRef, args);
  },
  setDefaultExecutor(executor) {
    executors().setDefaultExecutor(this, executor);
  },
  shutdownDefaultExecutor(timeoutMs) {
    return executors().shutdownDefaultExecutor(this, timeoutMs);
  },
};
