/**
 * `ProcessPoolExecutor`: jobs in child `node` processes (`child_process.fork` of our worker entry, IPC in
 * `advanced` serialization, i.e. structured clone). A small pool: FIFO queue, one job per child at a time,
 * children started on demand up to `maxWorkers`, idle children do not keep the parent alive, a child that
 * dies or is killed (cancelled job) is replaced by the next job that needs one.
 *
 * @packageDocumentation
 */
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { checkInteger, checkOptionKeys, checkStringArray } from '../core/validate';
import { BaseExecutor } from './baseExecutor';
import { ExecutorArgumentError, WorkerExitedError } from './errors';
import type { JobAbort } from './jobAbort';
import { isStrayError, type Job, type Outcome, type StrayError, type ThrownRecord } from './protocol';
import { reportPoolError, reportStray } from './reportStray';
import { workerEnv, workerExecArgv, workerScript } from './workerScript';

/** Options of {@link ProcessPoolExecutor}. */
export interface ProcessPoolExecutorOptions {
  /** The most child processes at once (default: `os.availableParallelism()`). */
  maxWorkers?: number;
  /** Node flags for the children, after the process's own (preloads excluded). */
  execArgv?: readonly string[];
}

interface Pending {
  readonly id: number;
  readonly job: Job;
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: unknown) => void;
  readonly abort: JobAbort | undefined;
  readonly onAbort: () => void;
  worker: Child | null;
}

interface Child {
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
  current: Pending | null;
}

const FN = 'ProcessPoolExecutor';

/** A child's answer: `[id, ok, resultOrThrownRecord]`. */
type Reply = readonly [id: number, ok: boolean, value: unknown];

function setRef(child: ChildProcess, ref: boolean): void {
  const channel = child.channel as { ref?: () => void; unref?: () => void } | null | undefined;
  if (ref) {
    child.ref();
    channel?.ref?.();
  } else {
    child.unref();
    channel?.unref?.();
  }
}

/**
 * Runs functions in a pool of child processes (Python's `concurrent.futures.ProcessPoolExecutor`). What a
 * function may be, and how arguments, results and errors travel: see `serializeFunction` and
 * {@link Executor.submit}. Cancelling a running job kills its process (`SIGKILL`).
 *
 * @example
 * ```ts
 * import { ProcessPoolExecutor } from 'qtasyncio';
 * const pool = new ProcessPoolExecutor({ maxWorkers: 2 });
 * const pid = await loop.runInExecutor(pool, () => process.pid);
 * await pool.close();
 * ```
 */
export class ProcessPoolExecutor extends BaseExecutor {
  readonly #maxWorkers: number;
  readonly #execArgv: string[];
  readonly #queue: Pending[] = [];
  readonly #children = new Set<Child>();
  readonly #idle: Child[] = [];
  /** Children killed because their job was cancelled, until their 'exit': `close()` waits for them too. */
  readonly #dying = new Set<Child>();
  #nextId = 0;
  #stopped = false;

  /** @param options - pool size and worker flags. */
  constructor(options: ProcessPoolExecutorOptions = {}) {
    super();
    checkOptionKeys(FN, options, ['maxWorkers', 'execArgv'], ExecutorArgumentError);
    const { maxWorkers = availableParallelism(), execArgv = [] } = options;
    checkInteger(FN, 'options.maxWorkers', maxWorkers, 1, ExecutorArgumentError);
    checkStringArray(FN, 'options.execArgv', execArgv, ExecutorArgumentError);
    this.#maxWorkers = maxWorkers;
    this.#execArgv = workerExecArgv(execArgv);
    workerScript('processWorker'); // fail now, not at the first job, when the build is missing
  }

  /**
   * The number of child processes running now.
   *
   * @example
   * ```ts
   * import { ThreadPoolExecutor } from 'qtasyncio';
   * declare const pool: ThreadPoolExecutor;
   * pool.workerCount; // 0 before the first job
   * ```
   */
  get workerCount(): number {
    return this.#children.size;
  }

  /** @internal */
  protected override _run(job: Job, abort: JobAbort | undefined): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      const pending: Pending = {
        id: this.#nextId++,
        job,
        resolve,
        reject,
        abort,
        onAbort: () => this.#abort(pending),
        worker: null,
      };
      abort?.once('abort', pending.onAbort);
      this.#queue.push(pending);
      this.#pump();
    });
  }

  #pump(): void {
    while (!this.#stopped && this.#queue.length > 0) {
      const child = this.#idle.pop() ?? (this.#children.size < this.#maxWorkers ? this.#spawn() : undefined);
      if (child === undefined) return;
      this.#dispatch(this.#queue.shift() as Pending, child);
    }
  }

  #spawn(): Child {
    // child_process is loaded with the first worker, not with `require('qtasyncio')`.
    const { fork } = require('node:child_process') as typeof import('node:child_process');
    const proc = fork(workerScript('processWorker'), [], {
      execArgv: this.#execArgv,
      env: workerEnv(),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const child: Child = {
      process: proc,
      exited: new Promise<void>((resolve) => proc.once('exit', () => resolve())),
      current: null,
    };
    this.#children.add(child);
    proc.on('message', (message: Reply | StrayError) => {
      if (isStrayError(message)) reportStray('a worker process of a ProcessPoolExecutor', message);
      else this.#onMessage(child, message);
    });
    proc.once('exit', (code, signal) => this.#onExit(child, code, signal));
    proc.on('error', () => {
      // A failed spawn or send: 'exit' follows (or the process is gone); the job is failed there.
    });
    return child;
  }

  #dispatch(pending: Pending, child: Child): void {
    pending.worker = child;
    child.current = pending;
    setRef(child.process, true);
    try {
      child.process.send([pending.id, pending.job]);
    } catch (error) {
      this.#finish(pending);
      child.current = null;
      this.#release(child);
      pending.reject(error);
    }
  }

  #finish(pending: Pending): void {
    pending.abort?.off('abort', pending.onAbort);
  }

  #release(child: Child): void {
    if (!this.#children.has(child)) return;
    setRef(child.process, false);
    this.#idle.push(child);
    this.#pump();
  }

  #onMessage(child: Child, [id, ok, value]: Reply): void {
    const pending = child.current;
    if (pending === null || pending.id !== id) return;
    child.current = null;
    this.#finish(pending);
    pending.resolve(ok ? [true, value] : [false, value as ThrownRecord]);
    this.#release(child);
  }

  #forget(child: Child): void {
    this.#children.delete(child);
    const i = this.#idle.indexOf(child);
    if (i >= 0) this.#idle.splice(i, 1);
  }

  #onExit(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
    const tracked = this.#children.has(child); // not a child killed by a cancellation
    this.#forget(child);
    this.#dying.delete(child);
    const pending = child.current;
    child.current = null;
    const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
    if (pending === null && tracked && !this.#stopped) {
      reportPoolError(
        'a ProcessPoolExecutor',
        new WorkerExitedError(`a worker process exited outside any job (${how}); the pool replaces it`),
      );
    }
    if (pending !== null) {
      this.#finish(pending);
      pending.reject(
        new WorkerExitedError(
          `runInExecutor(fn): the worker process running ${pending.job[2]} exited before answering (${how})`,
        ),
      );
    }
    this.#pump();
  }

  #abort(pending: Pending): void {
    const child = pending.worker;
    if (child === null) {
      const i = this.#queue.indexOf(pending);
      if (i >= 0) this.#queue.splice(i, 1);
    } else if (child.current === pending) {
      child.current = null;
      this.#forget(child);
      this.#dying.add(child);
      child.process.kill('SIGKILL');
    }
    pending.reject(pending.abort?.reason);
    this.#pump();
  }

  /** @internal */
  protected override async _stop(force: boolean): Promise<void> {
    this.#stopped = true;
    for (const pending of this.#queue.splice(0)) this.#finish(pending);
    const children = [...this.#children, ...this.#dying];
    for (const child of children) {
      // An idle child is unref'd so that it does not keep the program alive, but the promise returned here waits
      // for its 'exit': hold the program until then, or Node ends with that promise unsettled (exit code 13 at
      // a top-level `await pool.close()`).
      setRef(child.process, true);
      if (this.#dying.has(child)) continue; // killed already: only its 'exit' is awaited
      if (force) child.process.kill('SIGKILL');
      else if (child.process.connected) child.process.disconnect();
    }
    await Promise.all(children.map((c) => c.exited));
  }
}
