// The declarations use Node's types (Buffer, AbortSignal, NodeJS.*): a program that imports this entry point gets
// them even when its tsconfig lists no `types` (`tsc --init`'s default). @types/node is a peer dependency.
/// <reference types="node" preserve="true" />
/**
 * `qtasyncio`: an asyncio-style event loop, Futures and Tasks on Node's loop (and Qt's, with `qtasyncio/qt`).
 *
 * @packageDocumentation
 */

// --- Event loop and handles -------------------------------------------------------------------------------

export { EventLoop, type EventLoopOptions, type TaskFactory } from './loop/eventLoop';
// Made by the loop (callSoon, callLater, callAt), never by users: types only.
export type { Callback, Handle, TimerHandle } from './loop/handles';
export type { SlowCallback } from './loop/slowCallbacks';

// --- Clock/timer provider and virtual time ------------------------------------------------------------------

export { type LoopClock, realClock, VirtualClock } from './loop/clock';
export {
  type RunUntilIdleOptions,
  VirtualTimeLoop,
  type VirtualTimeLoopOptions,
} from './loop/virtualTimeLoop';

// --- Loop management ----------------------------------------------------------------------------------------

export { getEventLoop, getRunningLoop, newEventLoop, setEventLoop } from './core/events';

// --- Running programs ---------------------------------------------------------------------------------------

export { type RunOptions, run } from './loop/run';
export { Runner, type RunnerOptions, type RunnerRunOptions } from './loop/runners';
export {
  DEFAULT_SHUTDOWN_TIMEOUT,
  SIGINT_EXIT_CODE,
  SIGTERM_EXIT_CODE,
  shutdownLoop,
} from './loop/shutdown';

// --- Exception handling and logging -------------------------------------------------------------------------

export {
  type ExceptionContext,
  type ExceptionHandler,
  formatExceptionContext,
  loopLogger,
} from './loop/exceptionHandler';

// --- Futures and tasks --------------------------------------------------------------------------------------

export { allTasks, currentTask } from './futures/currentTask';
export { eagerTaskFactory } from './futures/eagerTaskFactory';
export { ensureFuture, isFuture, wrapFuture } from './futures/ensureFuture';
export { type DoneCallback, Future } from './futures/future';
export { sleep } from './futures/sleep';
export { Task, type TaskFunction } from './futures/task';
export type { TaskInit, TaskOptions } from './futures/taskOptions';

// --- Seeing inside: call graphs and introspection ---------------------------------------------------------

export * from './inspect/index';

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
  QtAsyncioError,
  SelfAwaitError,
  TimeoutError,
} from './core/errors';

// --- Structured concurrency: gather, wait, waitFor, timeout, shield, asCompleted, TaskGroup -----------------
// This barrel and the next two load on first use of one of their exports, not with `require('qtasyncio')`: the
// build defers them in dist/index.js (DEFERRED in scripts/build-dist.mjs; keep each one `export * from` line).

export * from './concurrency/index';

// --- Synchronization and queues: Lock, Event, Condition, Semaphore, Barrier, Queue, … ---------------------

export * from './sync/index';

// --- Executors: runInExecutor, toThread, ThreadPoolExecutor, ProcessPoolExecutor -----------------------------

export * from './executor/index';
