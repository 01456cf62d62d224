/**
 * The loop's health for the task monitor: how many callbacks wait in the ready queues, and the event-loop lag
 * (Node's `monitorEventLoopDelay`: how late libuv ran what was due) as p50/p99 per refresh, with a small plot of
 * the recent p99s, and the recent slow callbacks of the loops in debug mode.
 *
 * @packageDocumentation
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { _peekEventLoop } from '../core/events';
import { _knownLoops } from '../inspect/introspection';
import type { SlowCallback } from '../loop/slowCallbacks';

/**
 * One reading of {@link LoopHealthMeter.read}.
 *
 * @example
 * ```ts
 * import { LoopHealthMeter } from 'qtasyncio/devtools';
 * const meter = new LoopHealthMeter(60);
 * const { readyQueue, lagP50Ms, lagP99Ms, plot, debug, slowCallbacks } = meter.read();
 * console.log(readyQueue, lagP50Ms, lagP99Ms, plot, debug, slowCallbacks.length);
 * ```
 */
export interface LoopHealth {
  /** Callbacks and wake-ups waiting in the ready queues of the known loops. */
  readonly readyQueue: number;
  /** Median event-loop lag since the previous reading (ms). */
  readonly lagP50Ms: number;
  /** 99th percentile of the lag since the previous reading (ms). */
  readonly lagP99Ms: number;
  /** The recent p99s as a bar plot (`▁▂▇▁`), oldest first. */
  readonly plot: string;
  /** Whether a known loop is in debug mode (only debug mode times callbacks). */
  readonly debug: boolean;
  /** The recent slow callbacks of the known loops (debug mode's "Executing … took N ms"), newest first. */
  readonly slowCallbacks: readonly SlowCallback[];
}

const BARS = '▁▂▃▄▅▆▇█';
/** The lag sampling period (ms): the histogram records each period's length, the lag is what exceeds it. */
const RESOLUTION_MS = 10;

/** @internal Bars for `values`, scaled to their maximum (at least 1 ms, so an idle loop stays flat). */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(1, ...values);
  return values
    .map((v) => BARS[Math.min(BARS.length - 1, Math.floor((v / max) * (BARS.length - 1)))])
    .join('');
}

/**
 * Measures the loop's health between readings; {@link LoopHealthMeter.stop} ends the measurement.
 *
 * @example
 * ```ts
 * import { LoopHealthMeter } from 'qtasyncio/devtools';
 * const meter = new LoopHealthMeter(60);
 * setInterval(() => console.log(meter.read().plot), 500);
 * ```
 */
export class LoopHealthMeter {
  readonly #histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  readonly #history: number[] = [];

  /** @param keep - how many p99 readings the plot shows. */
  constructor(readonly keep: number) {
    this.#histogram.enable();
  }

  /**
   * The health since the previous reading (the lag histogram starts over).
   *
   * @example
   * ```ts
   * import { LoopHealthMeter } from 'qtasyncio/devtools';
   * const meter = new LoopHealthMeter(60);
   * meter.read().lagP99Ms;
   * ```
   */
  read(): LoopHealth {
    const h = this.#histogram;
    const lag = (p: number): number =>
      h.count === 0 ? 0 : Math.max(0, h.percentile(p) / 1e6 - RESOLUTION_MS);
    const p50 = lag(50);
    const p99 = lag(99);
    h.reset();
    this.#history.push(p99);
    if (this.#history.length > this.keep) this.#history.shift();
    let readyQueue = 0;
    let debug = false;
    const slow: SlowCallback[] = [];
    for (const loop of _knownLoops(_peekEventLoop())) {
      readyQueue += loop._ready.length;
      debug ||= loop.getDebug();
      slow.push(...loop.slowCallbacks());
    }
    slow.sort((a, b) => b.endedAt - a.endedAt);
    return {
      readyQueue,
      lagP50Ms: p50,
      lagP99Ms: p99,
      plot: sparkline(this.#history),
      debug,
      slowCallbacks: slow,
    };
  }

  /**
   * Stop measuring (idempotent).
   *
   * @example
   * ```ts
   * import { LoopHealthMeter } from 'qtasyncio/devtools';
   * const meter = new LoopHealthMeter(60);
   * meter.stop();
   * ```
   */
  stop(): void {
    this.#histogram.disable();
  }
}
