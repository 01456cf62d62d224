/**
 * `qtasyncio`: an asyncio-style event loop, Futures and Tasks on Node's loop (and Qt's, with `qtasyncio/qt`).
 *
 * @packageDocumentation
 */

// --- Event loop and handles -------------------------------------------------------------------------------

export { BaseEventLoop } from './loop/baseEventLoop';
export { EventLoop, type EventLoopOptions, type TaskFactory } from './loop/eventLoop';
export { type Callback, Handle, TimerHandle } from './loop/handles';

// --- Clock/timer provider and virtual time ------------------------------------------------------------------

export { type LoopClock, realClock, VirtualClock } from './loop/clock';
export {
  type RunUntilIdleOptions,
  VirtualTimeLoop,
  type VirtualTimeLoopOptions,
} from './loop/virtualTimeLoop';

// --- Loop management ----------------------------------------------------------------------------------------

export { getEventLoop, getRunningLoop, newEventLoop, setEventLoop } from './loop/events';

// --- Running programs ---------------------------------------------------------------------------------------

export {
  Runner,
  type RunnerOptions,
  type RunnerRunOptions,
  type RunOptions,
  run,
  SIGINT_EXIT_CODE,
} from './loop/runners';

// --- Exception handling and logging -------------------------------------------------------------------------

export {
  type ExceptionContext,
  type ExceptionHandler,
  formatExceptionContext,
  loopLogger,
} from './loop/exceptionHandler';

// --- RxJS scheduling ----------------------------------------------------------------------------------------

export { LoopAction } from './loop/scheduler';

// --- Host hooks (registered by qtasyncio/qt) ----------------------------------------------------------------

export { getHostHooks, type HostHooks, setHostHooks } from './loop/host';

// --- Futures and tasks --------------------------------------------------------------------------------------

export { ensureFuture, isFuture, wrapFuture } from './futures/ensureFuture';
export { type DoneCallback, Future } from './futures/future';
export { sleep } from './futures/sleep';
export {
  allTasks,
  currentTask,
  Task,
  type TaskFunction,
  type TaskInit,
  type TaskOptions,
} from './futures/task';

// --- Errors -------------------------------------------------------------------------------------------------

export {
  CancelledError,
  InvalidStateError,
  KeyboardInterrupt,
  LoopArgumentError,
  LoopClosedError,
  LoopRangeError,
  LoopRunningError,
  NoCurrentLoopError,
  NoRunningLoopError,
  SelfAwaitError,
  TimeoutError,
} from './futures/errors';

// --- Structured concurrency: gather, wait, waitFor, timeout, shield, asCompleted, TaskGroup -----------------

export * from './concurrency/index';

// --- Synchronization and queues: Lock, Event, Condition, Semaphore, Barrier, Queue, … ---------------------

export * from './sync/index';

// --- Executors: runInExecutor, toThread, ThreadPoolExecutor, ProcessPoolExecutor -----------------------------
// (importing the barrel installs loop.runInExecutor / setDefaultExecutor / shutdownDefaultExecutor)

export * from './executor/index';

/** The package version. */
export const version = '0.1.0';
