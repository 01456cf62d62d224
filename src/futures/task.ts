/**
 * Task (asyncio's `tasks.Task`): runs an async function on the loop as a Future, with real cancellation
 * (`currentTask()` / `allTasks()` are in ./currentTask.ts, the options in ./taskOptions.ts, and how a
 * cancellation reaches the right `await` in ./taskCancel.ts).
 *
 * @packageDocumentation
 */

import {
  type AwaitingTask,
  enterTask,
  leaveTask,
  noteWoken,
  outsideTasks,
  restoreTask,
  stepSuspended,
} from '../core/context';
import { CancelledError, InvalidStateError } from '../core/errors';
import { describeValue } from '../core/render';
import { isThenable } from '../core/thenable';
import { checkFunction, checkString } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import { taskHooks } from './awaitInfo';
import { CANCELLED, FULFILLED, Future, PENDING, REJECTED } from './future';
import {
  awaitingFuture,
  cancelTask,
  dropUnconfirmedCancels,
  takeMustCancel,
  taskSignal,
  uncancelTask,
  wakeTask,
} from './taskCancel';
import { checkTaskInit, EMPTY_INIT, type TaskInit, type TaskOptions } from './taskOptions';

/**
 * What a Task runs: called with the task's AbortSignal (only when the function declares a parameter — the
 * signal is created lazily; `task.signal` and `currentTask()?.signal` always work); may return a value or a
 * Promise-like.
 */
export type TaskFunction<T> = (signal: AbortSignal) => T | PromiseLike<T>;

let taskCounter = 0;

/** The loop `_newTask` hands to the Task it constructs; taken (cleared) by that Task's constructor. */
let handoffLoop: EventLoop | undefined;

function takeHandoffLoop(): EventLoop | undefined {
  const loop = handoffLoop;
  handoffLoop = undefined;
  return loop;
}

/**
 * @internal `new Task(fn, options)` on `loop` (what `loop.createTask` does), without copying `options` into a
 * new init object per task.
 */
export function _newTask<T>(fn: TaskFunction<T>, options: TaskOptions, loop: EventLoop): Task<T> {
  handoffLoop = loop;
  try {
    return new Task<T>(fn, options);
  } finally {
    handoffLoop = undefined;
  }
}

const promiseThen = Promise.prototype.then;
/** What `_run` leaves in its result once the function's promise is chained to the task. */
const CHAINED = Symbol('chained');

/** The task's function's promise fulfilled (a job of the task: the task is the running one). */
function onStepResult(value: unknown): void {
  (leaveTask() as Task<unknown>)._onResult(value, true);
}

/** The task's function's promise rejected. */
function onStepError(error: unknown): void {
  (leaveTask() as Task<unknown>)._onError(error, true);
}

/**
 * A Future that runs `fn(signal)` on its loop. Prefer `loop.createTask(fn)`.
 *
 * @example
 * ```ts
 * import { sleep } from 'qtasyncio';
 * const task = loop.createTask(async () => { await sleep(100); return 'done'; }, { name: 'worker' });
 * task.cancel('not needed');
 * ```
 */
// Task is the AwaitingTask of the task context (checked where it enters it); no `implements` clause, which would
// name the internal interface in the published declarations.
export class Task<T> extends Future<T> {
  /** a string, or the task number until a name is asked for (no string per task otherwise) */
  #name: string | number;
  /** the function until its first step, then its name (for toString; the function itself is let go) */
  #fn: TaskFunction<T> | string;
  /** @internal what the current step awaits: one Future, several (`Promise.race` of Futures), or nothing */
  _waiter: Future<unknown> | Future<unknown>[] | null = null;
  /** @internal the step (wake generation): each wake-up starts a new one */ _step = 0;
  /** @internal the loop's pending tasks are a list through their tasks (see TaskList) */
  _prevTask: Task<unknown> | null = null;
  /** @internal */ _nextTask: Task<unknown> | null = null;

  /**
   * @param fn - what the task runs.
   * @param init - its name and loop.
   */
  constructor(fn: TaskFunction<T>, init: TaskInit = EMPTY_INIT) {
    super(takeHandoffLoop() ?? init.loop);
    checkFunction('Task', 'fn', fn);
    checkTaskInit(init);
    this.#fn = fn;
    this.#name = init.name ?? ++taskCounter;
    this._loop._tasks.add(this as Task<unknown>);
    const created = taskHooks.created; // introspection (task ages); null unless it is on
    if (created !== null) created(this as Task<unknown>);
    // Eagerly, from outside the creator's task: what the step leaves behind (its promise's reactions) belongs
    // to this task, not to the one that created it.
    if (init.eagerStart === true && this._loop.isRunning()) outsideTasks(() => this.#firstStep());
    else this._loop._callSoonRunnable(this);
  }

  /** @internal The Task is its own ready-queue entry for its first step (see Runnable); never skipped. */
  declare readonly _cancelled: false;

  /**
   * @internal Run the task's first step (the Task queues itself in its constructor). `true` when its function
   * ran: it goes on in microtasks until it suspends (a wake-up, see Runnable); a task cancelled before it started
   * just ends.
   */
  _run(): boolean {
    if (!this.#firstStep()) return false;
    noteWoken(this);
    return true;
  }

  /** The first step: `true` when the function ran. */
  #firstStep(): boolean {
    const fn = this.#fn;
    if (typeof fn !== 'function') return false;
    this.#fn = fn.name;
    if (this._state !== PENDING) {
      this.#alreadyDone('', undefined);
      return false;
    }
    if (takeMustCancel(this as Task<unknown>)) {
      this.#end(CANCELLED, undefined);
      return false;
    }
    let r: unknown;
    let threw = false;
    const saved = enterTask(this);
    try {
      // The AbortSignal is made lazily: a function that declares no parameter never pays for one.
      r = fn.length === 0 ? (fn as () => unknown)() : fn(this.signal);
      if (r instanceof Promise && r.then === promiseThen) {
        // The common case, an async function: its promise's job is made here, inside the task, so the shared
        // handlers find the task as the running one (no closures per task).
        promiseThen.call(r, onStepResult, onStepError);
        r = CHAINED;
      }
    } catch (e) {
      threw = true;
      r = e;
    } finally {
      restoreTask(saved);
    }
    if (threw) {
      this._onError(r);
      return true;
    }
    if (r === CHAINED) return true;
    if (!isThenable(r)) {
      this._onResult(r as T);
      return true;
    }
    if (r instanceof Future) this._waiter = r as Future<unknown>;
    try {
      r.then(
        (v) => this._onResult(v as T),
        (e: unknown) => this._onError(e),
      );
    } catch (e) {
      this._onError(e);
    }
    return true;
  }

  /** @internal The function returned `value`. */
  _onResult(value: T, inPromiseJob = false): void {
    if (this._state !== PENDING) {
      this.#alreadyDone(`result ${describeValue(value)}`, undefined);
      return;
    }
    if (inPromiseJob) dropUnconfirmedCancels(this as Task<unknown>);
    if (takeMustCancel(this as Task<unknown>)) this.#end(CANCELLED, undefined, undefined, inPromiseJob);
    else this.#end(FULFILLED, value, undefined, inPromiseJob);
  }

  /** @internal The function threw `error`. */
  _onError(error: unknown, inPromiseJob = false): void {
    if (this._state !== PENDING) {
      this.#alreadyDone('an exception', error);
      return;
    }
    if (inPromiseJob) dropUnconfirmedCancels(this as Task<unknown>);
    if (error instanceof CancelledError) {
      takeMustCancel(this as Task<unknown>);
      this.#end(CANCELLED, undefined, error, inPromiseJob);
    } else this.#end(REJECTED, error, undefined, inPromiseJob);
  }

  /**
   * A step found the task made done already (`Future.prototype.setResult.call(task, …)`): the function's outcome
   * (or, at the first step, the function itself) has nowhere to go, so it is reported (asyncio: InvalidStateError
   * "step(): already done").
   */
  #alreadyDone(what: string, error: unknown): void {
    this._loop._tasks.delete(this as Task<unknown>);
    const ended = what === '' ? '' : `; its function ended with ${what}`;
    const exception = new InvalidStateError(`step(): already done: ${this.toString()}${ended}`);
    if (error !== undefined) exception.cause = error;
    this._loop.callExceptionHandler({ message: `Exception in ${this.toString()}`, exception, task: this });
  }

  #end(
    state: typeof FULFILLED | typeof REJECTED | typeof CANCELLED,
    value: unknown,
    error?: CancelledError,
    inPromiseJob = false,
  ): void {
    this._loop._tasks.delete(this as Task<unknown>);
    this._waiter = null;
    stepSuspended(this); // its last step is over
    if (state === CANCELLED) {
      this._finish(CANCELLED, undefined, error?.message ?? this._x?.cancelMsg, error, false, inPromiseJob);
    } else this._finish(state, value, undefined, undefined, false, inPromiseJob);
  }

  /** @internal See {@link AwaitingTask._awaiting}: the current step awaits `future` (./taskCancel.ts). */
  _awaiting(future: Future<unknown>): Error | undefined {
    return awaitingFuture(this as Task<unknown>, future);
  }

  /** @internal See {@link WakeTarget._wake}: the current step's wait is answered (./taskCancel.ts). */
  _wake(step: number): Error | undefined {
    return wakeTask(this as Task<unknown>, step);
  }

  /**
   * Request cancellation: the loop Future the task awaits is cancelled, so {@link CancelledError} is thrown at
   * that `await`; `signal` aborts. Returns `false` if the task is already done.
   *
   * @example
   * ```ts
   * import { Task } from 'qtasyncio';
   * declare const task: Task<unknown>;
   * task.cancel('shutting down');
   * await task.catch(() => {}); // task.cancelled() === true unless it caught the error
   * ```
   */
  override cancel(msg?: string): boolean {
    return cancelTask(this as Task<unknown>, msg, typeof this.#fn !== 'function'); // started: its first step ran
  }

  /**
   * How many cancellation requests are pending (incremented by `cancel()`, decremented by `uncancel()`).
   *
   * @example
   * ```ts
   * import { Task } from 'qtasyncio';
   * declare const task: Task<unknown>;
   * task.cancel();
   * task.cancelling(); // 1
   * ```
   */
  cancelling(): number {
    return this._x === null ? 0 : this._x.numCancelsRequested;
  }

  /**
   * Withdraw one cancellation request (structured timeouts do this when they turn a cancellation into a
   * TimeoutError). At zero, a not-yet-delivered cancellation is dropped and `signal` is a fresh, not aborted
   * signal. Returns the remaining count.
   *
   * @example
   * ```ts
   * import { currentTask, sleep } from 'qtasyncio';
   * try { await sleep(10); } catch (e) { if (currentTask()?.uncancel() === 0) console.log('continuing'); }
   * ```
   */
  uncancel(): number {
    return uncancelTask(this as Task<unknown>);
  }

  /**
   * An AbortSignal aborted when the task is cancelled (reason: the {@link CancelledError}); pass it to `fetch`,
   * `fs`, `child_process`.
   *
   * @example
   * ```ts
   * declare const url: string;
   * loop.createTask(async (signal) => (await fetch(url, { signal })).text());
   * ```
   */
  get signal(): AbortSignal {
    return taskSignal(this as Task<unknown>);
  }

  /**
   * The task's name.
   *
   * @example
   * ```ts
   * declare function poll(): Promise<void>;
   * loop.createTask(poll, { name: 'poller' }).getName(); // 'poller'
   * ```
   */
  getName(): string {
    if (typeof this.#name === 'number') this.#name = `Task-${this.#name}`;
    return this.#name;
  }

  /**
   * Rename the task.
   *
   * @example
   * ```ts
   * import { Task } from 'qtasyncio';
   * declare const task: Task<unknown>;
   * task.setName('poller-2');
   * ```
   */
  setName(name: string): void {
    checkString('Task.setName', 'name', name);
    this.#name = name;
  }

  /**
   * Not supported: a Task's result comes from its function.
   *
   * @throws {@link InvalidStateError} always.
   * @example
   * ```ts
   * import { Task } from 'qtasyncio';
   * declare const task: Task<unknown>;
   * task.setResult(1); // throws InvalidStateError
   * ```
   */
  override setResult(_value: T): void {
    throw new InvalidStateError("Task.setResult(): a Task's result comes from its function");
  }

  /**
   * Not supported: a Task's exception comes from its function.
   *
   * @throws {@link InvalidStateError} always.
   * @example
   * ```ts
   * import { Task } from 'qtasyncio';
   * declare const task: Task<unknown>;
   * task.setException(new Error()); // throws InvalidStateError
   * ```
   */
  override setException(_exception: unknown): void {
    throw new InvalidStateError("Task.setException(): a Task's exception comes from its function");
  }

  /** @internal */
  override _kind(): string {
    return 'Task';
  }

  /**
   * A description: `<Task pending name="worker" coro=<fetchPage()>>` (asyncio's repr: the name of the task's
   * function as `coro`, left out for an anonymous one).
   *
   * @example
   * ```ts
   * import { Task } from 'qtasyncio';
   * declare const task: Task<unknown>;
   * String(task); // '<Task finished name="Task-3" coro=<compute()> result=42>'
   * ```
   */
  override toString(): string {
    const fn = this.#fn;
    const fnName = typeof fn === 'function' ? fn.name : fn;
    const coro = fnName === '' ? '' : ` coro=<${fnName}()>`;
    return super.toString().replace(/^<Task (\w+)/, `<Task $1 name=${JSON.stringify(this.getName())}${coro}`);
  }
}

// Runnable flags on the prototype: no per-task field for what is the same for every task.
Object.defineProperties(Task.prototype, {
  _cancelled: { value: false },
});
