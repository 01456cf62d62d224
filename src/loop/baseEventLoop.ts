/**
 * The scheduling core of the event loop (asyncio's `BaseEventLoop`): a FIFO queue of ready callbacks run one
 * batch per iteration (./readyBatch.ts), a heap of timers (./timerHeap.ts), running/stopping/closing, the clock
 * and debug mode. It runs on Node's own libuv loop (./ticker.ts) — one `setImmediate` per batch, one Node timer
 * for the earliest deadline, nothing armed while the loop does not run — so with `qtasyncio/qt` loaded it shares
 * the loop with Qt's events.
 *
 * @packageDocumentation
 */

import { type AbstractEventLoop, LOOP_BRAND } from '../core/abstractEventLoop';
import { outsideTasks } from '../core/context';
import { callerLocation } from '../core/debug';
import { LoopClosedError, LoopRunningError } from '../core/errors';
import { _clearRunningLoop, _getRunningLoop, _setRunningLoop } from '../core/runningLoop';
import { checkBoolean, checkFunction, checkNotAsync, checkTime } from '../core/validate';
import { reportUnretrieved } from '../futures/unretrieved';
import { type LoopClock, realClock } from './clock';
import { runCloseHooks } from './closeHooks';
import type { ExceptionContext } from './exceptionHandler';
import { type Callback, Handle, OneArgHandle, type Runnable, TimerHandle } from './handles';
import { ReadyBatch } from './readyBatch';
import { type SlowCallback, SlowCallbackLog } from './slowCallbacks';
import { Ticker } from './ticker';
import { TimerHeap } from './timerHeap';

/** Options of `new EventLoop()`. */
export interface EventLoopOptions {
  /** Debug mode (default: `QTASYNCIO_DEBUG=1` in the environment). */
  debug?: boolean;
  /** The clock/timer provider (default {@link realClock}). */
  clock?: LoopClock;
}

const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * The part of {@link EventLoop} that schedules and runs callbacks. Use `EventLoop` (or `VirtualTimeLoop`).
 *
 * @example
 * ```ts
 * import { EventLoop } from 'qtasyncio';
 * const loop = new EventLoop(); // an EventLoop is a BaseEventLoop
 * loop.callSoon(() => loop.stop());
 * await loop.runForever();
 * ```
 */
export abstract class BaseEventLoop implements AbstractEventLoop {
  /** @internal Marks every loop (see `isEventLoop`). */
  declare readonly [LOOP_BRAND]: true;
  /** Debug mode logs callbacks that run longer than this many ms. */
  slowCallbackDurationMs = 100;
  readonly #slow = new SlowCallbackLog();
  /** @internal */ readonly _clock: LoopClock;
  /** @internal */ _ready: Runnable[] = [];
  /** Runs the batches taken from `_ready`. */
  readonly #batch = new ReadyBatch(this, this.#slow);
  /** @internal */ readonly _timers = new TimerHeap();
  #seq = 0;
  /** @internal */ _running = false;
  /** @internal runForever() is active: the loop wakes itself up (see ./ticker.ts). */
  _ticking = false;
  /** @internal a tick is queued on the host (see ./ticker.ts) */
  _immediatePending = false;
  /** @internal `stop()` was called: the loop stops after the current batch. */
  _stopping = false;
  #closed = false;
  /** @internal debug mode */
  _debug: boolean;
  #stopResolve: (() => void) | null = null;
  /** How many possible wake-ups (see Runnable) were queued, at most: a batch without any runs in one go. */
  #readyWakeUps = 0;
  /** Has the host call the loop back while runForever() runs: each tick runs an iteration. */
  readonly #ticker = new Ticker(this, () => {
    if (!this.#batch.waiting) outsideTasks(this.#runOnce);
  });
  readonly #runOnce = (): void => this._runOnce(this.#afterBatch);
  readonly #afterBatch = (): void => {
    if (this._stopping) this.#finishRun();
    else if (this._ticking) this.#ticker.arm();
  };

  /** @param options - debug mode and the clock/timer provider. */
  constructor(options: EventLoopOptions = {}) {
    this._clock = options.clock ?? realClock;
    this._debug = options.debug ?? process.env.QTASYNCIO_DEBUG === '1';
  }

  /**
   * Schedule `callback(...args)` for the next loop iteration. Callbacks run in FIFO order; those scheduled while
   * a batch runs go to the next batch.
   *
   * @example
   * ```ts
   * loop.callSoon((name) => console.log(`hello ${name}`), 'world');
   * ```
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
  callSoon(callback: Callback): Handle {
    if (this.#closed) throw new LoopClosedError('callSoon(): the event loop is closed');
    checkFunction('callSoon', 'callback', callback);
    if (this._debug) checkNotAsync('callSoon', 'callback', callback);
    // `arguments` rather than a rest parameter: no array for the common no-argument call.
    // biome-ignore lint/complexity/noArguments: avoids an allocation per call on the hottest path
    const args = arguments.length === 1 ? NO_ARGS : Array.prototype.slice.call(arguments, 1);
    const h = new Handle(callback, args, this, this._debug ? callerLocation() : undefined);
    this._ready.push(h);
    if (this._ticking && !this._immediatePending) this.#ticker.scheduleTick();
    return h;
  }

  /**
   * @internal `callSoon(callback, arg)` for the library's own one-argument callbacks (a Future's done callbacks):
   * no argument checks, no argument array.
   */
  _callSoonOne(callback: Callback, arg: unknown): void {
    if (this._debug) {
      this.callSoon(callback, arg);
      return;
    }
    if (this.#closed) throw new LoopClosedError('callSoon(): the event loop is closed');
    this._ready.push(new OneArgHandle(callback, arg, this));
    if (this._ticking && !this._immediatePending) this.#ticker.scheduleTick();
  }

  /** @internal Queue a library object that runs itself (no argument checks, no Handle). */
  _callSoonRunnable(r: Runnable): void {
    if (this.#closed) throw new LoopClosedError('callSoon(): the event loop is closed');
    this._ready.push(r);
    this.#readyWakeUps++;
    if (this._ticking && !this._immediatePending) this.#ticker.scheduleTick();
  }

  /**
   * Schedule `callback(...args)` to run `delayMs` milliseconds from now (timers run by deadline, then in
   * scheduling order; a delay ≤ 0 is due at once, on the next iteration, as in asyncio).
   *
   * @example
   * ```ts
   * const h = loop.callLater(100, () => console.log('100 ms later'));
   * ```
   */
  callLater<A extends unknown[]>(
    delayMs: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    checkTime('callLater', 'delay', delayMs); // a delay ≤ 0 is due now (asyncio)
    return this.#callAt('callLater', this.time() + delayMs, callback as Callback, args);
  }

  /**
   * Schedule `callback(...args)` at loop time `whenMs` (see {@link EventLoop.time}); a time in the past runs on
   * the next iteration.
   *
   * @example
   * ```ts
   * loop.callAt(loop.time() + 1000, () => console.log('a second later'));
   * ```
   */
  callAt<A extends unknown[]>(whenMs: number, callback: (...args: A) => unknown, ...args: A): TimerHandle {
    checkTime('callAt', 'when', whenMs);
    return this.#callAt('callAt', whenMs, callback as Callback, args);
  }

  #callAt(fn: string, when: number, callback: Callback, args: unknown[]): TimerHandle {
    if (this.#closed) throw new LoopClosedError(`${fn}(): the event loop is closed`);
    checkFunction(fn, 'callback', callback);
    if (this._debug) checkNotAsync(fn, 'callback', callback);
    const h = new TimerHandle(
      when,
      this.#seq++,
      callback,
      args,
      this,
      this._debug ? callerLocation() : undefined,
    );
    this._timers.push(h);
    const ticker = this.#ticker;
    if (this._ticking && !this._immediatePending && when < ticker.timerWhen) ticker.arm();
    return h;
  }

  /** @internal A scheduled TimerHandle was cancelled: purge the heap when cancelled ones dominate. */
  _timerHandleCancelled(_h: TimerHandle): void {
    this._timers.cancelled++;
  }

  /**
   * The loop's monotonic clock in milliseconds (virtual time in a `VirtualTimeLoop`).
   *
   * @example
   * ```ts
   * const t0 = loop.time();
   * ```
   */
  time(): number {
    return this._clock.now();
  }

  /**
   * @internal One iteration: move due timers to the ready queue, then run the batch that is ready now, and call
   * `done` when it has run. After a wake-up (see Runnable) the rest of the batch waits until every microtask has
   * finished — the woken task has run until it suspends — so `done` may be called later, from a tick.
   */
  _runOnce(done: () => void): void {
    const timers = this._timers;
    if (timers.size > 0) timers.popDue(this._clock.now(), this._ready);
    const batch = this._ready;
    if (batch.length === 0) {
      done();
      return;
    }
    const runner = this.#batch;
    this._ready = runner.spare;
    const wakeUps = this.#readyWakeUps;
    this.#readyWakeUps = 0;
    if (wakeUps !== 0 || this._debug) {
      runner.start(batch, done);
      return;
    }
    // Plain callbacks only (no task to let run in between): the whole batch in one go.
    for (let i = 0; i < batch.length; i++) {
      const h = batch[i] as Runnable;
      if (!h._cancelled) h._run();
    }
    batch.length = 0;
    runner.spare = batch;
    done();
  }

  /**
   * The last slow callbacks debug mode saw (at most 20, oldest first): what it logs as "Executing … took N ms".
   * Only debug mode records them.
   *
   * @example
   * ```ts
   * loop.setDebug(true);
   * for (const slow of loop.slowCallbacks()) console.log(`${slow.description}: ${slow.durationMs} ms`);
   * ```
   */
  slowCallbacks(): readonly SlowCallback[] {
    return this.#slow.recent();
  }

  /** @internal Enter the running state (also used by `VirtualTimeLoop.advance`). */
  _enterRunning(fn: string): void {
    if (this.#closed) throw new LoopClosedError(`${fn}(): the event loop is closed`);
    if (this._running) throw new LoopRunningError(`${fn}(): this event loop is already running`);
    if (_getRunningLoop() !== null)
      throw new LoopRunningError(`${fn}(): another event loop is already running`);
    this._running = true;
    _setRunningLoop(this);
  }

  /** @internal Leave the running state. */
  _leaveRunning(): void {
    this._running = false;
    _clearRunningLoop(this);
  }

  /**
   * Run until {@link EventLoop.stop} is called. The returned Promise resolves once the loop stopped; while it runs
   * the process stays alive.
   *
   * @example
   * ```ts
   * loop.callLater(1000, () => loop.stop());
   * await loop.runForever();
   * ```
   */
  runForever(): Promise<void> {
    try {
      this._enterRunning('runForever');
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<void>((resolve) => {
      this.#stopResolve = resolve;
      this.#ticker.start();
    });
  }

  #finishRun(): void {
    this.#releaseQueued();
    this.#ticker.stop();
    this._stopping = false;
    this._leaveRunning();
    const resolve = this.#stopResolve;
    this.#stopResolve = null;
    resolve?.();
  }

  /** Let queued entries that do not wait for the next run (see Runnable._release) leave the ready queue. */
  #releaseQueued(): void {
    const ready = this._ready;
    let kept = 0;
    for (let i = 0; i < ready.length; i++) {
      const r = ready[i] as Runnable;
      if (r._release === undefined || !r._release()) ready[kept++] = r;
    }
    ready.length = kept;
  }

  /**
   * Stop the loop after the current batch of callbacks (before the loop starts: after its first iteration).
   *
   * @example
   * ```ts
   * loop.callLater(100, () => loop.stop());
   * ```
   */
  stop(): void {
    this._stopping = true;
    if (this._ticking && !this._immediatePending) this.#ticker.scheduleTick();
  }

  /**
   * Whether the loop is running.
   *
   * @example
   * ```ts
   * loop.isRunning(); // false before runForever()
   * ```
   */
  isRunning(): boolean {
    return this._running;
  }

  /**
   * Whether {@link EventLoop.close} was called.
   *
   * @example
   * ```ts
   * loop.close();
   * loop.isClosed(); // true
   * ```
   */
  isClosed(): boolean {
    return this.#closed;
  }

  /**
   * Close the loop: drop pending callbacks and report Futures whose exception was never retrieved. Idempotent;
   * a running loop cannot be closed.
   *
   * @example
   * ```ts
   * declare function main(): Promise<void>;
   * await loop.runUntilComplete(main);
   * loop.close();
   * ```
   */
  close(): void {
    if (this._running) throw new LoopRunningError('close(): cannot close a running event loop');
    if (this.#closed) return;
    this.#closed = true;
    this._ready.length = 0;
    this.#readyWakeUps = 0;
    this._timers.clear();
    reportUnretrieved(this);
    runCloseHooks(this);
  }

  /**
   * Whether debug mode is on.
   *
   * @example
   * ```ts
   * loop.getDebug(); // false
   * ```
   */
  getDebug(): boolean {
    return this._debug;
  }

  /**
   * Turn debug mode on or off: handles remember where they were created; slow callbacks are logged.
   *
   * @example
   * ```ts
   * loop.setDebug(true);
   * ```
   */
  setDebug(enabled: boolean): void {
    checkBoolean('setDebug', 'enabled', enabled);
    this._debug = enabled;
  }

  /**
   * Report an exception to the exception handler (see `EventLoop.callExceptionHandler`).
   *
   * @example
   * ```ts
   * loop.callExceptionHandler({ message: 'lost a connection', exception: new Error('ECONNRESET') });
   * ```
   */
  abstract callExceptionHandler(context: ExceptionContext): void;
}

Object.defineProperty(BaseEventLoop.prototype, LOOP_BRAND, { value: true });
