/**
 * Lock and Event behaviours ported from CPython's Lib/test/test_asyncio/test_locks.py (LockTests, EventTests)
 * to qtasyncio, all on a VirtualTimeLoop.
 */
import { CancelledError, NoRunningLoopError, sleep, type Task, VirtualTimeLoop } from '../../src';
import { Event, Lock, NotAcquiredError, SyncArgumentError, WrongLoopError } from '../../src/sync';
import { outcome, runTask, useLoop } from '../../src/testing';
import { step } from './helpers';

const ctx = useLoop({ beforeEach, afterEach });

describe('Lock', () => {
  it('starts unlocked; acquire locks it; release unlocks it (test_lock)', async () => {
    const lock = new Lock();
    expect(lock.locked()).toBe(false);
    const { task: t } = await runTask(ctx.loop, () => lock.acquire());
    expect(t.result()).toBe(true);
    expect(lock.locked()).toBe(true);
    lock.release();
    expect(lock.locked()).toBe(false);
    expect(String(lock)).toBe('<Lock unlocked>');
  });

  it('waiters acquire in FIFO order (test_acquire)', async () => {
    const lock = new Lock();
    const order: number[] = [];
    await runTask(ctx.loop, () => lock.acquire());
    const tasks = [1, 2, 3].map((i) =>
      ctx.loop.createTask(async () => {
        await lock.acquire();
        order.push(i);
        return true;
      }),
    );
    await ctx.loop.runUntilIdle();
    expect(order).toEqual([]);
    expect(String(lock)).toBe('<Lock locked waiters=3>');
    lock.release();
    await ctx.loop.runUntilIdle();
    expect(order).toEqual([1]);
    // A newcomer queues behind the existing waiters even though it could see the lock free for a moment.
    const late = ctx.loop.createTask(async () => {
      await lock.acquire();
      order.push(4);
    });
    lock.release();
    await ctx.loop.runUntilIdle();
    lock.release();
    await ctx.loop.runUntilIdle();
    lock.release();
    await ctx.loop.runUntilIdle();
    expect(order).toEqual([1, 2, 3, 4]);
    expect(tasks.every((t) => t.result() === true)).toBe(true);
    expect(late.done()).toBe(true);
    expect(lock.locked()).toBe(true);
  });

  it('a newcomer acquiring right after release queues behind the woken waiter (fairness)', async () => {
    const lock = new Lock();
    const order: string[] = [];
    await runTask(ctx.loop, () => lock.acquire());
    ctx.loop.createTask(async () => {
      await lock.acquire();
      order.push('waiter');
      await sleep(10);
      lock.release();
    });
    await ctx.loop.runUntilIdle();
    let newcomer: Promise<unknown> | undefined;
    ctx.loop.callSoon(() => {
      lock.release(); // hands the lock to the waiter, which has not run yet
      newcomer = lock.acquire().then(() => order.push('newcomer'));
    });
    await ctx.loop.runUntilIdle();
    await newcomer;
    expect(order).toEqual(['waiter', 'newcomer']);
    expect(lock.locked()).toBe(true);
  });

  it('a newcomer arriving as the woken waiter resumes cannot hold the lock at the same time', async () => {
    // The scenario of the bug report: main holds the lock; B waits in acquire(); C wakes on `fut`, lets a
    // microtask pass and acquires. The release hands the lock to B: C must queue behind B, not slip in between
    // B's wake-up and B's taking it.
    const lock = new Lock();
    await runTask(ctx.loop, () => lock.acquire());
    let inside = 0;
    let most = 0;
    const critical = async () => {
      await lock.acquire();
      most = Math.max(most, ++inside);
      await sleep(10);
      inside--;
      lock.release();
    };
    const fut = ctx.loop.createFuture<number>();
    const b = ctx.loop.createTask(critical);
    const c = ctx.loop.createTask(async () => {
      await fut;
      await null;
      await critical();
    });
    await step(ctx.loop);
    ctx.loop.callSoon(() => {
      fut.setResult(1);
      lock.release();
    });
    await ctx.loop.runUntilIdle();
    expect(outcome(b)).toEqual({ ok: undefined });
    expect(outcome(c)).toEqual({ ok: undefined });
    expect(most).toBe(1);
    expect(lock.locked()).toBe(false);
  });

  it('plain promise code acquiring while a woken waiter resumes queues behind it, at any microtask', async () => {
    // A callback, then the waiter's wake-up, in one batch: the callback's promise chain (not a task) runs in the
    // same microtask checkpoint as the woken task. Whatever microtask its acquire() lands on, the waiter still
    // counts as first in line until it holds the lock.
    for (let hops = 0; hops < 6; hops++) {
      const lock = new Lock();
      await runTask(ctx.loop, () => lock.acquire());
      const holders: string[] = [];
      let most = 0;
      const enter = (who: string) => {
        holders.push(who);
        most = Math.max(most, holders.length);
      };
      const waiter = ctx.loop.createTask(async () => {
        await lock.acquire();
        enter('waiter');
      });
      await step(ctx.loop);
      let newcomer: Promise<void> | undefined;
      ctx.loop.callSoon(() => {
        ctx.loop.callSoon(() => {
          newcomer = (async () => {
            for (let i = 0; i < hops; i++) await null;
            await lock.acquire();
            enter('newcomer');
          })();
        });
        lock.release(); // queues the waiter's wake-up behind the callback above
      });
      await step(ctx.loop);
      expect({ hops, holders, most }).toEqual({ hops, holders: ['waiter'], most: 1 });
      expect(outcome(waiter)).toEqual({ ok: undefined });
      lock.release();
      await ctx.loop.runUntilIdle();
      await newcomer;
      expect({ hops, holders }).toEqual({ hops, holders: ['waiter', 'newcomer'] });
    }
  });

  it('a cancelled acquire does not take the lock (test_acquire_cancel)', async () => {
    const lock = new Lock();
    await runTask(ctx.loop, () => lock.acquire());
    const t = ctx.loop.createTask(() => lock.acquire());
    await step(ctx.loop);
    t.cancel();
    await ctx.loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    lock.release();
    expect(lock.locked()).toBe(false);
  });

  it('cancelling waiters while the lock changes hands loses no wake-up (test_cancel_race)', async () => {
    // Task A holds the lock; B and C wait; B is cancelled right after A releases (B was woken already):
    // B passes the lock on to C.
    const lock = new Lock();
    const got: string[] = [];
    const a = ctx.loop.createTask(async () => {
      await lock.acquire();
      got.push('a');
    });
    await step(ctx.loop);
    const b = ctx.loop.createTask(async () => {
      await lock.acquire();
      got.push('b');
      lock.release();
    });
    const c = ctx.loop.createTask(async () => {
      await lock.acquire();
      got.push('c');
      lock.release();
    });
    await ctx.loop.runUntilIdle();
    expect(a.done()).toBe(true);
    ctx.loop.callSoon(() => {
      lock.release(); // wakes B
      b.cancel(); // ...which is cancelled before it runs
    });
    await ctx.loop.runUntilIdle();
    expect(b.cancelled()).toBe(true);
    expect(outcome(c)).toEqual({ ok: undefined });
    expect(got).toEqual(['a', 'c']);
    expect(lock.locked()).toBe(false);
  });

  it('a cancelled head waiter does not block the others (test_cancel_release_race)', async () => {
    const lock = new Lock();
    await runTask(ctx.loop, () => lock.acquire());
    const t1 = ctx.loop.createTask(() => lock.acquire());
    const t2 = ctx.loop.createTask(() => lock.acquire());
    const t3 = ctx.loop.createTask(() => lock.acquire());
    await ctx.loop.runUntilIdle();
    ctx.loop.callSoon(() => {
      lock.release();
      t1.cancel();
      t2.cancel();
    });
    await ctx.loop.runUntilIdle();
    expect(t1.cancelled()).toBe(true);
    expect(t2.cancelled()).toBe(true);
    expect(t3.result()).toBe(true);
    expect(lock.locked()).toBe(true);
  });

  it('a waiter cancelled after being woken passes the lock on (test_finished_waiter_cancelled)', async () => {
    const lock = new Lock();
    await runTask(ctx.loop, () => lock.acquire());
    const ta = ctx.loop.createTask(() => lock.acquire());
    await step(ctx.loop);
    const tb = ctx.loop.createTask(() => lock.acquire());
    await step(ctx.loop);
    ctx.loop.callSoon(() => {
      lock.release();
      ta.cancel();
    });
    await ctx.loop.runUntilIdle();
    expect(ta.cancelled()).toBe(true);
    expect(tb.result()).toBe(true);
  });

  it('release on an unlocked lock throws NotAcquiredError (test_release_not_acquired)', () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(NotAcquiredError);
    expect(() => lock.release()).toThrow('Lock.release(): the lock is not acquired');
  });

  it('hold() with `using` releases at the end of the block, also on throw (test_context_manager)', async () => {
    const lock = new Lock();
    const seen: boolean[] = [];
    const { task: t } = await runTask(ctx.loop, async () => {
      {
        using held = await lock.hold();
        seen.push(lock.locked(), held.released);
      }
      seen.push(lock.locked());
      try {
        using _held = await lock.hold();
        throw new Error('boom');
      } catch {
        seen.push(lock.locked());
      }
    });
    expect(outcome(t)).toEqual({ ok: undefined });
    expect(seen).toEqual([true, false, false, false]);
  });

  it('a Held releases once however often it is disposed', async () => {
    const lock = new Lock();
    const { task: t } = await runTask(ctx.loop, async () => {
      const held = await lock.hold();
      held.release();
      await lock.acquire(); // someone else holds it now
      held.release();
      held[Symbol.dispose]();
      return [held.released, lock.locked()];
    });
    expect(t.result()).toEqual([true, true]);
  });

  it('runExclusive serializes critical sections and releases on error', async () => {
    const lock = new Lock();
    const log: string[] = [];
    const worker = (name: string) =>
      lock.runExclusive(async () => {
        log.push(`${name}+`);
        await sleep(10);
        log.push(`${name}-`);
        return name;
      });
    const a = ctx.loop.createTask(() => worker('a'));
    const b = ctx.loop.createTask(() => worker('b'));
    const c = ctx.loop.createTask(() =>
      lock.runExclusive(() => {
        throw new Error('inside');
      }),
    );
    await ctx.loop.runUntilIdle();
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-']);
    expect([a.result(), b.result()]).toEqual(['a', 'b']);
    expect((c.exception() as Error).message).toBe('inside');
    expect(lock.locked()).toBe(false);
  });

  it('runExclusive rejects a non-function without touching the lock', async () => {
    const lock = new Lock();
    await expect(lock.runExclusive(42 as never)).rejects.toThrow(
      'Lock.runExclusive(fn): expected a function, got 42',
    );
    await expect(lock.runExclusive(null as never)).rejects.toBeInstanceOf(SyncArgumentError);
    expect(lock.locked()).toBe(false);
  });

  it('a task cancelled inside runExclusive releases the lock', async () => {
    const lock = new Lock();
    const t = ctx.loop.createTask(() => lock.runExclusive(() => sleep(100)));
    await ctx.loop.advance(50);
    expect(lock.locked()).toBe(true);
    t.cancel();
    await ctx.loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(lock.locked()).toBe(false);
  });

  it('binds to the running loop on its first wait and refuses another (test_lock_by_with_statement, mixins)', async () => {
    const lock = new Lock();
    await runTask(ctx.loop, () => lock.acquire());
    const { task: waiter } = await runTask(ctx.loop, () => lock.acquire());
    expect(waiter.done()).toBe(false);
    const other = new VirtualTimeLoop();
    const t = other.createTask(() => lock.acquire());
    await other.runUntilIdle();
    expect(t.exception()).toBeInstanceOf(WrongLoopError);
    other.close();
  });

  it('waiting outside a running loop throws NoRunningLoopError; the fast path needs no loop', async () => {
    const lock = new Lock();
    await expect(lock.acquire()).resolves.toBe(true);
    await expect(lock.acquire()).rejects.toBeInstanceOf(NoRunningLoopError);
    lock.release();
    expect(lock.locked()).toBe(false);
  });
});

describe('Event', () => {
  it('wait blocks until set, then every waiter returns true (test_wait)', async () => {
    const ev = new Event();
    expect(ev.isSet()).toBe(false);
    const results: number[] = [];
    const tasks = [1, 2, 3].map((i) =>
      ctx.loop.createTask(async () => {
        const r = await ev.wait();
        results.push(i);
        return r;
      }),
    );
    await ctx.loop.runUntilIdle();
    expect(results).toEqual([]);
    expect(String(ev)).toBe('<Event unset waiters=3>');
    ev.set();
    await ctx.loop.runUntilIdle();
    expect(results).toEqual([1, 2, 3]);
    expect(tasks.map((t) => t.result())).toEqual([true, true, true]);
    expect(String(ev)).toBe('<Event set>');
  });

  it('wait on a set event returns at once (test_wait_on_set)', async () => {
    const ev = new Event();
    ev.set();
    await expect(ev.wait()).resolves.toBe(true);
  });

  it('a cancelled wait leaves no waiter behind (test_wait_cancel)', async () => {
    const ev = new Event();
    const t = ctx.loop.createTask(() => ev.wait());
    await step(ctx.loop);
    t.cancel();
    await ctx.loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(String(ev)).toBe('<Event unset>');
  });

  it('clear unsets; waiters woken before clear stay woken (test_clear, test_clear_with_waiters)', async () => {
    const ev = new Event();
    ev.set();
    ev.clear();
    expect(ev.isSet()).toBe(false);
    const t = ctx.loop.createTask(() => ev.wait());
    await step(ctx.loop);
    ctx.loop.callSoon(() => {
      ev.set();
      ev.clear();
      ev.set();
      ev.clear();
    });
    await ctx.loop.runUntilIdle();
    expect(t.result()).toBe(true);
    expect(ev.isSet()).toBe(false);
    const t2: Task<true> = ctx.loop.createTask(() => ev.wait());
    await ctx.loop.runUntilIdle();
    expect(t2.done()).toBe(false);
    t2.cancel();
    await ctx.loop.runUntilIdle();
  });

  it('a wait cancelled after set was called still ends with CancelledError', async () => {
    const ev = new Event();
    const t = ctx.loop.createTask(() => ev.wait());
    await step(ctx.loop);
    ctx.loop.callSoon(() => {
      ev.set();
      t.cancel();
    });
    await ctx.loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(() => t.result()).toThrow(CancelledError);
  });
});
