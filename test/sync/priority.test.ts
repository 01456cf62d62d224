/**
 * LifoQueue and PriorityQueue (CPython's LifoQueueTests, PriorityQueueTests) and PriorityQueue's ordering
 * (`naturalOrder`, comparators, FIFO among equals), on a VirtualTimeLoop.
 */
import {
  LifoQueue,
  naturalOrder,
  PriorityQueue,
  QueueShutDown,
  SyncArgumentError,
  SyncRangeError,
} from '../../src/sync';
import { runTask, useLoop } from '../../src/testing';
import { step } from './helpers';

const ctx = useLoop({ beforeEach, afterEach });

describe('LifoQueue', () => {
  it('returns the most recent item first (test_order)', () => {
    const q = new LifoQueue<number>();
    for (const i of [1, 3, 2]) q.putNowait(i);
    expect(String(q)).toBe('<LifoQueue maxSize=0 items=[2,3,1] getters=0 putters=0 unfinished=3>');
    expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([2, 3, 1]);
  });

  it('shares the Queue behaviour: blocking, maxSize, shutdown', async () => {
    const q = new LifoQueue<number>({ maxSize: 1 });
    expect(() => new LifoQueue(-3)).toThrow('LifoQueue(maxSize): expected an integer ≥ 0, got -3');
    const getter = ctx.loop.createTask(() => q.get());
    await step(ctx.loop);
    await runTask(ctx.loop, () => q.put(5));
    expect(getter.result()).toBe(5);
    q.shutdown();
    await expect(q.put(1)).rejects.toThrow('LifoQueue.put(): the queue is shut down');
  });
});

describe('PriorityQueue', () => {
  it('returns the smallest first (test_order)', () => {
    const q = new PriorityQueue<number>();
    for (const i of [1, 3, 2]) q.putNowait(i);
    expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([1, 2, 3]);
  });

  it('orders [priority, item] tuples by priority, then FIFO when items do not compare', () => {
    const q = new PriorityQueue<[number, { name: string }]>();
    const names = ['c1', 'a1', 'b1', 'a2', 'c2', 'b2'];
    const prio: Record<string, number> = { a: 1, b: 2, c: 3 };
    for (const n of names) q.putNowait([prio[n[0] as string] as number, { name: n }]);
    const out: string[] = [];
    while (!q.empty()) out.push(q.getNowait()[1].name);
    expect(out).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
  });

  it('uses a custom comparator; equal keys keep insertion order', () => {
    const q = new PriorityQueue<{ d: number; id: number }>({ compare: (a, b) => b.d - a.d, maxSize: 10 });
    const items = [1, 5, 3, 5, 1, 3].map((d, id) => ({ d, id }));
    for (const it of items) q.putNowait(it);
    const out: number[] = [];
    while (!q.empty()) out.push(q.getNowait().id);
    expect(out).toEqual([1, 3, 2, 5, 0, 4]);
    expect(q.maxSize).toBe(10);
  });

  it('rejects a comparator that is not a function', () => {
    expect(() => new PriorityQueue({ compare: 42 as never })).toThrow(
      'PriorityQueue(options.compare): expected a function, got 42',
    );
    expect(() => new PriorityQueue({ compare: 42 as never })).toThrow(SyncArgumentError);
    expect(() => new PriorityQueue(-1)).toThrow(SyncRangeError);
  });

  it('a throwing comparator leaves the queue unchanged', () => {
    let armed = false;
    const q = new PriorityQueue<number>({
      compare: (a, b) => {
        if (armed) throw new Error('cannot compare');
        return a - b;
      },
    });
    for (const i of [5, 1, 4, 2, 3]) q.putNowait(i);
    armed = true;
    expect(() => q.putNowait(0)).toThrow('cannot compare');
    expect(() => q.getNowait()).toThrow('cannot compare');
    armed = false;
    expect(q.qSize()).toBe(5);
    const out: number[] = [];
    while (!q.empty()) out.push(q.getNowait());
    expect(out).toEqual([1, 2, 3, 4, 5]);
  });

  it('a blocked getter gets the smallest of the items put before it runs', async () => {
    const q = new PriorityQueue<number>();
    const t = ctx.loop.createTask(() => q.get());
    await step(ctx.loop);
    ctx.loop.callSoon(() => {
      q.putNowait(9);
      q.putNowait(4);
    });
    await ctx.loop.runUntilIdle();
    expect(t.result()).toBe(4);
    q.shutdown(true);
    expect(() => q.getNowait()).toThrow(QueueShutDown);
  });

  it('sorts large random inputs like Array.prototype.sort (heap invariant)', () => {
    const q = new PriorityQueue<number>();
    const xs: number[] = [];
    let seed = 12345;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      xs.push(seed % 100);
      q.putNowait(seed % 100);
      if (i % 7 === 0) {
        const min = Math.min(...xs);
        expect(q.getNowait()).toBe(min);
        xs.splice(xs.indexOf(min), 1);
      }
    }
    const out: number[] = [];
    while (!q.empty()) out.push(q.getNowait());
    expect(out).toEqual([...xs].sort((a, b) => a - b));
  });
});

describe('naturalOrder', () => {
  it('orders numbers, bigints, strings, booleans and dates within their kind', () => {
    expect(naturalOrder(1, 2)).toBeLessThan(0);
    expect(naturalOrder(2n, 1)).toBeGreaterThan(0);
    expect(naturalOrder(3, 3)).toBe(0);
    expect(naturalOrder('a', 'b')).toBeLessThan(0);
    expect(naturalOrder(true, false)).toBeGreaterThan(0);
    expect(naturalOrder(new Date(5), new Date(2))).toBeGreaterThan(0);
    expect(naturalOrder(Number.NaN, Number.POSITIVE_INFINITY)).toBeGreaterThan(0);
    expect(naturalOrder(Number.NaN, Number.NaN)).toBe(0);
  });

  it('orders arrays lexicographically, a prefix first', () => {
    expect(naturalOrder([1, 'b'], [1, 'a'])).toBeGreaterThan(0);
    expect(naturalOrder([1], [1, 0])).toBeLessThan(0);
    expect(naturalOrder([2, { a: 1 }], [2, { b: 2 }])).toBe(0);
  });

  it('orders different kinds by kind, and treats other values as equal', () => {
    const kinds = [{}, [0], new Date(0), true, 'a', 1];
    const sorted = [...kinds].sort(naturalOrder);
    expect(sorted.map((x) => (Array.isArray(x) ? 'array' : x instanceof Date ? 'date' : typeof x))).toEqual([
      'number',
      'string',
      'boolean',
      'date',
      'array',
      'object',
    ]);
    expect(naturalOrder(null, undefined)).toBe(0);
    expect(naturalOrder(Symbol('a'), () => 1)).toBe(0);
  });
});
