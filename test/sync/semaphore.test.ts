/**
 * Semaphore and BoundedSemaphore behaviours ported from CPython's Lib/test/test_asyncio/test_locks.py
 * (SemaphoreTests), on a VirtualTimeLoop.
 */
import { sleep } from '../../src';
import {
  BoundedSemaphore,
  OverReleaseError,
  Semaphore,
  SyncArgumentError,
  SyncRangeError,
} from '../../src/sync';
import { outcome, runTask, useLoop } from '../../src/testing';
import { step } from './helpers';

const ctx = useLoop({ beforeEach, afterEach });

describe('Semaphore', () => {
  it('value 0 starts locked (test_initial_value_zero)', () => {
    expect(new Semaphore(0).locked()).toBe(true);
    expect(new Semaphore().locked()).toBe(false);
  });

  it('acquire takes permits until none is left (test_semaphore)', async () => {
    const sem = new Semaphore();
    expect(String(sem)).toBe('<Semaphore value=1>');
    const { task } = await runTask(ctx.loop, () => sem.acquire());
    expect(task.result()).toBe(true);
    expect(sem.locked()).toBe(true);
    sem.release();
    expect(sem.locked()).toBe(false);
  });

  it('bad values throw SyncRangeError naming the value (test_semaphore_value)', () => {
    expect(() => new Semaphore(-1)).toThrow('Semaphore(value): expected an integer ≥ 0, got -1');
    expect(() => new Semaphore(1.5)).toThrow(SyncRangeError);
    expect(() => new Semaphore('2' as never)).toThrow(SyncArgumentError);
    expect(() => new BoundedSemaphore(-2)).toThrow(
      'BoundedSemaphore(value): expected an integer ≥ 0, got -2',
    );
  });

  it('waiters get permits in FIFO order as they are released (test_acquire)', async () => {
    const sem = new Semaphore(3);
    const result: number[] = [];
    await runTask(ctx.loop, async () => {
      await sem.acquire();
      await sem.acquire();
    });
    const tasks = [1, 2, 3, 4].map((i) =>
      ctx.loop.createTask(async () => {
        await sem.acquire();
        result.push(i);
      }),
    );
    await ctx.loop.runUntilIdle();
    expect(result).toEqual([1]);
    expect(sem.locked()).toBe(true);
    expect(String(sem)).toBe('<Semaphore locked waiters=3>');
    sem.release();
    sem.release();
    await ctx.loop.runUntilIdle();
    expect(result).toEqual([1, 2, 3]);
    expect(tasks[3]?.done()).toBe(false);
    tasks[3]?.cancel();
    await ctx.loop.runUntilIdle();
    expect(sem.locked()).toBe(true);
  });

  it('a cancelled acquire leaves no waiter and no permit behind (test_acquire_cancel)', async () => {
    const sem = new Semaphore(0);
    const t = ctx.loop.createTask(() => sem.acquire());
    await step(ctx.loop);
    t.cancel();
    await ctx.loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(String(sem)).toBe('<Semaphore locked>');
    sem.release();
    expect(sem.locked()).toBe(false);
  });

  it('a waiter cancelled after being handed a permit gives it to the next (test_acquire_cancel_before_awoken)', async () => {
    const sem = new Semaphore(0);
    const t1 = ctx.loop.createTask(() => sem.acquire());
    const t2 = ctx.loop.createTask(() => sem.acquire());
    const t3 = ctx.loop.createTask(() => sem.acquire());
    const t4 = ctx.loop.createTask(() => sem.acquire());
    await ctx.loop.runUntilIdle();
    ctx.loop.callSoon(() => {
      t1.cancel();
      t2.cancel();
      sem.release();
    });
    await ctx.loop.runUntilIdle();
    expect([t1.cancelled(), t2.cancelled()]).toEqual([true, true]);
    expect(t3.result()).toBe(true);
    expect(t4.done()).toBe(false);
    ctx.loop.callSoon(() => {
      sem.release(); // handed to t4...
      t4.cancel(); // ...which is cancelled before it runs: the permit comes back
    });
    await ctx.loop.runUntilIdle();
    expect(t4.cancelled()).toBe(true);
    expect(sem.locked()).toBe(false);
    expect(String(sem)).toBe('<Semaphore value=1>');
  });

  it('does not hang when a woken waiter is cancelled and a new one arrives (test_acquire_hang, test_acquire_no_hang)', async () => {
    const sem = new Semaphore(0);
    const t1 = ctx.loop.createTask(() => sem.acquire());
    const t2 = ctx.loop.createTask(() => sem.acquire());
    await ctx.loop.runUntilIdle();
    ctx.loop.callSoon(() => {
      sem.release();
      t1.cancel();
    });
    await ctx.loop.runUntilIdle();
    expect(t1.cancelled()).toBe(true);
    expect(t2.result()).toBe(true);
    expect(sem.locked()).toBe(true);
    // And the other way round: cancel, then release in the same iteration.
    const t3 = ctx.loop.createTask(() => sem.acquire());
    const t4 = ctx.loop.createTask(() => sem.acquire());
    await ctx.loop.runUntilIdle();
    ctx.loop.callSoon(() => {
      t3.cancel();
      sem.release();
    });
    await ctx.loop.runUntilIdle();
    expect(t3.cancelled()).toBe(true);
    expect(t4.result()).toBe(true);
  });

  it('newcomers wait behind earlier waiters even when a permit is free (test_acquire_fifo_order)', async () => {
    const sem = new Semaphore(1);
    const order: string[] = [];
    const worker = (name: string, ms: number) =>
      ctx.loop.createTask(async () => {
        await sem.acquire();
        order.push(`${name}+`);
        await sleep(ms);
        order.push(`${name}-`);
        sem.release();
      });
    worker('a', 10);
    worker('b', 10);
    await ctx.loop.advance(10); // a releases, b is woken; c arrives in the same iteration
    ctx.loop.callSoon(() => worker('c', 10));
    worker('d', 10);
    await ctx.loop.runUntilIdle();
    expect(order).toEqual(['a+', 'a-', 'b+', 'b-', 'd+', 'd-', 'c+', 'c-']);
  });

  it('releasing several permits at once wakes that many waiters (test_acquire_fifo_order_2/3)', async () => {
    const sem = new Semaphore(0);
    const got: number[] = [];
    for (const i of [1, 2, 3, 4]) {
      ctx.loop.createTask(async () => {
        await sem.acquire();
        got.push(i);
      });
    }
    await ctx.loop.runUntilIdle();
    ctx.loop.callSoon(() => {
      sem.release();
      sem.release();
      sem.release();
    });
    await ctx.loop.runUntilIdle();
    expect(got).toEqual([1, 2, 3]);
    expect(sem.locked()).toBe(true);
  });

  it('hold() and runExclusive() give the permit back', async () => {
    const sem = new Semaphore(2);
    let inside = 0;
    let peak = 0;
    const job = () =>
      sem.runExclusive(async () => {
        peak = Math.max(peak, ++inside);
        await sleep(5);
        inside--;
      });
    for (let i = 0; i < 5; i++) ctx.loop.createTask(job);
    await ctx.loop.runUntilIdle();
    expect(peak).toBe(2);
    expect(String(sem)).toBe('<Semaphore value=2>');
    const { task } = await runTask(ctx.loop, async () => {
      using _permit = await sem.hold();
      return String(sem);
    });
    expect(task.result()).toBe('<Semaphore value=1>');
    expect(peak).toBe(2);
    expect(String(sem)).toBe('<Semaphore value=2>');
  });
});

describe('BoundedSemaphore', () => {
  it('refuses to be released above its initial value (test_release_not_acquired)', async () => {
    const sem = new BoundedSemaphore(2);
    expect(() => sem.release()).toThrow(OverReleaseError);
    expect(() => sem.release()).toThrow(
      'BoundedSemaphore.release(): released too many times (value 2, bound 2)',
    );
    const { task } = await runTask(ctx.loop, async () => {
      await sem.acquire();
      sem.release();
      return String(sem);
    });
    expect(outcome(task)).toEqual({ ok: '<BoundedSemaphore value=2>' });
    expect(() => sem.release()).toThrow(OverReleaseError);
  });
});
