/**
 * Loop management: the running loop, the current ("set") loop, and how to get or make one (asyncio's
 * `get_running_loop`, `get_event_loop`, `set_event_loop`, `new_event_loop`).
 *
 * JavaScript has one thread per isolate, so "the running loop" is a module-level slot: at most one loop runs at
 * a time, and everything on this thread sees it while it runs.
 *
 * @packageDocumentation
 */

import type { EventLoop } from '../loop/eventLoop';
import { isEventLoop } from './abstractEventLoop';
import { LoopArgumentError, NoCurrentLoopError, NoRunningLoopError } from './errors';
import { describeValue } from './render';
import { _getRunningLoop, _makeLoop } from './runningLoop';

/** @internal */
export { _getRunningLoop, _setRunningLoop } from './runningLoop';

/** The current loop; `undefined` until first needed (then made), `null` after `setEventLoop(null)`. */
let currentLoop: EventLoop | null | undefined;

/**
 * The loop that is running now.
 *
 * @throws {@link NoRunningLoopError} when no loop runs.
 * @example
 * ```ts
 * import { getRunningLoop } from 'qtasyncio';
 * await loop.runUntilComplete(async () => {
 *   getRunningLoop() === loop; // true
 * });
 * ```
 */
export function getRunningLoop(): EventLoop {
  const running = _getRunningLoop();
  if (running === null) throw new NoRunningLoopError('getRunningLoop(): no event loop is running');
  return running;
}

/**
 * The running loop if there is one, else the loop set with {@link setEventLoop}, else (the first time) a new
 * loop that becomes the current one.
 *
 * @throws {@link NoCurrentLoopError} after `setEventLoop(null)` while no loop runs (asyncio 3.12+).
 * @example
 * ```ts
 * import { getEventLoop } from 'qtasyncio';
 * const loop = getEventLoop();
 * loop.callSoon(() => loop.stop());
 * await loop.runForever();
 * ```
 */
export function getEventLoop(): EventLoop {
  if (currentLoop === null && _getRunningLoop() === null) {
    throw new NoCurrentLoopError(
      'getEventLoop(): there is no current event loop (setEventLoop(null) removed it); call setEventLoop(loop) or run one',
    );
  }
  return _getOrNewEventLoop();
}

/** @internal The running loop, else the current loop, else `null`: never makes a loop, never throws. */
export function _peekEventLoop(): EventLoop | null {
  return _getRunningLoop() ?? currentLoop ?? null;
}

/**
 * @internal The running loop, else the current loop, else a new loop made current — also after
 * `setEventLoop(null)`. For `run()` (QtAsyncio's, which installs a fresh loop) and for reporting errors.
 */
export function _getOrNewEventLoop(): EventLoop {
  const loop = _peekEventLoop();
  if (loop !== null) return loop;
  currentLoop = _makeLoop();
  return currentLoop;
}

/**
 * Make `loop` the current loop (what {@link getEventLoop} returns when no loop runs), or clear it with `null`.
 *
 * @example
 * ```ts
 * import { setEventLoop, VirtualTimeLoop } from 'qtasyncio';
 * setEventLoop(new VirtualTimeLoop());
 * ```
 */
export function setEventLoop(loop: EventLoop | null): void {
  if (loop !== null && !isEventLoop(loop)) {
    throw new LoopArgumentError(
      `setEventLoop(loop): expected an EventLoop or null, got ${describeValue(loop)}`,
    );
  }
  currentLoop = loop;
}

/**
 * A new, not running, not current event loop.
 *
 * @example
 * ```ts
 * import { newEventLoop } from 'qtasyncio';
 * const loop = newEventLoop();
 * const value = await loop.runUntilComplete(async () => 42);
 * loop.close();
 * ```
 */
export function newEventLoop(): EventLoop {
  return _makeLoop();
}
