/**
 * `loop.runInExecutor(executor | null, fn, ...args)` and the loop's default executor (asyncio's
 * `run_in_executor`, `set_default_executor`, `shutdown_default_executor`). The default executor is a
 * {@link ThreadPoolExecutor} created on first use; after `shutdownDefaultExecutor()` the default executor
 * takes no more jobs (asyncio's "Executor shutdown has been called"), and `loop.close()` closes it without waiting
 * for its jobs (asyncio's `shutdown(wait=False)` in `close()`).
 *
 * @packageDocumentation
 */
import { LoopClosedError } from '../core/errors';
import { describeValue } from '../core/render';
import { checkInteger } from '../core/validate';
import type { Future } from '../futures/future';
import { onLoopClose } from '../loop/closeHooks';
import type { EventLoop } from '../loop/eventLoop';
import { loopLogger } from '../loop/exceptionHandler';
import { BaseExecutor, type InternalSubmitOptions, type JobSettler } from './baseExecutor';
import { ExecutorArgumentError, ExecutorShutdownError } from './errors';
import type { Executor } from './executor';
import { ExecutorFuture } from './executorFuture';
import { type ExecutorFunction, jobName } from './serializeFunction';
import { ThreadPoolExecutor } from './threadPoolExecutor';

interface DefaultState {
  executor: Executor | null;
  shutdownCalled: boolean;
}

const defaults = new WeakMap<EventLoop, DefaultState>();

function stateOf(loop: EventLoop): DefaultState {
  let state = defaults.get(loop);
  if (state === undefined) {
    const made: DefaultState = { executor: null, shutdownCalled: false };
    defaults.set(loop, made);
    onLoopClose(loop, () => closeWithLoop(loop, made));
    state = made;
  }
  return state;
}

/**
 * `loop.close()`: the default executor takes no more jobs and closes without being waited for (asyncio's
 * `close()` calls `shutdown(wait=False)`); its running jobs finish (a failure arriving then is reported: see
 * `runInExecutor`). Nothing to do after `shutdownDefaultExecutor()`, which closed it already.
 */
function closeWithLoop(loop: EventLoop, state: DefaultState): void {
  if (state.shutdownCalled) return;
  state.shutdownCalled = true;
  const executor = state.executor;
  if (executor === null) return;
  executor.close().catch((exception: unknown) => {
    loop.callExceptionHandler({
      message: 'Closing the default executor of a closed event loop failed',
      exception,
    });
  });
}

function isExecutor(x: unknown): x is Executor {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return typeof e.submit === 'function' && typeof e.close === 'function' && typeof e.destroy === 'function';
}

/**
 * The default executor of `loop` (created on first use).
 *
 * @throws {@link ExecutorShutdownError} after `loop.shutdownDefaultExecutor()`.
 * @example
 * ```ts
 * import { defaultExecutor } from 'qtasyncio';
 * const pool = defaultExecutor(loop);
 * ```
 */
export function defaultExecutor(loop: EventLoop, caller = 'runInExecutor'): Executor {
  const state = stateOf(loop);
  if (state.shutdownCalled) {
    throw new ExecutorShutdownError(
      `${caller}(executor): the loop's default executor was shut down (shutdownDefaultExecutor() has been called); ` +
        'pass an executor explicitly',
    );
  }
  state.executor ??= new ThreadPoolExecutor();
  return state.executor;
}

/**
 * Run `fn(...args)` in `executor` (`null`: the loop's default executor) and return a Future of this loop for
 * its result. Cancelling the Future cancels the job (removed if queued, its worker terminated if running).
 *
 * @throws (synchronously, nothing queued) `LoopClosedError`, `ExecutorShutdownError`, `ExecutorArgumentError`,
 * `FunctionSourceError`, `UncloneableArgumentError`.
 * @example
 * ```ts
 * import { runInExecutor } from './runInExecutor';
 * const n = await runInExecutor(loop, null, (a: number, b: number) => a * b, [6, 7]); // 42
 * ```
 */
export function runInExecutor<R>(
  loop: EventLoop,
  executor: Executor | null | undefined,
  fn: ExecutorFunction<never[], R> | ExecutorFunction,
  args: unknown[],
): Future<Awaited<R>> {
  if (loop.isClosed()) throw new LoopClosedError('runInExecutor(): the event loop is closed');
  let target: Executor;
  if (executor === null || executor === undefined) target = defaultExecutor(loop);
  else if (isExecutor(executor)) target = executor;
  else {
    throw new ExecutorArgumentError(
      `runInExecutor(executor): expected an Executor or null, got ${describeValue(executor)}`,
    );
  }
  const future = new ExecutorFuture<Awaited<R>>(loop);
  // The outcome goes straight to the Future (no Promise in between), and only while the loop is open.
  const settle: JobSettler = (ok, value) => {
    if (future.done()) return;
    if (loop.isClosed()) {
      if (!ok) reportLateFailure(loop, future, fn, value);
      return;
    }
    if (ok) future.setResult(value as Awaited<R>);
    else future.setException(value);
  };
  if (target instanceof BaseExecutor) {
    const options: InternalSubmitOptions = { abort: future._abort, caller: 'runInExecutor' };
    target._start(fn as ExecutorFunction, args, options, settle);
  } else {
    // Another Executor implementation knows only AbortSignal.
    const controller = new AbortController();
    future._abort.once('abort', () => controller.abort(future._abort.reason));
    target.submit(fn as ExecutorFunction, args, { signal: controller.signal }).then(
      (value) => settle(true, value),
      (error: unknown) => settle(false, error),
    );
  }
  return future;
}

/**
 * A job failed after its loop was closed: its Future stays pending (a closed loop runs nothing, asyncio leaves it
 * pending too), so nobody can retrieve the error; report it through the loop's exception handler, as a Future's
 * unretrieved exception is reported after close. asyncio drops it since 3.11.1 (before, `call_soon_threadsafe`
 * raised "Event loop is closed" into the `concurrent.futures` logger); a successful result is dropped as there.
 */
function reportLateFailure(loop: EventLoop, future: Future<unknown>, fn: unknown, exception: unknown): void {
  loop.callExceptionHandler({
    message: `Executor job ${jobName(fn)} failed after its event loop was closed`,
    exception,
    future,
  });
}

/**
 * Make `executor` the default executor of `loop` (the one `runInExecutor(null, …)` and `toThread` use). The
 * previous one is not closed.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from 'qtasyncio';
 * import { setDefaultExecutor } from './runInExecutor';
 * setDefaultExecutor(loop, new ThreadPoolExecutor({ maxWorkers: 2 }));
 * ```
 */
export function setDefaultExecutor(loop: EventLoop, executor: Executor): void {
  if (!isExecutor(executor)) {
    throw new ExecutorArgumentError(
      `setDefaultExecutor(executor): expected an Executor, got ${describeValue(executor)}`,
    );
  }
  stateOf(loop).executor = executor;
}

/**
 * Close the default executor of `loop` (waiting for its jobs), and refuse the default executor from now on.
 * With `timeoutMs`, jobs still running after that long are abandoned: a warning is logged and the executor is
 * destroyed.
 *
 * @example
 * ```ts
 * import { shutdownDefaultExecutor } from './runInExecutor';
 * declare function main(): Promise<void>;
 * await loop.runUntilComplete(main);
 * await shutdownDefaultExecutor(loop);
 * loop.close();
 * ```
 */
export async function shutdownDefaultExecutor(loop: EventLoop, timeoutMs?: number): Promise<void> {
  const limit = timeoutMs;
  if (limit !== undefined)
    checkInteger('shutdownDefaultExecutor', 'timeoutMs', limit, 0, ExecutorArgumentError);
  const state = stateOf(loop);
  state.shutdownCalled = true;
  const executor = state.executor;
  if (executor === null) return;
  if (limit === undefined) {
    await executor.close();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), limit);
  });
  const timedOut = await Promise.race([executor.close().then(() => false), expired]);
  clearTimeout(timer);
  if (timedOut) {
    loopLogger.warn(
      `shutdownDefaultExecutor(timeoutMs): the default executor did not finish within ${limit} ms; destroying it`,
    );
    await executor.destroy();
  }
}
