/**
 * Future (asyncio's `futures.Future`): a result that will be set later, awaitable (Promises/A+ `then`), with
 * done callbacks scheduled on its loop.
 *
 * @packageDocumentation
 */

import { isEventLoop } from '../core/abstractEventLoop';
import { currentContext } from '../core/context';
import { callerLocation } from '../core/debug';
import { CancelledError, InvalidStateError, LoopArgumentError } from '../core/errors';
import { getEventLoop } from '../core/events';
import { describeValue } from '../core/render';
import { checkFunction } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import { isAwaitHandler, promiseFinally } from './awaitHandler';
import { addCallback, type DoneCallbacks, removeCallbacks, scheduleCallbacks } from './doneCallbacks';
import { extraOf, type FutureExtra } from './futureExtra';
import { futureRepr, stateName } from './futureRepr';
import * as futureState from './futureState';
import { addReaction, awaitReaction, dispatchReactions, type Handler, Reaction } from './reactions';
import { trackUnretrieved, untrackUnretrieved } from './unretrieved';

// Re-exported as plain values (an `export … from` compiles to a getter, read on every hot-path comparison).
/** @internal */ export const PENDING: typeof futureState.PENDING = futureState.PENDING;
/** @internal */ export const FULFILLED: typeof futureState.FULFILLED = futureState.FULFILLED;
/** @internal */ export const REJECTED: typeof futureState.REJECTED = futureState.REJECTED;
/** @internal */ export const CANCELLED: typeof futureState.CANCELLED = futureState.CANCELLED;

type State = typeof PENDING | typeof FULFILLED | typeof REJECTED | typeof CANCELLED;

/** A done callback: called (through the loop) with the Future once it is done. */
export type DoneCallback<T> = (future: Future<T>) => unknown;

/** The Future every loop's `then()` returns for an engine `await` (see `then`): fulfilled with `undefined`. */
const fulfilledFutures = new WeakMap<EventLoop, Future<unknown>>();

function fulfilledFuture(loop: EventLoop): Future<unknown> {
  let f = fulfilledFutures.get(loop);
  if (f === undefined) {
    f = new Future<unknown>(loop);
    f._state = FULFILLED;
    fulfilledFutures.set(loop, f);
  }
  return f;
}

/**
 * A placeholder for a result that arrives later. `await future` gives the result, throws the exception, or
 * throws {@link CancelledError} when cancelled.
 *
 * @example
 * ```ts
 * const f = loop.createFuture<number>();
 * loop.callLater(10, () => f.setResult(42));
 * console.log(await f); // 42
 * ```
 */
export class Future<T> implements PromiseLike<T> {
  /** @internal */ _state: State = PENDING;
  /** @internal */ _value: unknown = undefined;
  /** @internal */ readonly _loop: EventLoop;
  // Internal slots are typed loosely so that Future<T> stays covariant (a Future<number> is a Future<unknown>).
  /** @internal done callbacks (see ./doneCallbacks.ts) */
  _callbacks: DoneCallbacks | null = null;
  /** @internal pending `then` reactions (one without an array: the common single `await`) */
  _reactions: Reaction | Reaction[] | null = null;
  /** @internal the rarely needed state, made on first need (see ./futureExtra.ts) */
  _x: FutureExtra | null = null;

  /** @param loop - the loop its callbacks run on (default: {@link getEventLoop}). */
  constructor(loop?: EventLoop) {
    if (loop !== undefined && !isEventLoop(loop)) {
      throw new LoopArgumentError(`${this._kind()}(loop): expected an EventLoop, got ${describeValue(loop)}`);
    }
    this._loop = loop ?? getEventLoop();
    if (this._loop.getDebug()) extraOf(this as Future<unknown>).source = callerLocation();
  }

  /** @internal where it was created (debug mode) */
  get _source(): string | undefined {
    return this._x === null ? undefined : this._x.source;
  }

  /**
   * The result. Throws the exception if one was set, {@link CancelledError} if cancelled, and
   * {@link InvalidStateError} while pending.
   *
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * if (f.done()) console.log(f.result());
   * ```
   */
  result(): T {
    switch (this._state) {
      case FULFILLED:
        return this._value as T;
      case REJECTED:
        untrackUnretrieved(this as Future<unknown>);
        throw this._value;
      case CANCELLED:
        throw this._cancelledError();
      default:
        throw new InvalidStateError(`${this._kind()}.result(): the ${this._kind()} is still pending`);
    }
  }

  /**
   * The exception set with {@link Future.setException}, or `undefined` after a result. Throws
   * {@link CancelledError} if cancelled and {@link InvalidStateError} while pending.
   *
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * const err = f.exception();
   * ```
   */
  exception(): unknown {
    switch (this._state) {
      case FULFILLED:
        return undefined;
      case REJECTED:
        untrackUnretrieved(this as Future<unknown>);
        return this._value;
      case CANCELLED:
        throw this._cancelledError();
      default:
        throw new InvalidStateError(`${this._kind()}.exception(): the ${this._kind()} is still pending`);
    }
  }

  /**
   * Whether it has a result, an exception, or was cancelled.
   *
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * f.done(); // false until set
   * ```
   */
  done(): boolean {
    return this._state !== PENDING;
  }

  /**
   * Whether it was cancelled.
   *
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * f.cancel();
   * f.cancelled(); // true
   * ```
   */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * Cancel it (if pending): done callbacks are scheduled and awaiting code gets {@link CancelledError} with
   * `msg`. Returns `false` if it was already done.
   *
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * f.cancel('no longer needed'); // true
   * ```
   */
  cancel(msg?: string): boolean {
    untrackUnretrieved(this as Future<unknown>);
    if (this._state !== PENDING) return false;
    this._finish(CANCELLED, undefined, msg);
    return true;
  }

  /**
   * Set the result.
   *
   * @throws {@link InvalidStateError} if already done.
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * f.setResult(42);
   * ```
   */
  setResult(value: T): void {
    if (this._state !== PENDING) {
      throw new InvalidStateError(
        `${this._kind()}.setResult(): the ${this._kind()} is already ${stateName(this as Future<unknown>)}`,
      );
    }
    this._finish(FULFILLED, value);
  }

  /**
   * Set an exception (any value, as JavaScript allows any rejection reason).
   *
   * @throws {@link InvalidStateError} if already done.
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * f.setException(new Error('failed'));
   * ```
   */
  setException(exception: unknown): void {
    if (this._state !== PENDING) {
      throw new InvalidStateError(
        `${this._kind()}.setException(): the ${this._kind()} is already ${stateName(this as Future<unknown>)}`,
      );
    }
    this._finish(REJECTED, exception);
  }

  /**
   * Call `callback(future)` through the loop once done (on the next iteration if it is done already).
   *
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * f.addDoneCallback((f) => console.log('done', f.cancelled()));
   * ```
   */
  addDoneCallback(callback: DoneCallback<T>): void {
    checkFunction(`${this._kind()}.addDoneCallback`, 'callback', callback);
    if (this._state !== PENDING) this._loop.callSoon(callback, this);
    else addCallback(this as Future<unknown>, callback);
  }

  /**
   * Remove every registration of `callback`; returns how many were removed.
   *
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * declare function onDone(): void;
   * f.removeDoneCallback(onDone); // 1
   * ```
   */
  removeDoneCallback(callback: DoneCallback<T>): number {
    return removeCallbacks(this as Future<unknown>, callback);
  }

  /**
   * The loop it is bound to.
   *
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * f.getLoop() === loop; // true
   * ```
   */
  getLoop(): EventLoop {
    return this._loop;
  }

  /**
   * Promises/A+ `then`, so `await future` works; returns a Future that settles with the handler's outcome.
   * Inside a Task it also records this Future as what the Task awaits, so `task.cancel()` cancels it.
   * Handlers run from a microtask, outside any task context.
   *
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * f.then((v) => console.log(v), (e) => console.error(e));
   * ```
   */
  // biome-ignore lint/suspicious/noThenProperty: a Future is a thenable by design
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Future<R1 | R2> {
    const store = currentContext();
    if (store !== null && isAwaitHandler(onfulfilled)) {
      // The await machinery of the task's own code (or a Promise combinator it called): see awaitReaction.
      // The engine's resolving functions return nothing and never throw, so what `then` returns would only ever
      // fulfil with `undefined`, and the engine drops it: an already fulfilled Future stands for it.
      awaitReaction(this as Future<unknown>, store, onfulfilled as Handler, onrejected as Handler);
      return fulfilledFuture(this._loop) as Future<R1 | R2>;
    }
    const derived = new Future<R1 | R2>(this._loop);
    const outside = store === null;
    addReaction(
      this as Future<unknown>,
      new Reaction(
        onfulfilled as Handler,
        onrejected as Handler,
        derived as Future<unknown>,
        null,
        0,
        outside,
      ),
    );
    return derived;
  }

  /**
   * Promise-style `catch`.
   *
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * await f.catch(() => undefined);
   * ```
   */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Future<T | R> {
    return this.then(undefined, onrejected);
  }

  /**
   * Promise-style `finally`.
   *
   * @example
   * ```ts
   * import { Future } from 'qtasyncio';
   * declare const f: Future<number>;
   * await f.finally(() => console.log('settled'));
   * ```
   */
  finally(onfinally?: (() => void) | null): Future<T> {
    return promiseFinally(this, onfinally) as Future<T>;
  }

  /**
   * @internal Complete: record the outcome, queue awaiters' reactions and done callbacks on the loop. With
   * `wakeNow`, the first reaction runs right here instead (the caller is itself a ready-queue wake-up, as
   * `sleep(0)` is: asyncio's bare `yield`, one loop iteration). With `inPromiseJob`, the caller is the promise
   * job that settles it (a task's function's promise): promise-timed done callbacks run right here, as the
   * reactions of that promise would, instead of a microtask later.
   */
  _finish(
    state: State,
    value: unknown,
    cancelMessage?: string,
    cancelError?: CancelledError,
    wakeNow = false,
    inPromiseJob = false,
  ): void {
    this._state = state;
    this._value = value;
    if (state === CANCELLED && (cancelMessage !== undefined || cancelError !== undefined)) {
      const x = extraOf(this as Future<unknown>);
      x.cancelMessage = cancelMessage;
      x.cancelError = cancelError;
    }
    const reactions = this._reactions;
    if (reactions !== null) {
      this._reactions = null;
      const outcome = state === CANCELLED ? this._cancelledError() : value;
      dispatchReactions(this as Future<unknown>, reactions, state, outcome, wakeNow);
    } else if (state === REJECTED) trackUnretrieved(this as Future<unknown>, value);
    const callbacks = this._callbacks;
    if (callbacks !== null) {
      this._callbacks = null;
      scheduleCallbacks(this as Future<unknown>, callbacks, inPromiseJob);
    }
  }

  /** @internal */
  _cancelledError(): CancelledError {
    const x = extraOf(this as Future<unknown>);
    x.cancelError ??= new CancelledError(x.cancelMessage ?? '');
    return x.cancelError;
  }

  /** @internal "Future" or "Task", for messages. */
  _kind(): string {
    return 'Future';
  }

  /**
   * A description: `<Future pending>`, `<Future finished result=42>`, `<Future cancelled>`.
   *
   * @example
   * ```ts
   * String(loop.createFuture()); // '<Future pending>'
   * ```
   */
  toString(): string {
    return futureRepr(this as Future<unknown>);
  }

  get [Symbol.toStringTag](): string {
    return this._kind();
  }
}
