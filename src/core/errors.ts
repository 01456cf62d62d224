/**
 * The errors of the loop core, and {@link QtAsyncioError}, the base of every error the package throws. Each is an
 * exported class with a stable `name` and a stable `code`, and each message names the function, the argument and
 * the value it received.
 *
 * @packageDocumentation
 */
import { brandError, classCode, isBranded } from './errorCode';

/**
 * The base of every error qtasyncio throws. `code` is a stable string naming the kind of error
 * (`'ERR_QTASYNCIO_CANCELLED'`…): each class has its own, on the class (`CancelledError.code`) and on its
 * instances, and it does not change when a message is reworded. The errors that are also built-in errors
 * (argument errors are `TypeError`s, range errors `RangeError`s, `ExceptionGroup` is an `AggregateError`) extend
 * those, and `instanceof QtAsyncioError` holds for them too.
 *
 * @example
 * ```ts
 * import { QtAsyncioError } from 'qtasyncio';
 * declare function main(): Promise<void>;
 * try {
 *   await main();
 * } catch (e) {
 *   if (e instanceof QtAsyncioError) console.error(`${e.code}: ${e.message}`);
 *   else throw e;
 * }
 * ```
 */
export class QtAsyncioError extends Error {
  /** The code of this error class. */
  static readonly code: string = 'ERR_QTASYNCIO';
  override readonly name: string = 'QtAsyncioError';
  /** A stable string naming the kind of error (the class's `code`). */
  readonly code: string = classCode(this);
  static {
    brandError(QtAsyncioError);
  }

  /**
   * `value instanceof QtAsyncioError` holds for every error of qtasyncio, also for those that extend a built-in
   * error instead (`LoopArgumentError` is a `TypeError`); `instanceof` one of its subclasses is the ordinary
   * test.
   *
   * @example
   * ```ts
   * import { LoopArgumentError, QtAsyncioError } from 'qtasyncio';
   * new LoopArgumentError('f(x): expected a function, got 1') instanceof QtAsyncioError; // true
   * new TypeError('x') instanceof QtAsyncioError; // false
   * ```
   */
  static override [Symbol.hasInstance]<T>(
    this: abstract new (
      ...args: never[]
    ) => T,
    value: unknown,
  ): value is T {
    // `this` is the right operand of `instanceof`: QtAsyncioError itself, or a subclass inheriting this method.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof tests, not QtAsyncioError
    if ((this as unknown) === QtAsyncioError) return isBranded(value);
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof tests, not QtAsyncioError
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/**
 * A Future or Task was cancelled. Thrown at the `await` of a cancelled Future, and inside a cancelled Task at
 * the point where it awaits a loop awaitable.
 *
 * @example
 * ```ts
 * import { CancelledError, Task } from 'qtasyncio';
 * declare const task: Task<unknown>;
 * try { await task; } catch (e) { if (e instanceof CancelledError) console.log('cancelled:', e.message); }
 * ```
 */
export class CancelledError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_CANCELLED';
  override readonly name: string = 'CancelledError';
  /** @param message - the message given to `cancel(msg)`, if any. */
  constructor(message = '') {
    super(message);
  }
}

/**
 * An operation is not allowed in the Future's current state: `setResult()` on a done Future, `result()` on a
 * pending one. The base of every state error of the package (`WrongLoopError`, `NotAcquiredError`,
 * `ScopeStateError`, `IoStateError`…).
 *
 * @example
 * ```ts
 * const f = loop.createFuture<number>();
 * f.result(); // throws InvalidStateError: Future.result(): the Future is still pending
 * ```
 */
export class InvalidStateError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_INVALID_STATE';
  override readonly name: string = 'InvalidStateError';
}

/**
 * A deadline passed (raised by `waitFor`, `timeout` and friends).
 *
 * @example
 * ```ts
 * import { TimeoutError } from 'qtasyncio';
 * throw new TimeoutError('waitFor(timeoutMs): 100 ms elapsed');
 * ```
 */
export class TimeoutError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_TIMEOUT';
  override readonly name: string = 'TimeoutError';
}

/**
 * A function that needs a running loop (`getRunningLoop()`, `sleep()` outside a loop…) was called while no loop
 * runs.
 *
 * @example
 * ```ts
 * import { getRunningLoop, NoRunningLoopError } from 'qtasyncio';
 * try { getRunningLoop(); } catch (e) { e instanceof NoRunningLoopError; } // true
 * ```
 */
export class NoRunningLoopError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_NO_RUNNING_LOOP';
  override readonly name: string = 'NoRunningLoopError';
}

/**
 * The loop is closed: nothing can be scheduled on it any more, and it cannot run.
 *
 * @example
 * ```ts
 * loop.close();
 * loop.callSoon(() => {}); // throws LoopClosedError: callSoon(): the event loop is closed
 * ```
 */
export class LoopClosedError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_LOOP_CLOSED';
  override readonly name: string = 'LoopClosedError';
}

/**
 * A loop was asked to run while it (or another loop) already runs, or `run()` was called inside a running loop.
 *
 * @example
 * ```ts
 * import { run } from 'qtasyncio';
 * declare function main(): Promise<void>;
 * await loop.runUntilComplete(async () => {
 *   await run(main); // rejects with LoopRunningError
 * });
 * ```
 */
export class LoopRunningError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_LOOP_RUNNING';
  override readonly name: string = 'LoopRunningError';
}

/**
 * A Task awaited itself (`await currentTask()` inside the task): that would never finish.
 *
 * @example
 * ```ts
 * import { currentTask } from 'qtasyncio';
 * loop.createTask(async () => { await currentTask(); }); // the await throws SelfAwaitError
 * ```
 */
export class SelfAwaitError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_SELF_AWAIT';
  override readonly name: string = 'SelfAwaitError';
}

/**
 * Something bound to one event loop was used from another: a Task awaited a Future of a different loop (asyncio:
 * `RuntimeError: Task … got Future … attached to a different loop`), or a lock or queue bound to one loop was
 * waited on from another.
 *
 * @example
 * ```ts
 * import { EventLoop } from 'qtasyncio';
 * const other = new EventLoop().createFuture();
 * await loop.runUntilComplete(async () => { await other; }); // rejects with WrongLoopError
 * ```
 */
export class WrongLoopError extends InvalidStateError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_WRONG_LOOP';
  override readonly name: string = 'WrongLoopError';
}

/**
 * `getEventLoop()` found no current loop: `setEventLoop(null)` removed it and no loop is running (asyncio 3.12+:
 * `RuntimeError: There is no current event loop`).
 *
 * @example
 * ```ts
 * import { getEventLoop, newEventLoop, setEventLoop } from 'qtasyncio';
 * setEventLoop(null);
 * getEventLoop(); // throws NoCurrentLoopError
 * setEventLoop(newEventLoop()); // a current loop again
 * ```
 */
export class NoCurrentLoopError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_NO_CURRENT_LOOP';
  override readonly name: string = 'NoCurrentLoopError';
}

/**
 * An argument has the wrong type (a callback that is not a function, an option of the wrong type). It is a
 * `TypeError`, and the base of every argument error of the package (`SyncArgumentError`, `IoArgumentError`,
 * `RxArgumentError`, `ExecutorArgumentError`…): `e instanceof LoopArgumentError` catches bad input to any part.
 *
 * @example
 * ```ts
 * loop.callSoon(42 as never); // throws LoopArgumentError: callSoon(callback): expected a function, got 42
 * ```
 */
export class LoopArgumentError extends TypeError {
  /** The code of this error class. */
  static readonly code: string = 'ERR_QTASYNCIO_LOOP_ARGUMENT';
  override readonly name: string = 'LoopArgumentError';
  /** A stable string naming the kind of error (the class's `code`). */
  readonly code: string = classCode(this);
  static {
    brandError(LoopArgumentError);
  }
}

/**
 * A numeric argument is out of range (a negative, NaN or infinite delay). It is a `RangeError`, and the base of
 * every range error of the package (`SyncRangeError`, `IoRangeError`, `RxRangeError`, `InvalidTimeoutError`).
 *
 * @example
 * ```ts
 * loop.callLater(Number.NaN, () => {}); // throws LoopRangeError: callLater(delay): expected a finite number ≥ 0, got NaN
 * ```
 */
export class LoopRangeError extends RangeError {
  /** The code of this error class. */
  static readonly code: string = 'ERR_QTASYNCIO_LOOP_RANGE';
  override readonly name: string = 'LoopRangeError';
  /** A stable string naming the kind of error (the class's `code`). */
  readonly code: string = classCode(this);
  static {
    brandError(LoopRangeError);
  }
}

/**
 * The program was interrupted with Ctrl+C (SIGINT) while `Runner.run(main, { handleSigint: true })` ran: the
 * main task was cancelled. `run()` turns it into exit code 130.
 *
 * @example
 * ```ts
 * import { KeyboardInterrupt, Runner } from 'qtasyncio';
 * declare const runner: Runner;
 * declare function main(): Promise<void>;
 * try { await runner.run(main, { handleSigint: true }); } catch (e) { if (e instanceof KeyboardInterrupt) process.exitCode = 130; }
 * ```
 */
export class KeyboardInterrupt extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_KEYBOARD_INTERRUPT';
  override readonly name: string = 'KeyboardInterrupt';
}
