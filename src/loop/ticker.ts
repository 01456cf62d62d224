/**
 * How a running loop has its host call it back (what asyncio's `_run_once` does with its selector: sleep until a
 * callback is ready or the earliest timer is due). It runs on Node's own libuv loop — with `qtasyncio/qt` loaded,
 * shared with Qt's events — through the loop's clock: one immediate (a tick) whenever callbacks are ready,
 * otherwise one host timer for the earliest deadline, and a keep-alive while `runForever()` runs. Nothing is armed
 * while the loop does not run (a `VirtualTimeLoop`'s `advance()` drives its iterations itself).
 *
 * The two flags every `callSoon` reads (`_ticking`, `_immediatePending`) are fields of the loop itself, so that
 * the hottest path reads them as before, without going through the ticker; the ticker keeps everything else.
 *
 * @packageDocumentation
 */
import type { BaseEventLoop } from './baseEventLoop';

/** @internal The ticker of one loop. */
export class Ticker {
  /** The deadline the host timer is set for (+∞: none). */
  timerWhen = Number.POSITIVE_INFINITY;
  #disposeImmediate: (() => void) | null = null;
  #disposeTimer: (() => void) | null = null;
  #disposeKeepAlive: (() => void) | null = null;
  readonly #loop: BaseEventLoop;
  readonly #onTick: () => void;
  readonly #tick = (): void => {
    const loop = this.#loop;
    loop._immediatePending = false;
    this.#disposeImmediate = null;
    if (loop._ticking) this.#onTick();
  };
  readonly #wake = (): void => {
    this.#disposeTimer = null;
    this.timerWhen = Number.POSITIVE_INFINITY;
    this.#tick();
  };

  /**
   * @param loop - the loop it wakes (its clock, ready queue and timers).
   * @param onTick - what a tick runs while the loop ticks: an iteration of the loop.
   */
  constructor(loop: BaseEventLoop, onTick: () => void) {
    this.#loop = loop;
    this.#onTick = onTick;
  }

  /** `runForever()` starts: keep the process alive and tick. */
  start(): void {
    this.#loop._ticking = true;
    this.#disposeKeepAlive = this.#loop._clock.keepAlive();
    this.scheduleTick();
  }

  /** The loop stops: nothing armed any more. */
  stop(): void {
    this.#loop._ticking = false;
    this.#disposeTimer?.();
    this.#disposeTimer = null;
    this.timerWhen = Number.POSITIVE_INFINITY;
    this.#disposeImmediate?.();
    this.#disposeImmediate = null;
    this.#loop._immediatePending = false;
    this.#disposeKeepAlive?.();
    this.#disposeKeepAlive = null;
  }

  /** Arrange the next wake-up: a tick if callbacks are ready, else a timer for the earliest deadline. */
  arm(): void {
    const loop = this.#loop;
    if (loop._ready.length > 0 || loop._stopping) {
      if (!loop._immediatePending) this.scheduleTick();
      return;
    }
    const when = loop._timers.nextDeadline();
    if (when === this.timerWhen) return;
    this.#disposeTimer?.();
    this.#disposeTimer = null;
    this.timerWhen = Number.POSITIVE_INFINITY;
    if (when === undefined) return;
    const clock = loop._clock;
    const delay = when - clock.now();
    if (delay <= (clock.spinMs ?? 0)) {
      // Due (or within the clock's polling range): run it on the next turn.
      this.scheduleTick();
      return;
    }
    // Sleep until the deadline: Node's clock rounds up to whole ms, so every timer due within that ms shares one
    // wake-up. A host timer that fires early runs nothing before its deadline and is simply armed again.
    this.timerWhen = when;
    this.#disposeTimer = clock.timeout(this.#wake, delay);
  }

  /** Queue a tick on the host (the loop checked that it ticks and none is queued). */
  scheduleTick(): void {
    this.#loop._immediatePending = true;
    this.#disposeImmediate = this.#loop._clock.immediate(this.#tick);
  }
}
