/**
 * `loopScheduler(loop?)`: the event loop as an RxJS `SchedulerLike`, so `debounceTime`, `delay`, `timer`,
 * `observeOn`… run on the loop's clock and queue (virtual time in a `VirtualTimeLoop`).
 *
 * @packageDocumentation
 */
import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import { _getRunningLoop, getEventLoop } from '../core/events';
import { describeValue } from '../core/render';
import { checkFunction } from '../core/validate';
import { EventLoop } from '../loop/eventLoop';
import { RxArgumentError } from './errors';
import { LoopAction } from './loopAction';

/** @internal The loop to use: `loop`, else the running loop, else the current loop. */
export function resolveLoop(fn: string, loop: unknown, arg = 'options.loop'): EventLoop {
  if (loop === undefined) return _getRunningLoop() ?? getEventLoop();
  if (!(loop instanceof EventLoop)) {
    throw new RxArgumentError(`${fn}(${arg}): expected an EventLoop, got ${describeValue(loop)}`);
  }
  return loop;
}

/**
 * The loop as an RxJS `SchedulerLike`: `now()` is {@link EventLoop.time}, `schedule()` runs the work through the
 * loop's queue (`callSoon` for no delay, `callLater` otherwise) and returns a Subscription that cancels it.
 * Without a loop, each call goes to the loop that runs at that moment (else the current one).
 */
class LoopScheduler implements SchedulerLike {
  readonly #loop: EventLoop | undefined;

  constructor(loop: EventLoop | undefined) {
    this.#loop = loop;
  }

  now(): number {
    return (this.#loop ?? resolveLoop('loopScheduler', undefined)).time();
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    checkFunction('schedule', 'work', work);
    const loop = this.#loop ?? resolveLoop('loopScheduler', undefined);
    return new LoopAction<T>(loop, work).schedule(state, delay);
  }

  get [Symbol.toStringTag](): string {
    return 'LoopScheduler';
  }
}

const runningLoopScheduler = new LoopScheduler(undefined);
const byLoop = new WeakMap<EventLoop, LoopScheduler>();

/**
 * The loop as an RxJS scheduler. With a `loop`, that loop's scheduler (one per loop); without, a scheduler that
 * uses the running loop (else the current one) at each call, so it can be created at module level before any
 * loop runs.
 *
 * Work scheduled through it runs in the loop's FIFO queue (`callSoon`) or timer heap (`callLater`), in order
 * with the loop's other callbacks and tasks; its `now()` is `loop.time()`.
 *
 * @throws {@link RxArgumentError} when `loop` is not an `EventLoop`.
 * @example
 * ```ts
 * import { QLineEdit } from '@nodegui/nodegui';
 * import { debounceTime } from 'rxjs';
 * import { VirtualTimeLoop } from 'qtasyncio';
 * import { fromSignal, loopScheduler } from 'qtasyncio/rx';
 * declare const edit: QLineEdit;
 * declare function search(text: string): Promise<string[]>;
 * const loop = new VirtualTimeLoop();
 * const sched = loopScheduler(loop);
 * fromSignal(edit, 'textChanged').pipe(debounceTime(300, sched)).subscribe(search);
 * await loop.advance(300); // the debounced value is delivered in virtual time
 * ```
 */
export function loopScheduler(loop?: EventLoop): SchedulerLike {
  if (loop === undefined) return runningLoopScheduler;
  const checked = resolveLoop('loopScheduler', loop, 'loop');
  let scheduler = byLoop.get(checked);
  if (scheduler === undefined) {
    scheduler = new LoopScheduler(checked);
    byLoop.set(checked, scheduler);
  }
  return scheduler;
}
