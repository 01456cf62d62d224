/**
 * What every primitive shares: lazy binding to the running loop (asyncio's `_LoopBoundMixin`) and the error
 * classes of its argument checks.
 *
 * @packageDocumentation
 */
import { getRunningLoop } from '../core/events';
import type { CheckErrors } from '../core/validate';
import type { EventLoop } from '../loop/eventLoop';
import { SyncArgumentError, SyncRangeError, WrongLoopError } from './errors';

/**
 * The base of every primitive and queue: it binds to the running loop the first time it has to wait
 * (asyncio's `_LoopBoundMixin`), and from then on refuses to wait on any other loop ({@link WrongLoopError}).
 * Operations that do not wait (`release()`, `set()`, `putNowait()`…) work with or without a loop.
 *
 * @example
 * ```ts
 * import { Lock } from 'qtasyncio';
 * const lock = new Lock(); // not bound yet: can be made before any loop exists
 * await loop.runUntilComplete(async () => { using _held = await lock.hold(); }); // a wait would bind it here
 * ```
 */
export class LoopBound {
  #loop: EventLoop | null = null;

  /** @internal The running loop, which must be the bound one. */
  _getLoop(): EventLoop {
    const loop = getRunningLoop();
    if (this.#loop === null) this.#loop = loop;
    else if (this.#loop !== loop) {
      throw new WrongLoopError(
        `${this.constructor.name}: bound to a different event loop than the running one`,
      );
    }
    return loop;
  }
}

/** @internal The classes the primitives' argument checks throw (`src/core/validate.ts`). */
export const SYNC_ERRORS: CheckErrors = { type: SyncArgumentError, range: SyncRangeError };
