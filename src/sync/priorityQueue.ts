/**
 * PriorityQueue (asyncio's `queues.PriorityQueue`): a {@link Queue} that returns the smallest item first.
 *
 * @packageDocumentation
 */
import { checkFunction } from '../core/validate';
import { naturalOrder } from './compare';
import { SyncArgumentError } from './errors';
import { Queue, type QueueOptions } from './queue';
import type { QueueStore } from './queueStore';

/**
 * Options of `new PriorityQueue()`.
 *
 * @example
 * ```ts
 * import { PriorityQueue } from 'qtasyncio';
 * interface Job { deadline: number; run(): Promise<void> }
 * const q = new PriorityQueue<Job>({ maxSize: 50, compare: (a, b) => a.deadline - b.deadline });
 * ```
 */
export interface PriorityQueueOptions<T> extends QueueOptions {
  /**
   * Orders items: negative when `a` comes out before `b` (default {@link naturalOrder}: numbers, strings and
   * `[priority, item]` tuples, smallest first). Items that compare equal come out first-in first-out.
   */
  compare?: (a: T, b: T) => number;
}

interface Entry<T> {
  readonly item: T;
  readonly seq: number;
}

/** A binary min-heap; compares first, then moves, so a throwing comparator leaves it unchanged. */
class Heap<T> implements QueueStore<T> {
  readonly #heap: Entry<T>[] = [];
  readonly #compare: (a: T, b: T) => number;
  #seq = 0;

  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  get length(): number {
    return this.#heap.length;
  }

  #before(a: Entry<T>, b: Entry<T>): boolean {
    const c = this.#compare(a.item, b.item);
    return c < 0 || (!(c > 0) && a.seq < b.seq);
  }

  add(item: T): void {
    const heap = this.#heap;
    const entry: Entry<T> = { item, seq: this.#seq++ };
    let target = heap.length;
    while (target > 0) {
      const parent = (target - 1) >> 1;
      if (!this.#before(entry, heap[parent] as Entry<T>)) break;
      target = parent;
    }
    let i = heap.length;
    heap.push(entry);
    while (i > target) {
      const parent = (i - 1) >> 1;
      heap[i] = heap[parent] as Entry<T>;
      i = parent;
    }
    heap[target] = entry;
  }

  take(): T {
    const heap = this.#heap;
    const top = heap[0] as Entry<T>;
    const last = heap[heap.length - 1] as Entry<T>;
    const n = heap.length - 1;
    // Find the path the last entry sinks along (compare only), then move.
    const path: number[] = [];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.#before(heap[r] as Entry<T>, heap[l] as Entry<T>) ? r : l;
      if (!this.#before(heap[c] as Entry<T>, last)) break;
      path.push(c);
      i = c;
    }
    heap.pop();
    if (n > 0) {
      let hole = 0;
      for (const c of path) {
        heap[hole] = heap[c] as Entry<T>;
        hole = c;
      }
      heap[hole] = last;
    }
    return top.item;
  }

  snapshot(): T[] {
    return [...this.#heap].sort((a, b) => (this.#before(a, b) ? -1 : 1)).map((e) => e.item);
  }
}

/**
 * A {@link Queue} that returns the smallest item first, by `options.compare` (default {@link naturalOrder}, so
 * numbers, strings and `[priority, item]` tuples work as in Python). Equal items come out first-in first-out. A
 * comparator that throws makes that `put`/`get` throw and leaves the queue unchanged.
 *
 * @see {@link Queue}
 * @example
 * ```ts
 * import { PriorityQueue } from 'qtasyncio';
 * interface Job { deadline: number; run(): Promise<void> }
 * const q = new PriorityQueue<[number, string]>();
 * q.putNowait([2, 'later']);
 * q.putNowait([1, 'first']);
 * q.getNowait(); // [1, 'first']
 * const byDeadline = new PriorityQueue<Job>({ maxSize: 100, compare: (a, b) => a.deadline - b.deadline });
 * ```
 */
export class PriorityQueue<T> extends Queue<T> {
  /**
   * @param options - `maxSize` (or pass it as a number) and `compare`.
   * @throws {@link SyncRangeError} for a bad `maxSize`; {@link SyncArgumentError} for a `compare` that is not a
   * function, or an unknown option key.
   */
  constructor(options: number | PriorityQueueOptions<T> = {}) {
    super(options);
  }

  /** @internal */
  static override readonly _optionKeys: readonly string[] = ['maxSize', 'compare'];

  /** @internal `options` were checked by the Queue constructor. */
  override _createStore(options: PriorityQueueOptions<T>): QueueStore<T> {
    if (options.compare !== undefined)
      checkFunction('PriorityQueue', 'options.compare', options.compare, SyncArgumentError);
    return new Heap<T>(options.compare ?? naturalOrder);
  }
}
