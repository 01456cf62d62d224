/**
 * Handles: what `callSoon`, `callLater` and `callAt` return (asyncio's `events.Handle` / `TimerHandle`).
 *
 * @packageDocumentation
 */
import type { AbstractEventLoop } from '../core/abstractEventLoop';

/**
 * A callback the loop runs: `callSoon(cb, ...args)`, `callLater(ms, cb, ...args)` and `callAt(when, cb, ...args)`
 * call `cb(...args)`; its return value is ignored, a thrown error goes to the loop's exception handler.
 */
// biome-ignore lint/suspicious/noExplicitAny: callbacks take any arguments, checked at the call site's types
export type Callback = (...args: any[]) => unknown;

/**
 * @internal What the ready queue holds: a Handle, or a library object that runs itself (a Task's step, a
 * `sleep(0)`), which saves a Handle and an argument array per task.
 */
export interface Runnable {
  _cancelled: boolean;
  /**
   * Run it. `true` means it woke a task (a Future reaction, a task's first step, `sleep(0)`): the loop then lets
   * every microtask finish before it runs the next ready callback, so the task runs until it suspends, as an
   * asyncio task step does.
   */
  _run(): boolean | undefined;
  /**
   * `true` when running it only answers a task's `await` (it calls the engine's resolving functions: no code of
   * the program runs synchronously), so that the loop may run it from the end of another task's promise job
   * (see ReadyBatch).
   */
  readonly _answersAwait?: boolean;
  /**
   * The loop stopped with it still queued: return `true` if it ran elsewhere instead and leaves the queue (a
   * `then()` made outside any task behaves as a Promise's and does not wait for the next run).
   */
  _release?(): boolean;
  toString(): string;
}

/** Where handles were created (debug mode only): kept off the handle so a Handle stays four fields. */
const sources = new WeakMap<Handle, string>();

const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * A scheduled callback. Cancelling it before it runs means it never runs; cancelling twice is harmless.
 *
 * @example
 * ```ts
 * const h = loop.callSoon(() => console.log('never'));
 * h.cancel();
 * h.cancelled(); // true
 * ```
 */
// Handle is a Runnable (the ready queue's type checks it); no `implements` clause, which would name the internal
// interface in the published declarations.
export class Handle {
  /** @internal */ _callback: Callback | null;
  /** @internal */ _args: readonly unknown[];
  /** @internal */ readonly _loop: AbstractEventLoop;
  /** @internal */ _cancelled = false;

  /** @internal Created by the loop's `callSoon`; not meant to be constructed directly. */
  constructor(
    callback: Callback,
    args: readonly unknown[],
    loop: AbstractEventLoop,
    source: string | undefined,
  ) {
    this._callback = callback;
    this._args = args.length === 0 ? NO_ARGS : args;
    this._loop = loop;
    if (source !== undefined) sources.set(this, source);
  }

  /**
   * Cancel the callback: if it has not run yet, it never will. Idempotent.
   *
   * @example
   * ```ts
   * declare function tick(): void;
   * const h = loop.callLater(1000, tick);
   * h.cancel();
   * ```
   */
  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    // Drop references so a cancelled timer keeps nothing alive — except in debug mode, where the handle keeps
    // describing its callback.
    if (this._loop.getDebug()) return;
    this._callback = null;
    this._args = NO_ARGS;
  }

  /**
   * `using h = loop.callLater(…)` cancels the callback when the scope ends (same as {@link Handle.cancel}).
   *
   * @example
   * ```ts
   * declare function work(): Promise<void>;
   * declare function onTimeout(): void;
   * { using h = loop.callLater(1000, onTimeout); await work(); } // no onTimeout after the block
   * ```
   */
  [Symbol.dispose](): void {
    this.cancel();
  }

  /**
   * Whether {@link Handle.cancel} was called.
   *
   * @example
   * ```ts
   * declare function f(): void;
   * loop.callSoon(f).cancelled(); // false
   * ```
   */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal Run the callback; an exception goes to the loop's exception handler. It wakes no task. */
  _run(): undefined {
    const cb = this._callback;
    if (cb === null) return;
    try {
      const args = this._args;
      if (args.length === 0) cb();
      else cb(...args);
    } catch (exception) {
      this._failed(exception);
    }
  }

  /** @internal The callback threw `exception`: to the loop's exception handler. */
  _failed(exception: unknown): void {
    this._loop.callExceptionHandler({
      message: `Exception in callback ${this.toString()}`,
      exception,
      handle: this,
    });
  }

  /** @internal Where the handle was created (debug mode), or `undefined`. */
  get _source(): string | undefined {
    return sources.get(this);
  }

  /**
   * A description: `<Handle name()>`, plus where it was created in debug mode.
   *
   * @example
   * ```ts
   * String(loop.callSoon(function tick() {})); // '<Handle tick()>'
   * ```
   */
  toString(): string {
    const kind = this.constructor.name;
    const name = this._callback === null ? '' : this._callback.name || '(anonymous)';
    const state = this._cancelled ? ' cancelled' : '';
    const source = this._source;
    const at = source === undefined ? '' : ` created at ${source}`;
    return `<${kind}${state} ${name}()${at}>`;
  }
}

/**
 * @internal `callback(arg)` with its one argument kept without an array: what a Future's done callback is queued
 * as (see the loop's `_callSoonOne`).
 */
export class OneArgHandle extends Handle {
  /** @internal */ readonly _arg: unknown;

  /** @internal */
  constructor(callback: Callback, arg: unknown, loop: AbstractEventLoop) {
    super(callback, NO_ARGS, loop, undefined);
    this._arg = arg;
  }

  /** @internal */
  override _run(): undefined {
    const cb = this._callback;
    if (cb === null) return;
    try {
      cb(this._arg);
    } catch (exception) {
      this._failed(exception);
    }
  }
}

/**
 * A callback scheduled for a point in loop time (`callLater`, `callAt`).
 *
 * @example
 * ```ts
 * const h = loop.callLater(50, () => console.log('late'));
 * h.when(); // loop.time() + 50 at scheduling
 * ```
 */
export class TimerHandle extends Handle {
  /** @internal */ readonly _when: number;
  /** @internal insertion order, breaks ties between equal deadlines */ _seq: number;
  /** @internal whether it still sits in the loop's timer heap */ _scheduled = true;

  /** @internal Created by the loop's `callAt`. */
  constructor(
    when: number,
    seq: number,
    callback: Callback,
    args: readonly unknown[],
    loop: AbstractEventLoop,
    source: string | undefined,
  ) {
    super(callback, args, loop, source);
    this._when = when;
    this._seq = seq;
  }

  /**
   * The loop time (ms) at which the callback is due.
   *
   * @example
   * ```ts
   * declare function f(): void;
   * loop.callAt(loop.time() + 10, f).when();
   * ```
   */
  when(): number {
    return this._when;
  }

  override cancel(): void {
    if (!this._cancelled && this._scheduled) this._loop._timerHandleCancelled(this);
    super.cancel();
  }
}
