/**
 * The errors of the synchronization primitives and queues. Each is an exported class with a stable `name`;
 * argument errors name the function, the argument and the value received.
 *
 * @packageDocumentation
 */
import { InvalidStateError, LoopArgumentError, LoopRangeError, QtAsyncioError } from '../core/errors';

/**
 * `Queue.getNowait()` on an empty queue (asyncio's `QueueEmpty`).
 *
 * @example
 * ```ts
 * import { Queue, QueueEmpty } from 'qtasyncio';
 * declare const q: Queue<number>;
 * try { q.getNowait(); } catch (e) { if (e instanceof QueueEmpty) console.log('nothing yet'); }
 * ```
 */
export class QueueEmpty extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_QUEUE_EMPTY';
  override readonly name: string = 'QueueEmpty';
}

/**
 * `Queue.putNowait()` on a full queue (asyncio's `QueueFull`).
 *
 * @example
 * ```ts
 * import { Queue, QueueFull } from 'qtasyncio';
 * declare const item: string;
 * declare const q: Queue<string>;
 * try { q.putNowait(item); } catch (e) { if (e instanceof QueueFull) console.log('back off'); }
 * ```
 */
export class QueueFull extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_QUEUE_FULL';
  override readonly name: string = 'QueueFull';
}

/**
 * The queue was shut down (`Queue.shutdown()`, asyncio 3.13's `QueueShutDown`): every put fails, and gets fail
 * once the queue is empty (at once after `shutdown(true)`).
 *
 * @example
 * ```ts
 * import { Queue, QueueShutDown } from 'qtasyncio';
 * declare const q: Queue<number>;
 * try { await q.get(); } catch (e) { if (!(e instanceof QueueShutDown)) throw e; }
 * ```
 */
export class QueueShutDown extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_QUEUE_SHUT_DOWN';
  override readonly name: string = 'QueueShutDown';
}

/**
 * A `Barrier` was aborted, or reset while tasks waited on it (asyncio's `BrokenBarrierError`).
 *
 * @example
 * ```ts
 * import { Barrier, BrokenBarrierError } from 'qtasyncio';
 * declare const barrier: Barrier;
 * try { await barrier.wait(); } catch (e) { if (e instanceof BrokenBarrierError) console.log('gave up'); }
 * ```
 */
export class BrokenBarrierError extends QtAsyncioError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_BROKEN_BARRIER';
  override readonly name: string = 'BrokenBarrierError';
}

/**
 * A lock was released (or a Condition waited on / notified) while not acquired (asyncio's `RuntimeError`).
 *
 * @example
 * ```ts
 * import { Lock } from 'qtasyncio';
 * new Lock().release(); // throws NotAcquiredError: Lock.release(): the lock is not acquired
 * ```
 */
export class NotAcquiredError extends InvalidStateError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_NOT_ACQUIRED';
  override readonly name: string = 'NotAcquiredError';
}

/**
 * Released more often than acquired: `BoundedSemaphore.release()` above its initial value, or
 * `Queue.taskDone()` called more often than items were put (asyncio's `ValueError`).
 *
 * @example
 * ```ts
 * import { BoundedSemaphore } from 'qtasyncio';
 * new BoundedSemaphore(1).release(); // throws OverReleaseError
 * ```
 */
export class OverReleaseError extends InvalidStateError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_OVER_RELEASE';
  override readonly name: string = 'OverReleaseError';
}

export { WrongLoopError } from '../core/errors';

/**
 * An argument of a synchronization primitive or queue has the wrong type (a comparator that is not a function,
 * values a PriorityQueue cannot order).
 *
 * @example
 * ```ts
 * import { PriorityQueue } from 'qtasyncio';
 * new PriorityQueue({ compare: 42 as never }); // throws SyncArgumentError
 * ```
 */
export class SyncArgumentError extends LoopArgumentError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_SYNC_ARGUMENT';
  override readonly name: string = 'SyncArgumentError';
}

/**
 * A numeric argument is out of range: a negative or fractional `maxSize`, Semaphore value or `notify(n)`, or
 * Barrier `parties` below 1.
 *
 * @example
 * ```ts
 * import { Queue } from 'qtasyncio';
 * new Queue(-1); // throws SyncRangeError: Queue(maxSize): expected an integer ≥ 0, got -1
 * ```
 */
export class SyncRangeError extends LoopRangeError {
  /** The code of this error class. */
  static override readonly code: string = 'ERR_QTASYNCIO_SYNC_RANGE';
  override readonly name: string = 'SyncRangeError';
}
