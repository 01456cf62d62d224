/**
 * VirtualTimeLoop: the same loop on virtual time, for deterministic tests of timers, sleeps, timeouts and RxJS
 * operators scheduled on the loop (neither qasync nor QtAsyncio has one).
 *
 * @packageDocumentation
 */
import { outsideTasks } from '../core/context';
import { InvalidStateError, LoopRunningError } from '../core/errors';
import { checkBoolean, checkDelay, checkTime } from '../core/validate';
import { type LoopClock, realClock, VirtualClock } from './clock';
import { EventLoop } from './eventLoop';

/** Options of `new VirtualTimeLoop()`. */
export interface VirtualTimeLoopOptions {
  /**
   * While the loop runs (`runForever`, `runUntilComplete`) and has nothing ready, jump virtual time to the next
   * timer instead of waiting (default `true`, like CPython's test loop). With `false`, time moves only through
   * {@link VirtualTimeLoop.advance} and {@link VirtualTimeLoop.runUntilIdle}.
   */
  autoAdvance?: boolean;
  /** The initial virtual time in ms (default 0). */
  start?: number;
  /** Debug mode. */
  debug?: boolean;
}

/** Options of {@link VirtualTimeLoop.runUntilIdle}. */
export interface RunUntilIdleOptions {
  /** Give up (InvalidStateError) after this many timer deadlines — a repeating timer never idles (default 1e5). */
  maxTimers?: number;
}

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * An {@link EventLoop} whose `time()` is virtual: it advances only through {@link VirtualTimeLoop.advance},
 * {@link VirtualTimeLoop.runUntilIdle}, or (with `autoAdvance`) when the running loop is idle until its next
 * timer. Callbacks, tasks and microtasks run for real, in the same order as on a real loop.
 *
 * @example
 * ```ts
 * import { VirtualTimeLoop } from 'qtasyncio';
 * const loop = new VirtualTimeLoop();
 * const seen: number[] = [];
 * loop.callLater(100, () => seen.push(loop.time()));
 * await loop.advance(99); // seen: []
 * await loop.advance(1); // seen: [100]
 * ```
 */
export class VirtualTimeLoop extends EventLoop {
  readonly #vclock: VirtualClock;
  /** The advance()/runUntilIdle() now driving the loop, if any. */
  #driving: string | null = null;

  /** @param options - auto-advance, start time, debug mode. */
  constructor(options: VirtualTimeLoopOptions = {}) {
    const vclock = new VirtualClock();
    if (options.start !== undefined) {
      checkTime('VirtualTimeLoop', 'options.start', options.start);
      vclock.set(options.start);
    }
    if (options.autoAdvance !== undefined) {
      checkBoolean('VirtualTimeLoop', 'options.autoAdvance', options.autoAdvance);
    }
    const autoAdvance = options.autoAdvance ?? true;
    const holder: { loop: VirtualTimeLoop | null } = { loop: null };
    const clock: LoopClock = {
      now: () => vclock.now(),
      immediate: (cb) => realClock.immediate(cb),
      keepAlive: () => realClock.keepAlive(),
      timeout: (cb) => {
        if (!autoAdvance) return () => {};
        // Idle until a timer: after one macrotask turn (microtasks and ready I/O done), jump to it.
        return realClock.immediate(() => {
          const loop = holder.loop;
          if (loop !== null && loop._ready.length === 0) {
            const next = loop._timers.nextDeadline();
            if (next !== undefined) vclock.set(next);
          }
          cb();
        });
      },
    };
    super(options.debug === undefined ? { clock } : { clock, debug: options.debug });
    holder.loop = this;
    this.#vclock = vclock;
  }

  /**
   * Move virtual time forward by `ms`, running every callback that becomes due, in order, each at its own
   * deadline (with `ms = 0`: run what is ready now). Resolves once nothing due is left.
   *
   * @example
   * ```ts
   * import { sleep, VirtualTimeLoop } from 'qtasyncio';
   * const loop = new VirtualTimeLoop();
   * const t = loop.createTask(async () => { await sleep(1000); return 'late'; });
   * await loop.advance(1000);
   * t.result(); // 'late'
   * ```
   */
  async advance(ms: number): Promise<void> {
    checkDelay('advance', 'ms', ms);
    await this.#drive('advance', this.time() + ms, Number.POSITIVE_INFINITY);
  }

  /**
   * Run until nothing is ready and no timer is pending, jumping virtual time from deadline to deadline.
   *
   * @throws {@link InvalidStateError} after `maxTimers` deadlines (a repeating timer never idles).
   * @example
   * ```ts
   * import { VirtualTimeLoop } from 'qtasyncio';
   * const loop = new VirtualTimeLoop();
   * loop.callLater(5000, () => console.log('at', loop.time()));
   * await loop.runUntilIdle(); // logs "at 5000"
   * ```
   */
  async runUntilIdle(options: RunUntilIdleOptions = {}): Promise<void> {
    const max = options.maxTimers ?? 100_000;
    await this.#drive('runUntilIdle', undefined, max);
  }

  async #drive(fn: string, target: number | undefined, maxTimers: number): Promise<void> {
    if (this.#driving !== null) {
      // Two drives at once would each aim at a time computed when it started, and time would be lost.
      throw new LoopRunningError(`${fn}(): ${this.#driving}() is still running on this loop; await it first`);
    }
    this.#driving = fn;
    try {
      await this.#driveAlone(fn, target, maxTimers);
    } finally {
      this.#driving = null;
    }
  }

  async #driveAlone(fn: string, target: number | undefined, maxTimers: number): Promise<void> {
    const owner = !this._running;
    if (owner) this._enterRunning(fn);
    const runOnce = (): Promise<void> =>
      new Promise<void>((resolve) => outsideTasks(() => this._runOnce(resolve)));
    try {
      await macrotask();
      for (let timers = 0; ; ) {
        if (this._ready.length > 0) {
          await runOnce();
          await macrotask();
          continue;
        }
        const next = this._timers.nextDeadline();
        if (next === undefined || (target !== undefined && next > target)) break;
        if (++timers > maxTimers) {
          throw new InvalidStateError(`${fn}(): still busy after ${maxTimers} timers (a repeating timer?)`);
        }
        this.#vclock.set(next);
        await runOnce();
        await macrotask();
      }
      if (target !== undefined) this.#vclock.set(target);
    } finally {
      if (owner) this._leaveRunning();
    }
  }
}
