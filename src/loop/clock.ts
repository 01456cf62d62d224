/**
 * The clock/timer provider the loop reads time and schedules its wake-ups through (RxJS's provider pattern).
 *
 * A real {@link EventLoop} reads a monotonic millisecond clock and wakes up through one `setImmediate` per batch
 * of ready callbacks and one Node timer armed for the earliest deadline. A `VirtualTimeLoop` replaces the clock
 * with virtual time, so every timer, sleep, timeout and RxJS operator scheduled on the loop runs
 * deterministically.
 *
 * @packageDocumentation
 */
/** What the loop needs from its host: a monotonic clock and two ways to be woken up. */
export interface LoopClock {
  /** Monotonic time in milliseconds. */
  now(): number;
  /** Run `cb` once, after pending I/O and microtasks (a macrotask). Returns a disposer. */
  immediate(cb: () => void): () => void;
  /**
   * Run `cb` once, `ms` milliseconds from now or a little later (`ms` may be fractional). Returns a disposer.
   * Firing a little early is tolerated: the loop runs no timer before its deadline and arms a new timeout.
   */
  timeout(cb: () => void, ms: number): () => void;
  /** Keep the process alive (while the loop runs) until the disposer is called. */
  keepAlive(): () => void;
  /**
   * Deadlines closer than this (ms) are polled with `immediate` rather than slept for with `timeout`, whose
   * resolution is coarser. Default 0: the loop sleeps until every deadline (Node's own clock does not poll).
   */
  readonly spinMs?: number;
}

/** Node timers cannot wait longer than this (2^31 - 1 ms); longer waits re-arm on wake-up. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The real clock: `performance.now()` and Node's `setImmediate`/`setTimeout`. Swap `realClock.delegate`
 * to intercept every wake-up of every real loop (tests of the loop itself do).
 *
 * @example
 * ```ts
 * import { realClock } from 'qtasyncio';
 * const t0 = realClock.now();
 * const dispose = realClock.timeout(() => console.log('woke after', realClock.now() - t0), 10);
 * ```
 */
export const realClock: LoopClock & {
  /** The clock every real loop uses instead of Node's when set (tests of the loop itself); default `undefined`. */
  delegate: LoopClock | undefined;
} = {
  delegate: undefined,
  get spinMs(): number {
    return (realClock.delegate ?? nodeClock).spinMs ?? 0;
  },
  now(): number {
    return (realClock.delegate ?? nodeClock).now();
  },
  immediate(cb: () => void): () => void {
    return (realClock.delegate ?? nodeClock).immediate(cb);
  },
  timeout(cb: () => void, ms: number): () => void {
    return (realClock.delegate ?? nodeClock).timeout(cb, ms);
  },
  keepAlive(): () => void {
    return (realClock.delegate ?? nodeClock).keepAlive();
  },
};

// Node's global `performance` (perf_hooks' own) loads perf_hooks on first access: with the first reading of the
// clock, not with `require('qtasyncio')`.
let perf: typeof performance | undefined;
function perfNow(): number {
  perf ??= performance;
  return perf.now();
}

/**
 * @internal Node's clock, the default of {@link realClock}: it sleeps until each deadline and never polls.
 *
 * @example
 * ```ts
 * import { nodeClock } from './clock';
 * const dispose = nodeClock.timeout(() => console.log("about 3 ms later"), 2.5);
 * ```
 */
export const nodeClock: LoopClock = {
  now: perfNow,
  immediate(cb) {
    const h = setImmediate(cb);
    return () => clearImmediate(h);
  },
  timeout(cb, ms) {
    // Node sleeps whole milliseconds of libuv's clock: round up, so that the wake-up is at the deadline or
    // within the millisecond after it. libuv's clock truncates, so now and then it fires a fraction of a
    // millisecond early; the loop then runs nothing early and arms it again.
    const h = setTimeout(cb, Math.min(MAX_TIMEOUT_MS, Math.ceil(ms)));
    return () => clearTimeout(h);
  },
  keepAlive() {
    const h = setInterval(() => {}, MAX_TIMEOUT_MS);
    return () => clearInterval(h);
  },
};

/**
 * Virtual time: it only moves when told to. Used by `VirtualTimeLoop`.
 *
 * @example
 * ```ts
 * import { VirtualClock } from 'qtasyncio';
 * const clock = new VirtualClock();
 * clock.set(100);
 * clock.now(); // 100
 * ```
 */
export class VirtualClock {
  #now = 0;
  /**
   * The current virtual time in ms.
   *
   * @example
   * ```ts
   * import { VirtualClock } from 'qtasyncio';
   * new VirtualClock().now(); // 0
   * ```
   */
  now(): number {
    return this.#now;
  }
  /**
   * Move virtual time to `t` (never backwards).
   *
   * @example
   * ```ts
   * import { VirtualClock } from 'qtasyncio';
   * declare const clock: VirtualClock;
   * clock.set(250);
   * ```
   */
  set(t: number): void {
    if (t > this.#now) this.#now = t;
  }
}
