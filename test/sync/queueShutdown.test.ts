/**
 * Queue shutdown (Python 3.13's `shutdown(immediate)`, ported from CPython's test_queues.py shutdown tests) and
 * `for await` iteration, on a VirtualTimeLoop.
 */
import { CancelledError, sleep } from '../../src';
import { Queue, QueueShutDown } from '../../src/sync';
import { outcome, useLoop } from '../../src/testing';
import { step } from './helpers';

const ctx = useLoop({ beforeEach, afterEach });

describe('Queue shutdown (3.13)', () => {
  it('shut down and empty: put and get throw QueueShutDown (test_shutdown_empty, test_format)', async () => {
    const q = new Queue<string>();
    q.shutdown();
    expect(String(q)).toBe('<Queue maxSize=0 items=[] getters=0 putters=0 unfinished=0 shutdown>');
    await expect(q.put('data')).rejects.toThrow(QueueShutDown);
    await expect(q.get()).rejects.toThrow('Queue.get(): the queue is shut down');
    expect(() => q.getNowait()).toThrow(QueueShutDown);
    expect(() => q.putNowait('x')).toThrow('Queue.putNowait(): the queue is shut down');
  });

  it('a non-empty queue still gives its items, then throws (test_shutdown_nonempty)', async () => {
    const q = new Queue<string>();
    q.putNowait('data');
    q.shutdown();
    await expect(q.get()).resolves.toBe('data');
    await expect(q.get()).rejects.toThrow(QueueShutDown);
  });

  it('immediate drops the items and counts them done (test_shutdown_immediate, _with_unfinished)', async () => {
    const q = new Queue<string>();
    q.putNowait('a');
    q.putNowait('b');
    await expect(q.get()).resolves.toBe('a');
    q.shutdown(true);
    expect(q.qSize()).toBe(0);
    await expect(q.get()).rejects.toThrow(QueueShutDown);
    const joiner = ctx.loop.createTask(() => q.join());
    await ctx.loop.runUntilIdle();
    expect(joiner.done()).toBe(false); // 'a' was gotten but not marked done
    q.taskDone();
    await ctx.loop.runUntilIdle();
    expect(joiner.done()).toBe(true);
  });

  it('blocked getters and putters wake up and throw (test_shutdown_get, test_shutdown_put)', async () => {
    const empty = new Queue<number>();
    const getters = [0, 1].map(() => ctx.loop.createTask(() => empty.get()));
    const full = new Queue<number>(1);
    full.putNowait(0);
    const putters = [1, 2].map((i) => ctx.loop.createTask(() => full.put(i)));
    await ctx.loop.runUntilIdle();
    empty.shutdown();
    full.shutdown();
    await ctx.loop.runUntilIdle();
    for (const t of [...getters, ...putters]) expect(t.exception()).toBeInstanceOf(QueueShutDown);
    expect(full.getNowait()).toBe(0);
  });

  it('a graceful shutdown lets blocked getters drain what is left first', async () => {
    const q = new Queue<number>();
    const getter = ctx.loop.createTask(() => q.get());
    await step(ctx.loop);
    ctx.loop.callSoon(() => {
      q.putNowait(7);
      q.shutdown();
    });
    await ctx.loop.runUntilIdle();
    expect(getter.result()).toBe(7);
  });
});

describe('Queue async iteration', () => {
  it('for await gets items until shutdown, then ends', async () => {
    const q = new Queue<number>();
    const seen: number[] = [];
    const consumer = ctx.loop.createTask(async () => {
      for await (const x of q) {
        seen.push(x);
        q.taskDone();
      }
      return 'ended';
    });
    const producer = ctx.loop.createTask(async () => {
      for (let i = 0; i < 3; i++) {
        await q.put(i);
        await sleep(5);
      }
      await q.join();
      q.shutdown();
    });
    await ctx.loop.runUntilIdle();
    expect(seen).toEqual([0, 1, 2]);
    expect(consumer.result()).toBe('ended');
    expect(outcome(producer)).toEqual({ ok: undefined });
  });

  it('a consumer cancelled inside for-await stops and takes no item', async () => {
    const q = new Queue<number>();
    const consumer = ctx.loop.createTask(async () => {
      for await (const _ of q) {
        /* consume */
      }
    });
    await step(ctx.loop);
    ctx.loop.callSoon(() => {
      q.putNowait(1);
      consumer.cancel();
    });
    await ctx.loop.runUntilIdle();
    expect(consumer.cancelled()).toBe(true);
    expect(q.getNowait()).toBe(1);
  });

  it('other errors propagate out of the loop', async () => {
    const q = new Queue<number>();
    const it = q[Symbol.asyncIterator]();
    expect(it[Symbol.asyncIterator]()).toBe(it);
    await expect(it.next()).rejects.toThrow(); // no running loop to wait on
    q.putNowait(4);
    await expect(it.next()).resolves.toEqual({ value: 4, done: false });
    q.shutdown();
    await expect(it.next()).resolves.toEqual({ value: undefined, done: true });
    const cancelled = ctx.loop.createTask(async () => {
      for await (const _ of new Queue<number>()) {
        /* never */
      }
    });
    await step(ctx.loop);
    cancelled.cancel();
    await ctx.loop.runUntilIdle();
    expect(() => cancelled.result()).toThrow(CancelledError);
  });
});
