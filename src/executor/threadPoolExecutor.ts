/**
 * `ThreadPoolExecutor`: jobs on worker threads, pooled by piscina. Workers start lazily, idle ones do not keep
 * the process alive, and they never load NodeGui (preloads are stripped, see `workerScript.ts`).
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { checkInteger, checkOptionKeys, checkStringArray } from '../core/validate';
import { BaseExecutor } from './baseExecutor';
import { ExecutorArgumentError, WorkerExitedError } from './errors';
import type { JobAbort } from './jobAbort';
import { isStrayError, type Job, type Outcome, THROWN_KEY, type ThrownRecord } from './protocol';
import { reportPoolError, reportStray } from './reportStray';
import { threadExecArgv, workerEnv, workerScript } from './workerScript';

/** Options of {@link ThreadPoolExecutor}. */
export interface ThreadPoolExecutorOptions {
  /** The most threads at once (default: `os.availableParallelism()`). */
  maxWorkers?: number;
  /** Threads kept even when idle (default 0: none until the first job). */
  minWorkers?: number;
  /** An idle thread above `minWorkers` exits after this many ms (default 30 000). */
  idleTimeoutMs?: number;
  /** Node flags for the workers, after the process's own (preloads excluded). */
  execArgv?: readonly string[];
  /** V8 heap limits per worker. */
  resourceLimits?: ResourceLimits;
}

const FN = 'ThreadPoolExecutor';
const OPTIONS = ['maxWorkers', 'minWorkers', 'idleTimeoutMs', 'execArgv', 'resourceLimits'];
/** The keys of Node's `ResourceLimits`. */
const RESOURCE_LIMITS = [
  'maxYoungGenerationSizeMb',
  'maxOldGenerationSizeMb',
  'codeRangeSizeMb',
  'stackSizeMb',
] as const satisfies readonly (keyof ResourceLimits)[];

function succeeded(value: unknown): Outcome {
  return [true, value];
}

function isThrown(error: unknown): error is { [THROWN_KEY]: ThrownRecord } {
  return typeof error === 'object' && error !== null && THROWN_KEY in error;
}
/** piscina's `close()` gives up after this; our `close()` drains first, so it is never reached. */
const NEVER_MS = 2 ** 31 - 1;

/**
 * Runs functions on a pool of worker threads (Python's `concurrent.futures.ThreadPoolExecutor`, on piscina).
 * What a function may be, and how arguments, results and errors travel: see `serializeFunction` and
 * {@link Executor.submit}.
 *
 * @example
 * ```ts
 * import { ThreadPoolExecutor } from 'qtasyncio';
 * const pool = new ThreadPoolExecutor({ maxWorkers: 4 });
 * const digest = await loop.runInExecutor(pool, (text: string) => {
 *   return require('node:crypto').createHash('sha256').update(text).digest('hex');
 * }, 'hello');
 * await pool.close();
 * ```
 */
export class ThreadPoolExecutor extends BaseExecutor {
  readonly #pool: Piscina<Job, unknown>;

  /** @param options - pool size, idle timeout, worker flags and heap limits. */
  constructor(options: ThreadPoolExecutorOptions = {}) {
    super();
    checkOptionKeys(FN, options, OPTIONS, ExecutorArgumentError);
    if (options.resourceLimits !== undefined) {
      checkOptionKeys(
        FN,
        options.resourceLimits,
        RESOURCE_LIMITS,
        ExecutorArgumentError,
        'options.resourceLimits',
      );
    }
    const {
      maxWorkers = availableParallelism(),
      minWorkers = 0,
      idleTimeoutMs = 30_000,
      execArgv = [],
    } = options;
    checkInteger(FN, 'options.maxWorkers', maxWorkers, 1, ExecutorArgumentError);
    checkInteger(FN, 'options.minWorkers', minWorkers, 0, ExecutorArgumentError);
    checkInteger(FN, 'options.idleTimeoutMs', idleTimeoutMs, 0, ExecutorArgumentError);
    checkStringArray(FN, 'options.execArgv', execArgv, ExecutorArgumentError);
    // piscina is loaded with the first pool, not with `require('qtasyncio')` (it costs more than the whole core).
    const { Piscina } = require('piscina') as typeof import('piscina');
    this.#pool = new Piscina<Job, unknown>({
      filename: workerScript('threadWorker'),
      maxThreads: maxWorkers,
      minThreads: Math.min(minWorkers, maxWorkers),
      idleTimeout: idleTimeoutMs,
      closeTimeout: NEVER_MS,
      recordTiming: false,
      // piscina's default ('sync') blocks an idle worker in Atomics.wait: a timer a job left behind would only
      // fire inside the next job. Without atomics an idle worker's event loop keeps running (and measured no
      // slower than 'async' here).
      atomics: 'disabled',
      execArgv: threadExecArgv(execArgv),
      env: workerEnv(),
      ...(options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits }),
    });
    // A worker's failure outside its jobs goes to the loop's exception handler, never to another job.
    this.#pool.on('message', (message: unknown) => {
      if (isStrayError(message)) reportStray('a worker thread of a ThreadPoolExecutor', message);
    });
    this.#pool.on('error', (error: unknown) => reportPoolError('a ThreadPoolExecutor', error));
  }

  /**
   * The number of threads running now.
   *
   * @example
   * ```ts
   * import { ThreadPoolExecutor } from 'qtasyncio';
   * declare const pool: ThreadPoolExecutor;
   * pool.workerCount; // 0 before the first job
   * ```
   */
  get workerCount(): number {
    return this.#pool.threads.length;
  }

  /** @internal */
  protected override _run(job: Job, abort: JobAbort | undefined): Promise<Outcome> {
    return this.#pool
      .run(job, abort === undefined ? {} : { signal: abort })
      .then(succeeded, (error: unknown) => {
        if (abort?.aborted) throw abort.reason;
        if (isThrown(error)) return [false, error[THROWN_KEY]] as const;
        const reason = error instanceof Error ? error.message : String(error);
        throw new WorkerExitedError(
          `runInExecutor(fn): the worker thread running ${job[2]} stopped before answering (${reason})`,
          { cause: error },
        );
      });
  }

  /** @internal */
  protected override _stop(_force: boolean): Promise<void> {
    return this.#pool.destroy();
  }
}
