/**
 * `wait` (asyncio's `wait`): wait until some or all of a collection of Futures are done, without raising their
 * errors and without cancelling anything.
 *
 * @packageDocumentation
 */
import { describeValue } from '../core/render';
import { checkOptionKeys, checkTimeoutMs } from '../core/validate';
import type { Future } from '../futures/future';
import { REJECTED } from '../futures/future';
import type { Handle } from '../loop/handles';
import { loopOf, toArray, toUniqueFutures } from './awaitables';
import { InvalidArgumentError, InvalidTimeoutError } from './errors';

/**
 * When {@link wait} returns.
 *
 * @example
 * ```ts
 * import { type ReturnWhen } from 'qtasyncio';
 * const when: ReturnWhen = 'FIRST_COMPLETED';
 * ```
 */
export type ReturnWhen = 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED';

/**
 * {@link wait} returns when any Future is done (asyncio's `FIRST_COMPLETED`).
 *
 * @example
 * ```ts
 * import { FIRST_COMPLETED, Task, wait } from 'qtasyncio';
 * declare const tasks: Task<string>[];
 * const [done, pending] = await wait(tasks, { returnWhen: FIRST_COMPLETED });
 * ```
 */
export const FIRST_COMPLETED = 'FIRST_COMPLETED' satisfies ReturnWhen;
/**
 * {@link wait} returns when any Future fails, or when all are done (asyncio's `FIRST_EXCEPTION`).
 *
 * @example
 * ```ts
 * import { FIRST_EXCEPTION, Task, wait } from 'qtasyncio';
 * declare const tasks: Task<string>[];
 * const [done, pending] = await wait(tasks, { returnWhen: FIRST_EXCEPTION });
 * ```
 */
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION' satisfies ReturnWhen;
/**
 * {@link wait} returns when every Future is done (asyncio's `ALL_COMPLETED`, the default).
 *
 * @example
 * ```ts
 * import { ALL_COMPLETED, Task, wait } from 'qtasyncio';
 * declare const tasks: Task<string>[];
 * const [done] = await wait(tasks, { returnWhen: ALL_COMPLETED });
 * ```
 */
export const ALL_COMPLETED = 'ALL_COMPLETED' satisfies ReturnWhen;

const RETURN_WHEN: readonly string[] = [FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED];

/**
 * Options of {@link wait}.
 *
 * @example
 * ```ts
 * import { type WaitOptions } from 'qtasyncio';
 * const options: WaitOptions = { timeoutMs: 500, returnWhen: 'FIRST_EXCEPTION' };
 * ```
 */
export interface WaitOptions {
  /** Return after this many ms even if the condition is not met (`null`/absent: no limit). No error is raised. */
  timeoutMs?: number | null;
  /** `'ALL_COMPLETED'` (default), `'FIRST_COMPLETED'`, or `'FIRST_EXCEPTION'` (an error, or all done). */
  returnWhen?: ReturnWhen;
}

/**
 * Wait for the Futures in `aws` (an array or any iterable; duplicates count once) and resolve to
 * `[done, pending]`, two Sets of Futures. Promise-likes are wrapped, so the Sets hold their wrapper Futures:
 * pass Futures or Tasks to recognise them. Functions are refused (as asyncio refuses coroutines): start them
 * with `loop.createTask(fn)` first. Nothing is cancelled, and a timeout just returns what is done by then.
 *
 * @throws {@link NotAwaitableError} for a non-iterable or a non-awaitable item; {@link InvalidArgumentError}
 *   for an empty collection or an unknown `returnWhen`; {@link InvalidTimeoutError} for a bad `timeoutMs`
 *   (all synchronously).
 * @see {@link asCompleted}, {@link gather}
 * @example
 * ```ts
 * import { Task, wait } from 'qtasyncio';
 * declare const t1: Task<string>;
 * declare const t2: Task<string>;
 * declare const t3: Task<string>;
 * const [done, pending] = await wait([t1, t2, t3], { returnWhen: 'FIRST_COMPLETED', timeoutMs: 1000 });
 * for (const t of pending) t.cancel();
 * ```
 */
export function wait<T>(
  aws: Iterable<Future<T> | PromiseLike<T>>,
  options: WaitOptions = {},
): Promise<[done: Set<Future<T>>, pending: Set<Future<T>>]> {
  const items = toArray('wait', 'aws', aws);
  checkOptionKeys('wait', options, ['timeoutMs', 'returnWhen'], InvalidArgumentError);
  const timeoutMs = options.timeoutMs;
  checkTimeoutMs('wait', 'options.timeoutMs', timeoutMs, true, InvalidTimeoutError);
  const returnWhen = options.returnWhen ?? ALL_COMPLETED;
  if (!RETURN_WHEN.includes(returnWhen)) {
    throw new InvalidArgumentError(
      `wait(options.returnWhen): expected 'FIRST_COMPLETED', 'FIRST_EXCEPTION' or 'ALL_COMPLETED', got ${describeValue(returnWhen)}`,
    );
  }
  if (items.length === 0) {
    throw new InvalidArgumentError('wait(aws): expected at least one awaitable, got an empty collection');
  }
  const loop = loopOf(items);
  const futures = [...new Set(toUniqueFutures<T>('wait', items, loop, false))];
  return waitFutures(futures, timeoutMs ?? null, returnWhen);
}

async function waitFutures<T>(
  futures: Future<T>[],
  timeoutMs: number | null,
  returnWhen: ReturnWhen,
): Promise<[Set<Future<T>>, Set<Future<T>>]> {
  const loop = futures[0]?.getLoop() ?? loopOf([]);
  const waiter = loop.createFuture<void>();
  let timer: Handle | null = null;
  const release = (): void => {
    timer?.cancel();
    if (!waiter.done()) waiter.setResult(undefined);
  };
  if (timeoutMs !== null) timer = loop.callLater(Math.max(0, timeoutMs), release);
  let left = futures.length;
  const onDone = (f: Future<T>): void => {
    left--;
    if (
      left <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && f._state === REJECTED)
    ) {
      release();
    }
  };
  for (const f of futures) f.addDoneCallback(onDone);
  try {
    await waiter;
  } finally {
    timer?.cancel();
    for (const f of futures) f.removeDoneCallback(onDone);
  }
  const done = new Set<Future<T>>();
  const pending = new Set<Future<T>>();
  for (const f of futures) (f.done() ? done : pending).add(f);
  return [done, pending];
}
