/**
 * Where a queue keeps its items (asyncio's `Queue._init` / `_put` / `_get`, the hooks its subclasses override):
 * the store interface, and the FIFO store of {@link Queue}. {@link LifoQueue} keeps a stack, {@link PriorityQueue}
 * a heap; the waiting, `maxSize`, `join()` and `shutdown()` are the Queue's whatever the store.
 *
 * @packageDocumentation
 */
import { Deque } from './deque';

/** @internal Where a queue keeps its items: FIFO, LIFO or a heap. */
export interface QueueStore<T> {
  readonly length: number;
  add(item: T): void;
  /** Remove and return the next item (the store is not empty). */
  take(): T;
  /** The items in retrieval order (for `toString`). */
  snapshot(): T[];
}

/** @internal The store of a {@link Queue}: first in, first out. */
export function fifoStore<T>(): QueueStore<T> {
  const d = new Deque<T>();
  return {
    get length() {
      return d.length;
    },
    add: (item) => d.push(item),
    take: () => d.shift() as T,
    snapshot: () => [...d],
  };
}
