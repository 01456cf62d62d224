/**
 * The loop's scheduled timers (asyncio's `_scheduled`, a `heapq` of `TimerHandle`s, with its
 * `_timer_cancelled_count`): a binary min-heap ordered by deadline, then by insertion order, from which each
 * iteration takes the due timers and the next deadline. A cancelled timer stays in the heap until it reaches the
 * top, or until cancelled ones dominate and the heap is purged.
 *
 * @packageDocumentation
 */
import type { Runnable, TimerHandle } from './handles';

/** The heap is purged of cancelled timers only when more than this many are cancelled (and half of it). */
const PURGE_MIN = 100;

function before(a: TimerHandle, b: TimerHandle): boolean {
  return a._when < b._when || (a._when === b._when && a._seq < b._seq);
}

/** @internal */
export class TimerHeap {
  /** The heap array; index 0 is the earliest timer. */
  items: TimerHandle[] = [];
  /** How many timers in the heap were cancelled (the loop counts them as their handles are cancelled). */
  cancelled = 0;

  get size(): number {
    return this.items.length;
  }

  peek(): TimerHandle | undefined {
    return this.items[0];
  }

  push(h: TimerHandle): void {
    const a = this.items;
    let i = a.length;
    a.push(h);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p] as TimerHandle;
      if (!before(h, parent)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = h;
  }

  pop(): TimerHandle | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    this.#siftDown(last, 0);
    return top;
  }

  #siftDown(h: TimerHandle, start: number): void {
    const a = this.items;
    const n = a.length;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let child = a[l] as TimerHandle;
      if (r < n) {
        const right = a[r] as TimerHandle;
        if (before(right, child)) {
          c = r;
          child = right;
        }
      }
      if (!before(child, h)) break;
      a[i] = child;
      i = c;
    }
    a[i] = h;
  }

  /**
   * Move the timers due at `now` to `ready`, in deadline order, dropping the cancelled ones met on the way (the
   * heap is purged first when cancelled timers dominate it).
   */
  popDue(now: number, ready: Runnable[]): void {
    if (this.cancelled > PURGE_MIN && this.cancelled * 2 > this.items.length) this.#purge();
    for (
      let top = this.peek();
      top !== undefined && (top._cancelled || top._when <= now);
      top = this.peek()
    ) {
      this.pop();
      top._scheduled = false;
      if (top._cancelled) this.cancelled--;
      else ready.push(top);
    }
  }

  /** The earliest pending deadline, or `undefined` (drops cancelled timers at the top). */
  nextDeadline(): number | undefined {
    for (let top = this.peek(); top !== undefined; top = this.peek()) {
      if (!top._cancelled) return top._when;
      this.pop();
      top._scheduled = false;
      this.cancelled--;
    }
    return undefined;
  }

  /** Drop every cancelled timer and restore the heap property. */
  #purge(): void {
    const kept = this.items.filter((h) => {
      if (h._cancelled) h._scheduled = false;
      return !h._cancelled;
    });
    this.items = kept;
    for (let i = (kept.length >> 1) - 1; i >= 0; i--) this.#siftDown(kept[i] as TimerHandle, i);
    this.cancelled = 0;
  }

  /** Drop every timer (the loop closes). */
  clear(): void {
    for (const h of this.items) h._scheduled = false;
    this.items = [];
    this.cancelled = 0;
  }
}
