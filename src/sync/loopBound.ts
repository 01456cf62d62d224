/**
 * What every primitive shares: lazy binding to the running loop (asyncio's `_LoopBoundMixin`), waiting on a
 * waiter Future with asyncio's cancellation timing, and argument checks.
 *
 * @packageDocumentation
 */
import { describeValue } from '../futures/errors';
import type { Future } from '../futures/future';
import type { EventLoop } from '../loop/eventLoop';
import { getRunningLoop } from '../loop/events';
import { checkFunction } from '../loop/validate';
import type { Deque } from './deque';
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
 * @internal Join the FIFO `waiters` with a new waiter Future of `loop` and wait until it is woken; it leaves
 * the line however the wait ends. On failure (cancellation), `onError(waiter)` runs before the error is
 * rethrown: it hands on whatever the waiter may have been given already.
 */
export async function waitInLine<T>(
  loop: EventLoop,
  waiters: Deque<Future<T>>,
  onError?: (waiter: Future<T>) => void,
): Promise<void> {
  const fut = loop.createFuture<T>();
  waiters.push(fut);
  try {
    try {
      await fut;
    } finally {
      waiters.remove(fut);
    }
  } catch (e) {
    onError?.(fut);
    throw e;
  }
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
