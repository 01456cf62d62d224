/**
 * The recent slow callbacks of a loop in debug mode: what debug mode logs as "Executing … took N ms" is also
 * kept, the last few of them, for tools that show it (the task monitor of `qtasyncio/devtools`).
 *
 * @packageDocumentation
 */

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
 * @internal The last {@link SLOW_CALLBACKS_KEPT} slow callbacks of one loop, oldest first.
 */
export class SlowCallbackLog {
  readonly #entries: SlowCallback[] = [];

  record(description: string, durationMs: number, endedAt: number): void {
    this.#entries.push({ description, durationMs, endedAt });
    if (this.#entries.length > SLOW_CALLBACKS_KEPT) this.#entries.shift();
  }

  recent(): readonly SlowCallback[] {
    return [...this.#entries];
  }
}
