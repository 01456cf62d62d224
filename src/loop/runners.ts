/**
 * Running a program on the loop: `Runner` (asyncio's `asyncio.Runner`) and `run()` (QtAsyncio's `run`, which
 * can keep the loop running after `main` and quits the QApplication when the loop stops).
 *
 * @packageDocumentation
 */
import { ensureFuture } from '../futures/ensureFuture';
import {
  CancelledError,
  describeValue,
  KeyboardInterrupt,
  LoopArgumentError,
  LoopClosedError,
  LoopRunningError,
} from '../futures/errors';
import type { Future } from '../futures/future';
import { allTasks, type TaskFunction } from '../futures/task';
import type { EventLoop } from './eventLoop';
import { _getOrNewEventLoop, _getRunningLoop, newEventLoop, setEventLoop } from './events';
import { getHostHooks } from './host';

/** Exit code of a program stopped by Ctrl+C (128 + SIGINT). */
export const SIGINT_EXIT_CODE = 130;

/** Options of `new Runner()`. */
export interface RunnerOptions {
  /** Debug mode for the Runner's loop. */
  debug?: boolean;
  /** Makes the Runner's loop (default {@link newEventLoop}), e.g. `() => new VirtualTimeLoop()`. */
  loopFactory?: () => EventLoop;
}

/** Options of {@link Runner.run}. */
export interface RunnerRunOptions {
  /** First Ctrl+C cancels `main` (then `run` rejects with KeyboardInterrupt); the second exits with 130. */
  handleSigint?: boolean;
}

function checkBoolean(fn: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new LoopArgumentError(`${fn}(options.${name}): expected a boolean, got ${describeValue(value)}`);
  }
}

/** Listen for SIGINT: the first calls `onFirst`, the second exits with 130. Returns the disposer. */
function onSigint(onFirst: () => void): () => void {
  let count = 0;
  const listener = (): void => {
    count++;
    if (count === 1) onFirst();
    else process.exit(SIGINT_EXIT_CODE);
  };
  process.on('SIGINT', listener);
  return () => {
    process.off('SIGINT', listener);
  };
}

/** Cancel every pending task of `loop`, let them finish, report the ones that failed. */
async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const tasks = allTasks(loop);
  if (tasks.size === 0) return;
  const all = loop.createFuture<void>();
  let left = tasks.size;
  for (const task of tasks) {
    task.cancel();
    task.addDoneCallback(() => {
      if (--left === 0 && !all.done()) all.setResult();
    });
  }
  await loop.runUntilComplete(all);
  for (const task of tasks) {
    if (task.cancelled()) continue;
    const exception = task.exception();
    if (exception !== undefined) {
      loop.callExceptionHandler({ message: 'unhandled exception during run() shutdown', exception, task });
    }
  }
}

/**
 * Runs several top-level calls on one loop (asyncio's `Runner`), then cancels leftover tasks and closes it.
 *
 * @example
 * ```ts
 * const runner = new Runner();
 * try {
 *   await runner.run(async () => setUp());
 *   await runner.run(async () => work());
 * } finally {
 *   await runner.close();
 * }
 * ```
 */
export class Runner {
  #loop: EventLoop | null = null;
  #closed = false;
  readonly #options: RunnerOptions;

  /** @param options debug mode and the loop factory. */
  constructor(options: RunnerOptions = {}) {
    checkBoolean('Runner', 'debug', options.debug);
    if (options.loopFactory !== undefined && typeof options.loopFactory !== 'function') {
      throw new LoopArgumentError(
        `Runner(options.loopFactory): expected a function, got ${describeValue(options.loopFactory)}`,
      );
    }
    this.#options = options;
  }

  /**
   * The Runner's loop (created on first use and made the current loop).
   *
   * @example
   * ```ts
   * runner.getLoop().time();
   * ```
   */
  getLoop(): EventLoop {
    if (this.#closed) throw new LoopClosedError('Runner.getLoop(): the Runner is closed');
    if (this.#loop === null) {
      const loop = this.#options.loopFactory ? this.#options.loopFactory() : newEventLoop();
      if (this.#options.debug !== undefined) loop.setDebug(this.#options.debug);
      setEventLoop(loop);
      this.#loop = loop;
    }
    return this.#loop;
  }

  /**
   * Run `main` (a task function, Future or Promise-like) to completion on the Runner's loop and return its
   * result.
   *
   * @throws {@link LoopRunningError} inside a running loop; {@link KeyboardInterrupt} after Ctrl+C with
   *   `handleSigint`.
   * @example
   * ```ts
   * const value = await runner.run(async () => compute(), { handleSigint: true });
   * ```
   */
  async run<T>(main: TaskFunction<T> | PromiseLike<T>, options: RunnerRunOptions = {}): Promise<T> {
    if (this.#closed) throw new LoopClosedError('Runner.run(): the Runner is closed');
    if (_getRunningLoop() !== null) {
      throw new LoopRunningError('Runner.run(): cannot be called while an event loop is running');
    }
    checkBoolean('Runner.run', 'handleSigint', options.handleSigint);
    const loop = this.getLoop();
    const task: Future<T> = ensureFuture(main, loop);
    let interrupted = false;
    const dispose = options.handleSigint
      ? onSigint(() => {
          interrupted = true;
          task.cancel('interrupted (SIGINT)');
        })
      : null;
    try {
      return await loop.runUntilComplete(task);
    } catch (e) {
      if (interrupted && e instanceof CancelledError)
        throw new KeyboardInterrupt('Runner.run(): interrupted by SIGINT');
      throw e;
    } finally {
      dispose?.();
    }
  }

  /**
   * Cancel the tasks left on the loop, wait for them, and close the loop. Idempotent.
   *
   * @example
   * ```ts
   * await runner.close();
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    const loop = this.#loop;
    this.#closed = true;
    if (loop === null) return;
    try {
      await cancelAllTasks(loop);
      // asyncio's Runner also shuts the default executor down (installed by src/executor, when loaded).
      const withExecutor = loop as EventLoop & { shutdownDefaultExecutor?: () => Promise<void> };
      await withExecutor.shutdownDefaultExecutor?.();
    } finally {
      setEventLoop(null); // getLoop() made it current (asyncio's Runner.close does the same)
      loop.close();
    }
  }

  /**
   * `await using runner = new Runner()` closes it when the scope ends.
   *
   * @example
   * ```ts
   * await using runner = new Runner();
   * await runner.run(main);
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Options of {@link run}. */
export interface RunOptions {
  /** After `main`, keep the loop running until `stop()` (default `true`); `false`: like `asyncio.run`. */
  keepRunning?: boolean;
  /** Quit the QApplication when the loop stops, when `qtasyncio/qt` is loaded (default `true`). */
  quitQApp?: boolean;
  /** First Ctrl+C cancels the main task (or stops the loop), the second exits; exit code 130. */
  handleSigint?: boolean;
  /** Turn on debug mode. */
  debug?: boolean;
}

/**
 * Run a program on the loop, QtAsyncio's way. With `main` and `keepRunning: false` it is `asyncio.run`: run
 * `main` on a new loop, cancel leftover tasks, close the loop, return `main`'s result. With `keepRunning: true`
 * (default) `main` becomes a task of the current loop, which keeps running until `stop()`; without `main` it just
 * runs the loop (without `main`, `keepRunning: false` is an error, as in QtAsyncio). When the loop stops and Qt
 * is loaded, the QApplication quits (`quitQApp`).
 *
 * @throws {@link LoopRunningError} inside a running loop; {@link LoopClosedError} when the current loop is closed.
 * @example
 * ```ts
 * await run(async () => {
 *   const window = new QMainWindow();
 *   window.show();
 * }); // runs until getRunningLoop().stop()
 *
 * const answer = await run(async () => 42, { keepRunning: false });
 * ```
 */
export async function run<T>(
  main?: TaskFunction<T> | PromiseLike<T>,
  options: RunOptions = {},
): Promise<T | undefined> {
  for (const key of ['keepRunning', 'quitQApp', 'handleSigint', 'debug'] as const) {
    checkBoolean('run', key, options[key]);
  }
  const { keepRunning = true, quitQApp = true, handleSigint = false, debug } = options;
  if (_getRunningLoop() !== null)
    throw new LoopRunningError('run(): cannot be called while an event loop is running');
  const quit = (code: number): void => {
    if (quitQApp) getHostHooks()?.quitApp(code);
  };
  if (main === undefined && !keepRunning) {
    throw new LoopArgumentError(
      'run(main): with keepRunning: false a main function (or awaitable) is required',
    );
  }
  if (main !== undefined && !keepRunning) {
    const runner = new Runner(debug === undefined ? {} : { debug });
    let code = 0;
    try {
      return await runner.run(main, { handleSigint });
    } catch (e) {
      if (e instanceof KeyboardInterrupt) {
        code = SIGINT_EXIT_CODE;
        process.exitCode = SIGINT_EXIT_CODE;
        return undefined;
      }
      code = 1;
      throw e;
    } finally {
      await runner.close();
      quit(code);
    }
  }
  const loop = _getOrNewEventLoop();
  if (loop.isClosed()) throw new LoopClosedError('run(): the event loop is closed');
  if (debug !== undefined) loop.setDebug(debug);
  const task: Future<T> | null = main === undefined ? null : ensureFuture(main, loop);
  let code = 0;
  const dispose = handleSigint
    ? onSigint(() => {
        if (task !== null && !task.done()) task.cancel('interrupted (SIGINT)');
        else {
          code = SIGINT_EXIT_CODE;
          loop.stop();
        }
      })
    : null;
  try {
    await loop.runForever();
  } finally {
    dispose?.();
    if (code !== 0) process.exitCode = code;
    quit(code);
  }
  if (task === null || !task.done() || task.cancelled()) return undefined;
  return task.result();
}
