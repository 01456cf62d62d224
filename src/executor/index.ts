/**
 * Executors: `loop.runInExecutor()`, `toThread()`, `ThreadPoolExecutor` (worker threads, on piscina) and
 * `ProcessPoolExecutor` (child processes).
 *
 * @packageDocumentation
 */

// --- Executors ----------------------------------------------------------------------------------------------

export type { Executor, SubmitOptions } from './executor';
export { ExecutorFuture } from './executorFuture';
export { ProcessPoolExecutor, type ProcessPoolExecutorOptions } from './processPoolExecutor';
export { ThreadPoolExecutor, type ThreadPoolExecutorOptions } from './threadPoolExecutor';

// --- Running functions --------------------------------------------------------------------------------------

export { defaultExecutor } from './runInExecutor';
export type { ExecutorFunction, ModuleFunctionRef } from './serializeFunction';
export { toThread } from './toThread';

// --- Errors -------------------------------------------------------------------------------------------------

export {
  CapturedVariableError,
  ExecutorArgumentError,
  ExecutorShutdownError,
  FunctionSourceError,
  UncloneableArgumentError,
  UncloneableResultError,
  WorkerExitedError,
  WorkerScriptNotFoundError,
} from './errors';
