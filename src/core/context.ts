/**
 * The task context: which Task's code is running now, across its awaits.
 *
 * A task's code runs in two ways: synchronously inside a step the loop starts ({@link runInTask}), and in the
 * promise jobs that continue it after an `await`. For the second, V8's promise hooks tag each promise made while
 * a task runs with that task, and make it current again while a job of that promise runs (the continuation of
 * an `await`, a `then` callback). Only promises carry the context: a timer, socket or emitter callback set up
 * inside a task runs outside it, as an asyncio `call_soon`/`call_later` callback does.
 *
 * This is what AsyncLocalStorage does on Node 20, without its async ids: no per-promise ids, no resource lookups.
 *
 * @packageDocumentation
 */
import type { Future } from '../futures/future';
import type { WakeTarget } from '../futures/reactions';

/** What a Future tells the Task that awaits it (implemented by Task). @internal */
export interface AwaitingTask extends WakeTarget {
  /**
   * Called from `future.then()` by an `await` inside the task: remember `future` as what the current step waits
   * on. Returns the error to deliver at this await instead of the future's outcome: a CancelledError when a
   * pending cancel must be delivered here, or an error when the task may not wait on `future` at all.
   */
  _awaiting(future: Future<unknown>): Error | undefined;
}

/** The property a promise made inside a task holds its task in. */
const TASK = Symbol('qtasyncio.task');
type Tagged = { [TASK]?: AwaitingTask };

let current: AwaitingTask | null = null;
/** The task that was current when the promise job now running started (jobs do not nest). */
let outer: AwaitingTask | null = null;
let hooked = false;
/** Whether a promise job runs now. */
let inJob = false;

/** The task a ready callback has just woken: its step goes on in the microtasks that follow (see takeWoken). */
let woken: WakeTarget | null = null;
/** The woken task a loop waits for, and what to call once its step has suspended (see watchStep). */
let watched: WakeTarget | null = null;
let onWatchedSuspended: (() => void) | null = null;
/** What to call when the promise job now running ends: the watched task suspended in it. */
let atJobEnd: (() => void) | null = null;

function onInit(promise: Promise<unknown>): void {
  if (current !== null) (promise as Tagged)[TASK] = current;
}

function onBefore(promise: Promise<unknown>): void {
  outer = current;
  current = (promise as Tagged)[TASK] ?? null;
  inJob = true;
}

function onAfter(): void {
  current = outer;
  outer = null;
  inJob = false;
  if (atJobEnd !== null) {
    const then = atJobEnd;
    atJobEnd = null;
    then();
  }
}

/** @internal The running task, or `null`. */
export function currentContext(): AwaitingTask | null {
  return current;
}

/**
 * @internal Run `fn(arg)` with `task` as the running task (`null`: outside any task), and the promises it makes
 * carry `task` into their jobs.
 */
export function runInTask<A, R>(task: AwaitingTask | null, fn: (arg: A) => R, arg: A): R {
  const saved = task === null ? current : enterTask(task);
  current = task;
  try {
    return fn(arg);
  } finally {
    current = saved;
  }
}

/**
 * @internal Make `task` the running task until {@link restoreTask}`(saved)`, which gets what this returns; the
 * promises made meanwhile carry `task` into their jobs.
 */
export function enterTask(task: AwaitingTask): AwaitingTask | null {
  if (!hooked) {
    hooked = true;
    // Loaded with the first task, not with the package: `node:v8` costs milliseconds of start-up.
    const { promiseHooks } = require('node:v8') as typeof import('node:v8');
    promiseHooks.createHook({ init: onInit, before: onBefore, after: onAfter });
  }
  const saved = current;
  current = task;
  return saved;
}

/** @internal Undo {@link enterTask}. */
export function restoreTask(saved: AwaitingTask | null): void {
  current = saved;
}

/**
 * @internal In a promise job of a task's promise: which task it is, and leave it (the rest of the job runs outside
 * any task; the job's end restores the context as usual).
 */
export function leaveTask(): AwaitingTask | null {
  const task = current;
  current = null;
  return task;
}

/**
 * @internal Run `fn` outside any task and return what it returns. The loop runs callbacks this way, and io creates
 * Node handles this way: the promises a socket, server or child process makes while it is set up inside a Task
 * would carry that Task's context into their callbacks, so `currentTask()` there, and the Futures awaited there,
 * would wrongly belong to the Task that opened it.
 */
export function outsideTasks<T>(fn: () => T): T {
  if (current === null) return fn();
  return runInTask(null, fn as (arg: undefined) => T, undefined);
}

/** @internal A ready callback woke `task` (a Future's reaction to its await, its first step). */
export function noteWoken(task: WakeTarget): void {
  woken = task;
}

/** @internal The task the ready callback that just ran woke, if it said so (and forget it). */
export function takeWoken(): WakeTarget | null {
  const task = woken;
  woken = null;
  return task;
}

/**
 * @internal Call `suspended` once `task`, just woken, has suspended again: at the end of the promise job in which
 * it waits on a pending loop Future or ends ({@link stepSuspended}). One task is watched at a time (a loop's batch
 * waits for one woken task); a new watch replaces the old one.
 */
export function watchStep(task: WakeTarget, suspended: () => void): void {
  watched = task;
  onWatchedSuspended = suspended;
}

/** @internal Stop watching (the loop found the woken task's step over another way). */
export function unwatchStep(): void {
  watched = null;
  onWatchedSuspended = null;
}

/**
 * @internal `task` waits on a pending loop Future now, or has ended: if it is the watched task and this happens in
 * one of its promise jobs, its step is over once that job ends (the rest of the job is the engine's, or the code
 * after a `Promise.race` or `Promise.all` call that registered the wait). Outside a promise job (the task's first
 * step runs synchronously inside the loop) nothing happens: the loop lets the microtasks finish instead.
 */
export function stepSuspended(task: WakeTarget): void {
  if (task !== watched || !inJob) return;
  atJobEnd = onWatchedSuspended;
  watched = null;
  onWatchedSuspended = null;
}
