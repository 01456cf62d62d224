/**
 * `Runner` (asyncio's `asyncio.Runner`): several top-level calls on one loop, then its tasks cancelled and the
 * loop closed. QtAsyncio's `run()` is in `./run`.
 *
 * @packageDocumentation
 */

import {
  CancelledError,
  KeyboardInterrupt,
  LoopArgumentError,
  LoopClosedError,
  LoopRunningError,
} from '../core/errors';
import { _getRunningLoop, newEventLoop, setEventLoop } from '../core/events';
import { describeValue } from '../core/render';
import { checkBoolean, checkDelay, checkFunction, checkOptionKeys } from '../core/validate';
import { ensureFuture, isEnsurable } from '../futures/ensureFuture';
import type { Future } from '../futures/future';
import { Task, type TaskFunction } from '../futures/task';
import type { EventLoop } from './eventLoop';
import { SIGINT_EXIT_CODE, shutdownLoop } from './shutdown';

/** Options of `new Runner()`. */
export interface RunnerOptions {
  /** Debug mode for the Runner's loop. */
  debug?: boolean;
  /** Makes the Runner's loop (default {@link newEventLoop}), e.g. `() => new VirtualTimeLoop()`. */
  loopFactory?: () => EventLoop;
  /**
   * How long (ms) `close()` waits for the cancelled tasks to run their cleanup before it reports them and goes
   * on (default: no limit, as in asyncio).
   */
  shutdownTimeout?: number;
}

/** Options of {@link Runner.run}. */
export interface RunnerRunOptions {
  /** First Ctrl+C cancels `main` (then `run` rejects with KeyboardInterrupt); the second exits with 130. */
  handleSigint?: boolean;
}

/**
 * @internal Listen for SIGINT: the first calls `onFirst` (unless `ending()` says the program is already
 * winding down), every later one exits with 130 at once. Returns the disposer.
 */
export function onSigint(onFirst: () => void, ending: () => boolean = () => false): () => void {
  let count = 0;
  const listener = (): void => {
    count++;
    if (count === 1 && !ending()) onFirst();
    else process.exit(SIGINT_EXIT_CODE);
  };
  process.on('SIGINT', listener);
  return () => {
    process.off('SIGINT', listener);
  };
}

/**
 * Runs several top-level calls on one loop (asyncio's `Runner`), then cancels leftover tasks and closes it.
 *
 * @see {@link run}
 * @example
 * ```ts
 * import { Runner } from 'qtasyncio';
 * declare function setUp(): Promise<void>;
 * declare function work(): Promise<void>;
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

  /** @param options - debug mode and the loop factory. */
  constructor(options: RunnerOptions = {}) {
    checkOptionKeys('Runner', options, ['debug', 'loopFactory', 'shutdownTimeout']);
    if (options.debug !== undefined) checkBoolean('Runner', 'options.debug', options.debug);
    if (options.shutdownTimeout !== undefined) {
      checkDelay('Runner', 'options.shutdownTimeout', options.shutdownTimeout);
    }
    if (options.loopFactory !== undefined)
      checkFunction('Runner', 'options.loopFactory', options.loopFactory);
    this.#options = options;
  }

  /**
   * The Runner's loop (created on first use and made the current loop).
   *
   * @example
   * ```ts
   * import { Runner } from 'qtasyncio';
   * declare const runner: Runner;
   * runner.getLoop().time();
   * ```
   */
  getLoop(): EventLoop {
    if (this.#closed) throw new LoopClosedError('Runner.getLoop(): the Runner is closed');
    if (this.#loop === null) {
      const factory = this.#options.loopFactory;
      const loop = factory ? factory() : newEventLoop();
      if (this.#options.debug !== undefined) loop.setDebug(this.#options.debug);
      // asyncio: the loop a Runner makes itself becomes the current one; a factory's is left as it is.
      if (factory === undefined) setEventLoop(loop);
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
   * import { Runner } from 'qtasyncio';
   * declare const runner: Runner;
   * declare function compute(): number;
   * const value = await runner.run(async () => compute(), { handleSigint: true });
   * ```
   */
  async run<T>(main: TaskFunction<T> | PromiseLike<T>, options: RunnerRunOptions = {}): Promise<T> {
    if (this.#closed) throw new LoopClosedError('Runner.run(): the Runner is closed');
    if (_getRunningLoop() !== null) {
      throw new LoopRunningError('Runner.run(): cannot be called while an event loop is running');
    }
    checkOptionKeys('Runner.run', options, ['handleSigint']);
    if (options.handleSigint !== undefined) {
      checkBoolean('Runner.run', 'options.handleSigint', options.handleSigint);
    }
    // Before the loop is made, as asyncio checks the coroutine first.
    if (!isEnsurable(main)) {
      throw new LoopArgumentError(
        `Runner.run(main): expected a task function, a Future or a Promise-like, got ${describeValue(main)}`,
      );
    }
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
      // asyncio: KeyboardInterrupt only when the SIGINT's cancellation is the task's last one (`uncancel()`
      // gives 0); a main task that was also cancelled otherwise ends with its CancelledError.
      if (interrupted && e instanceof CancelledError && !(task instanceof Task && task.uncancel() > 0))
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
   * import { Runner } from 'qtasyncio';
   * declare const runner: Runner;
   * await runner.close();
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    const loop = this.#loop;
    this.#closed = true;
    if (loop === null) return;
    try {
      await shutdownLoop(loop, this.#options.shutdownTimeout);
    } finally {
      // getLoop() made it current when it made it (asyncio's Runner.close does the same)
      if (this.#options.loopFactory === undefined) setEventLoop(null);
      loop.close();
    }
  }

  /**
   * `await using runner = new Runner()` closes it when the scope ends.
   *
   * @example
   * ```ts
   * import { Runner } from 'qtasyncio';
   * declare function main(): Promise<void>;
   * await using runner = new Runner();
   * await runner.run(main);
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
