/**
 * A Task's cancellation (asyncio's `Task.cancel`, `uncancel`, `cancelling`, `_must_cancel`, and the `_fut_waiter`
 * handling of `__step`/`__wakeup`), as functions over the task's internal fields; the Task's methods delegate
 * here.
 *
 * How cancellation reaches the right `await`: an `await future` inside the task calls the Future's `then` with
 * the engine's resolving functions, inside the task's context (see core/context), so the Future tells the Task
 * "your current step waits on me" ({@link awaitingFuture}). The wait ends when one of those Futures wakes the
 * task ({@link wakeTask}). `task.cancel()` cancels what the current step waits on, whose rejection throws
 * {@link CancelledError} at the await. A `then(handler)` of the user's own is never the task's wait. When the
 * task waits on something else (a plain Promise), its `signal` aborts at once and the cancellation is delivered
 * at its next loop awaitable, or when its function returns.
 *
 * @packageDocumentation
 */
import { currentContext } from '../core/context';
import { CancelledError, SelfAwaitError, WrongLoopError } from '../core/errors';
import type { Future } from './future';
import { extraOf, type FutureExtra } from './futureExtra';
import { CANCELLED, PENDING } from './futureState';
import { dispatchReactions, takeAwaitReaction } from './reactions';
import type { Task } from './task';
import { untrackUnretrieved } from './unretrieved';

/** @internal Whether a cancellation waits to be delivered (asyncio's `_must_cancel`); it is taken (cleared). */
export function takeMustCancel(task: Task<unknown>): boolean {
  const x = task._x;
  if (x === null || !x.mustCancel) return false;
  x.mustCancel = false;
  return true;
}

/** @internal `task`'s current step awaits `future` (see `AwaitingTask._awaiting`, implemented by Task). */
export function awaitingFuture(task: Task<unknown>, future: Future<unknown>): Error | undefined {
  if (future === task) return new SelfAwaitError(`await: ${task.toString()} cannot await itself`);
  if (future._loop !== task._loop) {
    return new WrongLoopError(
      `await: ${task.toString()} got ${future.toString()} attached to a different loop`,
    );
  }
  const w = task._waiter;
  if (w === null) task._waiter = future;
  else if (Array.isArray(w)) w.push(future);
  else task._waiter = [w, future];
  if (!takeMustCancel(task)) return undefined;
  const msg = task._x?.cancelMsg;
  if (future._state === PENDING && future.cancel(msg)) return undefined;
  return new CancelledError(msg ?? '');
}

/** @internal The await of `task`'s step `step` is answered (see `WakeTarget._wake`, implemented by Task). */
export function wakeTask(task: Task<unknown>, step: number): Error | undefined {
  task._step = step + 1;
  task._waiter = null;
  const x = task._x;
  if (x === null || !x.mustCancel || task._state !== PENDING) return undefined;
  x.mustCancel = false;
  return new CancelledError(x.cancelMsg ?? '');
}

/**
 * @internal `task.cancel(msg)`: see {@link Task.cancel}; `started`: the task's first step ran.
 *
 * A request from outside the task while its first step awaits no loop Future is unconfirmed: the function may have
 * ended in that step, its outcome one microtask away (an `async` function's promise cannot be read at once, and an
 * eager task's creator runs in between). It is confirmed one microtask later, behind that outcome: if the outcome
 * comes first, the function's promise had settled before the request, as an asyncio task that was done before
 * anyone could cancel it, and the request is withdrawn ({@link dropUnconfirmedCancels}).
 */
export function cancelTask(task: Task<unknown>, msg: string | undefined, started = false): boolean {
  untrackUnretrieved(task);
  if (task._state !== PENDING) return false;
  const x = extraOf(task);
  if (x.inCancel) {
    // This cancellation came back round an await cycle (it is the same request: not counted again).
    interruptAwait(task, msg);
    return true;
  }
  x.numCancelsRequested++;
  x.cancelMsg = msg;
  const controller = x.controller;
  if (controller !== null && !controller.signal.aborted) controller.abort(new CancelledError(msg ?? ''));
  x.inCancel = true;
  try {
    if (!cancelWaiter(task, msg)) x.mustCancel = true;
  } finally {
    x.inCancel = false;
  }
  if (x.mustCancel && started && task._step === 0 && task._waiter === null && currentContext() !== task) {
    if (x.unconfirmedCancels++ === 0) queueMicrotask(() => confirmCancels(x));
  }
  return true;
}

/** The unconfirmed requests of {@link cancelTask} stand: the task's function had not ended behind them. */
function confirmCancels(x: FutureExtra): void {
  x.unconfirmedCancels = 0;
}

/**
 * @internal `task`'s function's promise settled before its unconfirmed cancellation requests were confirmed (see
 * {@link cancelTask}): withdraw them (as `uncancel()`), so the task keeps its function's outcome.
 */
export function dropUnconfirmedCancels(task: Task<unknown>): void {
  const x = task._x;
  if (x === null || x.unconfirmedCancels === 0) return;
  for (let n = x.unconfirmedCancels; n > 0; n--) uncancelTask(task);
  x.unconfirmedCancels = 0;
}

/** Cancel what the current step awaits; whether any of it took the cancellation. */
function cancelWaiter(task: Task<unknown>, msg: string | undefined): boolean {
  const w = task._waiter;
  if (w === null) return false;
  if (!Array.isArray(w)) return w._state === PENDING && w.cancel(msg);
  let took = false;
  for (const f of w) if (f._state === PENDING && f.cancel(msg)) took = true;
  return took;
}

/**
 * The task's own cancellation reached it again through what it awaits (an await cycle: cancelling its waiter
 * again would recurse for ever). The cycle ends here: the task stops waiting and gets the CancelledError at its
 * await, as if what it awaits had been cancelled; the tasks that await it unwind after it.
 */
function interruptAwait(task: Task<unknown>, msg: string | undefined): void {
  const w = task._waiter;
  for (const f of w === null ? [] : Array.isArray(w) ? w : [w]) {
    const reaction = f._state === PENDING ? takeAwaitReaction(f, task, task._step) : null;
    if (reaction !== null) {
      dispatchReactions(f, reaction, CANCELLED, new CancelledError(msg ?? ''), false);
      return;
    }
  }
  extraOf(task).mustCancel = true; // no await to interrupt: delivered at the next one
}

/** @internal `task.uncancel()`: see {@link Task.uncancel}. */
export function uncancelTask(task: Task<unknown>): number {
  const x = task._x;
  if (x === null) return 0;
  if (x.numCancelsRequested > 0) {
    x.numCancelsRequested--;
    if (x.numCancelsRequested === 0) {
      x.mustCancel = false;
      if (task._state === PENDING) x.controller = null;
    }
  }
  return x.numCancelsRequested;
}

/** @internal `task.signal`, made when first asked for: see {@link Task.signal}. */
export function taskSignal(task: Task<unknown>): AbortSignal {
  const x = extraOf(task);
  let c = x.controller;
  if (c === null) {
    c = new AbortController();
    x.controller = c;
    if (x.numCancelsRequested > 0 || task._state === CANCELLED) {
      c.abort(new CancelledError(x.cancelMsg ?? x.cancelMessage ?? ''));
    }
  }
  return c.signal;
}
