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
import { isAwaitHandler } from './awaitHandler';
import { FutureExtra } from './futureExtra';
import * as futureState from './futureState';
import { isPromiseTimed } from './promiseTimed';
import { dispatchReactions, enqueueReaction, Reaction } from './reactions';
import { trackUnretrieved, type Unretrieved, untrackUnretrieved } from './unretrieved';

// Re-exported as plain values (an `export … from` compiles to a getter, read on every hot-path comparison).
/** @internal */ export const PENDING: typeof futureState.PENDING = futureState.PENDING;
/** @internal */ export const FULFILLED: typeof futureState.FULFILLED = futureState.FULFILLED;
/** @internal */ export const REJECTED: typeof futureState.REJECTED = futureState.REJECTED;
/** @internal */ export const CANCELLED: typeof futureState.CANCELLED = futureState.CANCELLED;

type Handler = ((value: unknown) => unknown) | null | undefined;
type State = typeof PENDING | typeof FULFILLED | typeof REJECTED | typeof CANCELLED;
const STATE_NAMES = ['pending', 'finished', 'finished', 'cancelled'] as const;

/** A done callback: called (through the loop) with the Future once it is done. */
export type DoneCallback<T> = (future: Future<T>) => unknown;
// biome-ignore lint/suspicious/noExplicitAny: stored callbacks of any Future<T>, kept covariant
type AnyDoneCallback = (future: any) => unknown;

/** Inside `Future.finally`, whose engine handlers are not an await's resolving functions. */
let inFinally = 0;

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
  /** @internal done callbacks (one without an array: the common single callback) */
  _callbacks: AnyDoneCallback | AnyDoneCallback[] | null = null;
  /** @internal pending `then` reactions (one without an array: the common single `await`) */
  _reactions: Reaction | Reaction[] | null = null;
  /** @internal the rarely needed state, made on first need (see {@link Future._extra}) */
  _x: FutureExtra | null = null;

  /** @param loop - the loop its callbacks run on (default: {@link getEventLoop}). */
  constructor(loop?: EventLoop) {
    if (loop !== undefined && !isEventLoop(loop)) {
      throw new LoopArgumentError(`${this._kind()}(loop): expected an EventLoop, got ${describeValue(loop)}`);
    }
    this._loop = loop ?? getEventLoop();
    if (this._loop.getDebug()) this._extra().source = callerLocation();
  }

  /** @internal The rarely needed state, made now if it was not yet. */
  _extra(): FutureExtra {
    let x = this._x;
    if (x === null) {
      x = new FutureExtra();
      this._x = x;
    }
    return x;
  }

  /** @internal where it was created (debug mode) */
  get _source(): string | undefined {
    return this._x === null ? undefined : this._x.source;
  }

  /** @internal the message of `cancel(msg)` */
  get _cancelMessage(): string | undefined {
    return this._x === null ? undefined : this._x.cancelMessage;
  }

  /** @internal the watch on an exception nobody retrieved yet */
  get _unretrieved(): Unretrieved | null {
    return this._x === null ? null : this._x.unretrieved;
  }

  /** @internal */
  set _unretrieved(info: Unretrieved | null) {
    if (info !== null || this._x !== null) this._extra().unretrieved = info;
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
        this._retrieved();
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
        this._retrieved();
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
    this._retrieved();
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
        `${this._kind()}.setResult(): the ${this._kind()} is already ${this._stateName()}`,
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
        `${this._kind()}.setException(): the ${this._kind()} is already ${this._stateName()}`,
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
    if (this._state !== PENDING) {
      this._loop.callSoon(callback, this);
      return;
    }
    const list = this._callbacks;
    if (list === null) this._callbacks = callback as AnyDoneCallback;
    else if (Array.isArray(list)) list.push(callback as AnyDoneCallback);
    else this._callbacks = [list, callback as AnyDoneCallback];
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
    const list = this._callbacks;
    if (list === null) return 0;
    if (!Array.isArray(list)) {
      if (list !== callback) return 0;
      this._callbacks = null;
      return 1;
    }
    const kept = list.filter((cb) => cb !== callback);
    this._callbacks = kept;
    return list.length - kept.length;
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
    let reaction: Reaction;
    let derived: Future<R1 | R2>;
    if (store !== null && inFinally === 0 && isAwaitHandler(onfulfilled)) {
      // The await machinery of the task's own code (or a Promise combinator it called): the task now waits on
      // this Future, and `task.cancel()` cancels it. A handler of the user's own is never the task's await.
      // The engine's resolving functions return nothing and never throw, so what `then` returns would only ever
      // fulfil with `undefined`, and the engine drops it: an already fulfilled Future stands for it.
      derived = fulfilledFuture(this._loop) as Future<R1 | R2>;
      const refusal = store._awaiting(this as Future<unknown>);
      reaction = new Reaction(onfulfilled as Handler, onrejected as Handler, null, store, store._step, false);
      if (refusal !== undefined) {
        enqueueReaction(reaction, refusal instanceof CancelledError ? CANCELLED : REJECTED, refusal);
        return derived;
      }
    } else {
      derived = new Future<R1 | R2>(this._loop);
      const outside = store === null;
      reaction = new Reaction(
        onfulfilled as Handler,
        onrejected as Handler,
        derived as Future<unknown>,
        null,
        0,
        outside,
      );
    }
    if (this._state === PENDING) {
      const list = this._reactions;
      if (list === null) this._reactions = reaction;
      else if (Array.isArray(list)) list.push(reaction);
      else this._reactions = [list, reaction];
    } else {
      if (this._unretrieved !== null) this._retrieved();
      const outcome = this._state === CANCELLED ? this._cancelledError() : this._value;
      // A task's `await` of a done Future does not suspend (asyncio); any other then() queues like a done
      // callback (asyncio's add_done_callback), behind what is already ready.
      if (reaction.task !== null) enqueueReaction(reaction, this._state, outcome);
      else dispatchReactions(this as Future<unknown>, reaction, this._state, outcome, false);
    }
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
    // Promise's own finally calls then() with engine functions whose outcome matters: keep its derived Future.
    inFinally++;
    try {
      return Promise.prototype.finally.call(this, onfinally) as unknown as Future<T>;
    } finally {
      inFinally--;
    }
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
      const x = this._extra();
      x.cancelMessage = cancelMessage;
      x.cancelError = cancelError;
    }
    const reactions = this._reactions;
    if (reactions !== null) {
      this._reactions = null;
      const outcome = state === CANCELLED ? this._cancelledError() : value;
      dispatchReactions(this as Future<unknown>, reactions, state, outcome, wakeNow);
    } else if (state === REJECTED) {
      this._unretrieved = trackUnretrieved(
        this as Future<unknown>,
        this._loop,
        value,
        this._neverRetrievedMessage(),
      );
    }
    const callbacks = this._callbacks;
    if (callbacks !== null) {
      this._callbacks = null;
      if (!Array.isArray(callbacks)) this.#scheduleCallback(callbacks, inPromiseJob);
      else for (const cb of callbacks) this.#scheduleCallback(cb, inPromiseJob);
    }
  }

  #scheduleCallback(cb: AnyDoneCallback, now: boolean): void {
    if (!isPromiseTimed(cb)) {
      if (!this._loop.isClosed()) this._loop._callSoonOne(cb, this);
    } else if (!now) queueMicrotask(() => cb(this));
    else {
      try {
        cb(this);
      } catch (e) {
        // As from its own microtask: an uncaught exception, without stopping the other callbacks.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  /** @internal */
  _retrieved(): void {
    const x = this._x;
    if (x === null) return;
    const info = x.unretrieved;
    if (info !== null) {
      x.unretrieved = null;
      untrackUnretrieved(info);
    }
  }

  /** @internal */
  _cancelledError(): CancelledError {
    const x = this._extra();
    x.cancelError ??= new CancelledError(x.cancelMessage ?? '');
    return x.cancelError;
  }

  /** @internal "Future" or "Task", for messages. */
  _kind(): string {
    return 'Future';
  }

  /** @internal */
  _neverRetrievedMessage(): string {
    return 'Future exception was never retrieved';
  }

  /** @internal */
  _stateName(): string {
    return STATE_NAMES[this._state];
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
    const details =
      this._state === FULFILLED
        ? ` result=${describeValue(this._value)}`
        : this._state === REJECTED
          ? ` exception=${this._value instanceof Error ? `${this._value.name}: ${this._value.message}` : describeValue(this._value)}`
          : '';
    const at = this._source === undefined ? '' : ` created at ${this._source}`;
    return `<${this._kind()} ${this._stateName()}${details}${at}>`;
  }

  get [Symbol.toStringTag](): string {
    return this._kind();
  }
}
