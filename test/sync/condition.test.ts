/**
 * Condition behaviours ported from CPython's Lib/test/test_asyncio/test_locks.py (ConditionTests), on a
 * VirtualTimeLoop.
 */
import { CancelledError, sleep } from '../../src';
import { Condition, Lock, NotAcquiredError, SyncArgumentError, SyncRangeError } from '../../src/sync';
import { outcome, runTask, useLoop } from '../../src/testing';
import { step } from './helpers';

const ctx = useLoop({ beforeEach, afterEach });

/** Three tasks waiting on `cond`, recording their id when they return from wait() (holding the lock). */
function threeWaiters(cond: Condition, result: number[]) {
  return [1, 2, 3].map((i) =>
    ctx.loop.createTask(async () => {
      await cond.acquire();
      if (await cond.wait()) {
        result.push(i);
        cond.release();
      }
      return true;
    }),
  );
}

describe('Condition', () => {
  it('wait releases the lock; notify wakes waiters one at a time, each re-acquiring the lock (test_wait)', async () => {
    const cond = new Condition();
    const result: number[] = [];
    const tasks = threeWaiters(cond, result);
    await ctx.loop.runUntilIdle();
    expect(result).toEqual([]);
    expect(cond.locked()).toBe(false);
    expect(String(cond)).toBe('<Condition unlocked waiters=3>');

    await runTask(ctx.loop, async () => {
      await cond.acquire();
      cond.notify();
      cond.release();
    });
    expect(result).toEqual([1]);
    await runTask(ctx.loop, async () => {
      await cond.acquire();
      cond.notify(2);
      cond.release();
    });
    expect(result).toEqual([1, 2, 3]);
    expect(tasks.every((t) => t.result() === true)).toBe(true);
  });

  it('notifyAll wakes everyone; waiters return in FIFO order (test_notify_all)', async () => {
    const cond = new Condition();
    const result: number[] = [];
    threeWaiters(cond, result);
    await ctx.loop.runUntilIdle();
    await runTask(ctx.loop, () => cond.runExclusive(() => cond.notifyAll()));
    expect(result).toEqual([1, 2, 3]);
  });

  it('a notified waiter returns only once it re-acquired the lock (test_notify)', async () => {
    const cond = new Condition();
    const result: number[] = [];
    threeWaiters(cond, result);
    await ctx.loop.runUntilIdle();
    const holder = ctx.loop.createTask(async () => {
      using _held = await cond.hold();
      cond.notifyAll();
      await sleep(100);
    });
    await ctx.loop.advance(50);
    expect(result).toEqual([]);
    await ctx.loop.runUntilIdle();
    expect(result).toEqual([1, 2, 3]);
    expect(outcome(holder)).toEqual({ ok: undefined });
  });

  it('a cancelled wait re-acquires the lock before throwing (test_wait_cancel)', async () => {
    const cond = new Condition();
    const t = ctx.loop.createTask(async () => {
      await cond.acquire();
      try {
        await cond.wait();
      } catch (e) {
        return [e instanceof CancelledError, cond.locked()];
      }
      return 'not cancelled';
    });
    await step(ctx.loop);
    t.cancel();
    await ctx.loop.runUntilIdle();
    expect(t.result()).toEqual([true, true]);
  });

  it('a wait cancelled while the lock is contested still ends holding it (test_wait_cancel_contested)', async () => {
    const cond = new Condition();
    const waited = ctx.loop.createTask(async () => {
      await cond.acquire();
      try {
        await cond.wait();
      } finally {
        // Must hold the lock whether or not it was cancelled.
        expect(cond.locked()).toBe(true);
        cond.release();
      }
    });
    await step(ctx.loop);
    // Another task takes the lock and notifies; the waiter is cancelled while it waits to re-acquire.
    const other = ctx.loop.createTask(async () => {
      await cond.acquire();
      cond.notify();
      await sleep(10);
      waited.cancel();
      await sleep(10);
      cond.release();
    });
    await ctx.loop.runUntilIdle();
    expect(outcome(other)).toEqual({ ok: undefined });
    expect(waited.cancelled()).toBe(true);
    expect(cond.locked()).toBe(false);
  });

  it('a waiter cancelled after notify passes the notification on (test_wait_cancel_after_notify, test_cancelled_wakeup)', async () => {
    const cond = new Condition();
    const woke: string[] = [];
    const mk = (name: string) =>
      ctx.loop.createTask(async () => {
        await cond.acquire();
        try {
          await cond.wait();
          woke.push(name);
        } finally {
          cond.release();
        }
      });
    const a = mk('a');
    const b = mk('b');
    await ctx.loop.runUntilIdle();
    await runTask(ctx.loop, async () => {
      await cond.acquire();
      cond.notify(1); // meant for a...
      a.cancel(); // ...which is cancelled before it runs: b gets it
      cond.release();
    });
    expect(a.cancelled()).toBe(true);
    expect(outcome(b)).toEqual({ ok: undefined });
    expect(woke).toEqual(['b']);
  });

  it('waitFor checks the predicate first and after every wake-up (test_wait_for)', async () => {
    const cond = new Condition();
    let presult = false;
    let calls = 0;
    const predicate = () => {
      calls++;
      return presult;
    };
    const t = ctx.loop.createTask(async () => {
      await cond.acquire();
      const r = await cond.waitFor(predicate);
      cond.release();
      return r;
    });
    await ctx.loop.runUntilIdle();
    expect(calls).toBe(1);
    await runTask(ctx.loop, () => cond.runExclusive(() => cond.notify()));
    expect(calls).toBe(2);
    expect(t.done()).toBe(false);
    presult = true;
    await runTask(ctx.loop, () => cond.runExclusive(() => cond.notify()));
    expect(calls).toBe(3);
    expect(t.result()).toBe(true);
  });

  it('wait/notify/notifyAll without the lock throw NotAcquiredError (test_wait_unacquired, test_notify_unacquired)', async () => {
    const cond = new Condition();
    await expect(cond.wait()).rejects.toThrow(NotAcquiredError);
    expect(() => cond.notify()).toThrow('Condition.notify(): the lock is not acquired');
    expect(() => cond.notifyAll()).toThrow(NotAcquiredError);
  });

  it('uses an explicit lock; rejects a non-Lock and a bad n (test_explicit_lock)', async () => {
    const lock = new Lock();
    const cond = new Condition(lock);
    await runTask(ctx.loop, () => cond.acquire());
    expect(lock.locked()).toBe(true);
    cond.release();
    expect(lock.locked()).toBe(false);
    expect(() => new Condition({} as Lock)).toThrow(SyncArgumentError);
    await runTask(ctx.loop, () => cond.acquire());
    expect(() => cond.notify(-1)).toThrow('Condition.notify(n): expected an integer ≥ 0, got -1');
    expect(() => cond.notify(1.5)).toThrow(SyncRangeError);
    await expect(cond.waitFor('yes' as never)).rejects.toThrow(
      'Condition.waitFor(predicate): expected a function, got "yes"',
    );
  });
});
