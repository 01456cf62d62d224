/**
 * The running-loop slot, apart from `events.ts` so the loop core can set it without importing the module that
 * constructs loops (no import cycle).
 *
 * @internal
 * @packageDocumentation
 */
import type { EventLoop } from './eventLoop';

let runningLoop: EventLoop | null = null;

/** @internal Set by a loop when it starts or stops running. */
export function _setRunningLoop(loop: EventLoop | null): void {
  runningLoop = loop;
}

/** @internal The running loop or `null`, without throwing. */
export function _getRunningLoop(): EventLoop | null {
  return runningLoop;
}
