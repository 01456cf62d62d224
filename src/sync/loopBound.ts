/**
 * What every primitive shares: lazy binding to the running loop (asyncio's `_LoopBoundMixin`), waiting on a
 * waiter Future with asyncio's cancellation timing, and argument checks.
 *
 * @packageDocumentation
 */
import { describeValue } from '../futures/errors';
import type { Future } from '../futures/future';
import { currentTask, type Task } from '../futures/task';
import type { EventLoop } from '../loop/eventLoop';
import { getRunningLoop } from '../loop/events';
import { checkFunction } from '../loop/validate';
import { SyncArgumentError, SyncRangeError, WrongLoopError } from './errors';

/**
 * The base of every primitive and queue: it binds to the running loop the first time it has to wait
 * (asyncio's `_LoopBoundMixin`), and from then on refuses to wait on any other loop ({@link WrongLoopError}).
 * Operations that do not wait (`release()`, `set()`, `putNowait()`…) work with or without a loop.
 *
 * @example
 * ```ts
 * const lock = new Lock(); // not bound yet: can be made before any loop exists
 * await loop.runUntilComplete(async () => { using _held = await lock.hold(); }); // a wait would bind it here
 * ```
 */
export class LoopBound {
  #loop: EventLoop | null = null;

  /** @internal The running loop, which must be the bound one. */
  _getLoop(): EventLoop {
    const loop = getRunningLoop();
    if (this.#loop === null) this.#loop = loop;
    else if (this.#loop !== loop) {
      throw new WrongLoopError(
        `${this.constructor.name}: bound to a different event loop than the running one`,
      );
    }
    return loop;
  }
}

/**
 * @internal Await `waiter` as asyncio's `await fut` inside a Task does. A cancellation requested after the
 * waiter was already woken (so it could not cancel the waiter) is delivered here, as a CancelledError at this
 * await, rather than later: the caller's cleanup then hands the wake-up (item, permit) to the next waiter.
 */
export function waitOn(waiter: Future<unknown>): PromiseLike<unknown> {
  const task = currentTask();
  if (task === null) return waiter;
  const before = task.cancelling();
  // `then` is called here, inside the task, so the task knows it awaits `waiter` (task.cancel() cancels it).
  return waiter.then(() => (task.cancelling() > before ? deliverCancel(task) : undefined));
}

/**
 * @internal Call before awaiting a waiter Future; after the await, the returned function gives a Promise that
 * throws the task's {@link CancelledError} if the task was cancelled after the waiter had been woken (too late
 * to cancel the waiter), or `null` otherwise. asyncio's Task throws such a cancellation at the `await` itself;
 * a primitive delivers it here, before it takes what the waiter was given, so it hands the wake-up on instead.
 * It is synchronous when there is nothing to deliver: no microtask passes between the wake-up and the caller's
 * next step.
 */
export function lateCancellation(): () => Promise<void> | null {
  const task = currentTask();
  if (task === null) return () => null;
  const before = task.cancelling();
  return () => (task.cancelling() > before ? deliverCancel(task) : null);
}

/** Awaiting a done Future inside the task consumes its pending cancellation and throws CancelledError. */
async function deliverCancel(task: Task<unknown>): Promise<void> {
  const done = task.getLoop().createFuture<void>();
  done.setResult(undefined);
  await done;
}

/** @internal Throw unless `value` is an integer ≥ `min`. */
export function checkInteger(fn: string, arg: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number') {
    throw new SyncArgumentError(`${fn}(${arg}): expected an integer ≥ ${min}, got ${describeValue(value)}`);
  }
  if (!Number.isInteger(value) || value < min) {
    throw new SyncRangeError(`${fn}(${arg}): expected an integer ≥ ${min}, got ${describeValue(value)}`);
  }
}

/** @internal Throw unless `value` is a function. */
export function checkCallable(
  fn: string,
  arg: string,
  value: unknown,
): asserts value is (...a: never[]) => unknown {
  checkFunction(fn, arg, value, SyncArgumentError);
}
