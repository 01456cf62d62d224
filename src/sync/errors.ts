/**
 * The errors of the synchronization primitives and queues. Each is an exported class with a stable `name`;
 * argument errors name the function, the argument and the value received.
 *
 * @packageDocumentation
 */
import { InvalidStateError } from '../core/errors';

/**
 * `Queue.getNowait()` on an empty queue (asyncio's `QueueEmpty`).
 *
 * @example
 * ```ts
 * try { q.getNowait(); } catch (e) { if (e instanceof QueueEmpty) console.log('nothing yet'); }
 * ```
 */
export class QueueEmpty extends Error {
  override readonly name: string = 'QueueEmpty';
}

/**
 * `Queue.putNowait()` on a full queue (asyncio's `QueueFull`).
 *
 * @example
 * ```ts
 * try { q.putNowait(item); } catch (e) { if (e instanceof QueueFull) console.log('back off'); }
 * ```
 */
export class QueueFull extends Error {
  override readonly name: string = 'QueueFull';
}

/**
 * The queue was shut down (`Queue.shutdown()`, asyncio 3.13's `QueueShutDown`): every put fails, and gets fail
 * once the queue is empty (at once after `shutdown(true)`).
 *
 * @example
 * ```ts
 * try { await q.get(); } catch (e) { if (e instanceof QueueShutDown) return; throw e; }
 * ```
 */
export class QueueShutDown extends Error {
  override readonly name: string = 'QueueShutDown';
}

/**
 * A `Barrier` was aborted, or reset while tasks waited on it (asyncio's `BrokenBarrierError`).
 *
 * @example
 * ```ts
 * try { await barrier.wait(); } catch (e) { if (e instanceof BrokenBarrierError) console.log('gave up'); }
 * ```
 */
export class BrokenBarrierError extends Error {
  override readonly name: string = 'BrokenBarrierError';
}

/**
 * A lock was released (or a Condition waited on / notified) while not acquired (asyncio's `RuntimeError`).
 *
 * @example
 * ```ts
 * new Lock().release(); // throws NotAcquiredError: Lock.release(): the lock is not acquired
 * ```
 */
export class NotAcquiredError extends InvalidStateError {
  override readonly name: string = 'NotAcquiredError';
}

/**
 * Released more often than acquired: `BoundedSemaphore.release()` above its initial value, or
 * `Queue.taskDone()` called more often than items were put (asyncio's `ValueError`).
 *
 * @example
 * ```ts
 * new BoundedSemaphore(1).release(); // throws OverReleaseError
 * ```
 */
export class OverReleaseError extends InvalidStateError {
  override readonly name: string = 'OverReleaseError';
}

export { WrongLoopError } from '../core/errors';

/**
 * An argument of a synchronization primitive or queue has the wrong type (a comparator that is not a function,
 * values a PriorityQueue cannot order).
 *
 * @example
 * ```ts
 * new PriorityQueue({ compare: 42 as never }); // throws SyncArgumentError
 * ```
 */
export class SyncArgumentError extends TypeError {
  override readonly name: string = 'SyncArgumentError';
}

/**
 * A numeric argument is out of range: a negative or fractional `maxSize`, Semaphore value or `notify(n)`, or
 * Barrier `parties` below 1.
 *
 * @example
 * ```ts
 * new Queue(-1); // throws SyncRangeError: Queue(maxSize): expected an integer ≥ 0, got -1
 * ```
 */
export class SyncRangeError extends RangeError {
  override readonly name: string = 'SyncRangeError';
}
