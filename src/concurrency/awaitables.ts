/**
 * What the combinators accept as an awaitable, and how they turn one into a Future of the right loop.
 *
 * @packageDocumentation
 */

import { _getRunningLoop, getEventLoop } from '../core/events';
import { describeValue } from '../core/render';
import { isThenable } from '../core/thenable';
import { ensureFuture } from '../futures/ensureFuture';
import { Future } from '../futures/future';
import type { TaskFunction } from '../futures/task';
import type { EventLoop } from '../loop/eventLoop';
import { InvalidArgumentError, NotAwaitableError } from './errors';

/**
 * Anything the combinators accept: a {@link Future} (a Task is one), a Promise-like, or a task function that
 * becomes a Task (`loop.createTask(fn)`).
 *
 * @example
 * ```ts
 * import { type Awaitable, sleep } from 'qtasyncio';
 * const jobs: Awaitable<number>[] = [sleep(10, 1), Promise.resolve(2), async () => 3];
 * ```
 */
export type Awaitable<T> = Future<T> | PromiseLike<T> | TaskFunction<T>;

/**
 * The value an {@link Awaitable} gives.
 *
 * @example
 * ```ts
 * import { type AwaitedValue } from 'qtasyncio';
 * type N = AwaitedValue<() => Promise<number>>; // number
 * ```
 */
export type AwaitedValue<A> =
  A extends Future<infer T>
    ? T
    : A extends PromiseLike<infer T>
      ? T
      : A extends (signal: AbortSignal) => infer R
        ? Awaited<R>
        : never;

/** @internal Whether `x` is an awaitable (functions count only when `functions`). */
export function isAwaitable(x: unknown, functions: boolean): boolean {
  return x instanceof Future || isThenable(x) || (functions && typeof x === 'function');
}

/** @internal The loop of the first Future among `items`, else the running loop, else the current loop. */
export function loopOf(items: Iterable<unknown>): EventLoop {
  for (const x of items) if (x instanceof Future) return x.getLoop();
  return _getRunningLoop() ?? getEventLoop();
}

/**
 * @internal A Future of `loop` for the awaitable `x` (argument `arg` of `fn`): a Future as it is, a Promise-like
 * wrapped, a function started as a Task (only when `functions`).
 */
export function toFuture<T>(
  fn: string,
  arg: string,
  x: unknown,
  loop: EventLoop,
  functions = true,
): Future<T> {
  checkAwaitable(fn, arg, x, loop, functions);
  return ensureFuture(x as Awaitable<T>, loop);
}

/**
 * @internal Throw unless `x` is an awaitable that {@link toFuture} accepts (nothing is started). `at` names the
 * argument; a number `i` stands for item `aws[i]` (the name is only made for an error).
 */
export function checkAwaitable(
  fn: string,
  at: string | number,
  x: unknown,
  loop: EventLoop,
  functions = true,
): void {
  const arg = (): string => (typeof at === 'number' ? `aws[${at}]` : at);
  if (!isAwaitable(x, functions)) {
    const expected = functions ? 'a Future, a Promise-like or a function' : 'a Future or a Promise-like';
    const hint = typeof x === 'function' ? ' (start it as a Task first: loop.createTask(fn))' : '';
    throw new NotAwaitableError(`${fn}(${arg()}): expected ${expected}, got ${describeValue(x)}${hint}`);
  }
  if (x instanceof Future && x.getLoop() !== loop) {
    throw new InvalidArgumentError(`${fn}(${arg()}): ${x.toString()} belongs to another event loop`);
  }
}

/** @internal {@link checkAwaitable} for each item (argument `aws[i]` of `fn`), so all are valid before any starts. */
export function checkAwaitables(
  fn: string,
  items: readonly unknown[],
  loop: EventLoop,
  functions = true,
): void {
  for (let i = 0; i < items.length; i++) checkAwaitable(fn, i, items[i], loop, functions);
}

/** @internal Turn an iterable of awaitables into an array, or throw naming `fn(arg)`. */
export function toArray(fn: string, arg: string, aws: unknown): unknown[] {
  if (
    aws === null ||
    typeof aws !== 'object' ||
    aws instanceof Future ||
    isThenable(aws) ||
    typeof (aws as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function'
  ) {
    throw new NotAwaitableError(
      `${fn}(${arg}): expected an iterable (array or Set) of awaitables, got ${describeValue(aws)}`,
    );
  }
  return [...(aws as Iterable<unknown>)];
}

/**
 * @internal Futures for `items` (argument `aws` of `fn`), in order: the same Future or Promise-like counts
 * once; each function (a factory) becomes a Task of its own. Every item is checked before any Task starts;
 * errors name the item's original index.
 */
export function toUniqueFutures<T>(
  fn: string,
  items: readonly unknown[],
  loop: EventLoop,
  functions: boolean,
): Future<T>[] {
  checkAwaitables(fn, items, loop, functions);
  const seen = new Set<unknown>();
  const out: Future<T>[] = [];
  items.forEach((x) => {
    if (typeof x !== 'function') {
      if (seen.has(x)) return;
      seen.add(x);
    }
    out.push(ensureFuture(x as Awaitable<T>, loop)); // checked above
  });
  return out;
}
