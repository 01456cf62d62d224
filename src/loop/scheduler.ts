/**
 * RxJS scheduling through the loop without loading RxJS up front: `require('qtasyncio')` must stay cheap, and
 * only a program that schedules RxJS work on a loop (which already has RxJS loaded) pays for it.
 *
 * @packageDocumentation
 */
import type { SchedulerAction, Subscription } from 'rxjs';
import type { EventLoop } from './eventLoop';

type LoopActionClass = typeof import('./loopAction').LoopAction;
let loopAction: LoopActionClass | undefined;

/**
 * Run RxJS `work` on `loop` with `state` after `delay` ms (the body of `EventLoop.schedule()`). The first call
 * loads the `LoopAction` module, and with it RxJS (the same copy `require('rxjs')` gives the program).
 *
 * @example
 * ```ts
 * const sub = scheduleOnLoop(loop, function (n) { console.log(n); }, 100, 1);
 * sub.unsubscribe();
 * ```
 */
export function scheduleOnLoop<T>(
  loop: EventLoop,
  work: (this: SchedulerAction<T>, state?: T) => void,
  delay: number,
  state: T | undefined,
): Subscription {
  // A synchronous, deferred require: RxJS's Subscription has to be the base class, and schedule() is synchronous.
  loopAction ??= (require('./loopAction') as typeof import('./loopAction')).LoopAction;
  return new loopAction<T>(loop, work).schedule(state, delay);
}
