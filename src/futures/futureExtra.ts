/**
 * The rarely needed state of a Future (and a Task), kept in one object made on first need so that the common
 * Future — created, awaited once, done — stays a few fields.
 *
 * @internal
 * @packageDocumentation
 */
import type { CancelledError } from '../core/errors';
import type { Future } from './future';
import type { Unretrieved } from './unretrieved';

/** @internal */
export class FutureExtra {
  /** the message of `cancel(msg)` */ cancelMessage: string | undefined = undefined;
  /** the CancelledError delivered to awaiters, made once */ cancelError: CancelledError | undefined =
    undefined;
  /** where the Future was created (debug mode) */ source: string | undefined = undefined;
  /** the watch on an exception nobody retrieved yet */ unretrieved: Unretrieved | null = null;
  /** Task: a cancellation to deliver at the next await or wake-up (asyncio's `_must_cancel`) */ mustCancel = false;
  /** Task: the message of the last `cancel(msg)` */ cancelMsg: string | undefined = undefined;
  /** Task: `cancelling()` */ numCancelsRequested = 0;
  /** Task: the controller of `task.signal`, made when first asked for */ controller: AbortController | null =
    null;
  /**
   * Task: its `cancel()` is running; a cancellation that comes back to it went round an await cycle (a flag here
   * rather than a set of tasks: `cancel()` makes this object anyway)
   */
  inCancel = false;
  /**
   * Task: how many of its cancellation requests came while its function's outcome was unknown, in the same job
   * as its first step (confirmed, reset to 0, one microtask later; see `cancelTask`)
   */
  unconfirmedCancels = 0;
}

/** @internal The rarely needed state of `future`, made now if it was not yet. */
export function extraOf(future: Future<unknown>): FutureExtra {
  let x = future._x;
  if (x === null) {
    x = new FutureExtra();
    future._x = x;
  }
  return x;
}
