/**
 * One iteration's batch of ready callbacks that may wake a task (asyncio's `_run_once` runs the callbacks that are
 * ready when it starts; those scheduled meanwhile wait for the next iteration). After each callback that woke a
 * task (see Runnable) the batch lets every microtask finish — the woken task runs until it suspends, as an
 * asyncio task step does — before it runs the next one: it waits for a tick queued from a microtask, and goes on
 * from there. (A batch that cannot wake a task runs in one go, in the loop's `_runOnce`.)
 *
 * @packageDocumentation
 */
import { outsideTasks } from '../core/context';
import type { BaseEventLoop } from './baseEventLoop';
import type { Runnable } from './handles';
import type { SlowCallbackLog } from './slowCallbacks';

const RESOLVED = Promise.resolve();

/** @internal How a loop runs its batches of ready callbacks that may wake a task (one per loop). */
export class ReadyBatch {
  /** The array the ready queue is swapped to when a batch starts: the last batch's, emptied (any batch's). */
  spare: Runnable[] = [];
  readonly #loop: BaseEventLoop;
  /** Debug mode's timing of the callbacks, and of the task steps they wake. */
  readonly #slow: SlowCallbackLog;
  /** The batch being run, while it waits for microtasks after a wake-up; where it goes on; what to call after. */
  #batch: Runnable[] | null = null;
  #at = 0;
  #done: (() => void) | null = null;
  readonly #continue = (): void => this.#run();
  readonly #afterMicrotasks = (): void => {
    // Queued from a microtask, a tick runs once every microtask has finished: the woken task has suspended.
    process.nextTick(this.#resume);
  };
  readonly #resume = (): void => {
    this.#slow.endWokenStep(this.#loop.slowCallbackDurationMs);
    outsideTasks(this.#continue);
  };

  /**
   * @param loop - the loop whose batches it runs (its debug mode, whether it is stopping).
   * @param slow - the loop's slow-callback log.
   */
  constructor(loop: BaseEventLoop, slow: SlowCallbackLog) {
    this.#loop = loop;
    this.#slow = slow;
  }

  /** Whether a batch waits for the microtasks of a woken task. */
  get waiting(): boolean {
    return this.#batch !== null;
  }

  /**
   * Run `batch`, just taken from the ready queue, and call `done` when it has run (after a wake-up: later, from a
   * tick).
   */
  start(batch: Runnable[], done: () => void): void {
    this.#batch = batch;
    this.#at = 0;
    this.#done = done;
    this.#run();
  }

  #run(): void {
    const batch = this.#batch as Runnable[];
    const loop = this.#loop;
    const debug = loop._debug;
    for (let i = this.#at; i < batch.length; ) {
      const h = batch[i++] as Runnable;
      if (h._cancelled) continue;
      const woke = debug ? this.#slow.run(h, loop.slowCallbackDurationMs) : h._run();
      // A woken task runs in the microtasks that follow: let them finish before the next callback, or before
      // the loop stops (a task must never run while its loop does not), or (debug mode) to time its step.
      if (woke === true && (i < batch.length || loop._stopping || debug)) {
        this.#at = i;
        RESOLVED.then(this.#afterMicrotasks);
        return;
      }
    }
    batch.length = 0;
    this.spare = batch;
    this.#batch = null;
    const done = this.#done as () => void;
    this.#done = null;
    done();
  }
}
