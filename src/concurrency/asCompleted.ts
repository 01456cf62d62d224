/**
 * `asCompleted` (asyncio's `as_completed`, Python 3.13): take awaitables in the order they finish, either with
 * `for await` (yielding the finished Futures) or as a plain iterable of Futures of the next results.
 *
 * @packageDocumentation
 */
import { TimeoutError } from '../core/errors';
import { checkOptionKeys, checkTimeoutMs } from '../core/validate';
import { Future, REJECTED } from '../futures/future';
import type { EventLoop } from '../loop/eventLoop';
import type { Handle } from '../loop/handles';
import { type Awaitable, loopOf, toArray, toUniqueFutures } from './awaitables';
import { InvalidArgumentError, InvalidTimeoutError } from './errors';

/**
 * Options of {@link asCompleted}.
 *
 * @example
 * ```ts
 * import { type AsCompletedOptions } from 'qtasyncio';
 * const options: AsCompletedOptions = { timeoutMs: 1000 };
 * ```
 */
export interface AsCompletedOptions {
  /** Raise {@link TimeoutError} for what is not done this many ms from now (`null`/absent: no limit). */
  timeoutMs?: number | null;
}

/** The queue marker for "the timeout fired". */
const TIMED_OUT = Symbol('timedOut');
/**
 * A finished awaitable, as {@link AsCompletedIterator.finished} yields it.
 *
 * @example
 * ```ts
 * import { asCompleted, type Finished, Task } from 'qtasyncio';
 * declare const tasks: Task<string>[];
 * const first: Finished<string> | undefined = (await asCompleted(tasks).finished()[Symbol.asyncIterator]().next()).value;
 * ```
 */
export interface Finished<T> {
  /** The Future or Task that finished (done: read it with `result()`/`exception()`). */
  readonly future: Future<T>;
}
/** Boxed, since a Future resolved with a thenable would adopt it instead of holding it. */
type Item<T> = Finished<T> | typeof TIMED_OUT;
const timedOut = (): TimeoutError =>
  new TimeoutError('asCompleted(): timed out before every awaitable finished');

/**
 * What {@link asCompleted} returns: async-iterable over the results in completion order, iterable over Futures
 * of the first, second, … result to arrive, and {@link AsCompletedIterator.finished} for the finished Futures
 * themselves.
 *
 * @example
 * ```ts
 * import { asCompleted, Task } from 'qtasyncio';
 * declare const t1: Task<string>;
 * declare const t2: Task<string>;
 * for await (const value of asCompleted([t1, t2])) console.log(value);
 * for (const next of asCompleted([t1, t2])) console.log(await next);
 * for await (const { future } of asCompleted([t1, t2]).finished()) console.log(future === t1 ? 't1' : 't2');
 * ```
 */
export class AsCompletedIterator<T> implements AsyncIterable<T>, Iterable<Future<T>> {
  readonly #loop: EventLoop;
  readonly #todo: Set<Future<T>>;
  readonly #done: Item<T>[] = [];
  readonly #takers: Future<Item<T>>[] = [];
  #left: number;
  #timer: Handle | null = null;

  /** @internal */
  constructor(loop: EventLoop, futures: readonly Future<T>[], timeoutMs: number | null) {
    this.#loop = loop;
    this.#todo = new Set(futures);
    this.#left = this.#todo.size;
    for (const f of this.#todo) f.addDoneCallback(this.#onCompletion);
    if (this.#todo.size > 0 && timeoutMs !== null)
      this.#timer = loop.callLater(Math.max(0, timeoutMs), this.#onTimeout);
  }

  readonly #onCompletion = (f: Future<T>): void => {
    if (!this.#todo.delete(f)) return; // the timeout came first
    this.#put({ future: f });
    if (this.#todo.size === 0) this.#timer?.cancel();
  };

  readonly #onTimeout = (): void => {
    for (const f of this.#todo) {
      f.removeDoneCallback(this.#onCompletion);
      this.#put(TIMED_OUT);
    }
    this.#todo.clear();
  };

  #put(item: Item<T>): void {
    for (let taker = this.#takers.shift(); taker !== undefined; taker = this.#takers.shift()) {
      if (!taker.done()) {
        taker.setResult(item);
        return;
      }
    }
    this.#done.push(item);
  }

  /** The next finished item, as a loop Future (so a cancel of the awaiting task reaches it). */
  #take(): Future<Item<T>> {
    const taker = this.#loop.createFuture<Item<T>>();
    const item = this.#done.shift();
    if (item !== undefined) taker.setResult(item);
    else {
      this.#takers.push(taker);
      // A cancelled take gives its place back: no finished item is lost.
      taker.addDoneCallback(() => {
        if (taker.cancelled()) this.#left++;
      });
    }
    return taker;
  }

  /**
   * Async iteration over the results: each step waits for the next awaitable to finish and gives its value,
   * or throws its error ({@link CancelledError} if it was cancelled); after the timeout a step throws
   * {@link TimeoutError}. To get the finished Futures themselves, use {@link AsCompletedIterator.finished}.
   *
   * @example
   * ```ts
   * import { asCompleted, type Task } from 'qtasyncio';
   * declare const downloads: Task<string>[];
   * const pages: string[] = [];
   * for await (const page of asCompleted(downloads, { timeoutMs: 500 })) pages.push(page);
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: async (): Promise<IteratorResult<T>> => {
        const step = await this.#nextFinished();
        return step.done ? step : { done: false, value: step.value.future.result() };
      },
    };
  }

  /**
   * Async iteration over the finished Futures (Python 3.13's `async for` over `as_completed`), each in a
   * `{ future }` record: the very Future or Task that was passed in (a wrapper Future for a Promise-like, a
   * Task for a function), so it can be matched with what was started. (A bare Future would be typed as its
   * value by TypeScript's `for await`, which awaits element types.) A step throws {@link TimeoutError} after
   * the timeout.
   *
   * @example
   * ```ts
   * import { asCompleted, type Task } from 'qtasyncio';
   * declare const ipv4: Task<string>;
   * declare const ipv6: Task<string>;
   * let first: 'v4' | 'v6' | undefined;
   * for await (const { future } of asCompleted([ipv4, ipv6]).finished()) {
   *   if (future.exception() === undefined) {
   *     first = future === ipv4 ? 'v4' : 'v6';
   *     break;
   *   }
   * }
   * ```
   */
  finished(): AsyncIterable<Finished<T>> {
    return { [Symbol.asyncIterator]: () => ({ next: () => this.#nextFinished() }) };
  }

  async #nextFinished(): Promise<IteratorResult<Finished<T>, undefined>> {
    if (this.#left <= 0) return { done: true, value: undefined };
    this.#left--;
    const item = await this.#take();
    if (item === TIMED_OUT) throw timedOut();
    return { done: false, value: item };
  }

  /**
   * Plain iteration: yields one Future per awaitable. Like Python's coroutines, each one takes the next
   * result when it is first awaited (or given a done callback): the first one awaited resolves to the result
   * (or rejects with the error) of the first awaitable to finish, and so on; after the timeout, with
   * {@link TimeoutError}.
   *
   * @example
   * ```ts
   * import { asCompleted, type Task } from 'qtasyncio';
   * declare const a: Task<string>;
   * declare const b: Task<string>;
   * for (const next of asCompleted([a, b])) console.log(await next);
   * ```
   */
  *[Symbol.iterator](): Iterator<Future<T>> {
    while (this.#left > 0) {
      this.#left--;
      yield new NextResult<T>(this.#loop, (out) => this.#follow(out));
    }
  }

  /** Make `out` settle like the next finished awaitable. */
  #follow(out: Future<T>): void {
    const taker = this.#take();
    taker.addDoneCallback(() => {
      if (out.done()) return;
      if (taker.cancelled()) return void out.cancel();
      const item = taker.result();
      if (item === TIMED_OUT) out.setException(timedOut());
      else if (item.future.cancelled()) out.cancel();
      else if (item.future._state === REJECTED) out.setException(item.future.exception());
      else out.setResult(item.future.result());
    });
    out.addDoneCallback(() => {
      if (out.cancelled() && !taker.done()) taker.cancel();
    });
  }
}

/** A Future that starts following the next result when first awaited (Python's lazy coroutine). @internal */
class NextResult<T> extends Future<T> {
  #start: ((self: Future<T>) => void) | null;

  constructor(loop: EventLoop, start: (self: Future<T>) => void) {
    super(loop);
    this.#start = start;
  }

  #started(): void {
    const start = this.#start;
    if (start === null) return;
    this.#start = null;
    start(this);
  }

  // biome-ignore lint/suspicious/noThenProperty: a Future is a thenable by design
  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Future<R1 | R2> {
    this.#started();
    return super.then(onfulfilled, onrejected);
  }

  override addDoneCallback(callback: (future: Future<T>) => unknown): void {
    this.#started();
    super.addDoneCallback(callback);
  }
}

/**
 * Run the awaitables concurrently and take them in the order they finish (Futures and Tasks are used as they
 * are, Promise-likes are wrapped, functions become Tasks; the same Future or Promise twice counts once, a
 * function twice runs twice). Use it with `for await` to
 * get each finished Future (correlate it with the Futures you passed), or with `for … of` to get Futures of the
 * results in completion order. With `timeoutMs`, whatever is not done by then gives {@link TimeoutError}
 * (nothing is cancelled).
 *
 * @throws {@link NotAwaitableError} for a non-iterable or a non-awaitable item; {@link InvalidTimeoutError}.
 * @see {@link wait}, {@link gather}
 * @example
 * ```ts
 * import { asCompleted } from 'qtasyncio';
 * declare const urls: string[];
 * declare function download(url: string): Promise<Buffer>;
 * const tasks = urls.map((u) => loop.createTask(() => download(u)));
 * for await (const body of asCompleted(tasks, { timeoutMs: 10_000 })) console.log('done:', body.length);
 * ```
 */
export function asCompleted<T>(
  aws: Iterable<Awaitable<T>>,
  options: AsCompletedOptions = {},
): AsCompletedIterator<T> {
  const items = toArray('asCompleted', 'aws', aws);
  checkOptionKeys('asCompleted', options, ['timeoutMs'], InvalidArgumentError);
  checkTimeoutMs('asCompleted', 'options.timeoutMs', options.timeoutMs, true, InvalidTimeoutError);
  const loop = loopOf(items);
  const futures = toUniqueFutures<T>('asCompleted', items, loop, true);
  return new AsCompletedIterator(loop, futures, options.timeoutMs ?? null);
}
