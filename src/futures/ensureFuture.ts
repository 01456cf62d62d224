/**
 * Turning awaitables into Futures: `isFuture`, `ensureFuture`, `wrapFuture`.
 *
 * @packageDocumentation
 */

import { LoopArgumentError } from '../core/errors';
import { getEventLoop } from '../core/events';
import { describeValue } from '../core/render';
import { isThenable } from '../core/thenable';
import type { EventLoop } from '../loop/eventLoop';
import { Future, PENDING } from './future';
import type { Task, TaskFunction } from './task';

/**
 * Whether `x` is a {@link Future} (Tasks included).
 *
 * @example
 * ```ts
 * import { isFuture } from 'qtasyncio';
 * isFuture(loop.createFuture()); // true
 * isFuture(Promise.resolve()); // false
 * ```
 */
export function isFuture(x: unknown): x is Future<unknown> {
  return x instanceof Future;
}

/**
 * A Future of `loop` (default: the current loop) that settles like `promise`. A Future is returned as it is.
 * Cancelling the wrapper does not stop the Promise's work (pass an AbortSignal to it for that).
 *
 * @see {@link ensureFuture}
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { wrapFuture } from 'qtasyncio';
 * declare const path: string;
 * const f = wrapFuture(readFile(path));
 * f.addDoneCallback(() => console.log('read'));
 * ```
 */
export function wrapFuture<T>(promise: PromiseLike<T>, loop?: EventLoop): Future<T> {
  if (promise instanceof Future) return promise as Future<T>;
  if (!isThenable(promise)) {
    throw new LoopArgumentError(
      `wrapFuture(promise): expected a Promise-like, got ${describeValue(promise)}`,
    );
  }
  const future = new Future<T>(loop ?? getEventLoop());
  promise.then(
    (value) => {
      if (future._state === PENDING) future.setResult(value);
    },
    (error: unknown) => {
      if (future._state === PENDING) future.setException(error);
    },
  );
  return future;
}

/**
 * A Future for `x`: a Future is returned as it is, a function becomes a Task (`loop.createTask(x)`), a
 * Promise-like is wrapped with {@link wrapFuture}.
 *
 * @see {@link wrapFuture}
 * @example
 * ```ts
 * import { ensureFuture } from 'qtasyncio';
 * const t = ensureFuture(async () => 42); // a Task
 * const f = ensureFuture(Promise.resolve(1)); // a Future
 * ```
 */
export function ensureFuture<T>(x: TaskFunction<T>, loop?: EventLoop): Task<T>;
export function ensureFuture<T>(x: Future<T> | PromiseLike<T>, loop?: EventLoop): Future<T>;
export function ensureFuture<T>(x: Future<T> | PromiseLike<T> | TaskFunction<T>, loop?: EventLoop): Future<T>;
export function ensureFuture<T>(
  x: Future<T> | PromiseLike<T> | TaskFunction<T>,
  loop?: EventLoop,
): Future<T> {
  if (x instanceof Future) {
    if (loop !== undefined && x.getLoop() !== loop) {
      throw new LoopArgumentError('ensureFuture(awaitable, loop): the Future belongs to another event loop');
    }
    return x;
  }
  if (typeof x === 'function') return (loop ?? getEventLoop()).createTask(x as TaskFunction<T>);
  if (isThenable(x)) return wrapFuture(x, loop);
  throw new LoopArgumentError(
    `ensureFuture(awaitable): expected a Future, a Promise-like or a function, got ${describeValue(x)}`,
  );
}

/** @internal Whether {@link ensureFuture} takes `x` (a Future, a function or a Promise-like). */
export function isEnsurable(x: unknown): boolean {
  return x instanceof Future || typeof x === 'function' || isThenable(x);
}
