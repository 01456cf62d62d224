/**
 * `gather` (asyncio's `gather`): run awaitables concurrently and collect their results in order.
 *
 * @packageDocumentation
 */
import { CancelledError } from '../core/errors';
import { checkBoolean, checkOptionKeys } from '../core/validate';
import { Future, REJECTED } from '../futures/future';
import type { EventLoop } from '../loop/eventLoop';
import {
  type Awaitable,
  type AwaitedValue,
  checkAwaitables,
  isAwaitable,
  loopOf,
  toFuture,
} from './awaitables';
import { InvalidArgumentError } from './errors';

/**
 * Options of {@link gather}, passed as its last argument.
 *
 * @example
 * ```ts
 * import { gather, type GatherOptions, Task } from 'qtasyncio';
 * declare const a: Task<string>;
 * declare const b: Task<string>;
 * await gather(a, b, { returnExceptions: true } satisfies GatherOptions);
 * ```
 */
export interface GatherOptions {
  /**
   * `false` (default): the first error (or cancellation) of a child settles the gather with it, the other
   * children keep running. `true`: errors are results like values, and the gather waits for every child.
   */
  returnExceptions?: boolean;
}

/**
 * The results of `gather(...aws)`, in argument order.
 *
 * @example
 * ```ts
 * import { Future, type GatherResults } from 'qtasyncio';
 * type R = GatherResults<[Future<number>, () => Promise<string>]>; // [number, string]
 * ```
 */
export type GatherResults<T extends readonly unknown[]> = { -readonly [K in keyof T]: AwaitedValue<T[K]> };

/**
 * The results of `gather(...aws, { returnExceptions: true })`: each a value or the error its child raised
 * (typed `unknown`, as JavaScript can reject with any value).
 *
 * @example
 * ```ts
 * import { gather } from 'qtasyncio';
 * declare function job(): Promise<string>;
 * const [r] = await gather(job, { returnExceptions: true });
 * if (r instanceof Error) console.error(r);
 * ```
 */
export type GatherSettled<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: AwaitedValue<T[K]> | unknown;
};

/**
 * The Future `gather` returns: cancelling it cancels every child that is not done yet.
 *
 * @example
 * ```ts
 * import { gather, Task } from 'qtasyncio';
 * declare const taskA: Task<string>;
 * declare const taskB: Task<string>;
 * const all = gather(taskA, taskB);
 * all.cancel(); // cancels taskA and taskB; awaiting `all` throws CancelledError
 * ```
 */
export class GatheringFuture<T> extends Future<T> {
  /** @internal */ readonly _children: readonly Future<unknown>[];
  /** @internal */ _cancelRequested = false;
  /** @internal */ _cancelMsg: string | undefined;

  /** @internal */
  constructor(loop: EventLoop, children: readonly Future<unknown>[]) {
    super(loop);
    this._children = children;
  }

  /**
   * Cancel every child not done yet (the gather then ends with {@link CancelledError}). Returns whether any
   * child accepted the cancellation.
   *
   * @example
   * ```ts
   * import { gather, Task } from 'qtasyncio';
   * declare const a: Task<string>;
   * declare const b: Task<string>;
   * gather(a, b).cancel('stop'); // true while a or b is pending
   * ```
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let any = false;
    for (const child of this._children) if (child.cancel(msg)) any = true;
    if (any) {
      this._cancelRequested = true;
      this._cancelMsg = msg;
    }
    return any;
  }
}

function isOptions(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !isAwaitable(x, true) && !Array.isArray(x);
}

function cancelledErrorOf(f: Future<unknown>): CancelledError {
  try {
    f.result();
  } catch (e) {
    if (e instanceof CancelledError) return e;
  }
  return new CancelledError();
}

/**
 * Run the awaitables concurrently; the returned Future gives their results in argument order. Futures and Tasks
 * are used as they are, Promise-likes are wrapped, functions become Tasks. The same Future or Promise passed
 * twice is awaited once and gives its result twice; a function passed twice runs twice (a function is a
 * factory, like calling a coroutine function twice in Python).
 *
 * Options are an optional **last argument** that is a plain object (not a Future, Promise-like, function or
 * array): `gather(a, b, { returnExceptions: true })`. Unknown option keys are an error, so an object meant as
 * an awaitable cannot be mistaken for options silently. The awaitables can also come as **one array**,
 * `gather(aws, options?)`, like `Promise.all`: use that form for large collections, since spreading more than
 * ~100 000 arguments exceeds the engine's call-stack limit.
 *
 * Without `returnExceptions`, the first child that fails (or is cancelled) settles the gather with that error
 * and the other children keep running. Cancelling the gather cancels every child.
 *
 * @throws {@link NotAwaitableError} for an argument that is not awaitable; {@link InvalidArgumentError} for bad
 *   options or Futures of different loops.
 * @see {@link TaskGroup}, {@link wait}, {@link asCompleted}
 * @example
 * ```ts
 * import { gather, sleep } from 'qtasyncio';
 * declare const urls: string[];
 * declare function download(url: string): Promise<Buffer>;
 * declare function failing(): Promise<string>;
 * declare function ok(): Promise<string>;
 * const [a, b] = await gather(sleep(10, 'a'), async () => 'b');
 * const settled = await gather(failing(), ok(), { returnExceptions: true }); // [Error, 'ok']
 * const all = await gather(urls.map((u) => () => download(u))); // the array form
 * ```
 */
export function gather<const T extends readonly Awaitable<unknown>[]>(
  ...aws: T
): GatheringFuture<GatherResults<T>>;
export function gather<const T extends readonly Awaitable<unknown>[]>(
  ...args: [...aws: T, options: GatherOptions & { returnExceptions: true }]
): GatheringFuture<GatherSettled<T>>;
export function gather<const T extends readonly Awaitable<unknown>[]>(
  ...args: [...aws: T, options: GatherOptions]
): GatheringFuture<GatherResults<T> | GatherSettled<T>>;
export function gather<const T extends readonly Awaitable<unknown>[]>(
  aws: T,
  options: GatherOptions & { returnExceptions: true },
): GatheringFuture<GatherSettled<T>>;
export function gather<const T extends readonly Awaitable<unknown>[]>(
  aws: T,
  options?: GatherOptions & { returnExceptions?: false },
): GatheringFuture<GatherResults<T>>;
export function gather<const T extends readonly Awaitable<unknown>[]>(
  aws: T,
  options: GatherOptions,
): GatheringFuture<GatherResults<T> | GatherSettled<T>>;
export function gather(...params: unknown[]): GatheringFuture<unknown[]> {
  let args = params;
  let returnExceptions = false;
  if (Array.isArray(params[0])) {
    if (params.length > 2 || (params.length === 2 && !isOptions(params[1]))) {
      throw new InvalidArgumentError(
        `gather(aws, options): with an array of awaitables, expected at most an options object after it, got ${params.length} arguments`,
      );
    }
    args = [...(params[0] as unknown[])];
    if (params.length === 2) args.push(params[1]);
  }
  if (args.length > 0 && isOptions(args[args.length - 1])) {
    const options = args.pop() as GatherOptions;
    checkOptionKeys('gather', options, ['returnExceptions'], InvalidArgumentError);
    if (options.returnExceptions !== undefined) {
      checkBoolean('gather', 'options.returnExceptions', options.returnExceptions, InvalidArgumentError);
    }
    returnExceptions = options.returnExceptions ?? false;
  }
  const loop = loopOf(args);
  // The same Future or Promise twice is awaited once; a function is a factory: each occurrence is a new Task.
  checkAwaitables('gather', args, loop); // all valid before any function starts as a Task
  const byArg = new Map<unknown, Future<unknown>>();
  const unique: Future<unknown>[] = [];
  const children: Future<unknown>[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let f = typeof arg === 'function' ? undefined : byArg.get(arg);
    if (f === undefined) {
      f = toFuture<unknown>('gather', `aws[${i}]`, arg, loop);
      if (typeof arg !== 'function') byArg.set(arg, f);
      unique.push(f);
    }
    children.push(f);
  }
  const outer = new GatheringFuture<unknown[]>(loop, children);
  if (children.length === 0) {
    outer.setResult([]);
    return outer;
  }
  const total = unique.length;
  let finished = 0;
  const onChildDone = (child: Future<unknown>): void => {
    finished++;
    if (outer.done()) {
      if (!child.cancelled()) child.exception(); // mark it retrieved: the gather saw it
      return;
    }
    if (!returnExceptions) {
      if (child.cancelled()) {
        outer.setException(cancelledErrorOf(child));
        return;
      }
      if (child._state === REJECTED) {
        outer.setException(child.exception());
        return;
      }
    }
    if (finished < total) return;
    const results = children.map((c) =>
      c.cancelled() ? cancelledErrorOf(c) : c._state === REJECTED ? c.exception() : c.result(),
    );
    if (outer._cancelRequested) outer.setException(new CancelledError(outer._cancelMsg ?? ''));
    else outer.setResult(results);
  };
  // Like asyncio: children already done count at once (so a gather of done Futures is done on return).
  const alreadyDone: Future<unknown>[] = [];
  for (const f of unique) {
    if (f.done()) alreadyDone.push(f);
    else f.addDoneCallback(onChildDone);
  }
  for (const f of alreadyDone) onChildDone(f);
  return outer;
}
