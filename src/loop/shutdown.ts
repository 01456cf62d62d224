/**
 * Ending a program's loop the way `asyncio.run` ends it: cancel every pending task, let their `finally` blocks
 * and AbortSignal listeners run (bounded by a timeout), shut the default executor down, and report what failed.
 * `Runner.close()` and `run()` use it, and so do the host's exit paths (`qtasyncio/qt`: last window closed,
 * `quit()`, `exit(code)`, Ctrl+C, SIGTERM) through {@link shutdownForExit}.
 *
 * @packageDocumentation
 */

import { _peekEventLoop } from '../core/events';
import { allTasks } from '../futures/currentTask';
import type { Task } from '../futures/task';
import type { EventLoop } from './eventLoop';
import { loopLogger } from './exceptionHandler';
import type { TimerHandle } from './handles';

/** How long (ms) the exit paths wait for cancelled tasks to finish their cleanup, unless `run()` says otherwise. */
export const DEFAULT_SHUTDOWN_TIMEOUT = 3000;

/** Exit code of a program stopped by Ctrl+C (128 + SIGINT). */
export const SIGINT_EXIT_CODE = 130;

/** Exit code of a program stopped by SIGTERM (128 + SIGTERM). */
export const SIGTERM_EXIT_CODE = 143;

/** Wait until every task is done, or `timeout` ms of loop time passed. Runs the loop when it is not running. */
async function settle(loop: EventLoop, tasks: readonly Task<unknown>[], timeout: number): Promise<void> {
  const all = loop.createFuture<void>();
  const finish = (): void => {
    if (!all.done()) all.setResult();
  };
  let left = tasks.length;
  for (const task of tasks) {
    task.addDoneCallback(() => {
      if (--left === 0) finish();
    });
  }
  const timer: TimerHandle | null = Number.isFinite(timeout) ? loop.callLater(timeout, finish) : null;
  if (left === 0) finish();
  if (loop.isRunning()) await new Promise<void>((resolve) => all.addDoneCallback(() => resolve()));
  else await loop.runUntilComplete(all);
  timer?.cancel();
}

/**
 * Cancel every pending task of `loop`, wait (at most `timeoutMs` ms) for them to finish, then shut down the
 * loop's default executor (when `qtasyncio`'s executors are loaded). A task that failed with something other
 * than its cancellation, and a task still pending when the time is up, are reported through the loop's
 * exception handler. The loop stays open. Works on a running loop (from outside its callbacks) and on a
 * stopped one (which it runs meanwhile).
 *
 * @param loop - the loop to wind down
 * @param timeoutMs - ms to wait for the cancelled tasks (default: no limit, like `asyncio.Runner.close()`)
 * @example
 * ```ts
 * import { shutdownLoop } from 'qtasyncio';
 * await shutdownLoop(loop, 3000);
 * loop.close();
 * ```
 */
export async function shutdownLoop(loop: EventLoop, timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
  if (loop.isClosed()) return;
  const started = loop.time();
  const tasks = [...allTasks(loop)].filter((task) => !task.done());
  for (const task of tasks) task.cancel();
  if (tasks.length > 0) await settle(loop, tasks, timeoutMs);
  for (const task of tasks) {
    if (!task.done()) {
      loop.callExceptionHandler({
        message: `Task was still pending ${timeoutMs} ms after its cancellation at shutdown; abandoned`,
        task,
      });
    } else if (!task.cancelled() && task.exception() !== undefined) {
      loop.callExceptionHandler({
        message: 'unhandled exception during run() shutdown',
        exception: task.exception(),
        task,
      });
    }
  }
  // asyncio's Runner also shuts the default executor down (installed by src/executor, when loaded).
  const withExecutor = loop as EventLoop & {
    shutdownDefaultExecutor?: (timeoutMs?: number) => Promise<void>;
  };
  if (withExecutor.shutdownDefaultExecutor === undefined) return;
  const left = Number.isFinite(timeoutMs)
    ? Math.max(0, Math.ceil(started + timeoutMs - loop.time()))
    : undefined;
  await withExecutor.shutdownDefaultExecutor(left);
}

/** How `run()` ends itself when the host exits the program while it runs. */
export interface ProgramEnd {
  /** Stop the program, cancel its tasks and wait for their cleanup; resolves when that is done. */
  end(): Promise<void>;
}

/** How much longer than the shutdown timeout the exit waits, in real time, before it gives up on the cleanup. */
const EXIT_GUARD_MARGIN = 2000;

let activeProgram: ProgramEnd | null = null;
let exitTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

/**
 * Registers (or with `null` clears) the running `run()` call, which {@link shutdownForExit} asks to end.
 *
 * @internal
 * @example
 * ```ts
 * import { _setActiveProgram } from './shutdown';
 * _setActiveProgram({ end: async () => {} }, 3000);
 * ```
 */
export function _setActiveProgram(program: ProgramEnd | null, timeout?: number): void {
  activeProgram = program;
  if (timeout !== undefined) exitTimeout = timeout;
}

/**
 * What the host (`qtasyncio/qt`) runs before it exits the process: end the active `run()` (its tasks
 * cancelled, their cleanup awaited within its `shutdownTimeout`), or without one wind down the running loop.
 *
 * @internal
 * @example
 * ```ts
 * import { shutdownForExit } from './shutdown';
 * declare const code: number;
 * await shutdownForExit();
 * process.exit(code);
 * ```
 */
export async function shutdownForExit(): Promise<void> {
  const program = activeProgram;
  const loop = _peekEventLoop();
  const work =
    program !== null ? program.end() : loop === null ? Promise.resolve() : shutdownLoop(loop, exitTimeout);
  // The timeout above counts loop time; this guard bounds the whole cleanup in real time, whatever happens.
  const grace = exitTimeout + EXIT_GUARD_MARGIN;
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), grace);
  });
  const expired = await Promise.race([work.then(() => false), guard]);
  clearTimeout(timer);
  if (expired) {
    loopLogger.error(`qtasyncio: the cleanup before exit did not finish within ${grace} ms; exiting anyway`);
  }
}
