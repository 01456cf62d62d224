/**
 * A binary min-heap of timer handles ordered by deadline, then by insertion order (asyncio's `heapq` of
 * `TimerHandle`s).
 *
 * @packageDocumentation
 */
import type { TimerHandle } from './handles';

function before(a: TimerHandle, b: TimerHandle): boolean {
  return a._when < b._when || (a._when === b._when && a._seq < b._seq);
}

/** @internal */
export class TimerHeap {
  /** The heap array; index 0 is the earliest timer. */
  items: TimerHandle[] = [];

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

  /** Drop every handle that `keep` rejects and restore the heap property (used to purge cancelled timers). */
  filter(keep: (h: TimerHandle) => boolean): void {
    const kept = this.items.filter(keep);
    this.items = kept;
    for (let i = (kept.length >> 1) - 1; i >= 0; i--) this.#siftDown(kept[i] as TimerHandle, i);
  }

  clear(): TimerHandle[] {
    const all = this.items;
    this.items = [];
    return all;
  }
}
