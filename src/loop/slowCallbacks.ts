/**
 * The recent slow callbacks of a loop in debug mode: what debug mode logs as "Executing … took N ms" is also
 * kept, the last few of them, for tools that show it (the task monitor of `qtasyncio/devtools`).
 *
 * @packageDocumentation
 */
import { loopLogger } from './exceptionHandler';
import type { Runnable } from './handles';

/**
 * One slow callback: what ran, how long it took, and when it ended (`performance.now()` ms).
 *
 * @example
 * ```ts
 * import { EventLoop } from 'qtasyncio';
 * const loop = new EventLoop({ debug: true });
 * for (const { description, durationMs } of loop.slowCallbacks()) console.log(description, durationMs);
 * ```
 */
export interface SlowCallback {
  /** The callback as debug mode names it (a handle, or a task step with its source location). */
  readonly description: string;
  /** How long it ran (ms). */
  readonly durationMs: number;
  /** When it ended, on the `performance.now()` clock (ms). */
  readonly endedAt: number;
}

/** How many slow callbacks a loop keeps. */
export const SLOW_CALLBACKS_KEPT = 20;

/**
 * @internal Debug mode's timing of ready callbacks: runs one and warns when it took `thresholdMs` or more, and
 * keeps the last {@link SLOW_CALLBACKS_KEPT} slow ones, oldest first. A callback that woke a task is timed until
 * the woken task has suspended (the loop calls {@link SlowCallbackLog.endWokenStep} then).
 */
export class SlowCallbackLog {
  readonly #entries: SlowCallback[] = [];
  /** The wake-up whose task step is still running. */
  #woken: { desc: string; t0: number } | null = null;

  /** Run `h` and time it; `h._run()`'s result. */
  run(h: Runnable, thresholdMs: number): boolean | undefined {
    const t0 = performance.now();
    const desc = h.toString();
    const woke = h._run();
    if (woke === true) this.#woken = { desc, t0 };
    else this.#check(desc, t0, thresholdMs);
    return woke;
  }

  /** The task woken by the last timed callback has suspended: time its step. */
  endWokenStep(thresholdMs: number): void {
    const woken = this.#woken;
    if (woken === null) return;
    this.#woken = null;
    this.#check(woken.desc, woken.t0, thresholdMs);
  }

  #check(desc: string, t0: number, thresholdMs: number): void {
    const now = performance.now();
    const dt = now - t0;
    if (dt < thresholdMs) return;
    loopLogger.warn(`Executing ${desc} took ${dt.toFixed(3)} ms`);
    this.record(desc, dt, now);
  }

  record(description: string, durationMs: number, endedAt: number): void {
    this.#entries.push({ description, durationMs, endedAt });
    if (this.#entries.length > SLOW_CALLBACKS_KEPT) this.#entries.shift();
  }

  recent(): readonly SlowCallback[] {
    return [...this.#entries];
  }
}
