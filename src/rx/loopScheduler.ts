/**
 * `loopScheduler(loop?)`: the event loop as an RxJS `SchedulerLike`, so `debounceTime`, `delay`, `timer`,
 * `observeOn`… run on the loop's clock and queue (virtual time in a `VirtualTimeLoop`).
 *
 * @packageDocumentation
 */
import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import { describeValue } from '../futures/errors';
import { EventLoop } from '../loop/eventLoop';
import { _getRunningLoop, getEventLoop } from '../loop/events';
import { RxArgumentError } from './errors';

/** @internal The loop to use: `loop`, else the running loop, else the current loop. */
export function resolveLoop(fn: string, loop: unknown, arg = 'options.loop'): EventLoop {
  if (loop === undefined) return _getRunningLoop() ?? getEventLoop();
  if (!(loop instanceof EventLoop)) {
    throw new RxArgumentError(`${fn}(${arg}): expected an EventLoop, got ${describeValue(loop)}`);
  }
  return loop;
}

/** The scheduler of `loopScheduler()` without a loop: each call goes to the loop that runs at that moment. */
class RunningLoopScheduler implements SchedulerLike {
  now(): number {
    return resolveLoop('loopScheduler', undefined).now();
  }
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
    return resolveLoop('loopScheduler', undefined).schedule(work, delay, state);
  }
  get [Symbol.toStringTag](): string {
    return 'LoopScheduler';
  }
}

const runningLoopScheduler = new RunningLoopScheduler();

/**
 * The loop as an RxJS scheduler. With a `loop`, that loop (an `EventLoop` already is a `SchedulerLike`);
 * without, a scheduler that uses the running loop (else the current one) at each call, so it can be created
 * at module level before any loop runs.
 *
 * Work scheduled through it runs in the loop's FIFO queue (`callSoon`) or timer heap (`callLater`), in order
 * with the loop's other callbacks and tasks; its `now()` is `loop.time()`.
 *
 * @throws {@link RxArgumentError} when `loop` is not an `EventLoop`.
 * @example
 * ```ts
 * const loop = new VirtualTimeLoop();
 * const sched = loopScheduler(loop);
 * fromSignal(edit, 'textChanged').pipe(debounceTime(300, sched)).subscribe(search);
 * await loop.advance(300); // the debounced value is delivered in virtual time
 * ```
 */
export function loopScheduler(loop?: EventLoop): SchedulerLike {
  if (loop === undefined) return runningLoopScheduler;
  return resolveLoop('loopScheduler', loop, 'loop');
}
