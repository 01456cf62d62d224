/**
 * `run()`: QtAsyncio's `run`, which can keep the loop running after `main` and quits the QApplication when the
 * loop stops. An error is never silent here: an uncaught error in `main` ends the program with exit code 1
 * whatever `keepRunning` is; every way out (main's end, an error, Ctrl+C, the host exiting) cancels the
 * remaining tasks and lets them clean up, within `shutdownTimeout`.
 *
 * @packageDocumentation
 */

import { CancelledError, LoopArgumentError, LoopClosedError, LoopRunningError } from '../core/errors';
import { _getOrNewEventLoop, _getRunningLoop } from '../core/events';
import { checkBoolean, checkDelay, checkFunction, checkOptionKeys } from '../core/validate';
import { ensureFuture } from '../futures/ensureFuture';
import type { Future } from '../futures/future';
import type { TaskFunction } from '../futures/task';
import type { EventLoop } from './eventLoop';
import { getHostHooks } from './host';
import { onSigint, Runner } from './runners';
import { _setActiveProgram, DEFAULT_SHUTDOWN_TIMEOUT, SIGINT_EXIT_CODE, shutdownLoop } from './shutdown';

/** Options of {@link run}. */
export interface RunOptions {
  /**
   * After a successful `main`, keep the loop running until `stop()` (default `true`); `false`: like
   * `asyncio.run`. An error in `main` ends the program either way.
   */
  keepRunning?: boolean;
  /** Quit the QApplication when the loop stops, when `qtasyncio/qt` is loaded (default `true`). */
  quitQApp?: boolean;
  /** First Ctrl+C cancels `main` and every task, lets them clean up, then exit code 130; the second exits at once. */
  handleSigint?: boolean;
  /** Turn on debug mode. */
  debug?: boolean;
  /**
   * How long (ms) the program's end waits for its cancelled tasks to run their `finally` blocks before it
   * reports them and exits anyway (default {@link DEFAULT_SHUTDOWN_TIMEOUT}, 3000).
   */
  shutdownTimeout?: number;
  /**
   * Makes the loop of a `keepRunning: false` run (asyncio's `loop_factory`; default `newEventLoop()`), e.g.
   * `() => new VirtualTimeLoop()`. Only with `keepRunning: false`: `keepRunning` runs the current loop.
   */
  loopFactory?: () => EventLoop;
}

const RUN_OPTIONS = [
  'keepRunning',
  'quitQApp',
  'handleSigint',
  'debug',
  'shutdownTimeout',
  'loopFactory',
] as const;

/** Why a `run()` left its loop. */
type Ending = 'running' | 'stopped' | 'failed' | 'interrupted' | 'exiting';

/** How one `run()` call is ending, and the means to end it. */
interface EndingWatch {
  readonly state: { ending: Ending };
  /** Start ending for `why` (only the first call counts). */
  stop(why: Ending): void;
  /** The run's own cleanup is done: stop listening, let the host's exit path go on. */
  finish(): void;
}

/**
 * Watch the ways a `run()` can be ended from outside: the host's exit ({@link shutdownForExit} waits until
 * `finish()`) and, with `handleSigint`, Ctrl+C (a second one while ending exits with 130 at once).
 */
function watchEnding(onStop: (why: Ending) => void, handleSigint: boolean, timeout: number): EndingWatch {
  const state: { ending: Ending } = { ending: 'running' };
  let finished: () => void = () => {};
  const cleanedUp = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const stop = (why: Ending): void => {
    if (state.ending !== 'running') return;
    state.ending = why;
    onStop(why);
  };
  _setActiveProgram(
    {
      end: () => {
        stop('exiting');
        return cleanedUp;
      },
    },
    timeout,
  );
  const dispose = handleSigint
    ? onSigint(
        () => stop('interrupted'),
        () => state.ending !== 'running',
      )
    : null;
  return {
    state,
    stop,
    finish: () => {
      _setActiveProgram(null);
      dispose?.();
      finished();
    },
  };
}

function quitHost(quitQApp: boolean, code: number): void {
  if (quitQApp) getHostHooks()?.quitApp(code);
}

/** What {@link runToCompletion} needs of `run()`'s options. */
interface RunToCompletionOptions {
  quitQApp: boolean;
  handleSigint: boolean;
  debug?: boolean;
  loopFactory?: () => EventLoop;
  timeout: number;
}

/** asyncio.run: `main` on a new loop, then every task cancelled and the loop closed. */
async function runToCompletion<T>(
  main: TaskFunction<T> | PromiseLike<T>,
  options: RunToCompletionOptions,
): Promise<T | undefined> {
  const runner = new Runner({
    shutdownTimeout: options.timeout,
    ...(options.debug === undefined ? {} : { debug: options.debug }),
    ...(options.loopFactory === undefined ? {} : { loopFactory: options.loopFactory }),
  });
  let task: Future<T> | null = null;
  const { state, finish } = watchEnding(
    (why) => task?.cancel(why === 'interrupted' ? 'interrupted (SIGINT)' : 'the application is exiting'),
    options.handleSigint,
    options.timeout,
  );
  let code = 0;
  try {
    // Inside the try: a main that is not awaitable still leaves the Runner's loop closed (asyncio's `with Runner`).
    task = ensureFuture(main, runner.getLoop());
    return await runner.run(task);
  } catch (e) {
    if (e instanceof CancelledError && state.ending !== 'running') {
      if (state.ending === 'interrupted') {
        code = SIGINT_EXIT_CODE;
        process.exitCode = SIGINT_EXIT_CODE;
      }
      return undefined;
    }
    code = 1;
    throw e;
  } finally {
    if (state.ending === 'running') state.ending = code === 0 ? 'stopped' : 'failed';
    await runner.close();
    finish();
    if (state.ending !== 'exiting') quitHost(options.quitQApp, code);
  }
}

/** QtAsyncio's keep_running: `main` becomes a task of the current loop, which runs until `stop()`. */
async function runKeepingLoop<T>(
  loop: EventLoop,
  main: TaskFunction<T> | PromiseLike<T> | undefined,
  options: { quitQApp: boolean; handleSigint: boolean; timeout: number },
): Promise<T | undefined> {
  const task: Future<T> | null = main === undefined ? null : ensureFuture(main, loop);
  const { state, stop, finish } = watchEnding(() => loop.stop(), options.handleSigint, options.timeout);
  // An error in main ends the program (keepRunning is about the loop outliving a *successful* main).
  task?.addDoneCallback((t) => {
    if (!t.cancelled() && t.exception() !== undefined) stop('failed');
  });
  try {
    await loop.runForever();
    if (state.ending === 'running') state.ending = 'stopped';
    // A plain stop() leaves the tasks alone (the loop may run again); every other ending winds them down.
    if (state.ending !== 'stopped') await shutdownLoop(loop, options.timeout);
  } finally {
    finish();
  }
  if (state.ending === 'exiting') return undefined;
  if (state.ending === 'interrupted') {
    process.exitCode = SIGINT_EXIT_CODE;
    quitHost(options.quitQApp, SIGINT_EXIT_CODE);
    return undefined;
  }
  if (state.ending === 'failed' && task !== null) {
    quitHost(options.quitQApp, 1);
    throw task.exception();
  }
  quitHost(options.quitQApp, 0);
  if (task === null || !task.done() || task.cancelled()) return undefined;
  return task.result();
}

/**
 * Run a program on the loop, QtAsyncio's way. With `main` and `keepRunning: false` it is `asyncio.run`: run
 * `main` on a new loop, cancel leftover tasks, close the loop, return `main`'s result. With `keepRunning: true`
 * (default) `main` becomes a task of the current loop, which keeps running until `stop()`; without `main` it just
 * runs the loop (without `main`, `keepRunning: false` is an error, as in QtAsyncio). When the loop stops and Qt
 * is loaded, the QApplication quits (`quitQApp`).
 *
 * An error thrown by `main` ends the program whatever `keepRunning` is: the other tasks are cancelled and
 * cleaned up, the QApplication quits with exit code 1, and `run()` rejects with the error (unhandled, Node
 * prints its stack). When the application exits while `run()` runs (last window closed, `quit()`,
 * `exit(code)`, Ctrl+C, SIGTERM), `main` and every task are cancelled and may clean up for at most
 * `shutdownTimeout` ms, then the process exits with the code the program chose.
 *
 * @throws {@link LoopRunningError} inside a running loop; {@link LoopClosedError} when the current loop is closed.
 * @see {@link Runner}
 * @example
 * ```ts
 * import { QMainWindow } from '@nodegui/nodegui';
 * import { run, VirtualTimeLoop } from 'qtasyncio';
 * await run(async () => {
 *   const window = new QMainWindow();
 *   window.show();
 * }); // runs until getRunningLoop().stop() or the last window closes
 *
 * const answer = await run(async () => 42, { keepRunning: false });
 * const virtual = await run(async () => 42, { keepRunning: false, loopFactory: () => new VirtualTimeLoop() });
 * ```
 */
export async function run<T>(
  main?: TaskFunction<T> | PromiseLike<T>,
  options: RunOptions = {},
): Promise<T | undefined> {
  checkOptionKeys('run', options, RUN_OPTIONS);
  for (const key of ['keepRunning', 'quitQApp', 'handleSigint', 'debug'] as const) {
    if (options[key] !== undefined) checkBoolean('run', `options.${key}`, options[key]);
  }
  if (options.shutdownTimeout !== undefined) {
    checkDelay('run', 'options.shutdownTimeout', options.shutdownTimeout);
  }
  if (options.loopFactory !== undefined) checkFunction('run', 'options.loopFactory', options.loopFactory);
  const { keepRunning = true, quitQApp = true, handleSigint = false, debug, loopFactory } = options;
  const timeout = options.shutdownTimeout ?? DEFAULT_SHUTDOWN_TIMEOUT;
  if (_getRunningLoop() !== null)
    throw new LoopRunningError('run(): cannot be called while an event loop is running');
  if (main === undefined && !keepRunning) {
    throw new LoopArgumentError(
      'run(main): with keepRunning: false a main function (or awaitable) is required',
    );
  }
  if (loopFactory !== undefined && keepRunning) {
    throw new LoopArgumentError(
      'run(options.loopFactory): only with keepRunning: false (keepRunning runs the current loop)',
    );
  }
  if (main !== undefined && !keepRunning) {
    return runToCompletion(main, {
      quitQApp,
      handleSigint,
      timeout,
      ...(debug === undefined ? {} : { debug }),
      ...(loopFactory === undefined ? {} : { loopFactory }),
    });
  }
  const loop = _getOrNewEventLoop();
  if (loop.isClosed()) throw new LoopClosedError('run(): the event loop is closed');
  if (debug !== undefined) loop.setDebug(debug);
  return runKeepingLoop(loop, main, { quitQApp, handleSigint, timeout });
}
