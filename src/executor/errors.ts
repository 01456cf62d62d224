/**
 * The errors of the executors. Each is an exported class with a stable `name`; messages name the function,
 * the argument and the value received.
 *
 * A job's own error is not wrapped in one of these: it rejects with its original `name`, `message` and `stack`
 * (see `runInExecutor`).
 *
 * @packageDocumentation
 */
import { brandError, classCode } from '../core/errorCode';
import { LoopArgumentError, QtAsyncioError } from '../core/errors';

/**
 * A function cannot be sent to an executor: it has no usable source (native, bound, a class) or its source does
 * not compile on its own.
 *
 * @example
 * ```ts
 * loop.runInExecutor(null, Math.max, 1, 2); // throws FunctionSourceError: … native or bound function …
 * ```
 */
export class FunctionSourceError extends LoopArgumentError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_FUNCTION_SOURCE';
  override readonly name: string = 'FunctionSourceError';
}

/**
 * A function run by an executor used a variable that does not exist in the worker: a variable it captured from
 * the caller's scope (closures cannot cross threads or processes) or a global of the main thread only.
 *
 * @example
 * ```ts
 * const factor = 3;
 * await loop.runInExecutor(null, (x: number) => x * factor, 2);
 * // rejects with CapturedVariableError: function (anonymous) uses "factor", which is not defined in the worker…
 * ```
 */
export class CapturedVariableError extends ReferenceError {
  /** The code of this error class. */
  static readonly code: string = 'ERR_QTASYNCIO_CAPTURED_VARIABLE';
  override readonly name: string = 'CapturedVariableError';
  /** A stable string naming the kind of error (the class's `code`). */
  readonly code: string = classCode(this);
  static {
    brandError(CapturedVariableError);
  }
  /**
   * @param functionName - the name of the function sent (or `(anonymous)`).
   * @param identifier - the identifier that is not defined in the worker.
   * @param workerStack - the stack of the worker's `ReferenceError` (its frames are kept).
   */
  constructor(
    readonly functionName: string,
    readonly identifier: string,
    workerStack?: string,
  ) {
    super(
      `runInExecutor(fn): function ${functionName} uses "${identifier}", which is not defined in the worker: a ` +
        'function sent to an executor runs from its source text, so it must be self-contained (no captured ' +
        `variables). Pass "${identifier}" as an argument, or send a {module, export} reference instead`,
    );
    if (workerStack !== undefined) {
      const frames = workerStack.split('\n').slice(1).join('\n');
      this.stack = `${this.name}: ${this.message}\n${frames}`;
    }
  }
}

/**
 * An argument of a job cannot be structured-cloned (a function, a symbol, a class with private state, a
 * Promise…). Raised by `submit`/`runInExecutor` before anything is queued.
 *
 * @example
 * ```ts
 * loop.runInExecutor(null, (cb) => cb(), () => 1);
 * // throws UncloneableArgumentError: runInExecutor(...args): argument 0 cannot be structured-cloned, got function (anonymous)
 * ```
 */
export class UncloneableArgumentError extends LoopArgumentError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_UNCLONEABLE_ARGUMENT';
  override readonly name: string = 'UncloneableArgumentError';
  /**
   * @param fn - the function called (`runInExecutor`, `submit`…).
   * @param index - the index of the argument.
   * @param received - a description of the value.
   * @param reason - why it cannot be cloned (the `DataCloneError` message).
   */
  constructor(
    fn: string,
    readonly index: number,
    received: string,
    reason: string,
  ) {
    super(`${fn}(...args): argument ${index} cannot be structured-cloned, got ${received} (${reason})`);
  }
}

/**
 * The result of a job cannot be structured-cloned back to the caller.
 *
 * @example
 * ```ts
 * await loop.runInExecutor(null, () => () => 1);
 * // rejects with UncloneableResultError: function (anonymous) returned a value that cannot be structured-cloned…
 * ```
 */
export class UncloneableResultError extends TypeError {
  /** The code of this error class. */
  static readonly code: string = 'ERR_QTASYNCIO_UNCLONEABLE_RESULT';
  override readonly name: string = 'UncloneableResultError';
  /** A stable string naming the kind of error (the class's `code`). */
  readonly code: string = classCode(this);
  static {
    brandError(UncloneableResultError);
  }
}

/**
 * The executor is closed or destroyed: it takes no new jobs (asyncio's "cannot schedule new futures after
 * shutdown"); `destroy()` also rejects the jobs it dropped with it.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from 'qtasyncio';
 * declare const executor: ThreadPoolExecutor;
 * declare function fn(): Promise<void>;
 * await executor.close();
 * executor.submit(fn, []); // throws ExecutorShutdownError: submit(): the executor is closed
 * ```
 */
export class ExecutorShutdownError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_EXECUTOR_SHUTDOWN';
  override readonly name: string = 'ExecutorShutdownError';
}

/**
 * The worker running a job exited before answering (it called `process.exit()`, crashed, or ran out of
 * memory). The pool replaces it; the other jobs are not disturbed.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from 'qtasyncio';
 * declare const executor: ThreadPoolExecutor;
 * await executor.submit(() => process.exit(3), []); // rejects with WorkerExitedError
 * ```
 */
export class WorkerExitedError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_WORKER_EXITED';
  override readonly name: string = 'WorkerExitedError';
}

/**
 * An executor option or argument has the wrong type or is out of range.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from 'qtasyncio';
 * new ThreadPoolExecutor({ maxWorkers: 0 }); // throws ExecutorArgumentError: ThreadPoolExecutor(options.maxWorkers): expected an integer ≥ 1, got 0
 * ```
 */
export class ExecutorArgumentError extends LoopArgumentError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_EXECUTOR_ARGUMENT';
  override readonly name: string = 'ExecutorArgumentError';
}

/**
 * The compiled worker entry (`dist/executor/threadWorker.js`, `processWorker.js`) is missing: the package was
 * run from its TypeScript sources without a build.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from 'qtasyncio';
 * new ThreadPoolExecutor(); // throws WorkerScriptNotFoundError: … build the package first (npx tsc -p tsconfig.build.json)
 * ```
 */
export class WorkerScriptNotFoundError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_WORKER_SCRIPT_NOT_FOUND';
  override readonly name: string = 'WorkerScriptNotFoundError';
}
