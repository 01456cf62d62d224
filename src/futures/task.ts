/**
 * Task (asyncio's `tasks.Task`): runs an async function on the loop as a Future, with real cancellation, and
 * `currentTask()` / `allTasks()`.
 *
 * How cancellation reaches the right `await`: an `await future` inside the task calls the Future's `then` with
 * the engine's resolving functions, inside the task's AsyncLocalStorage context, so the Future tells the Task
 * "your current step waits on me" (`_awaiting`). The wait ends when one of those Futures wakes the task (asyncio's
 * `_fut_waiter`, cleared in `__wakeup`). `task.cancel()` cancels what the current step waits on, whose
 * rejection throws {@link CancelledError} at the await. A `then(handler)` of the user's own is never the task's
 * wait. When the task waits on something else (a plain Promise), its `signal` aborts at once and the
 * cancellation is delivered at its next loop awaitable, or when its function returns.
 *
 * @packageDocumentation
 */

import { type AwaitingTask, outsideTasks, taskStorage } from '../core/context';
import {
  CancelledError,
  InvalidStateError,
  LoopArgumentError,
  SelfAwaitError,
  WrongLoopError,
} from '../core/errors';
import { getRunningLoop } from '../core/events';
import { describeValue } from '../core/render';
import { isThenable } from '../core/thenable';
import { checkBoolean, checkFunction, checkString, unknownOptionError } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import { CANCELLED, FULFILLED, Future, PENDING, REJECTED } from './future';

/**
 * What a Task runs: called with the task's AbortSignal (only when the function declares a parameter — the
 * signal is created lazily; `task.signal` and `currentTask()?.signal` always work); may return a value or a
 * Promise-like.
 */
export type TaskFunction<T> = (signal: AbortSignal) => T | PromiseLike<T>;

/** Options of `createTask`. */
export interface TaskOptions {
  /** The task's name (default `Task-<n>`). */
  name?: string;
  /**
   * Run the task's first step right away, inside `createTask`, until its first real suspension (asyncio 3.12's
   * eager tasks, `create_task(…, eager_start=True)` in 3.14); a task that finishes without suspending never
   * waits for a loop iteration. Only while its loop runs; otherwise the task starts on the next iteration as
   * usual. Default `false` (or the task factory's choice, see {@link eagerTaskFactory}).
   */
  eagerStart?: boolean;
}

const TASK_OPTION_KEYS: readonly string[] = ['name', 'eagerStart'];

/** Options of `new Task()`: the task options plus its loop. */
export interface TaskInit extends TaskOptions {
  /** The loop to run on (default: {@link getEventLoop}). */
  loop?: EventLoop;
}

let taskCounter = 0;
const EMPTY_INIT: TaskInit = Object.freeze({});

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
  #fn: TaskFunction<T> | null;
  /** @internal what the current step awaits: one Future, several (`Promise.race` of Futures), or nothing */
  _waiter: Future<unknown> | Future<unknown>[] | null = null;
  /** @internal the step (wake generation): each wake-up starts a new one */ _step = 0;
  #mustCancel = false;
  #cancelMsg: string | undefined;
  #numCancelsRequested = 0;
  #controller: AbortController | null = null;

  /**
   * @param fn - what the task runs.
   * @param init - its name and loop.
   */
  constructor(fn: TaskFunction<T>, init: TaskInit = EMPTY_INIT) {
    super(init.loop);
    checkFunction('Task', 'fn', fn);
    checkTaskInit(init);
    this.#fn = fn;
    this.#name = init.name ?? ++taskCounter;
    this._loop._tasks.add(this as Task<unknown>);
    // Eagerly, from outside the creator's task: what the step leaves behind (its promise's reactions) belongs
    // to this task, not to the one that created it.
    if (init.eagerStart === true && this._loop.isRunning()) outsideTasks(() => this._run());
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
    const fn = this.#fn;
    this.#fn = null;
    if (fn === null) return false;
    if (this._state !== PENDING) {
      this.#alreadyDone('', undefined);
      return false;
    }
    if (this.#mustCancel) {
      this.#mustCancel = false;
      this.#end(CANCELLED, undefined);
      return false;
    }
    let r: T | PromiseLike<T>;
    try {
      // The AbortSignal is made lazily: a function that declares no parameter never pays for one.
      r =
        fn.length === 0
          ? taskStorage.run(this, fn as () => T | PromiseLike<T>)
          : taskStorage.run(this, fn, this.signal);
    } catch (e) {
      this._onError(e);
      return true;
    }
    if (!isThenable(r)) {
      this._onResult(r);
      return true;
    }
    if (r instanceof Future) this._waiter = r as Future<unknown>;
    try {
      r.then(
        (v) => this._onResult(v),
        (e: unknown) => this._onError(e),
      );
    } catch (e) {
      this._onError(e);
    }
    return true;
  }

  /** @internal The function returned `value`. */
  _onResult(value: T): void {
    if (this._state !== PENDING) {
      this.#alreadyDone(`result ${describeValue(value)}`, undefined);
      return;
    }
    if (this.#mustCancel) {
      this.#mustCancel = false;
      this.#end(CANCELLED, undefined);
    } else this.#end(FULFILLED, value);
  }

  /** @internal The function threw `error`. */
  _onError(error: unknown): void {
    if (this._state !== PENDING) {
      this.#alreadyDone('an exception', error);
      return;
    }
    if (error instanceof CancelledError) {
      this.#mustCancel = false;
      this.#end(CANCELLED, undefined, error);
    } else this.#end(REJECTED, error);
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
  ): void {
    this._loop._tasks.delete(this as Task<unknown>);
    this._waiter = null;
    if (state === CANCELLED) this._finish(CANCELLED, undefined, error?.message ?? this.#cancelMsg, error);
    else this._finish(state, value);
  }

  /** @internal See {@link AwaitingTask._awaiting}. */
  _awaiting(future: Future<unknown>): Error | undefined {
    if (future === this) return new SelfAwaitError(`await: ${this.toString()} cannot await itself`);
    if (future._loop !== this._loop) {
      return new WrongLoopError(
        `await: ${this.toString()} got ${future.toString()} attached to a different loop`,
      );
    }
    const w = this._waiter;
    if (w === null) this._waiter = future;
    else if (Array.isArray(w)) w.push(future);
    else this._waiter = [w, future];
    if (!this.#mustCancel) return undefined;
    this.#mustCancel = false;
    if (future._state === PENDING && future.cancel(this.#cancelMsg)) return undefined;
    return new CancelledError(this.#cancelMsg ?? '');
  }

  /** @internal See {@link WakeTarget._wake}: the current step's wait is answered. */
  _wake(step: number): Error | undefined {
    this._step = step + 1;
    this._waiter = null;
    if (!this.#mustCancel || this._state !== PENDING) return undefined;
    this.#mustCancel = false;
    return new CancelledError(this.#cancelMsg ?? '');
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
    this._retrieved();
    if (this._state !== PENDING) return false;
    this.#numCancelsRequested++;
    this.#cancelMsg = msg;
    const controller = this.#controller;
    if (controller !== null && !controller.signal.aborted) controller.abort(new CancelledError(msg ?? ''));
    if (!this.#cancelWaiter(msg)) this.#mustCancel = true;
    return true;
  }

  /** Cancel what the current step awaits; whether any of it took the cancellation. */
  #cancelWaiter(msg: string | undefined): boolean {
    const w = this._waiter;
    if (w === null) return false;
    if (!Array.isArray(w)) return w._state === PENDING && w.cancel(msg);
    let took = false;
    for (const f of w) if (f._state === PENDING && f.cancel(msg)) took = true;
    return took;
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
    return this.#numCancelsRequested;
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
    if (this.#numCancelsRequested > 0) {
      this.#numCancelsRequested--;
      if (this.#numCancelsRequested === 0) {
        this.#mustCancel = false;
        if (this._state === PENDING) this.#controller = null;
      }
    }
    return this.#numCancelsRequested;
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
    let c = this.#controller;
    if (c === null) {
      c = new AbortController();
      this.#controller = c;
      if (this.#numCancelsRequested > 0 || this._state === CANCELLED) {
        c.abort(new CancelledError(this.#cancelMsg ?? this._cancelMessage ?? ''));
      }
    }
    return c.signal;
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

  /** @internal */
  override _neverRetrievedMessage(): string {
    return 'Task exception was never retrieved';
  }

  /**
   * A description: `<Task pending name="worker">`.
   *
   * @example
   * ```ts
   * import { Task } from 'qtasyncio';
   * declare const task: Task<unknown>;
   * String(task); // '<Task finished name="Task-3" result=42>'
   * ```
   */
  override toString(): string {
    return super.toString().replace(/^<Task (\w+)/, `<Task $1 name=${JSON.stringify(this.getName())}`);
  }
}

// Runnable flags on the prototype: no per-task field for what is the same for every task.
Object.defineProperties(Task.prototype, {
  _cancelled: { value: false },
});

function checkTaskInit(init: TaskInit): void {
  if (init === EMPTY_INIT) return;
  if (typeof init !== 'object' || init === null) {
    throw new LoopArgumentError(`Task(options): expected an object, got ${describeValue(init)}`);
  }
  // for…in rather than checkOptionKeys' Object.keys: no array per task on this hot path. `loop` is Task's own.
  for (const key in init) {
    if (key !== 'loop' && !TASK_OPTION_KEYS.includes(key)) {
      throw unknownOptionError('createTask', key, TASK_OPTION_KEYS);
    }
  }
  if (init.name !== undefined) checkString('Task', 'options.name', init.name);
  if (init.eagerStart !== undefined) checkBoolean('Task', 'options.eagerStart', init.eagerStart);
}

/**
 * A task factory that starts every task eagerly (asyncio's `eager_task_factory`): see
 * {@link TaskOptions.eagerStart}. An explicit `eagerStart: false` in `createTask`'s options still wins.
 *
 * @example
 * ```ts
 * import { eagerTaskFactory } from 'qtasyncio';
 * loop.setTaskFactory(eagerTaskFactory);
 * const t = loop.createTask(async () => 42); // already ran to its end inside createTask (inside a running loop)
 * ```
 */
export function eagerTaskFactory<T>(loop: EventLoop, fn: TaskFunction<T>, options: TaskOptions): Task<T> {
  return new Task<T>(fn, { eagerStart: true, ...options, loop });
}

/**
 * The Task whose code is running now (across its awaits), or `null` outside any task. Without `loop` it asks
 * the running loop, and throws {@link NoRunningLoopError} when none runs (as asyncio's `current_task()`); with
 * `loop`, only a task of that loop.
 *
 * @example
 * ```ts
 * import { currentTask, sleep } from 'qtasyncio';
 * loop.createTask(async () => { await sleep(1); console.log(currentTask()?.getName()); }, { name: 'a' });
 * ```
 */
export function currentTask(loop?: EventLoop): Task<unknown> | null {
  return _currentTask(loop ?? getRunningLoop());
}

/** @internal The running Task (of `loop`, if given), or `null`; never throws. */
export function _currentTask(loop?: EventLoop): Task<unknown> | null {
  const task = taskStorage.getStore();
  if (!(task instanceof Task)) return null;
  return loop === undefined || task.getLoop() === loop ? (task as Task<unknown>) : null;
}

/**
 * The not-yet-done tasks of `loop` (default: the running loop; throws {@link NoRunningLoopError} when none runs,
 * as asyncio's `all_tasks()`).
 *
 * @example
 * ```ts
 * import { allTasks } from 'qtasyncio';
 * for (const t of allTasks()) t.cancel();
 * ```
 */
export function allTasks(loop?: EventLoop): Set<Task<unknown>> {
  const l = loop ?? getRunningLoop();
  return new Set(l._tasks);
}
