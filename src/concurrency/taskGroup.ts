/**
 * TaskGroup (asyncio's `TaskGroup`): structured concurrency. Children never outlive the group; the first
 * failure cancels the siblings and the body; every failure is raised together as an {@link ExceptionGroup}.
 *
 * @packageDocumentation
 */
import { CancelledError, KeyboardInterrupt } from '../core/errors';
import { getRunningLoop } from '../core/events';
import { checkFunction } from '../core/validate';
import { _labelAwait, _markAwaiter } from '../futures/awaitInfo';
import { currentTask } from '../futures/currentTask';
import { type Future, REJECTED } from '../futures/future';
import type { Task, TaskFunction } from '../futures/task';
import type { TaskOptions } from '../futures/taskOptions';
import type { EventLoop } from '../loop/eventLoop';
import { ExceptionGroup, ScopeStateError } from './errors';
import { scopeTask } from './scope';

type State = 'entered' | 'exiting' | 'finished';

/** An error that is not collected into the ExceptionGroup but propagates as it is (Python's BaseException). */
const isBaseError = (e: unknown): boolean => e instanceof KeyboardInterrupt;

/**
 * A group of child tasks bound to the task that made it (its parent). Use {@link TaskGroup.run} (exact asyncio
 * semantics) or `await using tg = new TaskGroup()`.
 *
 * - The group ends only after every child ended.
 * - The first child that fails cancels the other children and the body (the parent task, at its current
 *   `await`); the group then raises an {@link ExceptionGroup} with every child's error (and the body's).
 * - A cancelled parent cancels the children, waits for them, and stays cancelled ({@link CancelledError}).
 * - {@link TaskGroup.cancel} stops the group quietly: children and body are cancelled, no error is raised.
 *
 * With `await using`, disposal cannot see the error the block threw (JavaScript does not pass it): an error
 * thrown by the body does not cancel the children (they are awaited; call `tg.cancel()` in a `catch` inside
 * the block for that),
 * and when disposal throws an ExceptionGroup after the body was interrupted, the block ends with a
 * `SuppressedError` whose `error` is the ExceptionGroup. An outside cancellation of the parent is seen
 * (through `cancelling()`) and cancels the children.
 *
 * @see {@link gather}, {@link timeout}
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads';
 * import { TaskGroup } from 'qtasyncio';
 * declare const urls: string[];
 * declare function worker(n: number): Promise<void>;
 * declare function download(url: string): Promise<string>;
 * const results: string[] = [];
 * await TaskGroup.run(async (tg) => {
 *   for (const url of urls) tg.createTask(async () => results.push(await download(url)));
 * }); // every download ended; a failure cancelled the others and is raised in an ExceptionGroup
 *
 * {
 *   await using tg = new TaskGroup();
 *   tg.createTask(() => worker(1));
 *   tg.createTask(() => worker(2));
 * } // both workers ended here
 * ```
 */
export class TaskGroup implements AsyncDisposable {
  #state: State = 'entered';
  #aborting = false;
  readonly #loop: EventLoop;
  readonly #parent: Task<unknown>;
  readonly #parentCancellingAtEnter: number;
  #parentCancelRequested = false;
  readonly #tasks = new Set<Task<unknown>>();
  #errors: unknown[] = [];
  #baseError: { error: unknown } | null = null;
  #onCompleted: Future<void> | null = null;

  /**
   * Open a group in the current task (its parent).
   *
   * @throws {@link ScopeStateError} outside a task of the running loop.
   */
  constructor() {
    const parent = scopeTask('TaskGroup', 'opened');
    this.#loop = parent.getLoop();
    this.#parent = parent;
    this.#parentCancellingAtEnter = parent.cancelling();
    _markAwaiter(this.#onTaskDone, parent); // call graphs: the parent awaits every child (asyncio's awaited_by)
  }

  /**
   * Run `body(tg)` in a new group, in the current task (outside a task: in a new task), and end the group:
   * wait for every child, raise the {@link ExceptionGroup} of the failures, or the parent's cancellation.
   * Resolves with the body's result (`undefined` if the group was stopped with {@link TaskGroup.cancel}).
   *
   * @throws {@link ExceptionGroup} when a child or the body failed (the body's error comes last).
   * @example
   * ```ts
   * import { TaskGroup } from 'qtasyncio';
   * declare const urls: string[];
   * declare function download(url: string): Promise<Buffer>;
   * await TaskGroup.run(async (tg) => {
   *   for (const url of urls) tg.createTask(() => download(url));
   * });
   * ```
   */
  static run<T>(body: (tg: TaskGroup) => T | PromiseLike<T>): Promise<T | undefined> {
    checkFunction('TaskGroup.run', 'body', body);
    const loop = getRunningLoop();
    if (currentTask(loop) === null) return Promise.resolve(loop.createTask(() => TaskGroup.run(body)));
    const tg = new TaskGroup();
    return tg.#runBody(body);
  }

  async #runBody<T>(body: (tg: TaskGroup) => T | PromiseLike<T>): Promise<T | undefined> {
    let value: T;
    try {
      value = await body(this);
    } catch (error) {
      await this.#exit({ error }, false);
      return undefined;
    }
    await this.#exit(undefined, false);
    return value;
  }

  /**
   * Start `fn` as a child Task of the group (`loop.createTask(fn, options)`).
   *
   * @throws {@link ScopeStateError} once the group finished or while it shuts down after a failure.
   * @example
   * ```ts
   * import { TaskGroup } from 'qtasyncio';
   * declare const tg: TaskGroup;
   * declare const url: string;
   * const t = tg.createTask(async (signal) => (await fetch(url, { signal })).json(), { name: 'fetch' });
   * ```
   */
  createTask<T>(fn: TaskFunction<T>, options: TaskOptions = {}): Task<T> {
    checkFunction('TaskGroup.createTask', 'fn', fn);
    if (this.#state === 'finished' || (this.#state === 'exiting' && this.#tasks.size === 0)) {
      throw new ScopeStateError(`TaskGroup.createTask(): ${this.toString()} is finished`);
    }
    if (this.#aborting)
      throw new ScopeStateError(`TaskGroup.createTask(): ${this.toString()} is shutting down`);
    const task = this.#loop.createTask(fn, options);
    this.#tasks.add(task as Task<unknown>);
    task.addDoneCallback(this.#onTaskDone);
    return task;
  }

  /**
   * Stop the group quietly (Python 3.14): cancel every child and the body; the group then ends without an
   * error (unless a child had failed). Idempotent; does nothing once the group finished.
   *
   * @example
   * ```ts
   * import { type Future, TaskGroup } from 'qtasyncio';
   * declare function serve(): Promise<void>;
   * declare const shutdownRequested: Future<void>;
   * await TaskGroup.run(async (tg) => {
   *   tg.createTask(() => serve());
   *   tg.createTask(async () => { await shutdownRequested; tg.cancel(); });
   * });
   * ```
   */
  cancel(): void {
    if (this.#state === 'finished' || (this.#state === 'exiting' && this.#tasks.size === 0)) return;
    if (this.#aborting) return;
    this.#abort();
    if (!this.#parentCancelRequested) {
      this.#parentCancelRequested = true;
      this.#parent.cancel();
    }
  }

  /**
   * End the group (what `await using` calls): wait for every child, then raise the ExceptionGroup of the
   * failures. Idempotent. See the class notes for what disposal cannot see.
   *
   * @example
   * ```ts
   * import { TaskGroup } from 'qtasyncio';
   * declare function job(): Promise<string>;
   * const tg = new TaskGroup();
   * try { tg.createTask(job); } finally { await tg[Symbol.asyncDispose](); }
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#state !== 'entered') return;
    const cancelledFromOutside =
      !this.#parentCancelRequested && this.#parent.cancelling() > this.#parentCancellingAtEnter;
    if (cancelledFromOutside && !this.#aborting) this.#abort();
    await this.#exit(undefined, true);
  }

  #abort(): void {
    this.#aborting = true;
    for (const t of this.#tasks) if (!t.done()) t.cancel();
  }

  readonly #onTaskDone = (f: Future<unknown>): void => {
    const task = f as Task<unknown>;
    this.#tasks.delete(task);
    const waiter = this.#onCompleted;
    if (waiter !== null && this.#tasks.size === 0 && !waiter.done()) waiter.setResult(undefined);
    if (task.cancelled() || task._state !== REJECTED) return;
    const error = task.exception();
    this.#errors.push(error);
    if (isBaseError(error) && this.#baseError === null) this.#baseError = { error };
    if (this.#parent.done()) {
      this.#loop.callExceptionHandler({
        message: `Task ${task.toString()} has errored out but its parent task ${this.#parent.toString()} is already completed`,
        exception: error,
        task,
      });
      return;
    }
    if (!this.#aborting && !this.#parentCancelRequested) {
      this.#abort();
      this.#parentCancelRequested = true;
      this.#parent.cancel();
    }
  };

  /** End the group; `outcome` is what the body threw, if it threw. */
  async #exit(outcome: { error: unknown } | undefined, fromDispose: boolean): Promise<void> {
    if (this.#state !== 'entered') return;
    this.#state = 'exiting';
    const bodyError = outcome?.error;
    const bodyCancelled = outcome !== undefined && bodyError instanceof CancelledError;
    if (outcome !== undefined && isBaseError(bodyError) && this.#baseError === null)
      this.#baseError = outcome;
    let propagate: CancelledError | undefined = bodyCancelled ? bodyError : undefined;
    if (outcome !== undefined && !this.#aborting) this.#abort();
    let pending: CancelledError | undefined;
    while (this.#tasks.size > 0) {
      if (this.#onCompleted === null) {
        this.#onCompleted = this.#loop.createFuture<void>();
        _labelAwait(this.#onCompleted, () => `TaskGroup exit (${this.#tasks.size} tasks left)`);
      }
      try {
        await this.#onCompleted;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        pending = e;
        if (!this.#aborting) {
          // The parent is cancelled while the group waits for its children.
          propagate = e;
          this.#abort();
        }
      }
      this.#onCompleted = null;
    }
    this.#state = 'finished';
    const errors = this.#errors;
    this.#errors = [];
    if (this.#baseError !== null) {
      const base = this.#baseError.error;
      for (const exception of errors) {
        if (exception === base) continue;
        this.#loop.callExceptionHandler({
          message:
            'TaskGroup task exception was not propagated because the TaskGroup is closed with a KeyboardInterrupt',
          exception,
          taskGroup: this,
        });
      }
      throw base;
    }
    if (this.#parentCancelRequested) {
      if (this.#parent.uncancel() === 0) propagate = undefined;
      else propagate ??= pending;
    }
    // Disposal aborts on an outside cancel itself: a cancellation delivered while waiting must not be lost.
    if (fromDispose && !this.#parentCancelRequested && pending !== undefined) propagate = pending;
    if (propagate !== undefined && errors.length === 0) throw propagate;
    if (outcome !== undefined && !bodyCancelled) errors.push(bodyError);
    if (errors.length > 0) {
      if (this.#parent.cancelling() > 0) {
        this.#parent.uncancel();
        this.#parent.cancel();
      }
      throw new ExceptionGroup(errors);
    }
  }

  /**
   * A description: `<TaskGroup tasks=2 entered>`.
   *
   * @example
   * ```ts
   * import { sleep, TaskGroup } from 'qtasyncio';
   * await using tg = new TaskGroup(); // inside a task
   * tg.createTask(() => sleep(100));
   * String(tg); // '<TaskGroup tasks=1 entered>'
   * ```
   */
  toString(): string {
    const info = [
      this.#tasks.size > 0 ? ` tasks=${this.#tasks.size}` : '',
      this.#aborting && this.#state !== 'finished' ? ' cancelling' : ` ${this.#state}`,
    ];
    return `<TaskGroup${info.join('')}>`;
  }
}
