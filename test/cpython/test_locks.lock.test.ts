/**
 * CPython's Lib/test/test_asyncio/test_locks.py (3.13+), LockTests and EventTests, ported case by case. Each
 * test body runs as the main task of a fresh VirtualTimeLoop (`IsolatedAsyncioTestCase`); `asyncio.sleep(0)`
 * is `await sleep(0)`. Skipped cases and why: test/cpython/SKIPPED.md.
 */
import {
  BoundedSemaphore,
  CancelledError,
  Condition,
  Event,
  type Future,
  Lock,
  NotAcquiredError,
  Semaphore,
  sleep,
} from '../../src';
import { asyncTest, rejection } from './helpers';

describe('test_locks.LockTests', () => {
  test('test_locks.LockTests.test_repr', async () => {
    await asyncTest(async (loop) => {
      const lock = new Lock();
      expect(String(lock)).toBe('<Lock unlocked>');
      await lock.acquire();
      expect(String(lock)).toBe('<Lock locked>');
      const waiter = loop.createTask(() => lock.acquire());
      await sleep(0);
      expect(String(lock)).toBe('<Lock locked waiters=1>');
      waiter.cancel();
      await rejection(waiter);
    });
  });

  test('test_locks.LockTests.test_lock', async () => {
    await asyncTest(async () => {
      const lock = new Lock();
      // asyncio: `await lock` is a TypeError. In JS a Lock is no thenable, so awaiting it only yields itself.
      expect('then' in lock).toBe(false);
      expect(await (lock as unknown as Promise<Lock>)).toBe(lock);
      expect(lock.locked()).toBe(false);
    });
  });

  test('test_locks.LockTests.test_lock_by_with_statement', async () => {
    await asyncTest(async () => {
      for (const lock of [new Lock(), new Condition(), new Semaphore(), new BoundedSemaphore()]) {
        await sleep(10);
        expect(lock.locked()).toBe(false);
        // `with await lock` is a TypeError in asyncio; here awaiting the primitive neither acquires it nor fails.
        expect(await (lock as unknown as Promise<unknown>)).toBe(lock);
        expect(lock.locked()).toBe(false);
      }
    });
  });

  test('test_locks.LockTests.test_acquire', async () => {
    await asyncTest(async (loop) => {
      const lock = new Lock();
      const result: number[] = [];
      expect(await lock.acquire()).toBe(true);
      const c = (n: number) => async () => {
        if (await lock.acquire()) result.push(n);
        return true;
      };
      const t1 = loop.createTask(c(1));
      const t2 = loop.createTask(c(2));
      await sleep(0);
      expect(result).toEqual([]);
      lock.release();
      await sleep(0);
      expect(result).toEqual([1]);
      await sleep(0);
      expect(result).toEqual([1]);
      const t3 = loop.createTask(c(3));
      lock.release();
      await sleep(0);
      expect(result).toEqual([1, 2]);
      lock.release();
      await sleep(0);
      expect(result).toEqual([1, 2, 3]);
      for (const t of [t1, t2, t3]) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
    });
  });

  test('test_locks.LockTests.test_acquire_cancel', async () => {
    await asyncTest(async (loop) => {
      const lock = new Lock();
      expect(await lock.acquire()).toBe(true);
      const task = loop.createTask(() => lock.acquire());
      loop.callSoon(() => task.cancel());
      expect(await rejection(task)).toBeInstanceOf(CancelledError);
      expect(lock._waiters.length).toBe(0);
    });
  });

  test('test_locks.LockTests.test_cancel_race', async () => {
    // A holds the lock, B and C wait. B is cancelled while A releases: the release must reach C, not B.
    await asyncTest(async (loop) => {
      const lock = new Lock();
      const lockit = async (blocker: Future<void> | null) => {
        await lock.acquire();
        try {
          if (blocker !== null) await blocker;
        } finally {
          lock.release();
        }
      };
      const fa = loop.createFuture<void>();
      const ta = loop.createTask(() => lockit(fa));
      await sleep(0);
      expect(lock.locked()).toBe(true);
      const tb = loop.createTask(() => lockit(null));
      await sleep(0);
      expect(lock._waiters.length).toBe(1);
      const tc = loop.createTask(() => lockit(null));
      await sleep(0);
      expect(lock._waiters.length).toBe(2);

      fa.setResult(undefined);
      tb.cancel();
      expect(lock._waiters.at(0)?.cancelled()).toBe(true);
      await sleep(0);
      expect(lock.locked()).toBe(false);
      expect(ta.done()).toBe(true);
      expect(tb.cancelled()).toBe(true);
      await tc;
    });
  });

  test('test_locks.LockTests.test_cancel_release_race', async () => {
    // bpo-32734: four holders, the second cancelled as the first releases: only one may take the lock.
    await asyncTest(async (loop) => {
      const lock = new Lock();
      let lockCount = 0;
      let callCount = 0;
      const lockit = async () => {
        callCount++;
        await lock.acquire();
        lockCount++;
      };
      await lock.acquire();
      const t1 = loop.createTask(lockit);
      const t2 = loop.createTask(lockit);
      const t3 = loop.createTask(lockit);
      await sleep(0);
      loop.callSoon(() => {
        t1.cancel();
        lock.release();
      });
      expect(await rejection(t1)).toBeInstanceOf(CancelledError);
      expect(lockCount).toBe(1);
      expect(callCount).toBe(3);
      expect(t1.cancelled() && t2.done()).toBe(true);
      t3.cancel();
      await sleep(0);
      expect(t3.cancelled()).toBe(true);
    });
  });

  test('test_locks.LockTests.test_finished_waiter_cancelled', async () => {
    await asyncTest(async (loop) => {
      const lock = new Lock();
      await lock.acquire();
      expect(lock.locked()).toBe(true);
      const tb = loop.createTask(() => lock.acquire());
      await sleep(0);
      expect(lock._waiters.length).toBe(1);
      // A second waiter; wake the first and cancel it: the second must not be left waiting.
      const tc = loop.createTask(() => lock.acquire());
      tb.cancel();
      lock.release();
      await sleep(0);
      expect(lock.locked()).toBe(true);
      expect(tb.cancelled()).toBe(true);
      await tc;
    });
  });

  test('test_locks.LockTests.test_release_not_acquired', () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(NotAcquiredError);
  });

  test('test_locks.LockTests.test_release_no_waiters', async () => {
    await asyncTest(async () => {
      const lock = new Lock();
      await lock.acquire();
      expect(lock.locked()).toBe(true);
      lock.release();
      expect(lock.locked()).toBe(false);
    });
  });

  test('test_locks.LockTests.test_context_manager', async () => {
    await asyncTest(async () => {
      const lock = new Lock();
      expect(lock.locked()).toBe(false);
      {
        using _held = await lock.hold();
        expect(lock.locked()).toBe(true);
      }
      expect(lock.locked()).toBe(false);
    });
  });
});

describe('test_locks.EventTests', () => {
  test('test_locks.EventTests.test_repr', async () => {
    await asyncTest(async (loop) => {
      const ev = new Event();
      expect(String(ev)).toBe('<Event unset>');
      const waiter = loop.createTask(() => ev.wait());
      await sleep(0);
      expect(String(ev)).toBe('<Event unset waiters=1>');
      ev.set();
      expect(String(ev)).toBe('<Event set waiters=1>');
      await waiter;
      expect(String(ev)).toBe('<Event set>');
    });
  });

  test('test_locks.EventTests.test_wait', async () => {
    await asyncTest(async (loop) => {
      const ev = new Event();
      expect(ev.isSet()).toBe(false);
      const result: number[] = [];
      const c = (n: number) => async () => {
        if (await ev.wait()) result.push(n);
      };
      const t1 = loop.createTask(c(1));
      const t2 = loop.createTask(c(2));
      await sleep(0);
      expect(result).toEqual([]);
      const t3 = loop.createTask(c(3));
      ev.set();
      await sleep(0);
      // t3's first step was queued before set() woke t1 and t2.
      expect(result).toEqual([3, 1, 2]);
      for (const t of [t1, t2, t3]) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBeUndefined();
      }
    });
  });

  test('test_locks.EventTests.test_wait_on_set', async () => {
    await asyncTest(async () => {
      const ev = new Event();
      ev.set();
      expect(await ev.wait()).toBe(true);
    });
  });

  test('test_locks.EventTests.test_wait_cancel', async () => {
    await asyncTest(async (loop) => {
      const ev = new Event();
      const wait = loop.createTask(() => ev.wait());
      loop.callSoon(() => wait.cancel());
      expect(await rejection(wait)).toBeInstanceOf(CancelledError);
      expect(ev._waiters.length).toBe(0);
    });
  });

  test('test_locks.EventTests.test_clear', async () => {
    await asyncTest(async () => {
      const ev = new Event();
      expect(ev.isSet()).toBe(false);
      ev.set();
      expect(ev.isSet()).toBe(true);
      ev.clear();
      expect(ev.isSet()).toBe(false);
    });
  });

  test('test_locks.EventTests.test_clear_with_waiters', async () => {
    await asyncTest(async (loop) => {
      const ev = new Event();
      const result: number[] = [];
      const t = loop.createTask(async () => {
        if (await ev.wait()) result.push(1);
        return true;
      });
      await sleep(0);
      expect(result).toEqual([]);
      ev.set();
      ev.clear();
      expect(ev.isSet()).toBe(false);
      ev.set();
      ev.set();
      expect(ev._waiters.length).toBe(1);
      await sleep(0);
      expect(result).toEqual([1]);
      expect(ev._waiters.length).toBe(0);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    });
  });
});
