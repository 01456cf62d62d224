/**
 * One iteration's batch of ready callbacks that may wake a task (asyncio's `_run_once` runs the callbacks that are
 * ready when it starts; those scheduled meanwhile wait for the next iteration). After each callback that woke a
 * task (see Runnable) the batch waits until that task's step is over — the task runs until it suspends, as an
 * asyncio task step does — before it runs the next one:
 * - when the next callback only answers another task's await (a Future's reaction to it, `sleep(0)`), the woken
 *   task says when it waits on a pending loop Future again, or ends, from the promise job it does it in
 *   (`stepSuspended` in ../core/context.ts), and the batch goes on as that job ends, inside the same microtask
 *   checkpoint: no tick per wake-up (a task awaiting something else is caught by the tick below);
 * - otherwise (code of the program comes next, the woken task was not a task's await, debug mode times the step,
 *   the loop stops) the batch goes on once every microtask has finished, from a tick queued from a microtask, in
 *   the batch's own async context. Such a tick, once queued, also ends the batch: the iteration is over when
 *   every microtask has finished.
 * (A batch that cannot wake a task runs in one go, in the loop's `_runOnce`.)
 *
 * @packageDocumentation
 */
import { outsideTasks, takeWoken, unwatchStep, watchStep } from '../core/context';
import type { BaseEventLoop } from './baseEventLoop';
import type { Runnable } from './handles';
import type { SlowCallbackLog } from './slowCallbacks';

const RESOLVED = Promise.resolve();

/**
 * Whether the next callback of `batch` from `at` only answers a task's await (see Runnable): it may then run from
 * the end of the woken task's promise job. Anything else runs the program's code, which must find itself in the
 * batch's own async context (a program's AsyncLocalStorage store), not in that of whichever job just ended.
 */
function answersAwait(batch: readonly Runnable[], at: number): boolean {
  for (let i = at; i < batch.length; i++) {
    const h = batch[i] as Runnable;
    if (!h._cancelled) return h._answersAwait === true;
  }
  return false;
}

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
  /** A tick is queued for when every microtask has finished (#afterMicrotasks). */
  #drainQueued = false;
  /** Every callback has run; the batch ends with the tick (#drainQueued). */
  #ranAll = false;
  readonly #continue = (): void => this.#run();
  readonly #afterMicrotasks = (): void => {
    // Queued from a microtask, a tick runs once every microtask has finished: the woken task has suspended.
    process.nextTick(this.#resume);
  };
  readonly #resume = (): void => {
    this.#drainQueued = false;
    if (this.#batch === null) return;
    unwatchStep();
    if (this.#ranAll) {
      this.#finish();
      return;
    }
    this.#slow.endWokenStep(this.#loop.slowCallbackDurationMs);
    outsideTasks(this.#continue);
  };
  /** The woken task the batch waits for has suspended (at the end of its promise job: see watchStep). */
  readonly #stepEnded = (): void => {
    if (this.#batch !== null && !this.#ranAll) outsideTasks(this.#continue);
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
    this.#ranAll = false;
    this.#run();
  }

  #run(): void {
    const batch = this.#batch as Runnable[];
    const loop = this.#loop;
    const debug = loop._debug;
    for (let i = this.#at; i < batch.length; ) {
      const h = batch[i++] as Runnable;
      if (h._cancelled) continue;
      takeWoken(); // a task woken outside the batch (a done Future's reaction from a microtask) is not its own
      const woke = debug ? this.#slow.run(h, loop.slowCallbackDurationMs) : h._run();
      const task = takeWoken();
      // A woken task runs in the microtasks that follow: let its step end before the next callback, or every
      // microtask finish before the loop stops (a task must never run while its loop does not), or (debug mode)
      // to time its step.
      if (woke === true && (i < batch.length || loop._stopping || debug)) {
        this.#at = i;
        if (task !== null && !loop._stopping && !debug && answersAwait(batch, i))
          watchStep(task, this.#stepEnded);
        this.#queueDrain();
        return;
      }
    }
    batch.length = 0;
    this.spare = batch;
    // Gone on from inside a microtask checkpoint: the iteration ends once every microtask has finished.
    if (this.#drainQueued) this.#ranAll = true;
    else this.#finish();
  }

  /** Have #resume called once every microtask has finished (one tick for any number of waits in between). */
  #queueDrain(): void {
    if (this.#drainQueued) return;
    this.#drainQueued = true;
    RESOLVED.then(this.#afterMicrotasks);
  }

  #finish(): void {
    this.#batch = null;
    this.#ranAll = false;
    const done = this.#done as () => void;
    this.#done = null;
    done();
  }
}
