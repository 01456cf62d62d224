/**
 * Queue behaviours ported from CPython's Lib/test/test_asyncio/test_queues.py (QueueBasicTests,
 * QueueGetTests, QueuePutTests, the join tests), on a VirtualTimeLoop; shutdown and iteration are in queueShutdown.test.ts.
 */
import type { Task } from '../../src';
import {
  LifoQueue,
  OverReleaseError,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  SyncArgumentError,
  SyncRangeError,
} from '../../src/sync';
import { outcome, runTask, useLoop } from '../../src/testing';
import { step } from './helpers';

const ctx = useLoop({ beforeEach, afterEach });

describe('Queue basics', () => {
  it('empty/full/qSize/maxSize and toString (test_empty, test_full, test_repr)', () => {
    const q = new Queue<number>(2);
    expect([q.empty(), q.full(), q.qSize(), q.maxSize]).toEqual([true, false, 0, 2]);
    q.putNowait(1);
    q.putNowait(2);
    expect([q.empty(), q.full(), q.qSize()]).toEqual([false, true, 2]);
    expect(String(q)).toBe('<Queue maxSize=2 items=[1,2] getters=0 putters=0 unfinished=2>');
    const unbounded = new Queue<number>();
    for (let i = 0; i < 1000; i++) unbounded.putNowait(i);
    expect([unbounded.full(), unbounded.maxSize, new Queue({ maxSize: 3 }).maxSize]).toEqual([false, 0, 3]);
  });

  it('returns items first-in first-out (test_order)', () => {
    const q = new Queue<number>();
    for (const i of [1, 3, 2]) q.putNowait(i);
    expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([1, 3, 2]);
  });

  it('rejects a bad maxSize naming the value (test_float_maxsize: we require an integer)', () => {
    expect(() => new Queue(-1)).toThrow('Queue(maxSize): expected an integer ≥ 0, got -1');
    expect(() => new Queue(1.5)).toThrow(SyncRangeError);
    expect(() => new Queue({ maxSize: Number.NaN })).toThrow(
      'Queue(maxSize): expected an integer ≥ 0, got NaN',
    );
    expect(() => new Queue('3' as never)).toThrow(SyncArgumentError);
  });

  it('refuses an unknown option key, suggesting the near miss, and a non-object options value', () => {
    for (const Q of [Queue, LifoQueue, PriorityQueue]) {
      const known = Q === PriorityQueue ? 'maxSize, compare' : 'maxSize';
      // asyncio's spelling is the likely slip
      expect(() => new Q({ maxsize: 3 } as never)).toThrow(SyncArgumentError);
      expect(() => new Q({ maxsize: 3 } as never)).toThrow(
        new Error(`${Q.name}(options): unknown option "maxsize" (did you mean "maxSize"? known: ${known})`),
      );
      expect(() => new Q({ limit: 3 } as never)).toThrow(`${Q.name}(options): unknown option "limit"`);
      expect(() => new Q('5' as never)).toThrow(
        `${Q.name}(options): expected a maxSize number or an options object, got "5"`,
      );
    }
    expect(() => new PriorityQueue({ comapre: () => 0 } as never)).toThrow(
      'PriorityQueue(options): unknown option "comapre" (did you mean "compare"? known: maxSize, compare)',
    );
    expect(() => new LifoQueue({ compare: () => 0 } as never)).toThrow(
      new Error('LifoQueue(options): unknown option "compare" (known: maxSize)'), // no near miss: no hint
    );
    expect(new PriorityQueue<number>({ maxSize: 2, compare: (a, b) => b - a }).maxSize).toBe(2);
  });

  it('put blocks while full (test_maxsize, test_blocking_put_wait)', async () => {
    const q = new Queue<number>(2);
    const have: number[] = [];
    const putter = ctx.loop.createTask(async () => {
      for (let i = 0; i < 3; i++) {
        await q.put(i);
        have.push(i);
      }
    });
    await ctx.loop.runUntilIdle();
    expect(have).toEqual([0, 1]);
    expect(putter.done()).toBe(false);
    expect(q.getNowait()).toBe(0);
    await ctx.loop.runUntilIdle();
    expect(have).toEqual([0, 1, 2]);
    expect(putter.done()).toBe(true);
  });

  it('getNowait/putNowait throw QueueEmpty/QueueFull (test_nonblocking_get_exception, test_nonblocking_put_exception)', () => {
    const q = new Queue<number>(1);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    expect(() => q.getNowait()).toThrow('Queue.getNowait(): the queue is empty');
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
    expect(() => q.putNowait(2)).toThrow('Queue.putNowait(): the queue is full (maxSize 1)');
  });
});

describe('Queue get', () => {
  it('get returns at once when an item is queued (test_blocking_get)', async () => {
    const q = new Queue<string>();
    q.putNowait('x');
    const { task } = await runTask(ctx.loop, () => q.get());
    expect(task.result()).toBe('x');
  });

  it('get waits for an item (test_blocking_get_wait)', async () => {
    const q = new Queue<string>();
    const t = ctx.loop.createTask(() => q.get());
    ctx.loop.callLater(10, () => q.putNowait('late'));
    await ctx.loop.advance(9);
    expect(t.done()).toBe(false);
    await ctx.loop.advance(1);
    expect(t.result()).toBe('late');
  });

  it('getting unblocks a waiting putter (test_get_with_putters)', async () => {
    const q = new Queue<number>(1);
    q.putNowait(1);
    const p = ctx.loop.createTask(() => q.put(2));
    await step(ctx.loop);
    expect(q.getNowait()).toBe(1);
    await ctx.loop.runUntilIdle();
    expect(p.done()).toBe(true);
    expect(q.getNowait()).toBe(2);
  });

  it('a cancelled getter does not take the next item (test_get_cancelled_race)', async () => {
    const q = new Queue<string>();
    const t1 = ctx.loop.createTask(() => q.get());
    const t2 = ctx.loop.createTask(() => q.get());
    await step(ctx.loop);
    t1.cancel();
    await step(ctx.loop);
    expect(t1.done()).toBe(true);
    q.putNowait('a');
    await ctx.loop.runUntilIdle();
    expect(t2.result()).toBe('a');
  });

  it('a get cancelled in the same moment its item arrives does not lose it (test_get_cancel_drop_one_pending_reader)', async () => {
    const q = new Queue<number>();
    const reader = ctx.loop.createTask(() => q.get());
    await step(ctx.loop);
    ctx.loop.callSoon(() => {
      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();
    });
    await ctx.loop.runUntilIdle();
    expect(reader.cancelled()).toBe(true);
    const again = await runTask(ctx.loop, () => q.get());
    expect(again.task.result()).toBe(1); // 2 would mean 1 was dropped
    expect(q.qSize()).toBe(1);
  });

  it('with several readers, the cancelled one hands its item on (test_get_cancel_drop_many_pending_readers)', async () => {
    const q = new Queue<number>();
    const [r1, r2, r3] = [1, 2, 3].map(() => ctx.loop.createTask(() => q.get())) as [
      Task<number>,
      Task<number>,
      Task<number>,
    ];
    await step(ctx.loop);
    ctx.loop.callSoon(() => {
      q.putNowait(1);
      q.putNowait(2);
      r1.cancel();
    });
    await ctx.loop.runUntilIdle();
    expect(r1.cancelled()).toBe(true);
    expect(new Set([r2.result(), r3.result()])).toEqual(new Set([1, 2]));
  });

  it('a getter whose wait timed out is not kept in the getters (test_cancelled_getters_not_being_held_in_self_getters)', async () => {
    const q = new Queue<number>(5);
    const t = ctx.loop.createTask(() => q.get());
    ctx.loop.callLater(100, () => t.cancel());
    await ctx.loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(String(q)).toContain('getters=0');
  });

  it('producer and consumer on a maxSize-1 queue finish (test_why_are_getters_waiting, test_why_are_putters_waiting)', async () => {
    const q = new Queue<number>(1);
    const got: number[] = [];
    const producer = ctx.loop.createTask(async () => {
      for (let i = 0; i < 5; i++) await q.put(i);
    });
    const consumers = [0, 1].map(() =>
      ctx.loop.createTask(async () => {
        for (let i = 0; i < 2; i++) got.push(await q.get());
      }),
    );
    const third = ctx.loop.createTask(async () => got.push(await q.get()));
    await ctx.loop.runUntilIdle();
    expect([producer, ...consumers, third].every((t) => t.done() && !t.cancelled())).toBe(true);
    expect(got.sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('Queue put', () => {
  it('a put cancelled after a slot was freed does not add its item (test_put_cancel_drop)', async () => {
    const q = new Queue<number>(1);
    q.putNowait(1);
    const writer = ctx.loop.createTask(() => q.put(2));
    await step(ctx.loop);
    let first: number | undefined;
    ctx.loop.callSoon(() => {
      first = q.getNowait();
      writer.cancel();
    });
    await ctx.loop.runUntilIdle();
    expect(first).toBe(1);
    expect(writer.cancelled()).toBe(true);
    expect(q.qSize()).toBe(0);
    await runTask(ctx.loop, () => q.put(2));
    expect(q.getNowait()).toBe(2);
    expect(q.qSize()).toBe(0);
  });

  it('a cancelled putter passes the free slot on (test_put_cancelled_race)', async () => {
    const q = new Queue<string>(1);
    const putA = ctx.loop.createTask(() => q.put('a'));
    const putB = ctx.loop.createTask(() => q.put('b'));
    const putC = ctx.loop.createTask(() => q.put('X'));
    await step(ctx.loop);
    expect([putA.done(), putB.done()]).toEqual([true, false]);
    putC.cancel();
    await step(ctx.loop);
    expect(putC.done()).toBe(true);
    expect(q.getNowait()).toBe('a');
    await step(ctx.loop);
    expect(q.getNowait()).toBe('b');
    await ctx.loop.runUntilIdle();
    expect(outcome(putB)).toEqual({ ok: undefined });
    expect(q.empty()).toBe(true);
  });

  it('two putters woken by two gets, one cancelled: the other still puts (test_cancelled_puts_not_being_held_in_self_putters)', async () => {
    const q = new Queue<number>(1);
    q.putNowait(0);
    const p1 = ctx.loop.createTask(() => q.put(1));
    const p2 = ctx.loop.createTask(() => q.put(2));
    await step(ctx.loop);
    ctx.loop.callSoon(() => {
      q.getNowait(); // wakes p1
      p1.cancel(); // which hands the slot to p2
    });
    await ctx.loop.runUntilIdle();
    expect(p1.cancelled()).toBe(true);
    expect(outcome(p2)).toEqual({ ok: undefined });
    expect(q.getNowait()).toBe(2);
    expect(String(q)).toContain('putters=0');
  });

  it('put wakes a waiting getter (test_put_with_waiting_getters)', async () => {
    const q = new Queue<string>();
    const t = ctx.loop.createTask(() => q.get());
    await step(ctx.loop);
    await runTask(ctx.loop, () => q.put('a'));
    expect(t.result()).toBe('a');
  });
});

describe('Queue join', () => {
  it('taskDone below zero throws OverReleaseError (test_task_done_underflow)', () => {
    const q = new Queue<number>();
    expect(() => q.taskDone()).toThrow(OverReleaseError);
    expect(() => q.taskDone()).toThrow('Queue.taskDone(): called more times than items were put');
  });

  it('join waits until every item was marked done (test_task_done)', async () => {
    const q = new Queue<number>();
    let accumulator = 0;
    for (let i = 0; i < 100; i++) q.putNowait(i);
    const workers = [0, 1].map(() =>
      ctx.loop.createTask(async () => {
        for (;;) {
          const item = await q.get();
          accumulator += item;
          q.taskDone();
        }
      }),
    );
    const joiner = ctx.loop.createTask(() => q.join());
    await ctx.loop.runUntilIdle();
    expect(joiner.done()).toBe(true);
    expect(accumulator).toBe(4950);
    for (const w of workers) w.cancel();
    await ctx.loop.runUntilIdle();
  });

  it('join on an empty queue returns at once (test_join_empty_queue)', async () => {
    const q = new Queue<number>();
    await expect(q.join()).resolves.toBeUndefined();
    q.putNowait(1);
    q.getNowait();
    q.taskDone();
    await expect(q.join()).resolves.toBeUndefined();
  });
});
