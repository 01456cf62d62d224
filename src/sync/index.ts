/**
 * Synchronization primitives and queues (asyncio's `locks` and `queues`), for tasks of one event loop.
 *
 * @packageDocumentation
 */
// biome-ignore-all assist/source/organizeImports: the exports are grouped by concept, as in RxJS's barrel

// What `hold()` returns
export type { Held } from './held';

// Locks, events, conditions, semaphores, barriers
export { Barrier, type BarrierState } from './barrier';
export { Condition } from './condition';
export { Event } from './event';
export { Lock } from './lock';
export { BoundedSemaphore, Semaphore } from './semaphore';

// Queues
export { naturalOrder } from './compare';
export { LifoQueue } from './lifoQueue';
export { PriorityQueue, type PriorityQueueOptions } from './priorityQueue';
export { Queue, type QueueOptions } from './queue';

// Errors
export {
  BrokenBarrierError,
  NotAcquiredError,
  OverReleaseError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  SyncArgumentError,
  SyncRangeError,
  WrongLoopError,
} from './errors';
