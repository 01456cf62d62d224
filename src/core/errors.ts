/**
 * The errors of the loop core. Each is an exported class with a stable `name`, and each message names the
 * function, the argument and the value it received.
 *
 * @packageDocumentation
 */
import { inspect } from 'node:util';

/**
 * Render a received value for an error message: `NaN`, `-1`, `"text"`, `undefined`, `{ a: 1 }`, `[ 1, 2 ]`, `a Map`.
 *
 * @example
 * ```ts
 * import { LoopRangeError } from 'qtasyncio';
 * import { describeValue } from './errors';
 * declare const ms: number;
 * throw new LoopRangeError(`sleep(ms): expected a finite number ≥ 0, got ${describeValue(ms)}`);
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'symbol' || typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return String(value);
  // Plain objects and arrays: a short, one-line rendering of the value; other objects: their class.
  const proto = Object.getPrototypeOf(value) as object | null;
  if (!Array.isArray(value) && proto !== null && proto !== Object.prototype) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? `a ${name}` : Object.prototype.toString.call(value);
  }
  const text = inspect(value, { depth: 1, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 5 });
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
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
export class CancelledError extends Error {
  override readonly name: string = 'CancelledError';
  /** @param message - the message given to `cancel(msg)`, if any. */
  constructor(message = '') {
    super(message);
  }
}

/**
 * An operation is not allowed in the Future's current state: `setResult()` on a done Future, `result()` on a
 * pending one.
 *
 * @example
 * ```ts
 * const f = loop.createFuture<number>();
 * f.result(); // throws InvalidStateError: Future.result(): the Future is still pending
 * ```
 */
export class InvalidStateError extends Error {
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
export class TimeoutError extends Error {
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
export class NoRunningLoopError extends Error {
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
export class LoopClosedError extends Error {
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
export class LoopRunningError extends Error {
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
export class SelfAwaitError extends Error {
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
export class NoCurrentLoopError extends Error {
  override readonly name: string = 'NoCurrentLoopError';
}

/**
 * An argument has the wrong type (a callback that is not a function, an option of the wrong type).
 *
 * @example
 * ```ts
 * loop.callSoon(42 as never); // throws LoopArgumentError: callSoon(callback): expected a function, got 42
 * ```
 */
export class LoopArgumentError extends TypeError {
  override readonly name: string = 'LoopArgumentError';
}

/**
 * A numeric argument is out of range (a negative, NaN or infinite delay).
 *
 * @example
 * ```ts
 * loop.callLater(Number.NaN, () => {}); // throws LoopRangeError: callLater(delay): expected a finite number ≥ 0, got NaN
 * ```
 */
export class LoopRangeError extends RangeError {
  override readonly name: string = 'LoopRangeError';
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
export class KeyboardInterrupt extends Error {
  override readonly name: string = 'KeyboardInterrupt';
}
