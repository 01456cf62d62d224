/**
 * Future (asyncio's `futures.Future`): a result that will be set later, awaitable (Promises/A+ `then`), with
 * done callbacks scheduled on its loop.
 *
 * @packageDocumentation
 */

import { isEventLoop } from '../core/abstractEventLoop';
import { taskStorage } from '../core/context';
import { callerLocation } from '../core/debug';
import { CancelledError, InvalidStateError, LoopArgumentError } from '../core/errors';
import { getEventLoop } from '../core/events';
import { describeValue } from '../core/render';
import { checkFunction } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import type { Callback } from '../loop/handles';
import { CANCELLED, FULFILLED, PENDING, REJECTED } from './futureState';
import { dispatchReactions, enqueueReaction, Reaction } from './reactions';
import { trackUnretrieved, type Unretrieved, untrackUnretrieved } from './unretrieved';

/** @internal */
export { CANCELLED, FULFILLED, PENDING, REJECTED } from './futureState';

type Handler = ((value: unknown) => unknown) | null | undefined;
type State = typeof PENDING | typeof FULFILLED | typeof REJECTED | typeof CANCELLED;
const STATE_NAMES = ['pending', 'finished', 'finished', 'cancelled'] as const;

const nativeSource = Function.prototype.toString;

/**
 * Whether `handler` comes from the JavaScript engine rather than from user code: the resolving function an
 * `await` (or `Promise.resolve`, `Promise.all`, `Promise.race`) passes to `then`. User handlers are never the
 * task's await. The cheap checks rule out named and non-arrow functions before the source is looked at.
 */
function isAwaitHandler(handler: unknown): boolean {
  return (
    typeof handler === 'function' &&
    handler.name === '' &&
    !Object.hasOwn(handler, 'prototype') &&
    nativeSource.call(handler).endsWith('{ [native code] }')
  );
}

/** Marks a done callback that runs as a Promise's reaction would (a microtask), not on the next iteration. */
const PROMISE_TIMED = Symbol('promiseTimed');

/**
 * @internal Like `future.addDoneCallback(callback)` (and removable the same way), but `callback` runs from a
 * microtask once the Future is done, as a Promise's reaction would, instead of on the next loop iteration: for
 * RxJS adapters, whose subscribers expect `from(promise)` timing.
 */
export function addPromiseTimedDoneCallback<T>(future: Future<T>, callback: DoneCallback<T>): void {
  if (future._state !== PENDING) {
    queueMicrotask(() => callback(future));
    return;
  }
  (callback as { [PROMISE_TIMED]?: true })[PROMISE_TIMED] = true;
  future.addDoneCallback(callback);
}

/** A done callback: called (through the loop) with the Future once it is done. */
export type DoneCallback<T> = (future: Future<T>) => unknown;

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
  /** @internal */ _value: unknown;
  /** @internal */ _cancelMessage: string | undefined;
  /** @internal */ _cancelError: CancelledError | undefined;
  /** @internal */ readonly _loop: EventLoop;
  // Internal slots are typed loosely so that Future<T> stays covariant (a Future<number> is a Future<unknown>).
  /** @internal */ _callbacks: Callback[] | null = null;
  /** @internal pending `then` reactions (one without an array: the common single `await`) */
  _reactions: Reaction | Reaction[] | null = null;
  /** @internal */ _unretrieved: Unretrieved | null = null;
  /** @internal where it was created (debug mode) */ readonly _source: string | undefined;

  /** @param loop - the loop its callbacks run on (default: {@link getEventLoop}). */
  constructor(loop?: EventLoop) {
    if (loop !== undefined && !isEventLoop(loop)) {
      throw new LoopArgumentError(`${this._kind()}(loop): expected an EventLoop, got ${describeValue(loop)}`);
    }
    this._loop = loop ?? getEventLoop();
    this._source = this._loop.getDebug() ? callerLocation() : undefined;
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
    if (this._callbacks === null) this._callbacks = [callback];
    else this._callbacks.push(callback);
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
    const derived = new Future<R1 | R2>(this._loop);
    const store = taskStorage.getStore();
    let reaction: Reaction;
    if (store !== undefined && isAwaitHandler(onfulfilled)) {
      // The await machinery of the task's own code (or a Promise combinator it called): the task now waits on
      // this Future, and `task.cancel()` cancels it. A handler of the user's own is never the task's await.
      const refusal = store._awaiting(this as Future<unknown>);
      reaction = new Reaction(
        onfulfilled as Handler,
        onrejected as Handler,
        derived as Future<unknown>,
        store,
        store._step,
        false,
      );
      if (refusal !== undefined) {
        enqueueReaction(reaction, refusal instanceof CancelledError ? CANCELLED : REJECTED, refusal);
        return derived;
      }
    } else {
      const outside = store === undefined;
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
    return Promise.prototype.finally.call(this, onfinally) as unknown as Future<T>;
  }

  /**
   * @internal Complete: record the outcome, queue awaiters' reactions and done callbacks on the loop. With
   * `wakeNow`, the first reaction runs right here instead (the caller is itself a ready-queue wake-up, as
   * `sleep(0)` is: asyncio's bare `yield`, one loop iteration).
   */
  _finish(
    state: State,
    value: unknown,
    cancelMessage?: string,
    cancelError?: CancelledError,
    wakeNow = false,
  ): void {
    this._state = state;
    this._value = value;
    if (state === CANCELLED) {
      this._cancelMessage = cancelMessage;
      this._cancelError = cancelError;
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
      const closed = this._loop.isClosed();
      for (const cb of callbacks) {
        if ((cb as { [PROMISE_TIMED]?: true })[PROMISE_TIMED] === true) queueMicrotask(() => cb(this));
        else if (!closed) this._loop.callSoon(cb, this);
      }
    }
  }

  /** @internal */
  _retrieved(): void {
    const info = this._unretrieved;
    if (info !== null) {
      this._unretrieved = null;
      untrackUnretrieved(info);
    }
  }

  /** @internal */
  _cancelledError(): CancelledError {
    this._cancelError ??= new CancelledError(this._cancelMessage ?? '');
    return this._cancelError;
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
