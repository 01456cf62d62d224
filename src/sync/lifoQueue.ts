/**
 * LifoQueue (asyncio's `queues.LifoQueue`): a {@link Queue} that returns the most recently added item first.
 *
 * @packageDocumentation
 */
import { Queue, type QueueOptions } from './queue';
import type { QueueStore } from './queueStore';

/**
 * A last-in first-out {@link Queue} (a stack); everything else — waiting, `maxSize`, `join()`, `shutdown()` —
 * is the Queue's.
 *
 * @see {@link Queue}
 * @example
 * ```ts
 * import { LifoQueue } from 'qtasyncio';
 * const q = new LifoQueue<number>();
 * q.putNowait(1);
 * q.putNowait(2);
 * q.getNowait(); // 2
 * ```
 */
export class LifoQueue<T> extends Queue<T> {
  /** @internal */
  override _createStore(_options: QueueOptions): QueueStore<T> {
    const stack: T[] = [];
    return {
      get length() {
        return stack.length;
      },
      add: (item) => stack.push(item),
      take: () => stack.pop() as T,
      snapshot: () => [...stack].reverse(),
    };
  }
}
