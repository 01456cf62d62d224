/**
 * The running-loop slot and the default-loop factory: the loop sets the slot while it runs, and `src/loop`
 * registers how to make a new loop, so this leaf module constructs nothing itself.
 *
 * @packageDocumentation
 */
import type { EventLoop } from '../loop/eventLoop';
import type { AbstractEventLoop } from './abstractEventLoop';
import { InvalidStateError } from './errors';

// Every loop that runs is an EventLoop (BaseEventLoop is abstract and EventLoop its one subclass), so the slot
// hands it out as one: the only place the narrower type is widened.
let runningLoop: EventLoop | null = null;
let loopFactory: (() => EventLoop) | undefined;

/** @internal Set by a loop when it starts or stops running. */
export function _setRunningLoop(loop: AbstractEventLoop | null): void {
  runningLoop = loop as EventLoop | null;
}

/** @internal Empty the slot if `loop` is in it (a loop leaving the running state). */
export function _clearRunningLoop(loop: AbstractEventLoop): void {
  if ((runningLoop as AbstractEventLoop | null) === loop) runningLoop = null;
}

/** @internal The running loop or `null`, without throwing. */
export function _getRunningLoop(): EventLoop | null {
  return runningLoop;
}

/** @internal Registered by `src/loop/eventLoop.ts` when it loads: how `getEventLoop()`/`newEventLoop()` make a loop. */
export function _setLoopFactory(factory: () => EventLoop): void {
  loopFactory = factory;
}

/** @internal A new loop from the registered factory. */
export function _makeLoop(): EventLoop {
  if (loopFactory === undefined) {
    // Only reachable by importing internal modules directly: every entry point loads src/loop/eventLoop.ts.
    throw new InvalidStateError(
      'newEventLoop(): no event loop class is loaded (import qtasyncio, not its internal modules)',
    );
  }
  return loopFactory();
}
